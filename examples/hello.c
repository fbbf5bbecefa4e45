/* hello: the smallest embedding through the standard C API (<wasm.h>) alone.
 * Loads a module, gives it a host function to import, calls one of its exports.
 *   hello hello.wasm        (a .aot compiled from it by akirac works too) */
#include <stdio.h>
#include <stdlib.h>

#include <wasm.h>

/* The host function the module imports as host.hello: (i32) -> i32. */
static wasm_trap_t* hello_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  printf("Calling back...\n> Hello World! (from wasm: %d)\n", (int)args->data[0].of.i32);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return NULL;
}

static int read_file(const char* path, wasm_byte_vec_t* out) {
  FILE* f = fopen(path, "rb");
  long size;
  if (!f) return 0;
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  if (fread(out->data, 1, (size_t)size, f) != (size_t)size) {
    fclose(f);
    wasm_byte_vec_delete(out);
    return 0;
  }
  fclose(f);
  return 1;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine;
  wasm_store_t* store;
  wasm_byte_vec_t binary;
  wasm_module_t* module;
  wasm_functype_t* hello_type;
  wasm_func_t* hello_func;
  wasm_instance_t* instance;
  wasm_extern_vec_t exports;
  wasm_trap_t* trap = NULL;
  const wasm_func_t* run;
  int status = 1;

  if (argc != 2) {
    fprintf(stderr, "usage: %s MODULE.wasm\n", argv[0]);
    return 2;
  }
  printf("Initializing...\n");
  engine = wasm_engine_new();
  store = wasm_store_new(engine);

  printf("Loading binary...\n");
  if (!read_file(argv[1], &binary)) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }

  printf("Compiling module...\n");
  module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) {
    fprintf(stderr, "not a valid module\n");
    return 1;
  }

  printf("Creating callback...\n");
  hello_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  hello_func = wasm_func_new(store, hello_type, hello_callback);
  wasm_functype_delete(hello_type);

  printf("Instantiating module...\n");
  {
    wasm_extern_t* imports_data[] = {wasm_func_as_extern(hello_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
    instance = wasm_instance_new(store, module, &imports, &trap);
  }
  if (!instance) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    fprintf(stderr, "cannot instantiate: %s\n", message.data);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    return 1;
  }

  printf("Extracting export...\n");
  wasm_instance_exports(instance, &exports);
  run = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
  if (run) {
    wasm_val_t args_data[] = {WASM_I32_VAL(41)};
    wasm_val_t results_data[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(args_data);
    wasm_val_vec_t results = WASM_ARRAY_VEC(results_data);
    printf("Calling export...\n");
    trap = wasm_func_call(run, &args, &results);
    if (trap) {
      wasm_message_t message;
      wasm_trap_message(trap, &message);
      fprintf(stderr, "trap: %s\n", message.data);
      wasm_byte_vec_delete(&message);
      wasm_trap_delete(trap);
    } else {
      printf("Result: %d\n", (int)results_data[0].of.i32);
      status = 0;
    }
  }

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(hello_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return status;
}
