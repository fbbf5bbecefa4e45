// The pre-linker: lays the relocatable ELF objects LLVM produced into one image and
// resolves their relocations at compile time, leaving only the two target-independent
// kinds of the .aot format (add the load address; add a runtime symbol's address).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "aot/format.h"
#include "common/error.h"

namespace akira::compile {

struct PrelinkedImage {
  aot::ImageLayout layout;
  std::vector<uint8_t> bytes;  // code, rodata, data back to back (no padding, no bss)
  std::vector<aot::Reloc> relocs;
  std::vector<std::string> symbols;  // runtime library functions referenced
  std::vector<aot::FuncEntry> funcs;
};

// `objects`: ELF relocatable objects for `arch` (a canonical target name).
// `func_symbols` / `entry_symbols`: per defined function, the symbols to export.
Result<PrelinkedImage> prelink(const std::string& arch, std::span<const std::vector<uint8_t>> objects,
                               std::span<const std::string> func_symbols, std::span<const std::string> entry_symbols);

}  // namespace akira::compile
