// `akira device`: the device service (HTTP API, app manager, shell). docs/http-api.md,
// docs/shell.md.
#pragma once
#include <cstdint>
#include <string>

namespace akira::service {

class AppManager;

struct DeviceOptions {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one (printed)
  std::string store;                      // app store folder
  std::string token;                      // when set, every request needs "Authorization: Bearer TOKEN"
  uint64_t max_upload = 16ull << 20;      // bytes of one uploaded file
  uint64_t max_memory = 64ull << 20;      // default memory limit per app
  int shell = -1;                         // 1: read commands from stdin, 0: never, -1: when stdin is a terminal
  bool profile = true;                    // per-function profile of interpreted apps
};

// Runs until SIGINT/SIGTERM (or the end of the shell's input); returns the exit status.
int run_device(const DeviceOptions& opts);

// One shell command line (docs/shell.md): its output; `ok` false for errors.
std::string shell_exec(AppManager& apps, const std::string& line, bool& ok);

}  // namespace akira::service
