// WASI preview 1 ("wasi_snapshot_preview1") for wasi-libc programs.
//
//   WasiOptions opts;
//   opts.args = {"prog.wasm", "x"};
//   opts.preopens.push_back({"/tmp/data", "/data"});
//   auto ctx = WasiContext::create(std::move(opts));   // opens the preopened directories
//   (*ctx)->link(linker, store, module.get());         // defines the host functions
//
// The context must outlive every call into the instance that imports it. proc_exit
// comes back from the call as Error{ErrorKind::Exit} with exit_code set.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "runtime/value.h"
#include "wasm/module.h"

namespace akira {

class Linker;
class Store;

struct WasiPreopen {
  std::string host_path;   // directory on the host
  std::string guest_path;  // name the guest sees (fd_prestat_dir_name)
};

struct WasiOptions {
  std::vector<std::string> args;      // argv, args[0] is the program name
  std::vector<std::string> env;       // "KEY=VALUE" entries
  std::vector<WasiPreopen> preopens;  // become fds 3, 4, ... in order
  // Host descriptors behind guest fds 0, 1 and 2 (not closed by the context).
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
};

class WasiContext {
 public:
  static constexpr const char* kModuleName = "wasi_snapshot_preview1";

  // Opens the preopened directories; an Io error names the one that failed.
  static Result<std::unique_ptr<WasiContext>> create(WasiOptions opts);
  ~WasiContext();
  WasiContext(const WasiContext&) = delete;
  WasiContext& operator=(const WasiContext&) = delete;

  // Defines every WASI function under "wasi_snapshot_preview1". When `module` is given,
  // its other imports from that module (functions this build does not implement)
  // are defined too, as stubs with the imported type that return ENOSYS (52).
  void link(Linker& linker, Store& store, const Module* module = nullptr);

  // Calls a WASI function by name on guest memory `memory` (empty when the caller has
  // no memory): what the host functions defined by link() do. Returns a Trap error for
  // an unknown name, Exit for proc_exit.
  Status call(std::string_view name, std::span<uint8_t> memory, const Value* args, Value* results);

  // The implemented function names and their types.
  struct FuncInfo {
    std::string_view name;
    FuncType type;
  };
  static const std::vector<FuncInfo>& functions();

  struct Impl;

 private:
  explicit WasiContext(std::unique_ptr<Impl> impl);
  Status call_index(size_t index, std::span<uint8_t> memory, const Value* args, Value* results);
  std::unique_ptr<Impl> impl_;
};

}  // namespace akira
