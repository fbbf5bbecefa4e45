// `akira run`: load a module (through deploy: deploy/app.h for app folders and .wasm files
// with .aot files beside or inside them, deploy/load.h for a single file), link WASI,
// instantiate and run it. Kept apart from the argument parser so other front ends can
// call it.
#pragma once
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/instantiate.h"

namespace akira::cli {

// Exit statuses of `akira run` other than a program's own proc_exit code.
enum ExitStatus : int {
  kExitOk = 0,
  kExitFailure = 1,     // a host-side failure while running (e.g. an I/O error)
  kExitUsage = 2,       // bad arguments, unreadable file, bad magic, decode, validation or link error
  kExitTrap = 70,       // the module trapped
  kExitExhausted = 71,  // call stack exhausted
};

struct RunOptions {
  std::string file;                    // path of the module (also argv[0] for the program)
  std::vector<std::string> args;       // program arguments, or --invoke arguments
  std::vector<std::string> dirs;       // "HOST" or "HOST::GUEST"
  std::vector<std::string> env;        // "KEY=VALUE"
  std::optional<uint64_t> stack_size;  // bytes of value stack
  std::optional<uint64_t> max_memory;  // bytes any memory may grow to
  std::optional<std::string> invoke;   // export to call instead of _start
  bool verbose = false;
  // Print calls per function on stderr at exit (and, interpreted, self/total time); native
  // code needs akirac --enable-perf-profiling.
  bool profile = false;
  bool perf_map = false;  // write /tmp/perf-PID.map for native code (Linux perf)
  bool allow_aot = true;  // false (--no-aot, --interp): never pick a .aot beside the .wasm or in a pack
  // Guest stdio and where akira itself writes (results of --invoke, diagnostics).
  int stdin_fd = 0, stdout_fd = 1, stderr_fd = 2;
  std::FILE* out = stdout;
  std::FILE* err = stderr;
};

// Runs the module in `opts.file`; returns the process exit status.
int run(const RunOptions& opts);
// Same with the module's bytes already in memory (`opts.file` names it in messages): a
// .wasm or a .aot, loaded by deploy::load_module.
int run_bytes(const RunOptions& opts, std::vector<uint8_t> bytes);
// Same with the module decoded and validated, run by `code` (the interpreter or a .aot's native code).
int run_module(const RunOptions& opts, std::shared_ptr<const Module> module, std::shared_ptr<const ModuleCode> code);

}  // namespace akira::cli
