// The `akira` command. See docs/cli.md.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>

#include "cli/deploy.h"
#include "cli/run.h"
#include "service/service.h"

int main(int argc, char** argv) {
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
  bool no_aot = false;
  run->add_flag("--no-aot,--interp", no_aot, "Interpret the .wasm even when a matching .aot is beside it or packed in it");
  run->add_option("file", o.file, "The module (.wasm)")->required();
  run->prefix_command();
  run->footer("Arguments after FILE go to the program (or, with --invoke, to the function).");
  akira::cli::PackOptions pack;
  akira::cli::add_pack_commands(app, pack);

  // `akira device`: the device service (docs/http-api.md, docs/shell.md).
  akira::service::DeviceOptions dev;
  std::string dev_max_upload, dev_max_memory;
  bool dev_shell = false, dev_no_shell = false, dev_no_profile = false;
  CLI::App* device = app.add_subcommand("device", "Serve the HTTP API and shell that install and run apps");
  device->add_option("--listen", dev.listen, "Address to listen on (port 0: any free port, printed)")->type_name("HOST:PORT");
  device->add_option("--store", dev.store, "Folder holding the installed apps")->type_name("DIR")->required();
  device->add_option("--token", dev.token, "Require 'Authorization: Bearer T' on every request")->type_name("T");
  device->add_option("--max-upload", dev_max_upload, "Largest file accepted by POST /upload (K/M/G suffixes)")->type_name("BYTES");
  device->add_option("--max-memory", dev_max_memory, "Memory limit of apps whose manifest sets none (K/M/G suffixes)")->type_name("BYTES");
  device->add_flag("--shell", dev_shell, "Read shell commands from stdin even when it is not a terminal");
  device->add_flag("--no-shell", dev_no_shell, "Never read commands from stdin");
  device->add_flag("--no-profile", dev_no_profile, "No per-function profile of interpreted apps");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : akira::cli::kExitUsage;
  }

  if (int status = 0; akira::cli::run_pack_commands(pack, status)) return status;
  if (device->parsed()) {
    for (auto [text, dst] : {std::pair{&dev_max_upload, &dev.max_upload}, std::pair{&dev_max_memory, &dev.max_memory}}) {
      if (text->empty()) continue;
      auto v = akira::cli::parse_size(*text);
      if (!v || *v == 0) {
        std::fprintf(stderr, "akira device: bad size '%s'\n", text->c_str());
        return akira::cli::kExitUsage;
      }
      *dst = *v;
    }
    dev.shell = dev_shell ? 1 : dev_no_shell ? 0 : -1;
    dev.profile = !dev_no_profile;
    return akira::service::run_device(dev);
  }
  o.allow_aot = !no_aot;
  o.args = run->remaining();
  if (!invoke.empty()) o.invoke = invoke;
  if (!stack_size.empty()) {
    o.stack_size = akira::cli::parse_size(stack_size);
    if (!o.stack_size) {
      std::fprintf(stderr, "akira: --stack-size: bad size '%s'\n", stack_size.c_str());
      return akira::cli::kExitUsage;
    }
  }
  if (!max_memory.empty()) {
    o.max_memory = akira::cli::parse_size(max_memory);
    if (!o.max_memory) {
      std::fprintf(stderr, "akira: --max-memory: bad size '%s'\n", max_memory.c_str());
      return akira::cli::kExitUsage;
    }
  }
  return akira::cli::run(o);
}
