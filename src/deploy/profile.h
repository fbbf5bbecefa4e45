// Where the time goes in an app, whichever engine runs it (Engine::profile): the
// interpreter's profile (calls, self and total time per function) or, for native code
// compiled with `akirac --enable-perf-profiling`, calls per function. Used by
// `akira_perf` and `akira run --profile`.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/store.h"

namespace akira::deploy {

using akira::FunctionProfile;
using akira::Profile;

// The profile of `inst` so far. Safe to call while its code runs on another thread.
Profile profile(const Instance& inst);

// A table of the first `top` functions, one per line, with a header (empty for Kind::None).
std::string format_profile(const Profile& p, size_t top = 10);

}  // namespace akira::deploy
