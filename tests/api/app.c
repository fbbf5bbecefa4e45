/* Hybrid loading from akira.h, the choice `akira run` makes: an app folder's matching .aot
 * is loaded as native code, otherwise its .wasm is interpreted, and the load info says
 * which file and why. The loaded module then runs a WASI program with captured stdout.
 *   api_app WORK_DIR APP.wasm APP.aot|- aot|noaot */
#define _POSIX_C_SOURCE 200809L
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static char g_path[4096];

static const char* path2(const char* a, const char* b) {
  snprintf(g_path, sizeof g_path, "%s/%s", a, b);
  return g_path;
}

static void write_file(const char* path, const wasm_byte_vec_t* bytes) {
  FILE* f = fopen(path, "wb");
  REQUIRE(f);
  REQUIRE(fwrite(bytes->data, 1, bytes->size, f) == bytes->size);
  fclose(f);
}

static wasm_trap_t* note_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) { return NULL; }

/* Runs the WASI program's _start; returns its exit status, checks what it printed. */
static int run_app(wasm_store_t* store, wasm_module_t* module) {
  akira_wasi_config_t* config = akira_wasi_config_new();
  wasm_extern_vec_t imports, exports;
  wasm_functype_t* note_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  FILE* out = tmpfile();
  char buf[64];
  ssize_t n;
  int status = -1;
  REQUIRE(out);
  akira_wasi_config_set_stdio_fds(config, 0, fileno(out), 2);
  REQUIRE(akira_wasi_imports(store, module, config, &imports) == NULL);
  REQUIRE(imports.size == 5 && imports.data[4] == NULL);
  imports.data[4] = wasm_func_as_extern(wasm_func_new(store, note_type, note_cb));
  wasm_functype_delete(note_type);
  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);
  wasm_extern_vec_delete(&imports);
  wasm_instance_exports(instance, &exports);
  {
    wasm_val_vec_t none = WASM_EMPTY_VEC, no_results = WASM_EMPTY_VEC;
    trap = wasm_func_call(wasm_extern_as_func(exports.data[1]), &none, &no_results);
  }
  CHECK(trap && akira_trap_exit_status(trap, &status));
  if (trap) wasm_trap_delete(trap);
  n = pread(fileno(out), buf, sizeof buf - 1, 0);
  REQUIRE(n >= 0);
  buf[n] = '\0';
  CHECK(strcmp(buf, "hello from wasi\n") == 0);
  fclose(out);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  return status;
}

/* Loads `path` and checks the choice. */
static void expect_choice(wasm_store_t* store, const char* path, int interpreted_only, int want_aot,
                          const char* want_source, const char* want_in_reason) {
  wasm_module_t* module = NULL;
  akira_load_info_t* info = NULL;
  akira_error_t* err = interpreted_only ? akira_module_load_interpreted(store, path, &module, &info)
                                        : akira_module_load(store, path, &module, &info);
  size_t i;
  if (err) fprintf(stderr, "%s: %s\n", path, akira_error_message(err));
  REQUIRE(err == NULL && module && info);
  CHECK(akira_load_info_is_aot(info) == (want_aot != 0));
  CHECK(akira_module_is_aot(module) == (want_aot != 0));
  CHECK(strcmp(akira_load_info_source(info), want_source) == 0);
  CHECK(strstr(akira_load_info_reason(info), want_in_reason) != NULL);
  if (!strstr(akira_load_info_reason(info), want_in_reason))
    fprintf(stderr, "reason: %s\n", akira_load_info_reason(info));
  CHECK(akira_load_info_line_count(info) >= 2);
  for (i = 0; i < akira_load_info_line_count(info); ++i) CHECK(akira_load_info_line(info, i) != NULL);
  CHECK(akira_load_info_line(info, i) == NULL);
  CHECK(run_app(store, module) == 3);
  akira_load_info_delete(info);
  wasm_module_delete(module);
}

int main(int argc, char** argv) {
  const char *work, *wasm_path, *aot_path;
  int aot_supported;
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t wasm_bytes, aot_bytes, junk;
  char app[4096];
  REQUIRE(argc == 5);
  work = argv[1], wasm_path = argv[2], aot_path = argv[3];
  aot_supported = strcmp(argv[4], "aot") == 0;
  read_file(wasm_path, &wasm_bytes);
  mkdir(work, 0755);
  snprintf(app, sizeof app, "%s/app", work);
  mkdir(app, 0755);
  unlink(path2(app, "app_x86_64.aot"));
  unlink(path2(app, "app_native.aot"));
  write_file(path2(app, "app.wasm"), &wasm_bytes);

  /* Only the .wasm. */
  expect_choice(store, app, 0, 0, "app.wasm", "no .aot");

  /* A .aot that is not one. */
  wasm_byte_vec_new(&junk, 24, "\0aot\1\0\0\0not compiled code at all");
  write_file(path2(app, "app_native.aot"), &junk);
  wasm_byte_vec_delete(&junk);
  expect_choice(store, app, 0, 0, "app.wasm", aot_supported ? "no .aot" : "without AOT support");

  /* A real one for this machine (named after no architecture: the contents decide). */
  if (strcmp(aot_path, "-") != 0) {
    read_file(aot_path, &aot_bytes);
    write_file(path2(app, "app_native.aot"), &aot_bytes);
    expect_choice(store, app, 0, aot_supported, aot_supported ? "app_native.aot" : "app.wasm",
                  aot_supported ? "matches" : "without AOT support");
    /* The .wasm inside the folder, and the interpreter forced. */
    expect_choice(store, app, 1, 0, "app.wasm", "");
    /* serialize gives back the .aot file that was chosen. */
    if (aot_supported) {
      wasm_module_t* module = NULL;
      wasm_byte_vec_t serialized;
      REQUIRE(akira_module_load(store, app, &module, NULL) == NULL);
      wasm_module_serialize(module, &serialized);
      CHECK(serialized.size == aot_bytes.size && memcmp(serialized.data, aot_bytes.data, aot_bytes.size) == 0);
      wasm_byte_vec_delete(&serialized);
      wasm_module_delete(module);
    }
    wasm_byte_vec_delete(&aot_bytes);
  }

  /* Errors are values. */
  {
    wasm_module_t* module = (wasm_module_t*)1;
    akira_load_info_t* info = (akira_load_info_t*)1;
    akira_error_t* err = akira_module_load(store, path2(work, "no-such-app"), &module, &info);
    CHECK(err != NULL && module == NULL && info == NULL);
    if (err) {
      CHECK(strlen(akira_error_message(err)) > 0);
      akira_error_delete(err);
    }
  }

  wasm_byte_vec_delete(&wasm_bytes);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("app");
}
