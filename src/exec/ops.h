// All instruction semantics of opcodes.def (Pure, Trap, Load, Store, LoadLane and
// StoreLane classes), as inline functions in akira::exec named like the table.
#pragma once
#include "exec/memory_access.h"
#include "exec/numeric.h"
