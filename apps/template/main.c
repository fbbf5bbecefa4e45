/* myapp: a template for an Akira app. Copy this folder, rename the app in
 * CMakeLists.txt, and replace this program (C11, WASI preview 1: stdio, files
 * under preopened directories, clocks, random, arguments, environment).
 *
 * Usage: myapp [name]
 */
#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv) {
  const char *who = argc > 1 ? argv[1] : "world";
  /* Fixed-width types: `long` is 32-bit on wasm32 but 64-bit natively. */
  uint32_t h = 2166136261u;
  for (const char *p = who; *p; p++) h = (h ^ (uint8_t)*p) * 16777619u;
  printf("Hello from myapp, %s! (fnv1a %08x)\n", who, (unsigned)h);
  return 0;
}
