// File operations inside a preopened directory: read, write, append, seek, pread,
// stat, mkdir, rename, readdir, symlinks inside, unlink, rmdir, truncate.
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static int cmp(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static void list(const char* path) {
  DIR* d = opendir(path);
  if (!d) {
    printf("opendir %s: %s\n", path, err_name(errno));
    return;
  }
  char* names[64];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL && n < 64) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp);
  printf("%s:", path);
  for (int i = 0; i < n; ++i) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

int main(void) {
  char buf[128];
  FILE* f = fopen("/sandbox/hello.txt", "r");
  if (!f) {
    printf("fopen hello.txt: %s\n", err_name(errno));
    return 1;
  }
  if (fgets(buf, sizeof buf, f)) printf("read: %s", buf);
  fclose(f);

  f = fopen("/sandbox/new.txt", "w");
  fputs("line 1\n", f);
  fclose(f);
  f = fopen("/sandbox/new.txt", "a");
  fputs("line 2\n", f);
  fclose(f);
  struct stat st;
  printf("stat new.txt: %s size %lld regular %d\n", res(stat("/sandbox/new.txt", &st)), (long long)st.st_size,
         S_ISREG(st.st_mode));

  int fd = open("/sandbox/new.txt", O_RDONLY);
  printf("lseek: %lld\n", (long long)lseek(fd, 7, SEEK_SET));
  ssize_t n = read(fd, buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = 0;
  printf("read after seek: %s", buf);
  n = pread(fd, buf, 4, 0);
  buf[n > 0 ? n : 0] = 0;
  printf("pread: %s\n", buf);
  close(fd);

  printf("mkdir dir: %s\n", res(mkdir("/sandbox/dir", 0755)));
  printf("mkdir dir again: %s\n", res(mkdir("/sandbox/dir", 0755)));
  printf("rename: %s\n", res(rename("/sandbox/new.txt", "/sandbox/dir/moved.txt")));
  printf("stat old name: %s\n", res(stat("/sandbox/new.txt", &st)));
  list("/sandbox");
  list("/sandbox/dir");

  f = fopen("/sandbox/link_in", "r");
  if (f && fgets(buf, sizeof buf, f)) printf("through link_in: %s", buf);
  if (f) fclose(f);
  printf("lstat link_in: %s symlink %d\n", res(lstat("/sandbox/link_in", &st)), S_ISLNK(st.st_mode));

  fd = open("/sandbox/dir/moved.txt", O_RDWR);
  printf("ftruncate: %s\n", res(ftruncate(fd, 3)));
  printf("fstat size: %s %lld\n", res(fstat(fd, &st)), (long long)st.st_size);
  close(fd);

  printf("rmdir non-empty: %s\n", res(rmdir("/sandbox/dir")));
  printf("unlink: %s\n", res(unlink("/sandbox/dir/moved.txt")));
  printf("unlink again: %s\n", res(unlink("/sandbox/dir/moved.txt")));
  printf("rmdir: %s\n", res(rmdir("/sandbox/dir")));
  printf("open missing: %s\n", res(open("/sandbox/missing.txt", O_RDONLY)));
  printf("open file as dir: %s\n", res(open("/sandbox/hello.txt/x", O_RDONLY)));
  list("/sandbox");
  list("/sandbox/sub");
  return 0;
}
