// Two preopened directories, one nested inside the other on the host.
#include <stdio.h>

static void cat(const char* path) {
  char buf[64];
  FILE* f = fopen(path, "r");
  if (!f) {
    printf("%s: cannot open\n", path);
    return;
  }
  if (fgets(buf, sizeof buf, f)) printf("%s: %s", path, buf);
  fclose(f);
}

int main(void) {
  cat("/sandbox/sub/a.txt");
  cat("/other/a.txt");
  cat("/other/../hello.txt");
  return 0;
}
