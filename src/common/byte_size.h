// Sizes given on command lines: "4096", "64K", "16M", "1G" (binary suffixes).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace akira {

// nullopt for anything else, or a value that does not fit 64 bits.
std::optional<uint64_t> parse_byte_size(std::string_view s);

}  // namespace akira
