// The device's app store: one folder per app (STORE/NAME/ holding NAME.wasm and
// NAME_<suffix>.aot, the layout deploy::choose reads), names that cannot escape it,
// content checks and crash-safe writes.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace akira::service {

// [A-Za-z0-9._-], 1..64 characters, not starting with '.' or '-', no "..".
bool valid_app_name(std::string_view name);

struct UploadTarget {
  std::string name;       // the app
  std::string file_name;  // what is stored in STORE/NAME/
  bool aot = false;
  std::string arch;  // .aot: the target architecture inside it
};

// Decides where an uploaded file goes. `file_name` is the client's file name (NAME.wasm
// or NAME_<suffix>.aot), `name_field` the optional `name` form field, `existing` the
// installed app names (an .aot "a_b_x86_64.aot" belongs to app "a_b" when it exists).
// Checks the content: a .wasm must decode and validate; an .aot must be an intact .aot
// file (checksum, version, layout) for an architecture akirac knows, for this machine or
// any other. Errors are Malformed (bad name, bad content) with a message.
Result<UploadTarget> classify_upload(std::string_view file_name, std::string_view name_field,
                                     const std::vector<uint8_t>& bytes, const std::vector<std::string>& existing);

// Writes `bytes` to dir/file atomically: a temporary file in the same folder, fsync,
// rename over the old version, fsync of the folder. Creates `dir` if needed.
Status write_atomic(const std::filesystem::path& dir, const std::string& file, const std::vector<uint8_t>& bytes);

// Removes leftover temporary files of interrupted writes (".upload-*") under `store`.
void clean_temporaries(const std::filesystem::path& store);

// Installed apps: folders of `store` with a valid name holding a .wasm or .aot.
std::vector<std::string> list_apps(const std::filesystem::path& store);
// The files of one app, sorted.
std::vector<std::string> app_files(const std::filesystem::path& store, const std::string& name);

}  // namespace akira::service
