// Traps: the runtime reports it and exits with the trap status.
#include <stdio.h>

__attribute__((noinline)) static void crash(volatile int* p) {
  if (*p == 0) __builtin_trap();
}

int main(void) {
  volatile int z = 0;
  printf("before the trap\n");
  fflush(stdout);
  crash(&z);
  printf("not reached\n");
  return 0;
}
