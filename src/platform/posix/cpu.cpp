// CPU features: x86 from CPUID (the compiler's __builtin_cpu_supports); Arm and RISC-V from
// the kernel's hardware capability bits (getauxval), which is what user code may rely on.
#include "platform/cpu.h"

#include <string>

#if defined(__aarch64__) || defined(__arm__) || defined(__riscv)
#include <sys/auxv.h>
#endif

namespace akira::platform {

namespace {

#if defined(__aarch64__) || defined(__arm__)
struct HwcapBit {
  const char* name;  // LLVM's feature name
  int word;          // 1: AT_HWCAP, 2: AT_HWCAP2
  unsigned long bit;
};

CpuFeature from_hwcap(std::string_view name, const HwcapBit* table, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (name != table[i].name) continue;
    unsigned long caps = getauxval(table[i].word == 1 ? AT_HWCAP : AT_HWCAP2);
    return (caps & table[i].bit) ? CpuFeature::Present : CpuFeature::Absent;
  }
  return CpuFeature::Unknown;
}
#endif

}  // namespace

CpuFeature cpu_feature(std::string_view name) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  // __builtin_cpu_supports needs a literal: one line per feature.
#define AKIRA_X86(feature) \
  if (name == feature) return __builtin_cpu_supports(feature) ? CpuFeature::Present : CpuFeature::Absent;
  AKIRA_X86("sse3")
  AKIRA_X86("ssse3")
  AKIRA_X86("sse4.1")
  AKIRA_X86("sse4.2")
  AKIRA_X86("avx")
  AKIRA_X86("avx2")
  AKIRA_X86("fma")
  AKIRA_X86("popcnt")
  AKIRA_X86("bmi")
  AKIRA_X86("bmi2")
  AKIRA_X86("avx512f")
  AKIRA_X86("avx512vl")
  AKIRA_X86("avx512bw")
  AKIRA_X86("avx512dq")
  AKIRA_X86("aes")
  AKIRA_X86("pclmul")
#undef AKIRA_X86
  return CpuFeature::Unknown;
#elif defined(__aarch64__)
  // Bits of <asm/hwcap.h> (Linux arm64), spelled out: older kernel headers lack the newer ones.
  static const HwcapBit table[] = {
      {"fp-armv8", 1, 1ul << 0}, {"neon", 1, 1ul << 1},  {"aes", 1, 1ul << 3},      {"sha2", 1, 1ul << 6},
      {"crc", 1, 1ul << 7},      {"lse", 1, 1ul << 8},   {"fullfp16", 1, 1ul << 9}, {"rdm", 1, 1ul << 12},
      {"rcpc", 1, 1ul << 15},    {"sha3", 1, 1ul << 17}, {"dotprod", 1, 1ul << 20}, {"sve", 1, 1ul << 22},
      {"flagm", 1, 1ul << 27},   {"sve2", 2, 1ul << 1},  {"i8mm", 2, 1ul << 13},    {"bf16", 2, 1ul << 14},
  };
  return from_hwcap(name, table, sizeof table / sizeof table[0]);
#elif defined(__arm__)
  // Linux arm <asm/hwcap.h>.
  static const HwcapBit table[] = {
      {"neon", 1, 1ul << 12},  {"vfp3", 1, 1ul << 13},      {"vfp3d16", 1, 1ul << 13}, {"vfp4", 1, 1ul << 16},
      {"hwdiv", 1, 1ul << 17}, {"hwdiv-arm", 1, 1ul << 18}, {"d32", 1, 1ul << 19},
  };
  return from_hwcap(name, table, sizeof table / sizeof table[0]);
#elif defined(__riscv)
  // Linux riscv: one AT_HWCAP bit per single-letter extension ('a' is bit 0).
  if (name.size() == 1 && name[0] >= 'a' && name[0] <= 'z')
    return (getauxval(AT_HWCAP) & (1ul << (name[0] - 'a'))) ? CpuFeature::Present : CpuFeature::Absent;
  return CpuFeature::Unknown;
#else
  (void)name;
  return CpuFeature::Unknown;
#endif
}

}  // namespace akira::platform
