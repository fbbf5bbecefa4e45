// All instruction semantics of opcodes.def (Pure, Trap, Load, Store, LoadLane and
// StoreLane classes), as inline functions in akira::exec named like the table:
//   numeric.h        scalar Pure/Trap instructions
//   simd.h           SIMD (0xFD) Pure instructions
//   memory_access.h  Load/Store/LoadLane/StoreLane, scalar and SIMD
#pragma once
#include "exec/memory_access.h"
#include "exec/numeric.h"
#include "exec/simd.h"
