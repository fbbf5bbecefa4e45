/* hostcall: the cost of a call from WebAssembly into a host (WASI) function.
 *
 * Usage: hostcall [calls]
 * Calls args_sizes_get, a WASI function that does no system call, `calls`
 * times (default 1000000) and prints the sum of the argument counts it returned,
 * so every engine's output can be compared. The benchmark runs it with 0 calls and with N calls:
 * the difference divided by N is the cost of one call.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <wasi/api.h>

int main(int argc, char **argv) {
  long calls = argc > 1 ? atol(argv[1]) : 1000000;
  uint32_t sum = 0;
  for (long i = 0; i < calls; i++) {
    __wasi_size_t count = 0, size = 0;
    if (__wasi_args_sizes_get(&count, &size) != 0) return 1;
    sum += (uint32_t)count; /* not size: it depends on the file name */
  }
  printf("hostcall: %ld calls, sum %u\n", calls, (unsigned)sum);
  return 0;
}
