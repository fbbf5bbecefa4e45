// Time for profiles and timeouts.
#pragma once
#include <cstdint>

namespace akira::platform {

// Nanoseconds of a monotonic clock (arbitrary origin, never goes back).
uint64_t monotonic_ns();

// A cheap, monotonic tick counter for fine-grained measurements (the CPU's cycle or
// timer counter where it has one, else monotonic_ns()). Units are platform-defined.
uint64_t ticks();

}  // namespace akira::platform
