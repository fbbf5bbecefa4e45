// Script values as wast2json writes them, and how results are compared against them.
//
// Numbers are decimal strings of the bits ("1065353216" for f32 1.0); floats may be
// "nan:canonical" or "nan:arithmetic"; v128 has a "lane_type" and one string per lane
// (each lane may be a NaN pattern); funcref/externref are "null" or a number.
// externref N is the host reference N+1 (so that N = 0 is not null).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "engine.h"

namespace akira::wast {

using json = nlohmann::json;

// Converts one argument object ({"type": ..., "value": ...}). Throws std::runtime_error
// on a value it cannot represent.
void parse_arg(const json& arg, TypedValues& out);

// True when `v` of type `t` matches the expected-value object `exp`.
bool matches(const json& exp, ValType t, const Value& v);

// "i32:42", "f32:0x3f800000 (1)", "i32x4:[1 2 3 4]", "externref:7", "funcref:null".
// `lane_type` ("i8".."f64") picks how a v128 is shown; empty shows four i32 lanes.
std::string format_value(ValType t, const Value& v, const std::string& lane_type = {});
std::string format_expected(const json& exp);
// Formats results, showing each v128 with the lane type of the matching expectation.
std::string format_values(const TypedValues& vs, const json* exps = nullptr);
std::string format_expected_list(const json& exps);

// Exact bits, for output another program compares: "i32:0x0000002a", "f64:0x7ff8000000000000",
// "v128:0x" + 32 hex digits (the 128-bit integer, most significant byte first),
// "funcref:null" / "funcref:nonnull", "externref:null" / "externref:N".
std::string format_raw(ValType t, const Value& v);

Ref externref_for(uint64_t n);

}  // namespace akira::wast
