// Native code on POSIX: an anonymous mapping, written, then W^X.
#include "platform/code_memory.h"

#include <sys/mman.h>
#include <unistd.h>

namespace akira::platform {

size_t code_page_size() {
  static const size_t page = [] {
    long p = sysconf(_SC_PAGESIZE);
    return p > 0 ? static_cast<size_t>(p) : size_t{0};
  }();
  return page;
}

uint8_t* allocate_code(size_t size) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

bool protect_code(uint8_t* base, size_t code_bytes, size_t rodata_offset, size_t rodata_bytes) {
  size_t page = code_page_size();
  if (!page) return false;
  size_t code_end = (code_bytes + page - 1) / page * page;
  size_t ro_end = (rodata_offset + rodata_bytes + page - 1) / page * page;
  __builtin___clear_cache(reinterpret_cast<char*>(base), reinterpret_cast<char*>(base + code_bytes));
  if (code_end && mprotect(base, code_end, PROT_READ | PROT_EXEC) != 0) return false;
  if (ro_end > rodata_offset && mprotect(base + rodata_offset, ro_end - rodata_offset, PROT_READ) != 0) return false;
  return true;
}

void release_code(uint8_t* base, size_t size) {
  if (base) munmap(base, size);
}

}  // namespace akira::platform
