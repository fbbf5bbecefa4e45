// Clocks, sleeping (poll_oneoff) and random bytes.
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
  long long t0 = ns(CLOCK_MONOTONIC);
  struct timespec d = {0, 20 * 1000 * 1000};
  int r = nanosleep(&d, NULL);
  long long el = ns(CLOCK_MONOTONIC) - t0;
  printf("nanosleep: %d, slept at least 20ms: %s\n", r, el >= 20000000LL ? "yes" : "no");
  usleep(1000);
  printf("realtime after 2020: %s\n", time(NULL) > 1577836800 ? "yes" : "no");
  struct timespec res;
  printf("clock_getres: %d\n", clock_getres(CLOCK_MONOTONIC, &res));
  unsigned char a[32], b[32];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  printf("getentropy: %d %d\n", getentropy(a, sizeof a), getentropy(b, sizeof b));
  printf("random differs: %s\n", memcmp(a, b, sizeof a) != 0 ? "yes" : "no");
  return 0;
}
