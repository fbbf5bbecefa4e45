// The known-failures list: one `file.wast:LINE` per line (LINE is the "line" of the
// failing command in wast2json's output, i.e. its line in the script), `#` starts a
// comment. Listed failures do not fail a run; a listed entry that passes does.
#pragma once
#include <map>
#include <set>
#include <string>

namespace akira::wast {

struct KnownFailures {
  // file name (no directory) -> line -> the entry's text as written (with its comment)
  std::map<std::string, std::map<int, std::string>> entries;

  // Returns "" on success, else an error message. A missing file is an error.
  std::string load(const std::string& path);
  bool contains(const std::string& file, int line) const;
};

// Writes `path`: the entries of `keep` for files not in `run_files`, plus `fresh`
// (the failures observed in the files that were run). Returns "" or an error.
std::string write_known_failures(const std::string& path, const std::string& mode, const KnownFailures& keep,
                                 const std::set<std::string>& run_files,
                                 const std::map<std::string, std::map<int, std::string>>& fresh);

}  // namespace akira::wast
