/* Shared helpers of the C API client programs: read a file, compile it, check. */
#ifndef AKIRA_TESTS_API_COMMON_H
#define AKIRA_TESTS_API_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wasm.h>
#include <akira/akira.h>

static int g_failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++g_failures;                                                            \
    }                                                                          \
  } while (0)

#define REQUIRE(cond)                                                                \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      fprintf(stderr, "%s:%d: requirement failed: %s\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                                       \
    }                                                                                \
  } while (0)

/* The test's verdict: 0 when every check passed. */
static inline int finish(const char* name) {
  if (g_failures) {
    fprintf(stderr, "%s: %d check(s) failed\n", name, g_failures);
    return 1;
  }
  printf("%s: ok\n", name);
  return 0;
}

/* Reads a whole file into an own byte vector (exits when it cannot). */
static inline void read_file(const char* path, wasm_byte_vec_t* out) {
  FILE* f = fopen(path, "rb");
  long size;
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  if (size > 0 && fread(out->data, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(1);
  }
  fclose(f);
}

/* Compiles the module in `path` (exits when it cannot). */
static inline wasm_module_t* load_module(wasm_store_t* store, const char* path) {
  wasm_byte_vec_t bytes;
  wasm_module_t* m;
  read_file(path, &bytes);
  m = wasm_module_new(store, &bytes);
  wasm_byte_vec_delete(&bytes);
  if (!m) {
    fprintf(stderr, "cannot compile %s\n", path);
    exit(1);
  }
  return m;
}

/* True when the trap's message (NUL-terminated) equals `text`; deletes nothing. */
static inline int trap_says(const wasm_trap_t* trap, const char* text) {
  wasm_message_t msg;
  int same;
  if (!trap) return 0;
  wasm_trap_message(trap, &msg);
  same = msg.size == strlen(text) + 1 && msg.data[msg.size - 1] == '\0' && strcmp(msg.data, text) == 0;
  if (!same) fprintf(stderr, "trap message: '%.*s', expected '%s'\n", (int)msg.size, msg.data, text);
  wasm_byte_vec_delete(&msg);
  return same;
}

/* The export named `name` of `exports`, as a function (NULL when absent). */
static inline wasm_func_t* export_func(const wasm_module_t* module, const wasm_extern_vec_t* exports,
                                       const char* name) {
  wasm_exporttype_vec_t types;
  wasm_func_t* found = NULL;
  size_t i;
  wasm_module_exports(module, &types);
  for (i = 0; i < types.size && i < exports->size; ++i) {
    const wasm_name_t* n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0) found = wasm_extern_as_func(exports->data[i]);
  }
  wasm_exporttype_vec_delete(&types);
  return found;
}

#endif
