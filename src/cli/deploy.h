// `akira run` on app folders, NAME.wasm with NAME_*.aot beside it, and packs; `akira pack`
// and `akira strip`. See docs/deployment.md.
#pragma once
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/run.h"

namespace akira::cli {

// Runs `o.file` through the deployment rules when it is an app folder, or a .wasm with
// .aot candidates (files beside it or packed sections). Returns false, printing nothing
// but the -v report, when `o.file` is an ordinary module for run()'s own path.
bool run_app(const RunOptions& o, int& status);

struct PackOptions {
  std::string out;
  std::vector<std::string> inputs;  // IN.wasm then .aot files
  bool strip_foreign = false;
  bool verbose = false;
  CLI::App* pack = nullptr;
  CLI::App* strip = nullptr;
};
// Adds `pack` and `strip` to the command line.
void add_pack_commands(CLI::App& app, PackOptions& p);
// True (and the exit status) when one of them was given.
bool run_pack_commands(const PackOptions& p, int& status);

}  // namespace akira::cli
