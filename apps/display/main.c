// Display demo: draws a colour gradient, a few rectangles and a bouncing square on
// the device's 240x320 RGB565 framebuffer through the `akira` host module, presenting
// a handful of frames. GET /apps/display/display.png shows the last one.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__wasm__)
#define AKIRA_IMPORT(name) __attribute__((import_module("akira"), import_name(name)))
AKIRA_IMPORT("log") void akira_log(const char* msg, int len);
AKIRA_IMPORT("time_ms") int64_t akira_time_ms(void);
AKIRA_IMPORT("sleep_ms") void akira_sleep_ms(int ms);
AKIRA_IMPORT("display_width") int display_width(void);
AKIRA_IMPORT("display_height") int display_height(void);
AKIRA_IMPORT("display_blit") void display_blit(int x, int y, int w, int h, const uint16_t* pixels);
AKIRA_IMPORT("display_present") void display_present(void);

// The manifest the device reads (custom section ".akira.manifest"): name, version,
// memory limit and capabilities.
__asm__(".section .custom_section..akira.manifest,\"\",@\n"
        ".ascii \"{\\\"name\\\":\\\"display\\\",\\\"version\\\":\\\"1.0\\\",\\\"memory\\\":\\\"4M\\\",\"\n"
        ".ascii \"\\\"capabilities\\\":[\\\"display\\\"]}\"\n"
        ".text\n");
#else
// Native build (for comparing outputs): no display, only the text.
static void akira_log(const char* msg, int len) { printf("%.*s\n", len, msg); }
static int64_t akira_time_ms(void) { return 0; }
static void akira_sleep_ms(int ms) { (void)ms; }
static int display_width(void) { return 240; }
static int display_height(void) { return 320; }
static void display_blit(int x, int y, int w, int h, const uint16_t* p) { (void)x, (void)y, (void)w, (void)h, (void)p; }
static void display_present(void) {}
#endif

#define W 240
#define H 320
static uint16_t fb[W * H];

static uint16_t rgb(int r, int g, int b) { return (uint16_t)(((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3)); }

static void rect(int x0, int y0, int w, int h, uint16_t c) {
  for (int y = y0; y < y0 + h && y < H; ++y)
    for (int x = x0; x < x0 + w && x < W; ++x)
      if (x >= 0 && y >= 0) fb[y * W + x] = c;
}

int main(void) {
  int w = display_width(), h = display_height();
  char line[96];
  int n = snprintf(line, sizeof line, "display %dx%d", w, h);
  akira_log(line, n);
  int64_t t0 = akira_time_ms();
  const int frames = 8;
  for (int f = 0; f < frames; ++f) {
    for (int y = 0; y < H; ++y)
      for (int x = 0; x < W; ++x) fb[y * W + x] = rgb(x * 255 / (W - 1), y * 255 / (H - 1), 128);
    rect(20, 20, 60, 60, rgb(255, 0, 0));
    rect(90, 20, 60, 60, rgb(0, 255, 0));
    rect(160, 20, 60, 60, rgb(0, 0, 255));
    rect(20 + f * 20, 200, 40, 40, rgb(255, 255, 255));
    display_blit(0, 0, W, H, fb);
    display_present();
    akira_sleep_ms(10);
  }
  n = snprintf(line, sizeof line, "presented %d frames in %d ms", frames, (int)(akira_time_ms() - t0));
  akira_log(line, n);
  printf("done\n");
  return 0;
}
