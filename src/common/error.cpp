#include "common/error.h"

#include <cstdio>

namespace akira {

std::string Error::describe() const {
  std::string s = message;
  if (func_index < 0 && offset < 0) return s;
  s += " (";
  if (func_index >= 0) s += "function " + std::to_string(func_index);
  if (offset >= 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%soffset 0x%llx", func_index >= 0 ? ", " : "",
                  static_cast<unsigned long long>(offset));
    s += buf;
  }
  return s + ")";
}

}  // namespace akira
