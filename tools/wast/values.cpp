#include "values.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace akira::wast {
namespace {

// Parses a decimal string of bits; a leading '-' is accepted and wraps.
uint64_t parse_bits(const std::string& s) {
  if (s.empty()) throw std::runtime_error("empty number");
  size_t pos = 0;
  uint64_t v;
  if (s[0] == '-') {
    v = static_cast<uint64_t>(std::stoll(s, &pos, 10));
  } else {
    v = std::stoull(s, &pos, 10);
  }
  if (pos != s.size()) throw std::runtime_error("bad number \"" + s + "\"");
  return v;
}

ValType parse_type(const std::string& t) {
  if (t == "i32") return ValType::I32;
  if (t == "i64") return ValType::I64;
  if (t == "f32") return ValType::F32;
  if (t == "f64") return ValType::F64;
  if (t == "v128") return ValType::V128;
  if (t == "funcref") return ValType::FuncRef;
  if (t == "externref") return ValType::ExternRef;
  throw std::runtime_error("unknown value type \"" + t + "\"");
}

struct Lanes {
  unsigned count;
  unsigned bytes;
  bool is_float;
};

Lanes lane_shape(const std::string& lt) {
  if (lt == "i8") return {16, 1, false};
  if (lt == "i16") return {8, 2, false};
  if (lt == "i32") return {4, 4, false};
  if (lt == "i64") return {2, 8, false};
  if (lt == "f32") return {4, 4, true};
  if (lt == "f64") return {2, 8, true};
  throw std::runtime_error("unknown lane type \"" + lt + "\"");
}

uint64_t get_lane(const V128& v, const Lanes& s, unsigned i) {
  uint64_t x = 0;
  std::memcpy(&x, v.b + i * s.bytes, s.bytes);  // little-endian host
  return x;
}

void set_lane(V128& v, const Lanes& s, unsigned i, uint64_t x) { std::memcpy(v.b + i * s.bytes, &x, s.bytes); }

bool nan_matches(const std::string& pat, uint64_t bits, unsigned width) {
  uint64_t abs_mask = width == 4 ? 0x7fffffffull : 0x7fffffffffffffffull;
  uint64_t canon = width == 4 ? 0x7fc00000ull : 0x7ff8000000000000ull;
  if (pat == "nan:canonical") return (bits & abs_mask) == canon;
  if (pat == "nan:arithmetic") return (bits & canon) == canon;
  throw std::runtime_error("unknown NaN pattern \"" + pat + "\"");
}

bool is_nan_pattern(const std::string& s) { return s.rfind("nan:", 0) == 0; }

// Compares a scalar of `width` bytes against an expected string.
bool scalar_matches(const std::string& exp, uint64_t bits, unsigned width, bool is_float) {
  if (is_float && is_nan_pattern(exp)) return nan_matches(exp, bits, width);
  uint64_t mask = width == 8 ? ~0ull : ((1ull << (width * 8)) - 1);
  return (parse_bits(exp) & mask) == (bits & mask);
}

std::string hex(uint64_t bits, unsigned width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*" PRIx64, static_cast<int>(width * 2), bits);
  return buf;
}

std::string float_text(uint64_t bits, unsigned width) {
  char buf[64];
  if (width == 4) {
    float f;
    uint32_t b = static_cast<uint32_t>(bits);
    std::memcpy(&f, &b, 4);
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(f));
  } else {
    double d;
    std::memcpy(&d, &bits, 8);
    std::snprintf(buf, sizeof buf, "%.17g", d);
  }
  return hex(bits, width) + " (" + buf + ")";
}

std::string lane_text(uint64_t bits, const Lanes& s) {
  if (s.is_float) return float_text(bits, s.bytes);
  return std::to_string(bits);
}

}  // namespace

Ref externref_for(uint64_t n) { return reinterpret_cast<Ref>(static_cast<uintptr_t>(n) + 1); }

void parse_arg(const json& arg, TypedValues& out) {
  ValType t = parse_type(arg.at("type").get<std::string>());
  const json& val = arg.at("value");
  Value v;
  switch (t) {
    case ValType::I32: v.i32 = static_cast<uint32_t>(parse_bits(val.get<std::string>())); break;
    case ValType::F32: {
      uint32_t b = static_cast<uint32_t>(parse_bits(val.get<std::string>()));
      std::memcpy(&v.f32, &b, 4);
      break;
    }
    case ValType::I64: v.i64 = parse_bits(val.get<std::string>()); break;
    case ValType::F64: {
      uint64_t b = parse_bits(val.get<std::string>());
      std::memcpy(&v.f64, &b, 8);
      break;
    }
    case ValType::V128: {
      Lanes s = lane_shape(arg.at("lane_type").get<std::string>());
      if (!val.is_array() || val.size() != s.count)
        throw std::runtime_error("v128 argument needs " + std::to_string(s.count) + " lanes");
      V128 x{};
      for (unsigned i = 0; i < s.count; i++) set_lane(x, s, i, parse_bits(val[i].get<std::string>()));
      v.v128 = x;
      break;
    }
    case ValType::FuncRef: {
      std::string s = val.get<std::string>();
      if (s != "null") throw std::runtime_error("non-null funcref arguments are not supported");
      v.ref = nullptr;
      break;
    }
    case ValType::ExternRef: {
      std::string s = val.get<std::string>();
      v.ref = s == "null" ? nullptr : externref_for(parse_bits(s));
      break;
    }
  }
  out.types.push_back(t);
  out.values.push_back(v);
}

