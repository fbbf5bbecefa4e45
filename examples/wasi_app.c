/* wasi_app: runs a WASI command the way `akira run` does, through <akira/akira.h>.
 * APP is an app folder (NAME.wasm and NAME_<target>.aot files), a .wasm or a .aot: the
 * first .aot compiled for this machine runs as native code, otherwise the .wasm is
 * interpreted. The app's exit status becomes this program's.
 *   wasi_app APP [ARGS...] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <akira/akira.h>

static int fail(akira_error_t* err, const char* what) {
  fprintf(stderr, "wasi_app: %s: %s\n", what, akira_error_message(err));
  akira_error_delete(err);
  return 1;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine;
  wasm_store_t* store;
  wasm_module_t* module = NULL;
  akira_load_info_t* info = NULL;
  akira_wasi_config_t* wasi;
  wasm_extern_vec_t imports, exports;
  wasm_exporttype_vec_t export_types;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  const wasm_func_t* start = NULL;
  akira_error_t* err;
  size_t i;
  int status = 0;

  if (argc < 2) {
    fprintf(stderr, "usage: %s APP [ARGS...]\n", argv[0]);
    return 2;
  }
  engine = wasm_engine_new();
  store = wasm_store_new(engine);

  /* The hybrid choice: native code when a .aot matches this machine. */
  err = akira_module_load(store, argv[1], &module, &info);
  if (err) return fail(err, argv[1]);
  printf("loaded %s (%s)\n", akira_load_info_source(info),
         akira_load_info_is_aot(info) ? "native code" : "interpreted");
  for (i = 0; i < akira_load_info_line_count(info); ++i) fprintf(stderr, "  %s\n", akira_load_info_line(info, i));
  akira_load_info_delete(info);

  /* WASI: the app's arguments (its name first), this process's stdin, stdout, stderr. */
  wasi = akira_wasi_config_new();
  akira_wasi_config_set_args(wasi, (size_t)(argc - 1), (const char* const*)(argv + 1));
  akira_wasi_config_inherit_stdio(wasi);
  err = akira_wasi_imports(store, module, wasi, &imports);
  if (err) return fail(err, "WASI");
  for (i = 0; i < imports.size; ++i) {
    if (!imports.data[i]) {
      fprintf(stderr, "wasi_app: import %zu is not a WASI function\n", i);
      return 1;
    }
  }
  instance = wasm_instance_new(store, module, &imports, &trap);
  wasm_extern_vec_delete(&imports);
  if (!instance) {
    fprintf(stderr, "wasi_app: cannot instantiate\n");
    if (trap) wasm_trap_delete(trap);
    return 1;
  }

  /* Find _start among the exports. */
  wasm_module_exports(module, &export_types);
  wasm_instance_exports(instance, &exports);
  for (i = 0; i < export_types.size; ++i) {
    const wasm_name_t* name = wasm_exporttype_name(export_types.data[i]);
    if (name->size == 6 && memcmp(name->data, "_start", 6) == 0) start = wasm_extern_as_func(exports.data[i]);
  }
  if (!start) {
    fprintf(stderr, "wasi_app: no _start\n");
    return 1;
  }

  fflush(stdout); /* the app writes to fd 1 directly */
  {
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    wasm_val_vec_t no_results = WASM_EMPTY_VEC;
    trap = wasm_func_call(start, &none, &no_results);
  }
  if (trap) {
    /* proc_exit comes back as a trap that carries the status. */
    if (!akira_trap_exit_status(trap, &status)) {
      wasm_message_t message;
      wasm_trap_message(trap, &message);
      fprintf(stderr, "wasi_app: trap: %s\n", message.data);
      wasm_byte_vec_delete(&message);
      status = 1;
    }
    wasm_trap_delete(trap);
  }
  printf("exit status: %d\n", status);

  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&export_types);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
