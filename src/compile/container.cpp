// The .aot container: module metadata + the compiled object code, for the loader.
// Not written yet; the driver and the tool already call through write_aot().
#include "compile/compiler.h"

namespace akira::compile {

Result<std::vector<uint8_t>> write_aot(const Module& m, const CompiledModule& cm) {
  (void)m;
  (void)cm;
  return make_error(ErrorKind::Unsupported, "the .aot container is not implemented yet; use --format=object");
}

}  // namespace akira::compile
