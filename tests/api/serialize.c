/* Serialization: a module serializes to the bytes it came from (the .aot file for native
 * code, the .wasm otherwise); those bytes deserialize to an equivalent module. Invalid
 * bytes are refused by wasm_module_validate, wasm_module_new and akira_module_new. */
#include "common.h"

static int32_t fib(wasm_store_t* store, const wasm_module_t* module, int32_t n) {
  wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  wasm_val_t a[1], r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  REQUIRE(instance && !trap);
  wasm_instance_exports(instance, &exports);
  a[0].kind = WASM_I32, a[0].of.i32 = n;
  trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results);
  CHECK(!trap);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  return r[0].of.i32;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t file, serialized, again;
  wasm_module_t *module, *deserialized;
  int is_aot;
  REQUIRE(argc == 2);
  read_file(argv[1], &file);
  is_aot = file.size >= 4 && memcmp(file.data, "\0aot", 4) == 0;
  CHECK(wasm_module_validate(store, &file));
  module = wasm_module_new(store, &file);
  REQUIRE(module);
  CHECK(akira_module_is_aot(module) == (is_aot != 0));
  CHECK(fib(store, module, 20) == 6765);

  wasm_module_serialize(module, &serialized);
  CHECK(serialized.size == file.size && memcmp(serialized.data, file.data, file.size) == 0);
  deserialized = wasm_module_deserialize(store, &serialized);
  REQUIRE(deserialized);
  CHECK(akira_module_is_aot(deserialized) == (is_aot != 0));
  CHECK(fib(store, deserialized, 15) == 610);
  wasm_module_serialize(deserialized, &again);
  CHECK(again.size == serialized.size && memcmp(again.data, serialized.data, again.size) == 0);
  wasm_byte_vec_delete(&again);
  wasm_module_delete(deserialized);

  /* Damaged bytes: a cut, a wrong magic, nothing at all. */
  {
    wasm_byte_vec_t cut, bad, empty = WASM_EMPTY_VEC;
    wasm_module_t* m = NULL;
    akira_error_t* err;
    wasm_byte_vec_new(&cut, serialized.size - 1, serialized.data);
    CHECK(!wasm_module_validate(store, &cut));
    CHECK(wasm_module_new(store, &cut) == NULL);
    CHECK(wasm_module_deserialize(store, &cut) == NULL);
    err = akira_module_new(store, &cut, &m);
    CHECK(err != NULL && m == NULL);
    if (err) {
      CHECK(akira_error_kind(err) == AKIRA_ERROR_MALFORMED);
      CHECK(strlen(akira_error_message(err)) > 0);
      akira_error_delete(err);
    }
    wasm_byte_vec_copy(&bad, &serialized);
    bad.data[1] = 'x';
    CHECK(!wasm_module_validate(store, &bad));
    CHECK(wasm_module_new(store, &bad) == NULL);
    wasm_byte_vec_delete(&bad);
    CHECK(!wasm_module_validate(store, &empty));
    CHECK(wasm_module_new(store, &empty) == NULL);
    wasm_byte_vec_delete(&cut);
    err = akira_module_new(store, &serialized, &m);
    CHECK(err == NULL && m != NULL);
    if (m) wasm_module_delete(m);
  }

  wasm_byte_vec_delete(&serialized);
  wasm_byte_vec_delete(&file);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("serialize");
}
