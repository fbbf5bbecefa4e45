// `akira-device`, started as `akira device ...`: the device service (docs/http-api.md,
// docs/shell.md). A program of its own so that `akira run` does not load the HTTP stack
// (cpp-httplib and, through it, OpenSSL) it never uses.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>

#include "common/byte_size.h"
#include "service/service.h"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up is an error on its socket only
  CLI::App app{"akira device: serve the HTTP API and shell that install and run apps", "akira device"};
  akira::service::DeviceOptions dev;
  std::string max_upload, max_memory;
  bool shell = false, no_shell = false, no_profile = false;
  app.add_option("--listen", dev.listen, "Address to listen on (port 0: any free port, printed)")
      ->type_name("HOST:PORT");
  app.add_option("--store", dev.store, "Folder holding the installed apps")->type_name("DIR")->required();
  app.add_option("--token", dev.token, "Require 'Authorization: Bearer T' on every request")->type_name("T");
  app.add_option("--max-upload", max_upload, "Largest file accepted by POST /upload (K/M/G suffixes)")
      ->type_name("BYTES");
  app.add_option("--max-memory", max_memory, "Memory limit of apps whose manifest sets none (K/M/G suffixes)")
      ->type_name("BYTES");
  app.add_flag("--shell", shell, "Read shell commands from stdin even when it is not a terminal");
  app.add_flag("--no-shell", no_shell, "Never read commands from stdin");
  app.add_flag("--no-profile", no_profile, "No per-function profile of interpreted apps");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  for (auto [text, dst] : {std::pair{&max_upload, &dev.max_upload}, std::pair{&max_memory, &dev.max_memory}}) {
    if (text->empty()) continue;
    auto v = akira::parse_byte_size(*text);
    if (!v || *v == 0) {
      std::fprintf(stderr, "akira device: bad size '%s'\n", text->c_str());
      return 2;
    }
    *dst = *v;
  }
  dev.shell = shell ? 1 : no_shell ? 0 : -1;
  dev.profile = !no_profile;
  return akira::service::run_device(dev);
}
