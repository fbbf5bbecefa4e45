// The architecture this runtime was built for, spelled as in .aot target info.
#pragma once
#include <string_view>

namespace akira {

constexpr const char* build_arch() {
#if defined(__x86_64__)
  return "x86_64";
#elif defined(__aarch64__)
  return "aarch64";
#elif defined(__i386__)
  return "i386";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#elif defined(__riscv)
  return "riscv32";
#elif defined(__arm__)
  return "armv7";
#elif defined(__XTENSA__)
  return "xtensa";
#else
  return "unknown";
#endif
}

// Whether native code compiled for `arch` (an akirac target name) runs here: the build
// architecture's own, and on Armv7-A both instruction sets (Arm and Thumb-2 code
// interwork under the same hard-float ABI).
constexpr bool runs_code_for(std::string_view arch) {
#if defined(__arm__) && !defined(__ARM_ARCH_7EM__) && !defined(__ARM_ARCH_7M__)
  return arch == "armv7" || arch == "thumbv7";
#else
  return arch == build_arch();
#endif
}

// The akirac --target to suggest for this runtime: Thumb-2 on Armv7-A (the tested code),
// else the architecture's own name.
constexpr const char* suggested_aot_target() {
#if defined(__arm__) && !defined(__ARM_ARCH_7EM__) && !defined(__ARM_ARCH_7M__)
  return "thumbv7";
#else
  return build_arch();
#endif
}

}  // namespace akira
