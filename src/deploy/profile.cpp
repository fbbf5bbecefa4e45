#include "deploy/profile.h"

#include <cstdio>

namespace akira::deploy {

Profile profile(const Instance& inst) { return inst.engine ? inst.engine->profile(inst) : Profile{}; }

std::string format_profile(const Profile& p, size_t top) {
  if (p.kind == Profile::Kind::None) return {};
  std::string out;
  char buf[512];
  bool timed = p.kind == Profile::Kind::Timed;
  if (timed)
    std::snprintf(buf, sizeof buf, "%12s %12s %12s  %s\n", "calls", "self ms", "total ms", "function");
  else
    std::snprintf(buf, sizeof buf, "%12s  %s\n", "calls", "function");
  out += buf;
  size_t shown = 0;
  for (const FunctionProfile& f : p.funcs) {
    if (shown++ == top) break;
    if (timed)
      std::snprintf(buf, sizeof buf, "%12llu %12.3f %12.3f  %s\n", static_cast<unsigned long long>(f.calls),
                    f.self_ns / 1e6, f.total_ns / 1e6, f.name.c_str());
    else
      std::snprintf(buf, sizeof buf, "%12llu  %s\n", static_cast<unsigned long long>(f.calls), f.name.c_str());
    out += buf;
  }
  if (p.funcs.size() > top) out += "... " + std::to_string(p.funcs.size() - top) + " more functions\n";
  return out;
}

}  // namespace akira::deploy
