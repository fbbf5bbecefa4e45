/* Akira embedding API: load, link and run WebAssembly modules from C or C++.
 *
 * Stable C interface; every internal type stays behind an opaque handle, and every
 * fallible call reports through an akira_error instead of throwing or aborting.
 *
 *   akira_engine* e = akira_engine_new(NULL);
 *   akira_module* m = akira_module_new(e, bytes, len, &err);      // decode + validate
 *   akira_engine_link_wasi(e, m, argc, argv, NULL, 0, &err);       // optional
 *   akira_instance* i = akira_instantiate(e, m, "main", &err);
 *   akira_invoke(e, i, "_start", NULL, 0, NULL, 0, &err);
 */
#ifndef AKIRA_AKIRA_H
#define AKIRA_AKIRA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct akira_engine akira_engine;
typedef struct akira_module akira_module;
typedef struct akira_instance akira_instance;

typedef enum akira_error_kind {
  AKIRA_OK = 0,
  AKIRA_MALFORMED,    /* not a valid binary */
  AKIRA_INVALID,      /* fails validation */
  AKIRA_UNLINKABLE,   /* imports cannot be satisfied */
  AKIRA_TRAP,         /* execution trapped */
  AKIRA_EXHAUSTION,   /* call stack exhausted */
  AKIRA_IO,
  AKIRA_UNSUPPORTED,
  AKIRA_EXIT          /* the program called proc_exit; see exit_code */
} akira_error_kind;

typedef struct akira_error {
  akira_error_kind kind;
  char message[256];   /* e.g. "integer divide by zero" */
  int64_t offset;      /* byte offset in the module, or -1 */
  int64_t func_index;  /* function index, or -1 */
  int32_t exit_code;   /* kind == AKIRA_EXIT */
} akira_error;

typedef union akira_value {
  uint32_t i32;
  uint64_t i64;
  float f32;
  double f64;
  uint8_t v128[16];
  void* ref;
} akira_value;

typedef struct akira_limits {
  uint64_t max_memory_pages;   /* 0: the Wasm maximum (65536 pages, 4 GiB) */
  uint64_t value_stack_bytes;  /* 0: default */
  uint32_t max_call_depth;     /* 0: default */
} akira_limits;

/* A host function: read args, write results, return 0; or fill *err and return -1
 * (kind AKIRA_TRAP to trap). `memory`/`memory_size` are the caller's linear memory. */
typedef int (*akira_host_fn)(void* user, uint8_t* memory, uint64_t memory_size,
                             const akira_value* args, akira_value* results, akira_error* err);

const char* akira_version(void);

akira_engine* akira_engine_new(const akira_limits* limits);
void akira_engine_delete(akira_engine* engine);

/* Decodes and validates a module; the bytes are copied. */
akira_module* akira_module_new(akira_engine* engine, const uint8_t* bytes, size_t size,
                               akira_error* err);
void akira_module_delete(akira_module* module);

/* Defines module.name as a host function. `signature` uses one letter per value type,
 * params then '>' then results: i=i32 I=i64 f=f32 F=f64, e.g. "ii>i". */
int akira_define_func(akira_engine* engine, const char* module, const char* name,
                      const char* signature, akira_host_fn fn, void* user, akira_error* err);

/* Provides WASI preview 1 to later instantiations (stdio of this process). */
int akira_engine_link_wasi(akira_engine* engine, const akira_module* module, int argc,
                           const char* const* argv, const char* const* preopen_dirs,
                           size_t preopen_count, akira_error* err);

/* Instantiates against everything defined so far and registers the instance's exports
 * under `name` (when not NULL) for modules instantiated later. */
akira_instance* akira_instantiate(akira_engine* engine, const akira_module* module,
                                  const char* name, akira_error* err);

/* Calls an exported function. Argument and result counts must match its type. */
int akira_invoke(akira_engine* engine, akira_instance* instance, const char* export_name,
                 const akira_value* args, size_t nargs, akira_value* results, size_t nresults,
                 akira_error* err);

/* Memory 0 of the instance (NULL when it has none). */
uint8_t* akira_instance_memory(akira_instance* instance, uint64_t* size);

#ifdef __cplusplus
}
#endif
#endif /* AKIRA_AKIRA_H */
