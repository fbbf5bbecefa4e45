// The .aot loader on arbitrary bytes: parse, check and map (never run) a file. The
// checksum is recomputed over the input so the fuzzer reaches the section parser; any
// input must end in a loaded module or an error, never a crash, a leak or UB.
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "aot/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace akira;
  std::vector<uint8_t> bytes(data, data + size);
  // Inputs are .aot files: replace their trailing checksum with the right one.
  if (bytes.size() >= aot::kHashSize + 8) {
    size_t body = bytes.size() - aot::kHashSize;
    crypto_generichash(bytes.data() + body, aot::kHashSize, bytes.data(), body, nullptr, 0);
  }
  auto m = aot::load(bytes, "fuzz.aot");
  (void)m;
  return 0;
}
