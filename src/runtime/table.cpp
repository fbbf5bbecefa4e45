// Table instances: growth and the bulk operations both engines and instantiation use.
#include <algorithm>
#include <cstring>

#include "runtime/store.h"

namespace akira {

int64_t TableInst::grow(uint64_t delta, Ref init) {
  uint64_t old = elems.size();
  if (delta > max || old + delta > max) return -1;
  // Bound host memory: a table entry is a pointer, 2^24 entries is 128 MiB.
  if (old + delta > (1u << 24)) return -1;
  elems.resize(old + delta, init);
  return static_cast<int64_t>(old);
}

TrapCode TableInst::fill(uint64_t dst, Ref r, uint64_t n) {
  if (dst > elems.size() || n > elems.size() - dst) return TrapCode::TableOutOfBounds;
  std::fill_n(elems.begin() + static_cast<ptrdiff_t>(dst), n, r);
  return TrapCode::None;
}

TrapCode TableInst::copy(uint64_t dst, const TableInst& src, uint64_t src_index, uint64_t n) {
  if (dst > elems.size() || n > elems.size() - dst || src_index > src.elems.size() || n > src.elems.size() - src_index)
    return TrapCode::TableOutOfBounds;
  if (n) std::memmove(elems.data() + dst, src.elems.data() + src_index, n * sizeof(Ref));
  return TrapCode::None;
}

TrapCode TableInst::init(uint64_t dst, std::span<const Ref> segment, uint64_t src, uint64_t n) {
  if (dst > elems.size() || n > elems.size() - dst || src > segment.size() || n > segment.size() - src)
    return TrapCode::TableOutOfBounds;
  if (n) std::memmove(elems.data() + dst, segment.data() + src, n * sizeof(Ref));
  return TrapCode::None;
}

}  // namespace akira
