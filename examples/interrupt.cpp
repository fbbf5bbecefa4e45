// interrupt: stops wasm code that runs forever, from another thread.
// akira_store_interrupt is the one call that may be made on a store while another thread
// runs code in it; the running call returns a trap with code AKIRA_TRAP_CODE_INTERRUPTED
// and the store stays usable.
//   interrupt interrupt.wasm
#include <akira/akira.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string message_of(const wasm_trap_t* trap) {
  wasm_message_t m;
  wasm_trap_message(trap, &m);
  std::string s(m.data, m.size > 0 ? m.size - 1 : 0);  // the size counts the terminating NUL
  wasm_byte_vec_delete(&m);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s interrupt.wasm\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }

  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, bytes.size(), bytes.data());
  wasm_module_t* module = nullptr;
  if (akira_error_t* err = akira_module_new(store, &binary, &module)) {
    std::fprintf(stderr, "%s: %s\n", argv[1], akira_error_message(err));
    akira_error_delete(err);
    return 1;
  }
  wasm_byte_vec_delete(&binary);

  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  const wasm_func_t* spin = wasm_extern_as_func(exports.data[0]);
  const wasm_func_t* answer = wasm_extern_as_func(exports.data[1]);

  // Another thread interrupts whatever the store runs, a little later. (Had the request
  // come first, it would stop the next call at its first loop.)
  std::thread watchdog([store] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    akira_store_interrupt(store);
  });

  std::printf("spinning...\n");
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_val_vec_t no_results = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(spin, &none, &no_results);
  watchdog.join();
  int status = 0;
  if (trap && akira_trap_code(trap) == AKIRA_TRAP_CODE_INTERRUPTED) {
    std::printf("stopped: %s\n", message_of(trap).c_str());
  } else {
    std::printf("unexpected: %s\n", trap ? message_of(trap).c_str() : "spin returned");
    status = 1;
  }
  if (trap) wasm_trap_delete(trap);

  // The store is still usable.
  wasm_val_t result_data[1] = {};
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_data);
  trap = wasm_func_call(answer, &none, &results);
  if (trap) {
    std::printf("unexpected: %s\n", message_of(trap).c_str());
    wasm_trap_delete(trap);
    status = 1;
  } else {
    std::printf("then answer() = %d\n", static_cast<int>(result_data[0].of.i32));
  }

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
