/* hello: the smallest WASI command. Prints a greeting, the argument count and
 * the arguments after the program name (argv[0] differs between hosts, so it
 * is not printed). */
#include <stdio.h>

int main(int argc, char **argv) {
  printf("Hello from Akira!\n");
  printf("argc = %d\n", argc);
  for (int i = 1; i < argc; i++)
    printf("argv[%d] = %s\n", i, argv[i]);
  return 0;
}
