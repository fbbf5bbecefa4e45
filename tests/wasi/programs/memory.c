// Grows memory through malloc; --max-memory caps it.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  char* volatile p = malloc(8 << 20);
  if (p) {
    memset(p, 1, 8 << 20);
    if (p[(8 << 20) - 1] != 1) return 1;
  }
  printf("malloc 8 MiB: %s\n", p ? "ok" : "failed");
  return 0;
}
