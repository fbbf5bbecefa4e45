/* crypto: SHA-256 (FIPS 180-4) and ChaCha20 (RFC 8439) in portable C.
 *
 * First checks both primitives against published test vectors, then runs a
 * throughput workload: a generated 1 MiB buffer is encrypted with ChaCha20
 * (the key stream continues from block to block), every ciphertext chunk is
 * fed into a running SHA-256, and the chunk is decrypted again and compared
 * with the plaintext.
 *
 * Usage: crypto [mebibytes]   (default 48)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- SHA-256 */

typedef struct {
  uint32_t h[8];
  uint8_t buf[64];
  uint64_t len; /* bytes */
  size_t fill;
} Sha256;

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror32(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
static uint32_t rol32(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static uint32_t load_be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}
static uint32_t load_le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static void store_le32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

static void sha256_block(uint32_t h[8], const uint8_t *p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++) w[i] = load_be32(p + 4 * i);
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = hh + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
    uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d;
  h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256_init(Sha256 *s) {
  static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(s->h, iv, sizeof iv);
  s->len = 0;
  s->fill = 0;
}

static void sha256_update(Sha256 *s, const uint8_t *p, size_t n) {
  s->len += n;
  if (s->fill) {
    size_t take = 64 - s->fill < n ? 64 - s->fill : n;
    memcpy(s->buf + s->fill, p, take);
    s->fill += take;
    p += take;
    n -= take;
    if (s->fill < 64) return;
    sha256_block(s->h, s->buf);
    s->fill = 0;
  }
  for (; n >= 64; n -= 64, p += 64) sha256_block(s->h, p);
  memcpy(s->buf, p, n);
  s->fill = n;
}

static void sha256_final(Sha256 *s, uint8_t out[32]) {
  uint64_t bits = s->len * 8;
  uint8_t pad[72] = {0x80};
  size_t padlen = (s->fill < 56 ? 56 : 120) - s->fill;
  for (int i = 0; i < 8; i++) pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
  sha256_update(s, pad, padlen + 8);
  for (int i = 0; i < 8; i++) {
    out[4 * i] = (uint8_t)(s->h[i] >> 24);
    out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
    out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
    out[4 * i + 3] = (uint8_t)s->h[i];
  }
}

/* --------------------------------------------------------------- ChaCha20 */

typedef struct {
  uint32_t state[16];
  uint8_t stream[64];
  size_t used; /* bytes of stream already consumed */
} ChaCha20;

#define QR(a, b, c, d)                                                                             \
  do {                                                                                             \
    a += b; d ^= a; d = rol32(d, 16);                                                              \
    c += d; b ^= c; b = rol32(b, 12);                                                              \
    a += b; d ^= a; d = rol32(d, 8);                                                               \
    c += d; b ^= c; b = rol32(b, 7);                                                               \
  } while (0)

static void chacha20_block(const uint32_t in[16], uint8_t out[64]) {
  uint32_t x[16];
  memcpy(x, in, sizeof x);
  for (int i = 0; i < 10; i++) {
    QR(x[0], x[4], x[8], x[12]);
    QR(x[1], x[5], x[9], x[13]);
    QR(x[2], x[6], x[10], x[14]);
    QR(x[3], x[7], x[11], x[15]);
    QR(x[0], x[5], x[10], x[15]);
    QR(x[1], x[6], x[11], x[12]);
    QR(x[2], x[7], x[8], x[13]);
    QR(x[3], x[4], x[9], x[14]);
  }
  for (int i = 0; i < 16; i++) store_le32(out + 4 * i, x[i] + in[i]);
}

static void chacha20_init(ChaCha20 *c, const uint8_t key[32], const uint8_t nonce[12], uint32_t counter) {
  c->state[0] = 0x61707865;
  c->state[1] = 0x3320646e;
  c->state[2] = 0x79622d32;
  c->state[3] = 0x6b206574;
  for (int i = 0; i < 8; i++) c->state[4 + i] = load_le32(key + 4 * i);
  c->state[12] = counter;
  for (int i = 0; i < 3; i++) c->state[13 + i] = load_le32(nonce + 4 * i);
  c->used = 64;
}

static void chacha20_xor(ChaCha20 *c, const uint8_t *in, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (c->used == 64) {
      chacha20_block(c->state, c->stream);
      c->state[12]++;
      c->used = 0;
    }
    out[i] = in[i] ^ c->stream[c->used++];
  }
}

