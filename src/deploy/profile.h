// Where the time goes in an app, whichever engine runs it: the interpreter's profile
// (calls, self and total time per function) or, for native code compiled with
// `akirac --enable-perf-profiling`, calls per function. Used by `akira_perf` and
// `akira run --profile`.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/store.h"

namespace akira::deploy {

struct FunctionProfile {
  uint32_t index = 0;  // function index space
  std::string name;
  uint64_t calls = 0;
  uint64_t self_ns = 0, total_ns = 0;  // interpreter only
};

struct Profile {
  enum class Kind : uint8_t {
    None,     // no per-function figures: interpreter profiling off, or native code
              // compiled without --enable-perf-profiling
    Timed,    // interpreter: calls and times, most self time first
    Counted,  // native code: calls only, most calls first
  };
  Kind kind = Kind::None;
  std::vector<FunctionProfile> funcs;  // functions called at least once
};

// The profile of `inst` so far. Safe to call while its code runs on another thread.
Profile profile(const Instance& inst);

// A table of the first `top` functions, one per line, with a header (empty for Kind::None).
std::string format_profile(const Profile& p, size_t top = 10);

}  // namespace akira::deploy
