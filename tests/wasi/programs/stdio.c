// Reads stdin to the end, writes it upper-cased with line and byte counts; a line to stderr.
#include <ctype.h>
#include <stdio.h>

int main(void) {
  int c, bytes = 0, lines = 0;
  while ((c = getchar()) != EOF) {
    ++bytes;
    if (c == '\n') ++lines;
    putchar(toupper(c));
  }
  printf("%d lines, %d bytes\n", lines, bytes);
  fprintf(stderr, "this goes to stderr\n");
  return 0;
}
