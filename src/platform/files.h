// Files, for the loaders of apps and modules.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"

namespace akira::platform {

// The whole file at `path`. Errors (Io): "<path>: cannot open", "<path>: cannot read".
Result<std::vector<uint8_t>> read_file(const std::string& path);

struct DirEntry {
  std::string name;  // without the directory
  bool is_dir = false;
};

// The entries of directory `path` (no "." or ".."), sorted by name. Error (Io):
// "<path>: cannot open".
Result<std::vector<DirEntry>> list_directory(const std::string& path);

}  // namespace akira::platform
