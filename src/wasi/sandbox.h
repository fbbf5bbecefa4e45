// Path resolution confined beneath a directory file descriptor.
//
// Every guest path is resolved relative to a directory fd (a preopen or a directory
// opened through one). Absolute paths, ".." above that directory and symbolic links
// whose target leaves it (absolute targets, or too many ".."), are refused with
// kEscape. On Linux >= 5.6 this uses openat2(RESOLVE_BENEATH); elsewhere, or when the
// kernel lacks openat2, the path is walked one component at a time with O_NOFOLLOW and
// symbolic links are expanded by hand.
#pragma once
#include <string>
#include <string_view>
#include <sys/types.h>

namespace akira::wasi {

// Returned (negated) instead of an errno when a path would leave its directory.
constexpr int kEscape = 4096;

// Opens `path` beneath `dirfd` with open(2) `flags` (O_CLOEXEC is added). When
// `follow` is false a final symbolic link is not followed (O_NOFOLLOW semantics; with
// O_PATH the link itself is opened). Returns the new fd, or -errno / -kEscape.
int open_beneath(int dirfd, std::string_view path, int flags, mode_t mode, bool follow);

// Splits `path` into its parent directory, opened beneath `dirfd` (O_PATH), and its
// final component. Trailing slashes are removed from `name` and reported.
struct ParentDir {
  int fd = -1;       // owned by the caller; -1 on error
  std::string name;  // final component; may be "." or ".."
  bool trailing_slash = false;
  int err = 0;  // errno or kEscape when fd == -1
};
ParentDir open_parent_beneath(int dirfd, std::string_view path);

// Test hook: force the portable component-by-component resolver.
void set_force_portable_resolver(bool on);

}  // namespace akira::wasi
