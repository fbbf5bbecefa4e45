#include <sys/mman.h>

#include "runtime/store.h"

namespace akira {

namespace {
// Any i32 address plus any u32 offset stays inside this reservation, so native code may
// rely on the guard instead of a bounds check; the interpreter checks explicitly anyway.
constexpr uint64_t kReservation = 8ull << 30;
}  // namespace

Result<MemoryInst*> Store::new_memory(MemoryType type) {
  auto m = std::make_unique<MemoryInst>();
  m->type = type;
  uint64_t max = type.limits.max ? *type.limits.max : kMaxPages;
  if (max > limits_.max_memory_pages) max = limits_.max_memory_pages;
  m->max_pages = max;
  if (type.limits.min > max)
    return make_error(ErrorKind::Trap, "memory limit exceeded: " + std::to_string(type.limits.min) +
                                           " pages requested, " + std::to_string(max) + " allowed");
  uint64_t reserve = sizeof(void*) == 8 ? kReservation : (max * kPageSize + kPageSize);
  void* p = mmap(nullptr, reserve, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return make_error(ErrorKind::Trap, "cannot reserve linear memory");
  m->data = static_cast<uint8_t*>(p);
  m->reserved = reserve;
  if (m->grow(type.limits.min) < 0)
    return make_error(ErrorKind::Trap, "cannot allocate linear memory");
  memories_.push_back(std::move(m));
  return memories_.back().get();
}

int64_t MemoryInst::grow(uint64_t delta) {
  uint64_t old = pages();
  if (delta == 0) return static_cast<int64_t>(old);
  if (delta > max_pages || old + delta > max_pages) return -1;
  uint64_t bytes = delta * kPageSize;
  if (size + bytes > reserved) return -1;
  if (mprotect(data + size, bytes, PROT_READ | PROT_WRITE) != 0) return -1;
  size += bytes;
  return static_cast<int64_t>(old);
}

MemoryInst::~MemoryInst() {
  if (data) munmap(data, reserved);
}

}  // namespace akira
