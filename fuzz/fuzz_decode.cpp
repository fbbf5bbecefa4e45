// Decode, validate and instantiate arbitrary bytes: any input must end in a value or
// an error, never a crash, a leak or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "decode/decoder.h"
#include "interp/interpreter.h"
#include "runtime/instantiate.h"
#include "validate/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace akira;
  auto mod = decode_module(std::vector<uint8_t>(data, data + size));
  if (!mod) return 0;
  if (!validate_module(**mod).ok()) return 0;
  // A start function could loop forever; instantiating the rest is what we exercise.
  if ((*mod)->start || !(*mod)->imports.empty()) return 0;
  StoreLimits limits;
  limits.max_memory_pages = 16;
  Store store(limits);
  auto inst = instantiate(store, *mod, {}, {}, interp::code());
  (void)inst;
  return 0;
}