bool matches(const json& exp, ValType t, const Value& v) {
  ValType et = parse_type(exp.at("type").get<std::string>());
  if (et != t) return false;
  if (!exp.contains("value")) return true;  // only the type is given
  const json& val = exp.at("value");
  switch (t) {
    case ValType::I32: return scalar_matches(val.get<std::string>(), v.i32, 4, false);
    case ValType::I64: return scalar_matches(val.get<std::string>(), v.i64, 8, false);
    case ValType::F32: {
      uint32_t b;
      std::memcpy(&b, &v.f32, 4);
      return scalar_matches(val.get<std::string>(), b, 4, true);
    }
    case ValType::F64: {
      uint64_t b;
      std::memcpy(&b, &v.f64, 8);
      return scalar_matches(val.get<std::string>(), b, 8, true);
    }
    case ValType::V128: {
      Lanes s = lane_shape(exp.at("lane_type").get<std::string>());
      if (!val.is_array() || val.size() != s.count)
        throw std::runtime_error("v128 expectation needs " + std::to_string(s.count) + " lanes");
      for (unsigned i = 0; i < s.count; i++)
        if (!scalar_matches(val[i].get<std::string>(), get_lane(v.v128, s, i), s.bytes, s.is_float)) return false;
      return true;
    }
    case ValType::FuncRef: {
      std::string s = val.get<std::string>();
      if (s == "null") return v.ref == nullptr;
      return v.ref != nullptr;  // any function reference
    }
    case ValType::ExternRef: {
      std::string s = val.get<std::string>();
      if (s == "null") return v.ref == nullptr;
      return v.ref == externref_for(parse_bits(s));
    }
  }
  return false;
}

std::string format_value(ValType t, const Value& v, const std::string& lane_type) {
  switch (t) {
    case ValType::I32: return "i32:" + std::to_string(v.i32);
    case ValType::I64: return "i64:" + std::to_string(v.i64);
    case ValType::F32: {
      uint32_t b;
      std::memcpy(&b, &v.f32, 4);
      return "f32:" + float_text(b, 4);
    }
    case ValType::F64: {
      uint64_t b;
      std::memcpy(&b, &v.f64, 8);
      return "f64:" + float_text(b, 8);
    }
    case ValType::V128: {
      std::string lt = lane_type.empty() ? "i32" : lane_type;
      Lanes sh = lane_shape(lt);
      std::string s = lt + "x" + std::to_string(sh.count) + ":[";
      for (unsigned i = 0; i < sh.count; i++) {
        if (i) s += ' ';
        s += lane_text(get_lane(v.v128, sh, i), sh);
      }
      return s + "]";
    }
    case ValType::FuncRef: return v.ref ? "funcref:" + hex(reinterpret_cast<uintptr_t>(v.ref), 8) : "funcref:null";
    case ValType::ExternRef:
      return v.ref ? "externref:" + std::to_string(reinterpret_cast<uintptr_t>(v.ref) - 1) : "externref:null";
  }
  return "?";
}

std::string format_raw(ValType t, const Value& v) {
  switch (t) {
    case ValType::I32: return "i32:" + hex(v.i32, 4);
    case ValType::I64: return "i64:" + hex(v.i64, 8);
    case ValType::F32: {
      uint32_t b;
      std::memcpy(&b, &v.f32, 4);
      return "f32:" + hex(b, 4);
    }
    case ValType::F64: {
      uint64_t b;
      std::memcpy(&b, &v.f64, 8);
      return "f64:" + hex(b, 8);
    }
    case ValType::V128: {
      uint64_t lo, hi;
      std::memcpy(&lo, v.v128.b, 8);  // little-endian host
      std::memcpy(&hi, v.v128.b + 8, 8);
      return "v128:" + hex(hi, 8) + hex(lo, 8).substr(2);
    }
    case ValType::FuncRef: return v.ref ? "funcref:nonnull" : "funcref:null";
    case ValType::ExternRef:
      return v.ref ? "externref:" + std::to_string(reinterpret_cast<uintptr_t>(v.ref) - 1) : "externref:null";
  }
  return "?";
}

std::string format_expected(const json& exp) {
  std::string type = exp.value("type", std::string("?"));
  if (!exp.contains("value")) return type;
  const json& val = exp.at("value");
  if (type == "v128") {
    std::string lt = exp.value("lane_type", std::string("?"));
    Lanes s = lane_shape(lt);
    std::string out = lt + "x" + std::to_string(s.count) + ":[";
    for (size_t i = 0; i < val.size(); i++) {
      if (i) out += ' ';
      std::string x = val[i].get<std::string>();
      out += s.is_float && !is_nan_pattern(x) ? lane_text(parse_bits(x), s) : x;
    }
    return out + "]";
  }
  std::string x = val.get<std::string>();
  if ((type == "f32" || type == "f64") && !is_nan_pattern(x))
    return type + ":" + float_text(parse_bits(x), type == "f32" ? 4 : 8);
  return type + ":" + x;
}

std::string format_values(const TypedValues& vs, const json* exps) {
  std::string s = "(";
  for (size_t i = 0; i < vs.values.size(); i++) {
    if (i) s += ", ";
    std::string lt;
    if (exps && exps->is_array() && i < exps->size() && (*exps)[i].contains("lane_type"))
      lt = (*exps)[i].at("lane_type").get<std::string>();
    s += format_value(vs.types[i], vs.values[i], lt);
  }
  return s + ")";
}

std::string format_expected_list(const json& exps) {
  std::string s = "(";
  for (size_t i = 0; i < exps.size(); i++) {
    if (i) s += ", ";
    s += format_expected(exps[i]);
  }
  return s + ")";
}

}  // namespace akira::wast
