// UTF-8 well-formedness as the spec requires of names: no overlong forms, no
// surrogates, nothing above U+10FFFF, no truncated sequences.
#pragma once
#include <cstddef>
#include <cstdint>

namespace akira::decode {

bool valid_utf8(const uint8_t* s, size_t n);

}  // namespace akira::decode
