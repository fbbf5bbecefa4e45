// The `akira` command. See docs/cli.md.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>
#include <vector>

#include "cli/deploy.h"
#include "cli/run.h"
#include "common/byte_size.h"

namespace {

// `akira device ARGS...` runs akira-device, installed beside akira, with ARGS: the HTTP
// stack (and the OpenSSL it brings) stays out of the process that runs apps.
int device_command(int argc, char** argv) {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::filesystem::path tool = (ec ? std::filesystem::path(argv[0]) : self).parent_path() / "akira-device";
  std::vector<char*> args{const_cast<char*>("akira device")};
  for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  ::execv(tool.c_str(), args.data());
  std::fprintf(stderr, "akira: device: cannot run %s: %s\n", tool.c_str(), std::strerror(errno));
  return akira::cli::kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "device") == 0) return device_command(argc, argv);
  // A closed pipe on stdout must be an EPIPE for the program, not a dead runtime.
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"akira: a WebAssembly 2.0 runtime", "akira"};
  app.set_version_flag("--version", std::string("akira ") + AKIRA_VERSION);
  app.require_subcommand(1);

  akira::cli::RunOptions o;
  std::string stack_size, max_memory, invoke;
  CLI::App* run = app.add_subcommand("run", "Run a WebAssembly module (a WASI command, or one export with --invoke)");
  run->add_option("--dir", o.dirs, "Preopen host directory HOST for the module, seen as GUEST (default: HOST)")
      ->type_name("HOST[::GUEST]")
      ->allow_extra_args(false);
  run->add_option("--env", o.env, "Set environment variable KEY for the module")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  run->add_option("--stack-size", stack_size, "Interpreter value stack size in bytes (K/M/G suffixes)")
      ->type_name("BYTES");
  run->add_option("--max-memory", max_memory, "Largest size any linear memory may grow to, in bytes (K/M/G suffixes)")
      ->type_name("BYTES");
  run->add_option("--invoke", invoke, "Call export NAME with ARGS instead of _start and print its results")
      ->type_name("NAME");
  run->add_flag("-v,--verbose", o.verbose, "Report timings of each stage on stderr");
  run->add_flag("--profile", o.profile,
                "Print the hot functions on stderr at exit (native code: compile with akirac --enable-perf-profiling)");
  run->add_flag("--perf-map", o.perf_map, "Name native code for Linux perf in /tmp/perf-PID.map");
  bool no_aot = false;
  run->add_flag("--no-aot,--interp", no_aot,
                "Interpret the .wasm even when a matching .aot is beside it or packed in it");
  run->add_option("file", o.file, "The module (.wasm)")->required();
  run->prefix_command();
  run->footer("Arguments after FILE go to the program (or, with --invoke, to the function).");
  akira::cli::PackOptions pack;
  akira::cli::add_pack_commands(app, pack);

  // `akira device`: the device service, a program of its own (see device_command()).
  app.add_subcommand("device", "Serve the HTTP API and shell that install and run apps (akira device --help)")
      ->prefix_command();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : akira::cli::kExitUsage;
  }

  if (int status = 0; akira::cli::run_pack_commands(pack, status)) return status;
  o.allow_aot = !no_aot;
  o.args = run->remaining();
  if (!invoke.empty()) o.invoke = invoke;
  if (!stack_size.empty()) {
    o.stack_size = akira::parse_byte_size(stack_size);
    if (!o.stack_size) {
      std::fprintf(stderr, "akira: --stack-size: bad size '%s'\n", stack_size.c_str());
      return akira::cli::kExitUsage;
    }
  }
  if (!max_memory.empty()) {
    o.max_memory = akira::parse_byte_size(max_memory);
    if (!o.max_memory) {
      std::fprintf(stderr, "akira: --max-memory: bad size '%s'\n", max_memory.c_str());
      return akira::cli::kExitUsage;
    }
  }
  return akira::cli::run(o);
}
