// Shared by the WASI end-to-end test programs.
#include <errno.h>
#include <stdio.h>

static const char* err_name(int e) {
  switch (e) {
    case 0: return "OK";
    case ENOENT: return "ENOENT";
    case ENOTCAPABLE: return "ENOTCAPABLE";
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case EEXIST: return "EEXIST";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EISDIR: return "EISDIR";
    case ENOTDIR: return "ENOTDIR";
    case ELOOP: return "ELOOP";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
  }
  static char buf[32];
  snprintf(buf, sizeof buf, "errno %d", e);
  return buf;
}

// "OK" when r >= 0, else the errno's name.
static const char* res(int r) { return err_name(r < 0 ? errno : 0); }
