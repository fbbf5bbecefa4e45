/* Akira's extensions to the WebAssembly C API (<wasm.h>).
 *
 * Everything here works on the wasm.h types. Fallible calls return an own akira_error_t*
 * (NULL on success) that the caller releases with akira_error_delete.
 *
 *   wasm_engine_t* engine = wasm_engine_new();
 *   akira_limits_t lim = {0, 0, 0};
 *   lim.max_memory_pages = 256;
 *   wasm_store_t* store = akira_store_new_with_limits(engine, &lim);
 *   wasm_module_t* module = NULL;
 *   akira_load_info_t* info = NULL;
 *   akira_error_t* err = akira_module_load(store, "apps/hello", &module, &info);
 *   akira_wasi_config_t* wasi = akira_wasi_config_new();
 *   akira_wasi_config_inherit_stdio(wasi);
 *   wasm_extern_vec_t imports;
 *   err = akira_wasi_imports(store, module, wasi, &imports);   // takes over `wasi`
 *   wasm_instance_t* inst = wasm_instance_new(store, module, &imports, &trap);
 */
#ifndef AKIRA_AKIRA_H
#define AKIRA_AKIRA_H

#include <stddef.h>
#include <stdint.h>

#include "wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "0.1.0" */
WASM_API_EXTERN const char* akira_version(void);

/* ---- Errors ------------------------------------------------------------------------ */

typedef struct akira_error_t akira_error_t;

typedef enum akira_error_kind_t {
  AKIRA_ERROR_MALFORMED = 1, /* not a valid binary */
  AKIRA_ERROR_INVALID,       /* fails validation */
  AKIRA_ERROR_UNLINKABLE,    /* imports cannot be satisfied */
  AKIRA_ERROR_TRAP,          /* execution trapped */
  AKIRA_ERROR_EXHAUSTION,    /* call stack exhausted */
  AKIRA_ERROR_IO,            /* files, directories, host environment */
  AKIRA_ERROR_UNSUPPORTED,   /* a feature this build or machine lacks */
  AKIRA_ERROR_EXIT           /* the program called proc_exit */
} akira_error_kind_t;

WASM_API_EXTERN void akira_error_delete(akira_error_t*);
WASM_API_EXTERN akira_error_kind_t akira_error_kind(const akira_error_t*);
/* Valid until the error is deleted. */
WASM_API_EXTERN const char* akira_error_message(const akira_error_t*);

/* wasm_module_new with the reason for a failure. */
WASM_API_EXTERN akira_error_t* akira_module_new(wasm_store_t*, const wasm_byte_vec_t* binary,
                                                wasm_module_t** module_out);

/* ---- Stores: limits, interruption ------------------------------------------------ */

/* Zero fields keep the default. */
typedef struct akira_limits_t {
  uint64_t max_memory_pages;  /* cap on every memory's size, in 64 KiB pages (default 65536) */
  uint64_t value_stack_bytes; /* interpreter value stack (default 8 MiB) */
  uint32_t max_call_depth;    /* deeper calls trap "call stack exhausted" (default 20000) */
} akira_limits_t;

/* A store with these limits. */
WASM_API_EXTERN wasm_store_t* akira_store_new_with_limits(wasm_engine_t*, const akira_limits_t*);
/* The limits of every store made by wasm_store_new on an engine made from this config. */
WASM_API_EXTERN void akira_config_set_limits(wasm_config_t*, const akira_limits_t*);

/* Makes the call running on `store` (interpreted or compiled) return a trap with code
 * AKIRA_TRAP_CODE_INTERRUPTED. Safe from any thread while the store lives. A request made
 * while nothing runs stops the store's next call at its first loop or call. */
WASM_API_EXTERN void akira_store_interrupt(wasm_store_t*);

/* ---- Traps ------------------------------------------------------------------------- */

typedef uint8_t akira_trap_code_t;
enum akira_trap_code_enum {
  AKIRA_TRAP_CODE_UNREACHABLE = 1,
  AKIRA_TRAP_CODE_INT_DIV_BY_ZERO,
  AKIRA_TRAP_CODE_INT_OVERFLOW,
  AKIRA_TRAP_CODE_INVALID_CONVERSION,
  AKIRA_TRAP_CODE_MEMORY_OUT_OF_BOUNDS,
  AKIRA_TRAP_CODE_TABLE_OUT_OF_BOUNDS,
  AKIRA_TRAP_CODE_UNDEFINED_ELEMENT,
  AKIRA_TRAP_CODE_UNINITIALIZED_ELEMENT,
  AKIRA_TRAP_CODE_INDIRECT_CALL_TYPE_MISMATCH,
  AKIRA_TRAP_CODE_CALL_STACK_EXHAUSTED,
  AKIRA_TRAP_CODE_INTERRUPTED,
  AKIRA_TRAP_CODE_HOST = 64, /* made by wasm_trap_new (e.g. returned by a host function) */
  AKIRA_TRAP_CODE_EXIT,      /* WASI proc_exit: see akira_trap_exit_status */
  AKIRA_TRAP_CODE_ERROR      /* not from running code: bad arguments, failed linking */
};

WASM_API_EXTERN akira_trap_code_t akira_trap_code(const wasm_trap_t*);
/* True when the trap is a WASI proc_exit; stores its status. */
WASM_API_EXTERN bool akira_trap_exit_status(const wasm_trap_t*, int* status);

/* ---- Loading apps: the hybrid choice of `akira run` ---------------------------------- */

