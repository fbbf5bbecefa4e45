// Backing store of linear memory. A platform offers one or both strategies:
//
//   - guarded: kGuardedReservation bytes of address space are reserved inaccessible and
//     committed as the memory grows, so the base never moves and any i32 address plus
//     any u32 offset lands inside the reservation. An access beyond the committed size
//     faults (the fault handler of interrupt.h turns it into a trap), so native code may
//     omit bounds checks. Needs an MMU and a large address space (64-bit hosts).
//   - bounded: a plain allocation of exactly the committed bytes; growing may move it.
//     Every access must be bounds-checked: the interpreter always checks, and native code
//     must have been compiled with bounds checks (aot::check refuses other code).
//
// The runtime chooses per memory (runtime/memory.cpp); engines reload the base after
// memory.grow and after any call out, so a moving base is fine for both.
#pragma once
#include <cstdint>

namespace akira::platform {

// Whether this platform can give a memory the guarded backing.
bool has_guard_pages();

// Address space a guarded memory reserves: 4 GiB of addresses plus 4 GiB of offsets.
inline constexpr uint64_t kGuardedReservation = 8ull << 30;

// Guarded strategy (only when has_guard_pages()).
// Reserves `bytes` of inaccessible address space; null on failure.
uint8_t* reserve_guarded(uint64_t bytes);
// Makes [at, at + bytes) of a reservation readable and writable (zeroed on first commit).
bool commit_guarded(uint8_t* at, uint64_t bytes);
// Returns a whole reservation.
void release_guarded(uint8_t* base, uint64_t bytes);

// Bounded strategy (every platform).
// Resizes an allocation of `old_bytes` (null when 0) to `new_bytes`, zeroing the new
// bytes; may move it. Null on failure, the old allocation left as it was. new_bytes > 0.
uint8_t* resize_bounded(uint8_t* base, uint64_t old_bytes, uint64_t new_bytes);
// Frees an allocation of resize_bounded (null is fine).
void release_bounded(uint8_t* base, uint64_t bytes);

}  // namespace akira::platform
