/* coremark: a CPU benchmark in the spirit of EEMBC CoreMark (own code).
 *
 * Each iteration runs three kernels on a small working set and folds their
 * results into a CRC-16:
 *   - list:   a singly linked list of (index, value) records: find values,
 *             reverse the list, merge sort it by value, then by index again;
 *   - matrix: N x N 16-bit matrices: add and multiply by constants, matrix x
 *             vector, matrix x matrix, and sums of extracted bit fields;
 *   - state:  a scanner (state machine) over a generated text of numbers,
 *             classifying each token as integer, decimal, exponent or invalid.
 * Every iteration perturbs the inputs with the previous CRC, so no iteration
 * can be folded away or skipped. The output is the same on every target; it
 * contains no times (the caller measures the run).
 *
 * Usage: coremark [iterations] [size]
 *   iterations - number of iterations (default 40000)
 *   size       - working-set scale: list nodes, matrix side x 4, text length
 *                / 16 (default 32; 4..256)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ CRC-16 */

/* CRC-16/CCITT-FALSE (poly 0x1021, init given by the caller), bitwise. */
static uint16_t crc16_byte(uint16_t crc, uint8_t b) {
  crc ^= (uint16_t)(b << 8);
  for (int i = 0; i < 8; i++)
    crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
  return crc;
}
static uint16_t crc16_u16(uint16_t crc, uint16_t v) {
  crc = crc16_byte(crc, (uint8_t)v);
  return crc16_byte(crc, (uint8_t)(v >> 8));
}
static uint16_t crc16_u32(uint16_t crc, uint32_t v) {
  crc = crc16_u16(crc, (uint16_t)v);
  return crc16_u16(crc, (uint16_t)(v >> 16));
}

/* -------------------------------------------------------------------- list */

typedef struct node {
  struct node *next;
  int16_t value;
  uint16_t index;
} node;

