/* image: deterministic image-processing pipeline.
 *
 * Generates an RGB test image, converts it to grayscale, applies a 5x5
 * Gaussian blur (separable 1-4-6-4-1 kernel), runs Sobel edge detection, and
 * builds histograms of the blurred image and of the edge magnitudes. The whole
 * pipeline is integer-only, so results are identical on every target.
 *
 * Usage: image [size] [passes]
 *   size   - image width and height in pixels (default 512)
 *   passes - number of times the pipeline is run (default 80); each pass
 *            perturbs the image so that no pass can be skipped.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng_state = 0x12345678u;

static uint32_t rng_next(void) { /* xorshift32 */
  uint32_t x = rng_state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  rng_state = x;
  return x;
}

static uint32_t fnv1a(uint32_t h, const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 16777619u;
  }
  return h;
}

static uint32_t isqrt32(uint32_t v) {
  uint32_t r = 0, bit = 1u << 30;
  while (bit > v) bit >>= 2;
  while (bit) {
    if (v >= r + bit) {
      v -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return r;
}

/* Smooth gradients, rings and a checkerboard with a little noise. */
static void generate(uint8_t *rgb, int n) {
  for (int y = 0; y < n; y++) {
    for (int x = 0; x < n; x++) {
      int dx = x - n / 2, dy = y - n / 2;
      uint32_t d = isqrt32((uint32_t)(dx * dx + dy * dy));
      int checker = (((x * 16) / n) ^ ((y * 16) / n)) & 1;
      uint8_t *p = rgb + 3 * ((size_t)y * n + x);
      uint32_t noise = rng_next() & 15;
      p[0] = (uint8_t)((x * 255) / (n - 1 ? n - 1 : 1) + noise);
      p[1] = (uint8_t)(((d * 8) & 255) ^ (checker ? 0x40 : 0));
      p[2] = (uint8_t)((y * 255) / (n - 1 ? n - 1 : 1) + (checker ? 60 : 0) - noise);
    }
  }
}

static void to_gray(const uint8_t *rgb, uint8_t *gray, int n) {
  size_t count = (size_t)n * n;
  for (size_t i = 0; i < count; i++) {
    const uint8_t *p = rgb + 3 * i;
    /* ITU-R BT.601 luma in 8.8 fixed point. */
    gray[i] = (uint8_t)((77u * p[0] + 150u * p[1] + 29u * p[2] + 128u) >> 8);
  }
}

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

static void blur(const uint8_t *src, uint16_t *tmp, uint8_t *dst, int n) {
  static const int k[5] = {1, 4, 6, 4, 1};
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++) {
      int s = 0;
      for (int i = -2; i <= 2; i++) s += k[i + 2] * src[(size_t)y * n + clampi(x + i, 0, n - 1)];
      tmp[(size_t)y * n + x] = (uint16_t)s; /* <= 16 * 255 */
    }
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++) {
      int s = 0;
      for (int i = -2; i <= 2; i++) s += k[i + 2] * tmp[(size_t)clampi(y + i, 0, n - 1) * n + x];
      dst[(size_t)y * n + x] = (uint8_t)((s + 128) >> 8);
    }
}

static void sobel(const uint8_t *src, uint8_t *dst, int n) {
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++) {
      int xm = clampi(x - 1, 0, n - 1), xp = clampi(x + 1, 0, n - 1);
      int ym = clampi(y - 1, 0, n - 1), yp = clampi(y + 1, 0, n - 1);
#define P(xx, yy) ((int)src[(size_t)(yy) * n + (xx)])
      int gx = -P(xm, ym) - 2 * P(xm, y) - P(xm, yp) + P(xp, ym) + 2 * P(xp, y) + P(xp, yp);
      int gy = -P(xm, ym) - 2 * P(x, ym) - P(xp, ym) + P(xm, yp) + 2 * P(x, yp) + P(xp, yp);
#undef P
      uint32_t mag = isqrt32((uint32_t)(gx * gx + gy * gy));
      dst[(size_t)y * n + x] = (uint8_t)(mag > 255 ? 255 : mag);
    }
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 512;
  int passes = argc > 2 ? atoi(argv[2]) : 80;
  if (n < 8 || n > 8192 || passes < 1) {
    fprintf(stderr, "usage: image [size 8..8192] [passes >= 1]\n");
    return 2;
  }
  size_t count = (size_t)n * n;
  uint8_t *rgb = malloc(3 * count);
  uint8_t *gray = malloc(count);
  uint16_t *tmp = malloc(count * sizeof(uint16_t));
  uint8_t *blurred = malloc(count);
  uint8_t *edges = malloc(count);
  if (!rgb || !gray || !tmp || !blurred || !edges) {
    fprintf(stderr, "image: out of memory\n");
    return 1;
  }

  uint32_t hist_blur[256], hist_edge[256];
  uint32_t checksum = 2166136261u;
  uint64_t edge_sum = 0;
  generate(rgb, n);
  for (int pass = 0; pass < passes; pass++) {
    to_gray(rgb, gray, n);
    blur(gray, tmp, blurred, n);
    sobel(blurred, edges, n);
    memset(hist_blur, 0, sizeof hist_blur);
    memset(hist_edge, 0, sizeof hist_edge);
    for (size_t i = 0; i < count; i++) {
      hist_blur[blurred[i]]++;
      hist_edge[edges[i]]++;
      edge_sum += edges[i];
    }
    checksum = fnv1a(checksum, blurred, count);
    checksum = fnv1a(checksum, edges, count);
    /* Feed the result back so every pass depends on the previous one. */
    for (size_t i = 0; i < count; i++) {
      uint8_t *c = &rgb[3 * i + (pass % 3)];
      *c = (uint8_t)(*c + (edges[i] >> 5));
    }
  }

  uint32_t hist_hash = 2166136261u;
  hist_hash = fnv1a(hist_hash, (const uint8_t *)hist_blur, sizeof hist_blur);
  hist_hash = fnv1a(hist_hash, (const uint8_t *)hist_edge, sizeof hist_edge);
  int mode = 0;
  for (int i = 1; i < 256; i++)
    if (hist_edge[i] > hist_edge[mode]) mode = i;
  uint32_t strong = 0;
  for (int i = 128; i < 256; i++) strong += hist_edge[i];

  printf("image %dx%d, %d passes\n", n, n, passes);
  printf("edge mean x1000: %llu\n", (unsigned long long)(edge_sum * 1000 / ((uint64_t)count * passes)));
  printf("edge mode: %d, strong edges (>=128): %u\n", mode, (unsigned)strong);
  printf("histogram hash: %08x\n", (unsigned)hist_hash);
  printf("checksum: %08x\n", (unsigned)checksum);
  free(rgb);
  free(gray);
  free(tmp);
  free(blurred);
  free(edges);
  return 0;
}
