// Faults and interrupts in running native code.
//
// The platform catches hardware faults (memory access violations: guard pages, MPU
// faults) and the interrupt sent by interrupt_thread(), and calls the handler the
// engine installed with what it needs to decide: the faulting address, the pc and the
// frame pointer. The engine decides (is the pc in its code? the address in a guarded
// memory?) and either takes the event by leaving the handler through unwind.h's
// jump_to(), or returns: a declined fault goes to the disposition that was there before
// (by default the process dies), a declined interrupt is ignored (the engine's flag is
// seen at its next poll).
#pragma once
#include <cstdint>

#include "platform/thread.h"

namespace akira::platform {

// Where running code was stopped.
struct MachineState {
  uintptr_t pc = 0;    // 0 when the platform cannot tell
  uintptr_t fp = 0;    // frame pointer register; 0 when unknown
  uintptr_t addr = 0;  // faults: the address accessed; interrupts: 0
};

using EventHandler = void (*)(const MachineState&);

// Installs the handler of memory faults, process-wide. Call once.
void install_fault_handler(EventHandler handler);

// Installs the handler of interrupts sent by interrupt_thread(), process-wide. Call once.
// False when this platform cannot stop running code (no pc at an interrupt): then
// interrupt_thread() does nothing and code only stops at its polls.
bool install_interrupt_handler(EventHandler handler);

// Delivers an interrupt to `thread`, whose handler then runs on that thread (soon, not
// necessarily before this returns). Safe from any thread.
void interrupt_thread(ThreadId thread);

// Per-thread preparation before a thread first runs native code (the stack the handlers
// run on when native code has exhausted its own). Cheap after the first call.
void prepare_thread_for_native_code();

}  // namespace akira::platform
