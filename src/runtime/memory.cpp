#include <cstring>

#include "platform/memory.h"
#include "runtime/store.h"

namespace akira {

Result<MemoryInst*> Store::new_memory(MemoryType type) {
  auto m = std::make_unique<MemoryInst>();
  m->type = type;
  uint64_t max = type.limits.max ? *type.limits.max : kMaxPages;
  if (max > limits_.max_memory_pages) max = limits_.max_memory_pages;
  m->max_pages = max;
  if (type.limits.min > max)
    return make_error(ErrorKind::Trap, "memory limit exceeded: " + std::to_string(type.limits.min) +
                                           " pages requested, " + std::to_string(max) + " allowed");
  if (limits_.guard_pages && platform::has_guard_pages()) {
    // Any i32 address plus any u32 offset stays inside the reservation, so native code
    // may rely on the guard instead of a bounds check; the interpreter checks anyway.
    m->data = platform::reserve_guarded(platform::kGuardedReservation);
    if (!m->data) return make_error(ErrorKind::Trap, "cannot reserve linear memory");
    m->reserved = platform::kGuardedReservation;
    m->guarded = true;
  }
  if (m->grow(type.limits.min) < 0) return make_error(ErrorKind::Trap, "cannot allocate linear memory");
  memories_.push_back(std::move(m));
  return memories_.back().get();
}

int64_t MemoryInst::grow(uint64_t delta) {
  uint64_t old = pages();
  if (delta == 0) return static_cast<int64_t>(old);
  if (delta > max_pages || old + delta > max_pages) return -1;
  uint64_t bytes = delta * kPageSize;
  if (guarded) {
    if (size + bytes > reserved) return -1;
    if (!platform::commit_guarded(data + size, bytes)) return -1;
  } else {
    uint8_t* p = platform::resize_bounded(data, size, size + bytes);
    if (!p) return -1;
    data = p;
  }
  size += bytes;
  return static_cast<int64_t>(old);
}

MemoryInst::~MemoryInst() {
  if (guarded)
    platform::release_guarded(data, reserved);
  else
    platform::release_bounded(data, size);
}

}  // namespace akira