typedef struct akira_load_info_t akira_load_info_t;

/* `path` is an app folder (NAME.wasm + NAME_<suffix>.aot), a NAME.wasm (a pack, or with
 * NAME_*.aot beside it) or a NAME.aot. The first .aot whose target matches this machine
 * is loaded, otherwise the .wasm is interpreted. `info_out` (may be NULL) receives what
 * was chosen and why. */
WASM_API_EXTERN akira_error_t* akira_module_load(wasm_store_t*, const char* path, wasm_module_t** module_out,
                                                 akira_load_info_t** info_out);
/* Same, never using native code. */
WASM_API_EXTERN akira_error_t* akira_module_load_interpreted(wasm_store_t*, const char* path,
                                                             wasm_module_t** module_out, akira_load_info_t** info_out);

WASM_API_EXTERN void akira_load_info_delete(akira_load_info_t*);
/* True when native code (a .aot file or pack section) was loaded. */
WASM_API_EXTERN bool akira_load_info_is_aot(const akira_load_info_t*);
/* What was loaded: "app_x86_64.aot", "app.wasm[akira.aot.x86_64]", "app.wasm". */
WASM_API_EXTERN const char* akira_load_info_source(const akira_load_info_t*);
/* Why: "matches x86_64" for native code, else why the .wasm is interpreted. */
WASM_API_EXTERN const char* akira_load_info_reason(const akira_load_info_t*);
/* Every candidate looked at, one line each, then the choice (as `akira run -v`). */
WASM_API_EXTERN size_t akira_load_info_line_count(const akira_load_info_t*);
WASM_API_EXTERN const char* akira_load_info_line(const akira_load_info_t*, size_t i);

/* True when the module runs as native code (loaded from a .aot). */
WASM_API_EXTERN bool akira_module_is_aot(const wasm_module_t*);

/* ---- WASI preview 1 ---------------------------------------------------------------- */

typedef struct akira_wasi_config_t akira_wasi_config_t;

/* No arguments, no environment, no directories; guest stdio is the host's fds 0, 1, 2. */
WASM_API_EXTERN akira_wasi_config_t* akira_wasi_config_new(void);
WASM_API_EXTERN void akira_wasi_config_delete(akira_wasi_config_t*);
/* argv; args[0] is the program name. */
WASM_API_EXTERN void akira_wasi_config_set_args(akira_wasi_config_t*, size_t argc, const char* const* argv);
/* "KEY=VALUE" entries. */
WASM_API_EXTERN void akira_wasi_config_set_env(akira_wasi_config_t*, size_t n, const char* const* env);
WASM_API_EXTERN void akira_wasi_config_preopen_dir(akira_wasi_config_t*, const char* host_path, const char* guest_path);
/* Guest fds 0, 1, 2 are the host's 0, 1, 2 (the default). */
WASM_API_EXTERN void akira_wasi_config_inherit_stdio(akira_wasi_config_t*);
/* Guest stdin/stdout/stderr read or write these host descriptors (not closed by Akira). */
WASM_API_EXTERN void akira_wasi_config_set_stdio_fds(akira_wasi_config_t*, int stdin_fd, int stdout_fd, int stderr_fd);

/* Fills `imports_out` with one entry per import of `module`, in order: WASI functions for
 * imports from "wasi_snapshot_preview1" (unimplemented ones return ENOSYS), NULL for the
 * others (the caller sets them before wasm_instance_new, and deletes the vector after).
 * Takes over `config` in every case; the store keeps the WASI state. */
WASM_API_EXTERN akira_error_t* akira_wasi_imports(wasm_store_t*, const wasm_module_t*, akira_wasi_config_t* config,
                                                  wasm_extern_vec_t* imports_out);

/* ---- Profiles ---------------------------------------------------------------------- */

/* Interpreted code: switch profiling on before running code on the store. Native code
 * counts calls when compiled with `akirac --enable-perf-profiling`. */
WASM_API_EXTERN void akira_store_set_profiling(wasm_store_t*, bool on);

typedef struct akira_profile_t akira_profile_t;

typedef enum akira_profile_kind_t {
  AKIRA_PROFILE_NONE = 0, /* no figures: profiling off, or native code without counters */
  AKIRA_PROFILE_TIMED,    /* interpreter: calls, self and total time */
  AKIRA_PROFILE_COUNTED   /* native code: calls */
} akira_profile_kind_t;

typedef struct akira_profile_entry_t {
  uint32_t func_index; /* function index space */
  const char* name;    /* valid while the profile lives */
  uint64_t calls;
  uint64_t self_ns;  /* AKIRA_PROFILE_TIMED only */
  uint64_t total_ns; /* AKIRA_PROFILE_TIMED only */
} akira_profile_entry_t;

/* The instance's profile so far: functions called at least once, most self time (timed)
 * or most calls (counted) first. Safe to call while its code runs on another thread. */
WASM_API_EXTERN akira_profile_t* akira_instance_profile(const wasm_instance_t*);
WASM_API_EXTERN void akira_profile_delete(akira_profile_t*);
WASM_API_EXTERN akira_profile_kind_t akira_profile_kind(const akira_profile_t*);
WASM_API_EXTERN size_t akira_profile_count(const akira_profile_t*);
WASM_API_EXTERN const akira_profile_entry_t* akira_profile_entry(const akira_profile_t*, size_t i);

#ifdef __cplusplus
}
#endif
#endif /* AKIRA_AKIRA_H */
