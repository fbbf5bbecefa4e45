// What the CPU this runtime runs on can do: the loader refuses native code that needs a
// feature the CPU lacks (a .aot records the features it was compiled for, in LLVM's names).
#pragma once
#include <string_view>

namespace akira::platform {

enum class CpuFeature { Present, Absent, Unknown };

// Whether this CPU has the feature LLVM calls `llvm_name` ("avx2", "sve", "neon", "d", ...).
// Unknown for names the platform cannot test: the loader does not refuse on those.
CpuFeature cpu_feature(std::string_view llvm_name);

}  // namespace akira::platform
