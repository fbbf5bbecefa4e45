// The architecture this runtime was built for, spelled as in .aot target info.
#pragma once

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

}  // namespace akira
