#include "platform/native_stack.h"

#include <pthread.h>

namespace akira::platform {

namespace {
uintptr_t stack_low() {
  thread_local uintptr_t low = [] {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return uintptr_t{0};
    void* addr = nullptr;
    size_t size = 0;
    uintptr_t result = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) result = reinterpret_cast<uintptr_t>(addr);
    pthread_attr_destroy(&attr);
    return result;
  }();
  return low;
}
}  // namespace

size_t native_stack_remaining() {
  uintptr_t low = stack_low();
  if (!low) return SIZE_MAX;
  uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  return here > low ? here - low : 0;
}

uintptr_t native_stack_limit(size_t margin) {
  uintptr_t low = stack_low();
  return low ? low + margin : 0;
}

}  // namespace akira::platform