static node *list_build(node *pool, int n, uint16_t seed) {
  node *head = NULL;
  uint16_t x = (uint16_t)(seed | 1u);
  for (int i = n - 1; i >= 0; i--) {
    x = (uint16_t)(x * 25173u + 13849u); /* 16-bit LCG */
    pool[i].value = (int16_t)((x >> 3) & 0x0fff);
    pool[i].index = (uint16_t)i;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

static node *list_find(node *head, int16_t value, int *pos) {
  int p = 0;
  for (; head; head = head->next, p++)
    if (head->value == value) break;
  *pos = head ? p : -1;
  return head;
}

static node *list_reverse(node *head) {
  node *prev = NULL;
  while (head) {
    node *next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  return prev;
}

static int cmp_value(const node *a, const node *b) {
  /* Order by a scrambled value, ties by index: a total order. */
  int va = (a->value ^ 0x5a5) & 0x0fff, vb = (b->value ^ 0x5a5) & 0x0fff;
  if (va != vb) return va - vb;
  return (int)a->index - (int)b->index;
}
static int cmp_index(const node *a, const node *b) { return (int)a->index - (int)b->index; }

/* Bottom-up merge sort of a linked list (no recursion, no extra memory). */
static node *list_sort(node *head, int (*cmp)(const node *, const node *)) {
  if (!head) return head;
  for (int width = 1;; width *= 2) {
    node *p = head, *tail = NULL;
    int merges = 0;
    head = NULL;
    while (p) {
      merges++;
      node *q = p;
      int psize = 0;
      for (int i = 0; i < width && q; i++) {
        psize++;
        q = q->next;
      }
      int qsize = width;
      while (psize > 0 || (qsize > 0 && q)) {
        node *e;
        if (psize == 0) {
          e = q; q = q->next; qsize--;
        } else if (qsize == 0 || !q || cmp(p, q) <= 0) {
          e = p; p = p->next; psize--;
        } else {
          e = q; q = q->next; qsize--;
        }
        if (tail) tail->next = e; else head = e;
        tail = e;
      }
      p = q;
    }
    tail->next = NULL;
    if (merges <= 1) return head;
  }
}

static uint16_t list_kernel(node *pool, int n, uint16_t seed) {
  node *head = list_build(pool, n, seed);
  uint16_t crc = seed;
  /* Look up a few values; some exist, some do not. */
  for (int k = 0; k < 8; k++) {
    int pos;
    int16_t want = (k & 1) ? pool[(seed + 7 * k) % n].value : (int16_t)(0x1000 + k);
    node *f = list_find(head, want, &pos);
    crc = crc16_u16(crc, (uint16_t)pos);
    if (f) crc = crc16_u16(crc, f->index);
  }
  head = list_reverse(head);
  crc = crc16_u16(crc, head->index);
  head = list_sort(head, cmp_value);
  int i = 0;
  for (node *p = head; p; p = p->next, i++)
    if ((i & 3) == 0) crc = crc16_u16(crc, (uint16_t)p->value);
  /* Modify while sorted, then restore the original order. */
  for (node *p = head; p; p = p->next) p->value = (int16_t)(p->value + (p->index & 7));
  head = list_sort(head, cmp_index);
  for (node *p = head; p; p = p->next) crc = crc16_u16(crc, (uint16_t)(p->value ^ p->index));
  return crc;
}

/* ------------------------------------------------------------------ matrix */

static void mat_init(int16_t *a, int16_t *b, int n, uint16_t seed) {
  uint32_t x = seed ? seed : 1u;
  for (int i = 0; i < n * n; i++) {
    x = x * 1103515245u + 12345u;
    a[i] = (int16_t)((x >> 16) & 0x00ff);
    b[i] = (int16_t)(((x >> 8) & 0x00ff) - 128);
  }
}

static uint32_t bits_sum(const int32_t *c, int n) {
  /* Sum bit fields 2..5 and 6..13 of every element. */
  uint32_t s = 0;
  for (int i = 0; i < n * n; i++) {
    uint32_t v = (uint32_t)c[i];
    s += ((v >> 2) & 0x0f) * ((v >> 6) & 0xff);
  }
  return s;
}

static uint16_t matrix_kernel(int16_t *a, int16_t *b, int32_t *c, int n, uint16_t seed) {
  uint16_t crc = seed;
  int16_t k = (int16_t)(seed & 0x7) + 3;
  mat_init(a, b, n, seed);
  /* A += k */
  for (int i = 0; i < n * n; i++) a[i] = (int16_t)(a[i] + k);
  /* C = A * k (scalar) */
  for (int i = 0; i < n * n; i++) c[i] = (int32_t)a[i] * k;
  crc = crc16_u32(crc, bits_sum(c, n));
  /* C = A x column 0 of B (matrix x vector, in column 0 of C) */
  for (int i = 0; i < n; i++) {
    int32_t s = 0;
    for (int j = 0; j < n; j++) s += (int32_t)a[i * n + j] * b[j * n];
    c[i * n] = s;
  }
  crc = crc16_u32(crc, bits_sum(c, n));
  /* C = A x B */
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      int32_t s = 0;
      for (int t = 0; t < n; t++) s += (int32_t)a[i * n + t] * b[t * n + j];
      c[i * n + j] = s;
    }
  crc = crc16_u32(crc, bits_sum(c, n));
  /* C = A x B with bit extraction of the products */
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      int32_t s = 0;
      for (int t = 0; t < n; t++) {
        int32_t p = (int32_t)a[i * n + t] * b[t * n + j];
        s += (p >> 2) & 0x0f;
        s += (p >> 5) & 0x7f;
      }
      c[i * n + j] = s;
    }
  crc = crc16_u32(crc, bits_sum(c, n));
  /* A -= k restores A */
  for (int i = 0; i < n * n; i++) a[i] = (int16_t)(a[i] - k);
  crc = crc16_u16(crc, (uint16_t)a[(seed * 31u) % (unsigned)(n * n)]);
  return crc;
}

/* ------------------------------------------------------------ state machine */

enum { S_START, S_INT, S_SIGN, S_DOT, S_FRAC, S_EXP, S_EXPSIGN, S_EXPINT, S_INVALID, S_COUNT };

static void text_build(char *s, int len, uint16_t seed) {
  static const char *const pieces[] = {"5012", "1234", "-874", "+122", "35.54400", ".1234500",
                                       "-110.700", "+0.64400", "5.500e+3", "-.123e-2", "-87e+832",
                                       "+0.6e-12", "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^"};
  uint32_t x = seed;
  int p = 0;
  while (p + 10 < len) {
    x = x * 1664525u + 1013904223u;
    const char *piece = pieces[(x >> 24) & 15];
    size_t l = strlen(piece);
    memcpy(s + p, piece, l);
    p += (int)l;
    s[p++] = ',';
  }
  s[p] = '\0';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Scans one token up to ',' or the end; returns the final state and advances *pp. */
static int scan_token(const char **pp, uint32_t transitions[S_COUNT]) {
  const char *p = *pp;
  int state = S_START;
  for (; *p && *p != ','; p++) {
    char c = *p;
    int next = state;
    switch (state) {
      case S_START:
        if (is_digit(c)) next = S_INT;
        else if (c == '+' || c == '-') next = S_SIGN;
        else if (c == '.') next = S_DOT;
        else next = S_INVALID;
        break;
      case S_SIGN:
        if (is_digit(c)) next = S_INT;
        else if (c == '.') next = S_DOT;
        else next = S_INVALID;
        break;
      case S_INT:
        if (c == '.') next = S_DOT;
        else if (c == 'e' || c == 'E') next = S_EXP;
        else if (!is_digit(c)) next = S_INVALID;
        break;
      case S_DOT:
        next = is_digit(c) ? S_FRAC : S_INVALID;
        break;
      case S_FRAC:
        if (c == 'e' || c == 'E') next = S_EXP;
        else if (!is_digit(c)) next = S_INVALID;
        break;
      case S_EXP:
        if (c == '+' || c == '-') next = S_EXPSIGN;
        else if (is_digit(c)) next = S_EXPINT;
        else next = S_INVALID;
        break;
      case S_EXPSIGN:
      case S_EXPINT:
        next = is_digit(c) ? S_EXPINT : S_INVALID;
        break;
      default:
        break;
    }
    if (next != state) transitions[next]++;
    state = next;
  }
  *pp = *p ? p + 1 : p;
  return state;
}

static uint16_t state_kernel(char *text, int len, uint16_t seed) {
  uint32_t finals[S_COUNT] = {0}, transitions[S_COUNT] = {0};
  uint16_t crc = seed;
  text_build(text, len, seed);
  /* Two passes: as built, then with every (seed-chosen) 7th character corrupted. */
  for (int pass = 0; pass < 2; pass++) {
    const char *p = text;
    while (*p) finals[scan_token(&p, transitions)]++;
    for (int i = seed % 7; i < len && text[i]; i += 7)
      if (text[i] != ',') text[i] = (char)(text[i] ^ 1);
  }
  for (int s = 0; s < S_COUNT; s++) {
    crc = crc16_u32(crc, finals[s]);
    crc = crc16_u32(crc, transitions[s]);
  }
  return crc;
}

/* -------------------------------------------------------------------- main */

int main(int argc, char **argv) {
  long iterations = argc > 1 ? atol(argv[1]) : 40000;
  int size = argc > 2 ? atoi(argv[2]) : 32;
  if (iterations < 1 || size < 4 || size > 256) {
    fprintf(stderr, "usage: coremark [iterations >= 1] [size 4..256]\n");
    return 2;
  }
  int list_n = size * 4, mat_n = size / 2 > 2 ? size / 2 : 2, text_len = size * 16;
  node *pool = malloc(sizeof(node) * (size_t)list_n);
  int16_t *a = malloc(sizeof(int16_t) * (size_t)(mat_n * mat_n));
  int16_t *b = malloc(sizeof(int16_t) * (size_t)(mat_n * mat_n));
  int32_t *c = malloc(sizeof(int32_t) * (size_t)(mat_n * mat_n));
  char *text = malloc((size_t)text_len + 1);
  if (!pool || !a || !b || !c || !text) {
    fprintf(stderr, "coremark: out of memory\n");
    return 1;
  }

  uint16_t crc_list = 0, crc_matrix = 0, crc_state = 0, crc = 0xffff;
  for (long it = 0; it < iterations; it++) {
    uint16_t seed = (uint16_t)(crc ^ (uint16_t)it);
    crc_list = list_kernel(pool, list_n, seed);
    crc_matrix = matrix_kernel(a, b, c, mat_n, (uint16_t)(seed + 1));
    crc_state = state_kernel(text, text_len, (uint16_t)(seed + 2));
    crc = crc16_u16(crc, crc_list);
    crc = crc16_u16(crc, crc_matrix);
    crc = crc16_u16(crc, crc_state);
  }

  printf("coremark: %ld iterations, size %d (list %d, matrix %dx%d, text %d)\n", iterations, size,
         list_n, mat_n, mat_n, text_len);
  printf("last crcs: list %04x matrix %04x state %04x\n", crc_list, crc_matrix, crc_state);
  printf("checksum: %04x\n", crc);
  free(pool);
  free(a);
  free(b);
  free(c);
  free(text);
  return 0;
}
