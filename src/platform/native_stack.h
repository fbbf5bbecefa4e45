// Bounds of the current thread's native stack. Host -> wasm reentry and native code
// recurse on it; checking the real remaining space adapts to the thread's actual stack
// size and to sanitizer builds with larger frames.
#pragma once
#include <cstddef>
#include <cstdint>

namespace akira::platform {

// Bytes between the current stack position and the lowest usable address of this
// thread's stack (stacks grow down on every supported host). SIZE_MAX when unknown.
size_t native_stack_remaining();

// The lowest address this thread's stack may use, plus `margin`; 0 when unknown.
uintptr_t native_stack_limit(size_t margin);

// Space kept free below any reentry: enough for a host function and the runtime's
// own frames, generously more under sanitizers whose frames are several times larger.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kNativeStackReserve = 1u << 20;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr size_t kNativeStackReserve = 1u << 20;
#else
constexpr size_t kNativeStackReserve = 256u << 10;
#endif
#else
constexpr size_t kNativeStackReserve = 256u << 10;
#endif

}  // namespace akira::platform
