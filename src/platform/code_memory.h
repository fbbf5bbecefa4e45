// Memory for native code loaded from .aot files. With an MMU the image is mapped
// writable, copied and relocated, then made executable and not writable (W^X): code
// read+execute, read-only data read-only. Without one (microcontrollers) it is simply
// copied into RAM the CPU can execute from, and protect() only makes the writes visible
// to instruction fetch.
#pragma once
#include <cstddef>
#include <cstdint>

namespace akira::platform {

// Granularity of protect(): a power of two the .aot segment alignment must be a
// multiple of; 1 when memory cannot be protected.
size_t code_page_size();

// `size` bytes (> 0), zeroed, writable, aligned to code_page_size(); null on failure.
uint8_t* allocate_code(size_t size);

// Finishes an image from allocate_code: [base, base + code_bytes) becomes executable and
// not writable, [base + rodata_offset, + rodata_bytes) read-only (both rounded up to
// code_page_size(); rodata_offset is a multiple of it), the rest stays writable; the
// instruction cache is synchronised with the code. False on failure.
bool protect_code(uint8_t* base, size_t code_bytes, size_t rodata_offset, size_t rodata_bytes);

// Returns an image from allocate_code.
void release_code(uint8_t* base, size_t size);

}  // namespace akira::platform
