// Identifying threads, so that an interrupt can be delivered to the one running code,
// and the process.
#pragma once
#include <cstdint>

namespace akira::platform {

// Names a thread; 0 names none.
using ThreadId = uintptr_t;

// The calling thread (never 0).
ThreadId current_thread();

// This process, for diagnostics (the perf map file's name); 0 without processes.
uint64_t process_id();

}  // namespace akira::platform
