/* WASI through akira.h: configured arguments and environment, stdout captured in a file,
 * imports of other modules left to the embedder, and the status of proc_exit. */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>

#include "common.h"

static int g_notes = 0;
static int32_t g_errno = -1;

static wasm_trap_t* note_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  ++g_notes;
  g_errno = args->data[0].of.i32;
  return NULL;
}

static int32_t call0(wasm_func_t* f) {
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  return r[0].of.i32;
}

int main(int argc, char** argv) {
  static const char* const args[] = {"prog", "one", "two words"};
  static const char* const env[] = {"A=1", "B=2"};
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  akira_wasi_config_t* config = akira_wasi_config_new();
  wasm_extern_vec_t imports, exports;
  wasm_functype_t* note_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* note;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  akira_error_t* err;
  FILE* out = tmpfile();
  char buf[64];
  ssize_t n;
  int status = -1;
  REQUIRE(argc == 2 && out);
  module = load_module(store, argv[1]);

  akira_wasi_config_set_args(config, 3, args);
  akira_wasi_config_set_env(config, 2, env);
  akira_wasi_config_inherit_stdio(config);
  akira_wasi_config_set_stdio_fds(config, 0, fileno(out), 2);
  err = akira_wasi_imports(store, module, config, &imports);
  REQUIRE(err == NULL);
  REQUIRE(imports.size == 5);
  CHECK(imports.data[0] && imports.data[1] && imports.data[2] && imports.data[3]);
  CHECK(imports.data[4] == NULL); /* env.note is the embedder's */
  note = wasm_func_new(store, note_type, note_cb);
  wasm_functype_delete(note_type);
  imports.data[4] = wasm_func_as_extern(note); /* the vector now owns it */

  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);
  wasm_extern_vec_delete(&imports);
  wasm_instance_exports(instance, &exports);
  REQUIRE(exports.size == 5);

  CHECK(call0(wasm_extern_as_func(exports.data[3])) == 3);
  CHECK(call0(wasm_extern_as_func(exports.data[4])) == 2);
  CHECK(call0(wasm_extern_as_func(exports.data[2])) == 0); /* fd_write: success */

  /* _start writes, reports fd_write's errno, then exits with status 3. */
  {
    wasm_val_vec_t none = WASM_EMPTY_VEC, no_results = WASM_EMPTY_VEC;
    trap = wasm_func_call(wasm_extern_as_func(exports.data[1]), &none, &no_results);
  }
  REQUIRE(trap != NULL);
  CHECK(akira_trap_code(trap) == AKIRA_TRAP_CODE_EXIT);
  CHECK(akira_trap_exit_status(trap, &status) && status == 3);
  wasm_trap_delete(trap);
  CHECK(g_notes == 1 && g_errno == 0);

  n = pread(fileno(out), buf, sizeof buf - 1, 0);
  REQUIRE(n >= 0);
  buf[n] = '\0';
  CHECK(strcmp(buf, "hello from wasi\nhello from wasi\n") == 0);
  fclose(out);

  /* A directory that cannot be opened is an error, and the configuration is taken over. */
  config = akira_wasi_config_new();
  akira_wasi_config_preopen_dir(config, "/nonexistent/akira-test-dir", "/data");
  err = akira_wasi_imports(store, module, config, &imports);
  CHECK(err != NULL && imports.size == 0);
  if (err) {
    CHECK(akira_error_kind(err) == AKIRA_ERROR_IO);
    akira_error_delete(err);
  }
  wasm_extern_vec_delete(&imports);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("wasi");
}
