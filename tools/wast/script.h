// Running one spec script: wast2json converts it, then every JSON command is executed
// against a fresh engine (and so a fresh Store).
#pragma once
#include <string>
#include <vector>

#include "engine.h"

namespace akira::wast {

// How a command counts in the totals.
enum class CmdKind : char {
  Assertion = 'A',  // assert_*: one assertion, passed or failed
  Command = 'C',    // module/register/action: counted only when it fails
  Skipped = 'S',    // assert_malformed in text form: not run, not counted
};

struct PlannedCommand {
  int line = 0;
  CmdKind kind = CmdKind::Command;
  std::string type;  // "assert_return", "module", ...
};

// Receives a script's commands and their outcomes as they happen (possibly from
// another process, see main.cpp).
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void plan(const std::vector<PlannedCommand>& cmds) = 0;
  virtual void result(size_t index, bool ok, const std::string& message) = 0;
  virtual void note(const std::string& text) = 0;        // detail for -v
  virtual void file_error(const std::string& text) = 0;  // the script could not be run
};

struct ScriptOptions {
  EngineOptions engine;
  bool verbose = false;
  // Nothing is asserted: each module and action command passes, its message being what
  // happened ("module: ok", "invoke \"f\": ok i32:0x00000001", "invoke \"g\": trap: ..."),
  // so that another program can compare engines (fuzz/diff).
  bool print_results = false;
};

// Converts `wast_path` into the (existing, private) directory `tmpdir` and runs it.
// A `.json` file is taken as wast2json's output already, its modules beside it.
void run_script(const std::string& wast_path, const std::string& tmpdir, const ScriptOptions& opts, Reporter& rep);

const char* kind_name(ErrorKind k);

}  // namespace akira::wast