/* ------------------------------------------------------------ test vectors */

static int hex_equal(const uint8_t *got, const char *hex, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    if (sscanf(hex + 2 * i, "%2x", &v) != 1 || got[i] != v) return 0;
  }
  return hex[2 * n] == '\0';
}

static void to_hex(const uint8_t *p, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[p[i] >> 4];
    out[2 * i + 1] = digits[p[i] & 15];
  }
  out[2 * n] = '\0';
}

static int check_sha256(const char *name, const char *msg, const char *expect) {
  Sha256 s;
  uint8_t d[32];
  sha256_init(&s);
  sha256_update(&s, (const uint8_t *)msg, strlen(msg));
  sha256_final(&s, d);
  int ok = hex_equal(d, expect, 32);
  printf("SHA-256 %-28s %s\n", name, ok ? "PASS" : "FAIL");
  return ok;
}

static int check_chacha20(void) {
  /* RFC 8439 section 2.4.2. */
  uint8_t key[32], nonce[12] = {0, 0, 0, 0, 0, 0, 0, 0x4a, 0, 0, 0, 0};
  for (int i = 0; i < 32; i++) key[i] = (uint8_t)i;
  const char *plain =
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
      "future, sunscreen would be it.";
  const char *expect =
      "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
      "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
      "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
      "5af90bbf74a35be6b40b8eedf2785e42874d";
  size_t n = strlen(plain);
  uint8_t ct[128], back[128];
  ChaCha20 c;
  chacha20_init(&c, key, nonce, 1);
  chacha20_xor(&c, (const uint8_t *)plain, ct, n);
  chacha20_init(&c, key, nonce, 1);
  chacha20_xor(&c, ct, back, n);
  int ok = hex_equal(ct, expect, n) && memcmp(back, plain, n) == 0;
  printf("ChaCha20 %-27s %s\n", "RFC 8439 2.4.2", ok ? "PASS" : "FAIL");
  return ok;
}

/* ---------------------------------------------------------------- workload */

int main(int argc, char **argv) {
  int mib = argc > 1 ? atoi(argv[1]) : 48;
  if (mib < 1 || mib > 65536) {
    fprintf(stderr, "usage: crypto [mebibytes 1..65536]\n");
    return 2;
  }

  int ok = 1;
  ok &= check_sha256("\"abc\"", "abc",
                     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  ok &= check_sha256("\"\"", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  ok &= check_sha256("448-bit message", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  ok &= check_chacha20();

  enum { CHUNK = 1 << 20 };
  uint8_t *plain = malloc(CHUNK), *ct = malloc(CHUNK), *back = malloc(CHUNK);
  if (!plain || !ct || !back) {
    fprintf(stderr, "crypto: out of memory\n");
    return 1;
  }
  uint32_t x = 0xC0FFEEu; /* xorshift32 */
  for (size_t i = 0; i < CHUNK; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    plain[i] = (uint8_t)(x >> 24);
  }
  uint8_t key[32], nonce[12];
  for (int i = 0; i < 32; i++) key[i] = (uint8_t)(0xA5 ^ (i * 7));
  for (int i = 0; i < 12; i++) nonce[i] = (uint8_t)(i * 13 + 1);

  ChaCha20 enc, dec;
  chacha20_init(&enc, key, nonce, 0);
  chacha20_init(&dec, key, nonce, 0);
  Sha256 hs;
  sha256_init(&hs);
  int roundtrip_ok = 1;
  for (int m = 0; m < mib; m++) {
    chacha20_xor(&enc, plain, ct, CHUNK);
    sha256_update(&hs, ct, CHUNK);
    chacha20_xor(&dec, ct, back, CHUNK);
    if (memcmp(back, plain, CHUNK) != 0) roundtrip_ok = 0;
    plain[(size_t)m * 4099 % CHUNK] ^= ct[m % CHUNK]; /* vary the input */
  }
  uint8_t digest[32];
  char hex[65];
  sha256_final(&hs, digest);
  to_hex(digest, 32, hex);
  printf("round trip over %d MiB: %s\n", mib, roundtrip_ok ? "PASS" : "FAIL");
  printf("SHA-256 of ciphertext: %s\n", hex);
  ok &= roundtrip_ok;
  printf("%s\n", ok ? "PASS" : "FAIL");
  free(plain);
  free(ct);
  free(back);
  return ok ? 0 : 1;
}
