// Arguments and environment, and the exit status from exit().
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

int main(int argc, char** argv) {
  printf("argc %d\n", argc);
  for (int i = 1; i < argc; ++i) printf("argv[%d] = '%s'\n", i, argv[i]);
  int n = 0;
  for (char** e = environ; *e; ++e) ++n;
  printf("environ count %d\n", n);
  const char* g = getenv("GREETING");
  printf("GREETING = %s\n", g ? g : "(unset)");
  const char* h = getenv("HOME");
  printf("HOME = %s\n", h ? h : "(unset)");
  if (argc > 1 && strcmp(argv[1], "exit") == 0) {
    printf("exiting with %d\n", atoi(argv[2]));
    exit(atoi(argv[2]));
  }
  return 0;
}
