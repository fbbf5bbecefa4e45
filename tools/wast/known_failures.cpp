#include "known_failures.h"

#include <fstream>

namespace akira::wast {
namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string KnownFailures::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return "cannot read known-failures file " + path;
  std::string raw;
  int n = 0;
  while (std::getline(in, raw)) {
    n++;
    std::string line = raw;
    if (auto h = line.find('#'); h != std::string::npos) line.resize(h);
    line = trim(line);
    if (line.empty()) continue;
    auto colon = line.rfind(':');
    int num = -1;
    if (colon != std::string::npos && colon > 0 && colon + 1 < line.size()) {
      try {
        size_t pos = 0;
        num = std::stoi(line.substr(colon + 1), &pos);
        if (colon + 1 + pos != line.size()) num = -1;
      } catch (...) { num = -1; }
    }
    if (num < 0) return path + ":" + std::to_string(n) + ": expected FILE.wast:LINE, got \"" + line + "\"";
    std::string file = line.substr(0, colon);
    if (auto slash = file.rfind('/'); slash != std::string::npos) file = file.substr(slash + 1);
    entries[file][num] = trim(raw);
  }
  return {};
}

bool KnownFailures::contains(const std::string& file, int line) const {
  auto it = entries.find(file);
  return it != entries.end() && it->second.count(line) != 0;
}

std::string write_known_failures(const std::string& path, const std::string& mode, const KnownFailures& keep,
                                 const std::set<std::string>& run_files,
                                 const std::map<std::string, std::map<int, std::string>>& fresh) {
  std::map<std::string, std::map<int, std::string>> all;
  for (const auto& [file, lines] : keep.entries)
    if (!run_files.count(file)) all[file] = lines;
  for (const auto& [file, lines] : fresh)
    for (const auto& [line, text] : lines) all[file][line] = text;

  std::ofstream out(path, std::ios::trunc);
  if (!out) return "cannot write " + path;
  out << "# Spec-suite commands known to fail in " << mode
      << " mode, one FILE.wast:LINE per line\n"
         "# (LINE is the command's line in the script). A listed failure does not fail the run;\n"
         "# a listed entry that passes does, so this list only shrinks. Regenerate it with\n"
         "# akira-wast --mode="
      << mode << " --write-known-failures=FILE ...\n";
  for (const auto& [file, lines] : all)
    for (const auto& [line, text] : lines) out << text << "\n";
  if (!out) return "cannot write " + path;
  return {};
}

}  // namespace akira::wast
