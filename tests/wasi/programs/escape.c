// Attempts to leave the preopened directory; every one must be refused.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static void try_open(const char* path, int flags) {
  int fd = open(path, flags, 0644);
  printf("open %s: %s\n", path, res(fd));
  if (fd >= 0) close(fd);
}

int main(void) {
  try_open("/sandbox/../outside/secret.txt", O_RDONLY);
  try_open("/sandbox/sub/../../outside/secret.txt", O_RDONLY);
  try_open("/sandbox/link_out/secret.txt", O_RDONLY);
  try_open("/sandbox/link_abs/passwd", O_RDONLY);
  try_open("/sandbox/../escaped.txt", O_WRONLY | O_CREAT);
  try_open("/sandbox/link_out/escaped.txt", O_WRONLY | O_CREAT);
  try_open("/sandbox/sub/../hello.txt", O_RDONLY);
  int fd = open("/etc/passwd", O_RDONLY);
  printf("open /etc/passwd: %s\n", fd < 0 ? "refused" : "ESCAPED");

  DIR* d = opendir("/sandbox/..");
  printf("opendir /sandbox/..: %s\n", d ? "ESCAPED" : err_name(errno));
  printf("mkdir ../evil: %s\n", res(mkdir("/sandbox/../evil", 0755)));
  printf("rename out: %s\n", res(rename("/sandbox/hello.txt", "/sandbox/../stolen.txt")));
  printf("rename in: %s\n", res(rename("/sandbox/link_out/secret.txt", "/sandbox/got.txt")));
  printf("unlink via link: %s\n", res(unlink("/sandbox/link_out/secret.txt")));
  printf("rmdir ..: %s\n", res(rmdir("/sandbox/sub/../..")));

  struct stat st;
  printf("stat link_out: %s\n", res(stat("/sandbox/link_out", &st)));
  printf("lstat link_out: %s symlink %d\n", res(lstat("/sandbox/link_out", &st)), S_ISLNK(st.st_mode));
  char buf[64];
  ssize_t n = readlink("/sandbox/link_out", buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = 0;
  printf("readlink link_out: %s\n", buf);
  printf("symlink absolute: %s\n", res(symlink("/etc/passwd", "/sandbox/abs")));
  printf("symlink dotdot: %s\n", res(symlink("../outside/secret.txt", "/sandbox/up")));
  try_open("/sandbox/up", O_RDONLY);
  printf("unlink up: %s\n", res(unlink("/sandbox/up")));
  return 0;
}
