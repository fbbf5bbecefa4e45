// 128-bit SIMD instructions as LLVM vector operations. Values travel as <4 x i32> and are
// bitcast to the lane shape each instruction works on; semantics follow exec/simd.h.
#include <llvm/IR/Intrinsics.h>

#include <array>

#include "compile/translator.h"

namespace akira::compile {

using llvm::ConstantInt;
using llvm::Type;
using llvm::Value;

namespace {

// The SIMD instructions of wasm/opcodes.def (prefix 0xFD) as an enum of their own: the
// switch in emit_simd names every one of them, and a missing one is a compile error
// (-Wswitch is an error there).
#define AKIRA_SIMD_0(name)
#define AKIRA_SIMD_0xFC(name)
#define AKIRA_SIMD_0xFD(name) name,
enum class SimdOp : uint16_t {
#define OP(name, text, prefix, code, imm, cls, sig, bytes) AKIRA_SIMD_##prefix(name)
#include "wasm/opcodes.def"
  None  // not a SIMD instruction
};
#undef AKIRA_SIMD_0xFD

constexpr std::array<SimdOp, kOpCount> make_simd_ops() {
  std::array<SimdOp, kOpCount> t{};
  t.fill(SimdOp::None);
#define AKIRA_SIMD_0xFD(name) t[static_cast<unsigned>(Op::name)] = SimdOp::name;
#define OP(name, text, prefix, code, imm, cls, sig, bytes) AKIRA_SIMD_##prefix(name)
#include "wasm/opcodes.def"
#undef AKIRA_SIMD_0xFD
  return t;
}
#undef AKIRA_SIMD_0
#undef AKIRA_SIMD_0xFC
constexpr std::array<SimdOp, kOpCount> kSimdOps = make_simd_ops();

}  // namespace

Value* FunctionTranslator::as_vec(Value* v, Type* elem, unsigned lanes) {
  return b_.CreateBitCast(v, llvm::FixedVectorType::get(elem, lanes));
}

Status FunctionTranslator::emit_simd(const Instr& in) {
  if (!ms_.opts.simd)
    return make_error(ErrorKind::Unsupported, "the module uses SIMD (v128) but SIMD is disabled", in.offset,
                      func_index_);
  auto& b = b_;
  namespace In = llvm::Intrinsic;
  Type *i8 = ms_.i8, *i16 = ms_.i16, *i32 = ms_.i32, *i64 = ms_.i64, *f32 = ms_.f32, *f64 = ms_.f64;
  auto VT = [](Type* e, unsigned n) { return llvm::FixedVectorType::get(e, n); };
  auto out = [&](Value* v) { push(to_v128(v)); };
  auto seq = [](unsigned start, unsigned n, unsigned step = 1) {
    std::vector<int> m;
    for (unsigned i = 0; i < n; ++i) m.push_back(static_cast<int>(start + i * step));
    return m;
  };
  // Binary/unary lane-wise helpers.
  auto bin = [&](Type* e, unsigned n, auto f) {
    Value* r = as_vec(pop(), e, n);
    Value* l = as_vec(pop(), e, n);
    out(f(l, r));
  };
  auto un = [&](Type* e, unsigned n, auto f) { out(f(as_vec(pop(), e, n))); };
  auto bin_intr = [&](Type* e, unsigned n, llvm::Intrinsic::ID id) {
    bin(e, n, [&](Value* l, Value* r) { return intrinsic(id, {VT(e, n)}, {l, r}); });
  };
  auto un_intr = [&](Type* e, unsigned n, llvm::Intrinsic::ID id) {
    un(e, n, [&](Value* x) { return intrinsic(id, {VT(e, n)}, {x}); });
  };
  // Lane-wise rounding: quieted where the target returns a signalling NaN unchanged
  // (TranslateOptions::quiet_rounding).
  auto rounding = [&](Type* e, unsigned n, llvm::Intrinsic::ID id) {
    un(e, n, [&](Value* x) {
      Value* r = intrinsic(id, {VT(e, n)}, {x});
      return ms_.opts.quiet_rounding ? quiet(r) : r;
    });
  };
  auto icmp = [&](Type* e, unsigned n, llvm::CmpInst::Predicate p) {
    bin(e, n, [&](Value* l, Value* r) { return b.CreateSExt(b.CreateICmp(p, l, r), VT(e, n)); });
  };
  auto fcmp = [&](Type* e, unsigned n, llvm::CmpInst::Predicate p) {
    Type* ie = e->isFloatTy() ? i32 : i64;
    bin(e, n, [&](Value* l, Value* r) { return b.CreateSExt(b.CreateFCmp(p, l, r), VT(ie, n)); });
  };
  auto shift = [&](Type* e, unsigned n, llvm::Instruction::BinaryOps opc) {
    Value* s = pop();
    Value* v = as_vec(pop(), e, n);
    unsigned bits = e->getIntegerBitWidth();
    s = b.CreateAnd(s, ConstantInt::get(i32, bits - 1));
    s = b.CreateZExtOrTrunc(s, e);
    out(b.CreateBinOp(opc, v, b.CreateVectorSplat(n, s)));
  };
  // Lanes [start, start+n) of v (a vector of e), extended to w.
  auto half = [&](Value* v, unsigned start, unsigned n, Type* w, bool sgn) {
    Value* h = b.CreateShuffleVector(v, seq(start, n));
    return sgn ? b.CreateSExt(h, VT(w, n)) : b.CreateZExt(h, VT(w, n));
  };
  auto extend = [&](Type* e, unsigned n, Type* w, bool high, bool sgn) {
    Value* v = as_vec(pop(), e, n);
    out(half(v, high ? n / 2 : 0, n / 2, w, sgn));
  };
  auto extmul = [&](Type* e, unsigned n, Type* w, bool high, bool sgn) {
    Value* r = as_vec(pop(), e, n);
    Value* l = as_vec(pop(), e, n);
    out(b.CreateMul(half(l, high ? n / 2 : 0, n / 2, w, sgn), half(r, high ? n / 2 : 0, n / 2, w, sgn)));
  };
  auto extadd = [&](Type* e, unsigned n, Type* w, bool sgn) {
    Value* v = as_vec(pop(), e, n);
    Value* x = sgn ? b.CreateSExt(v, VT(w, n)) : b.CreateZExt(v, VT(w, n));
    out(b.CreateAdd(b.CreateShuffleVector(x, seq(0, n / 2, 2)), b.CreateShuffleVector(x, seq(1, n / 2, 2))));
  };
  auto narrow = [&](Type* e, unsigned n, Type* to, bool sgn) {
    Value* r = as_vec(pop(), e, n);
    Value* l = as_vec(pop(), e, n);
    Value* both = b.CreateShuffleVector(l, r, seq(0, 2 * n));
    unsigned bits = to->getIntegerBitWidth();
    llvm::APInt lo = sgn ? llvm::APInt::getSignedMinValue(bits).sext(e->getIntegerBitWidth())
                         : llvm::APInt(e->getIntegerBitWidth(), 0);
    llvm::APInt hi = sgn ? llvm::APInt::getSignedMaxValue(bits).sext(e->getIntegerBitWidth())
                         : llvm::APInt::getMaxValue(bits).zext(e->getIntegerBitWidth());
    Type* vt = VT(e, 2 * n);
    Value* c = intrinsic(In::smax, {vt}, {both, ConstantInt::get(vt, lo)});
    c = intrinsic(In::smin, {vt}, {c, ConstantInt::get(vt, hi)});
    out(b.CreateTrunc(c, VT(to, 2 * n)));
  };
  auto all_true = [&](Type* e, unsigned n) {
    Value* v = as_vec(pop(), e, n);
    Value* nz = b.CreateICmpNE(v, llvm::Constant::getNullValue(VT(e, n)));
    push(to_i32(b.CreateICmpEQ(b.CreateBitCast(nz, b.getIntNTy(n)), ConstantInt::getAllOnesValue(b.getIntNTy(n)))));
  };
  auto bitmask = [&](Type* e, unsigned n) {
    Value* v = as_vec(pop(), e, n);
    Value* neg = b.CreateICmpSLT(v, llvm::Constant::getNullValue(VT(e, n)));
    push(b.CreateZExt(b.CreateBitCast(neg, b.getIntNTy(n)), i32));
  };
  auto splat = [&](Type* e, unsigned n) {
    Value* x = pop();
    if (x->getType() != e) x = b.CreateTrunc(x, e);
    out(b.CreateVectorSplat(n, x));
  };
  auto extract = [&](Type* e, unsigned n, int ext) {  // ext: 0 none, 1 sign, 2 zero
    Value* x = b.CreateExtractElement(as_vec(pop(), e, n), uint64_t{in.imm.lane});
    if (ext == 1) x = b.CreateSExt(x, i32);
    if (ext == 2) x = b.CreateZExt(x, i32);
    push(x);
  };
  auto replace = [&](Type* e, unsigned n) {
    Value* x = pop();
    Value* v = as_vec(pop(), e, n);
    if (x->getType() != e) x = b.CreateTrunc(x, e);
    out(b.CreateInsertElement(v, x, uint64_t{in.imm.lane}));
  };
  auto avgr = [&](Type* e, unsigned n) {
    Type* w = VT(e == i8 ? i16 : i32, n);
    bin(e, n, [&](Value* l, Value* r) {
      Value* s = b.CreateAdd(b.CreateAdd(b.CreateZExt(l, w), b.CreateZExt(r, w)), ConstantInt::get(w, 1));
      return b.CreateTrunc(b.CreateLShr(s, ConstantInt::get(w, 1)), VT(e, n));
    });
  };
  auto load_ext = [&](Type* e, unsigned n, Type* w, bool sgn) {
    Value* v = load_memory(VT(e, n), pop(), in.imm.mem.mem.offset);
    out(sgn ? b.CreateSExt(v, VT(w, n)) : b.CreateZExt(v, VT(w, n)));
  };
  auto load_splat = [&](Type* e, unsigned n) {
    out(b.CreateVectorSplat(n, load_memory(e, pop(), in.imm.mem.mem.offset)));
  };
  auto load_zero = [&](Type* e, unsigned n) {
    out(b.CreateInsertElement(llvm::Constant::getNullValue(VT(e, n)), load_memory(e, pop(), in.imm.mem.mem.offset),
                              uint64_t{0}));
  };
  auto load_lane = [&](Type* e, unsigned n) {
    Value* v = as_vec(pop(), e, n);
    out(b.CreateInsertElement(v, load_memory(e, pop(), in.imm.mem.mem.offset), uint64_t{in.imm.mem.lane}));
  };
  auto store_lane = [&](Type* e, unsigned n) {
    Value* v = as_vec(pop(), e, n);
    store_memory(b.CreateExtractElement(v, uint64_t{in.imm.mem.lane}), pop(), in.imm.mem.mem.offset);
  };
  auto pminmax = [&](Type* e, unsigned n, bool is_min) {
    // pmin(a, b) = b < a ? b : a;  pmax(a, b) = a < b ? b : a
    bin(e, n, [&](Value* l, Value* r) {
      return is_min ? b.CreateSelect(b.CreateFCmpOLT(r, l), r, l) : b.CreateSelect(b.CreateFCmpOLT(l, r), r, l);
    });
  };
  auto zero_high = [&](Value* v2, Type* e) {  // <2 x e> -> <4 x e> with zero upper lanes
    return b.CreateShuffleVector(v2, llvm::Constant::getNullValue(VT(e, 2)), {0, 1, 2, 3});
  };
  using P = llvm::CmpInst::Predicate;
  using BO = llvm::Instruction::BinaryOps;

#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wswitch"
  using S = SimdOp;
  // Laid out by hand: one case per line, with cases generated by macros.
  // clang-format off
  switch (kSimdOps[static_cast<unsigned>(in.op)]) {
    case S::V128Load: {
      push(load_memory(ms_.v128, pop(), in.imm.mem.mem.offset));
      break;
    }
    case S::V128Store: {
      Value* v = pop();
      store_memory(v, pop(), in.imm.mem.mem.offset);
      break;
    }
    case S::V128Load8x8S: load_ext(i8, 8, i16, true); break;
    case S::V128Load8x8U: load_ext(i8, 8, i16, false); break;
    case S::V128Load16x4S: load_ext(i16, 4, i32, true); break;
    case S::V128Load16x4U: load_ext(i16, 4, i32, false); break;
    case S::V128Load32x2S: load_ext(i32, 2, i64, true); break;
    case S::V128Load32x2U: load_ext(i32, 2, i64, false); break;
    case S::V128Load8Splat: load_splat(i8, 16); break;
    case S::V128Load16Splat: load_splat(i16, 8); break;
    case S::V128Load32Splat: load_splat(i32, 4); break;
    case S::V128Load64Splat: load_splat(i64, 2); break;
    case S::V128Load32Zero: load_zero(i32, 4); break;
    case S::V128Load64Zero: load_zero(i64, 2); break;
    case S::V128Load8Lane: load_lane(i8, 16); break;
    case S::V128Load16Lane: load_lane(i16, 8); break;
    case S::V128Load32Lane: load_lane(i32, 4); break;
    case S::V128Load64Lane: load_lane(i64, 2); break;
    case S::V128Store8Lane: store_lane(i8, 16); break;
    case S::V128Store16Lane: store_lane(i16, 8); break;
    case S::V128Store32Lane: store_lane(i32, 4); break;
    case S::V128Store64Lane: store_lane(i64, 2); break;
    case S::V128Const: {
      std::vector<uint8_t> bytes(in.imm.v128, in.imm.v128 + 16);
      out(llvm::ConstantDataVector::get(ms_.c, llvm::ArrayRef<uint8_t>(bytes)));
      break;
    }
    case S::I8x16Shuffle: {
      Value* r = as_vec(pop(), i8, 16);
      Value* l = as_vec(pop(), i8, 16);
      std::vector<int> mask(in.imm.v128, in.imm.v128 + 16);
      out(b.CreateShuffleVector(l, r, mask));
      break;
    }
    case S::I8x16Swizzle: {
      Value* idx = as_vec(pop(), i8, 16);
      Value* v = as_vec(pop(), i8, 16);
      Value* r = llvm::Constant::getNullValue(VT(i8, 16));
      for (unsigned i = 0; i < 16; ++i) {
        Value* k = b.CreateExtractElement(idx, uint64_t{i});
        Value* x = b.CreateExtractElement(v, b.CreateAnd(k, ConstantInt::get(i8, 15)));
        x = b.CreateSelect(b.CreateICmpULT(k, ConstantInt::get(i8, 16)), x, ConstantInt::get(i8, 0));
        r = b.CreateInsertElement(r, x, uint64_t{i});
      }
      out(r);
      break;
    }
    case S::I8x16Splat: splat(i8, 16); break;
    case S::I16x8Splat: splat(i16, 8); break;
    case S::I32x4Splat: splat(i32, 4); break;
    case S::I64x2Splat: splat(i64, 2); break;
    case S::F32x4Splat: splat(f32, 4); break;
    case S::F64x2Splat: splat(f64, 2); break;
    case S::I8x16ExtractLaneS: extract(i8, 16, 1); break;
    case S::I8x16ExtractLaneU: extract(i8, 16, 2); break;
    case S::I16x8ExtractLaneS: extract(i16, 8, 1); break;
    case S::I16x8ExtractLaneU: extract(i16, 8, 2); break;
    case S::I32x4ExtractLane: extract(i32, 4, 0); break;
    case S::I64x2ExtractLane: extract(i64, 2, 0); break;
    case S::F32x4ExtractLane: extract(f32, 4, 0); break;
    case S::F64x2ExtractLane: extract(f64, 2, 0); break;
    case S::I8x16ReplaceLane: replace(i8, 16); break;
    case S::I16x8ReplaceLane: replace(i16, 8); break;
    case S::I32x4ReplaceLane: replace(i32, 4); break;
    case S::I64x2ReplaceLane: replace(i64, 2); break;
    case S::F32x4ReplaceLane: replace(f32, 4); break;
    case S::F64x2ReplaceLane: replace(f64, 2); break;

#define ICMPS(T, e, n)                                   \
  case S::T##Eq: icmp(e, n, P::ICMP_EQ); break;         \
  case S::T##Ne: icmp(e, n, P::ICMP_NE); break;         \
  case S::T##LtS: icmp(e, n, P::ICMP_SLT); break;       \
  case S::T##GtS: icmp(e, n, P::ICMP_SGT); break;       \
  case S::T##LeS: icmp(e, n, P::ICMP_SLE); break;       \
  case S::T##GeS: icmp(e, n, P::ICMP_SGE); break;
#define ICMPU(T, e, n)                                   \
  case S::T##LtU: icmp(e, n, P::ICMP_ULT); break;       \
  case S::T##GtU: icmp(e, n, P::ICMP_UGT); break;       \
  case S::T##LeU: icmp(e, n, P::ICMP_ULE); break;       \
  case S::T##GeU: icmp(e, n, P::ICMP_UGE); break;
    ICMPS(I8x16, i8, 16) ICMPU(I8x16, i8, 16)
    ICMPS(I16x8, i16, 8) ICMPU(I16x8, i16, 8)
    ICMPS(I32x4, i32, 4) ICMPU(I32x4, i32, 4)
    ICMPS(I64x2, i64, 2)
#undef ICMPS
#undef ICMPU
#define FCMPS(T, e, n)                                   \
  case S::T##Eq: fcmp(e, n, P::FCMP_OEQ); break;        \
  case S::T##Ne: fcmp(e, n, P::FCMP_UNE); break;        \
  case S::T##Lt: fcmp(e, n, P::FCMP_OLT); break;        \
  case S::T##Gt: fcmp(e, n, P::FCMP_OGT); break;        \
  case S::T##Le: fcmp(e, n, P::FCMP_OLE); break;        \
  case S::T##Ge: fcmp(e, n, P::FCMP_OGE); break;
    FCMPS(F32x4, f32, 4) FCMPS(F64x2, f64, 2)
#undef FCMPS

    case S::V128Not: un(i32, 4, [&](Value* x) { return b.CreateNot(x); }); break;
    case S::V128And: bin(i32, 4, [&](Value* l, Value* r) { return b.CreateAnd(l, r); }); break;
    case S::V128Andnot: bin(i32, 4, [&](Value* l, Value* r) { return b.CreateAnd(l, b.CreateNot(r)); }); break;
    case S::V128Or: bin(i32, 4, [&](Value* l, Value* r) { return b.CreateOr(l, r); }); break;
    case S::V128Xor: bin(i32, 4, [&](Value* l, Value* r) { return b.CreateXor(l, r); }); break;
    case S::V128Bitselect: {
      Value* c = pop();
      Value* y = pop();
      Value* x = pop();
      out(b.CreateOr(b.CreateAnd(x, c), b.CreateAnd(y, b.CreateNot(c))));
      break;
    }
    case S::V128AnyTrue:
      push(to_i32(b.CreateICmpNE(b.CreateBitCast(pop(), b.getInt128Ty()), ConstantInt::get(b.getInt128Ty(), 0))));
      break;
    case S::I8x16AllTrue: all_true(i8, 16); break;
    case S::I16x8AllTrue: all_true(i16, 8); break;
    case S::I32x4AllTrue: all_true(i32, 4); break;
    case S::I64x2AllTrue: all_true(i64, 2); break;
    case S::I8x16Bitmask: bitmask(i8, 16); break;
    case S::I16x8Bitmask: bitmask(i16, 8); break;
    case S::I32x4Bitmask: bitmask(i32, 4); break;
    case S::I64x2Bitmask: bitmask(i64, 2); break;
    case S::I8x16NarrowI16x8S: narrow(i16, 8, i8, true); break;
    case S::I8x16NarrowI16x8U: narrow(i16, 8, i8, false); break;
    case S::I16x8NarrowI32x4S: narrow(i32, 4, i16, true); break;
    case S::I16x8NarrowI32x4U: narrow(i32, 4, i16, false); break;

#define IARITH(T, e, n)                                                                               \
  case S::T##Abs: un(e, n, [&](Value* x) { return intrinsic(In::abs, {VT(e, n)}, {x, b.getFalse()}); }); break; \
  case S::T##Neg: un(e, n, [&](Value* x) { return b.CreateNeg(x); }); break;                          \
  case S::T##Shl: shift(e, n, BO::Shl); break;                                                         \
  case S::T##ShrS: shift(e, n, BO::AShr); break;                                                       \
  case S::T##ShrU: shift(e, n, BO::LShr); break;                                                       \
  case S::T##Add: bin(e, n, [&](Value* l, Value* r) { return b.CreateAdd(l, r); }); break;             \
  case S::T##Sub: bin(e, n, [&](Value* l, Value* r) { return b.CreateSub(l, r); }); break;
    IARITH(I8x16, i8, 16) IARITH(I16x8, i16, 8) IARITH(I32x4, i32, 4) IARITH(I64x2, i64, 2)
#undef IARITH
#define MINMAX(T, e, n)                                         \
  case S::T##MinS: bin_intr(e, n, In::smin); break;            \
  case S::T##MinU: bin_intr(e, n, In::umin); break;            \
  case S::T##MaxS: bin_intr(e, n, In::smax); break;            \
  case S::T##MaxU: bin_intr(e, n, In::umax); break;
    MINMAX(I8x16, i8, 16) MINMAX(I16x8, i16, 8) MINMAX(I32x4, i32, 4)
#undef MINMAX
#define SATS(T, e, n)                                           \
  case S::T##AddSatS: bin_intr(e, n, In::sadd_sat); break;     \
  case S::T##AddSatU: bin_intr(e, n, In::uadd_sat); break;     \
  case S::T##SubSatS: bin_intr(e, n, In::ssub_sat); break;     \
  case S::T##SubSatU: bin_intr(e, n, In::usub_sat); break;
    SATS(I8x16, i8, 16) SATS(I16x8, i16, 8)
#undef SATS
    case S::I16x8Mul: bin(i16, 8, [&](Value* l, Value* r) { return b.CreateMul(l, r); }); break;
    case S::I32x4Mul: bin(i32, 4, [&](Value* l, Value* r) { return b.CreateMul(l, r); }); break;
    case S::I64x2Mul: bin(i64, 2, [&](Value* l, Value* r) { return b.CreateMul(l, r); }); break;
    case S::I8x16Popcnt: un_intr(i8, 16, In::ctpop); break;
    case S::I8x16AvgrU: avgr(i8, 16); break;
    case S::I16x8AvgrU: avgr(i16, 8); break;
    case S::I16x8Q15mulrSatS: {
      Type* w = VT(i32, 8);
      bin(i16, 8, [&](Value* l, Value* r) {
        Value* p = b.CreateMul(b.CreateSExt(l, w), b.CreateSExt(r, w));
        p = b.CreateAShr(b.CreateAdd(p, ConstantInt::get(w, 0x4000)), ConstantInt::get(w, 15));
        p = intrinsic(In::smin, {w}, {p, ConstantInt::get(w, 0x7fff)});
        p = intrinsic(In::smax, {w}, {p, ConstantInt::get(w, static_cast<uint64_t>(-0x8000), true)});
        return b.CreateTrunc(p, VT(i16, 8));
      });
      break;
    }
    case S::I16x8ExtaddPairwiseI8x16S: extadd(i8, 16, i16, true); break;
    case S::I16x8ExtaddPairwiseI8x16U: extadd(i8, 16, i16, false); break;
    case S::I32x4ExtaddPairwiseI16x8S: extadd(i16, 8, i32, true); break;
    case S::I32x4ExtaddPairwiseI16x8U: extadd(i16, 8, i32, false); break;
    case S::I16x8ExtendLowI8x16S: extend(i8, 16, i16, false, true); break;
    case S::I16x8ExtendHighI8x16S: extend(i8, 16, i16, true, true); break;
    case S::I16x8ExtendLowI8x16U: extend(i8, 16, i16, false, false); break;
    case S::I16x8ExtendHighI8x16U: extend(i8, 16, i16, true, false); break;
    case S::I32x4ExtendLowI16x8S: extend(i16, 8, i32, false, true); break;
    case S::I32x4ExtendHighI16x8S: extend(i16, 8, i32, true, true); break;
    case S::I32x4ExtendLowI16x8U: extend(i16, 8, i32, false, false); break;
    case S::I32x4ExtendHighI16x8U: extend(i16, 8, i32, true, false); break;
    case S::I64x2ExtendLowI32x4S: extend(i32, 4, i64, false, true); break;
    case S::I64x2ExtendHighI32x4S: extend(i32, 4, i64, true, true); break;
    case S::I64x2ExtendLowI32x4U: extend(i32, 4, i64, false, false); break;
    case S::I64x2ExtendHighI32x4U: extend(i32, 4, i64, true, false); break;
    case S::I16x8ExtmulLowI8x16S: extmul(i8, 16, i16, false, true); break;
    case S::I16x8ExtmulHighI8x16S: extmul(i8, 16, i16, true, true); break;
    case S::I16x8ExtmulLowI8x16U: extmul(i8, 16, i16, false, false); break;
    case S::I16x8ExtmulHighI8x16U: extmul(i8, 16, i16, true, false); break;
    case S::I32x4ExtmulLowI16x8S: extmul(i16, 8, i32, false, true); break;
    case S::I32x4ExtmulHighI16x8S: extmul(i16, 8, i32, true, true); break;
    case S::I32x4ExtmulLowI16x8U: extmul(i16, 8, i32, false, false); break;
    case S::I32x4ExtmulHighI16x8U: extmul(i16, 8, i32, true, false); break;
    case S::I64x2ExtmulLowI32x4S: extmul(i32, 4, i64, false, true); break;
    case S::I64x2ExtmulHighI32x4S: extmul(i32, 4, i64, true, true); break;
    case S::I64x2ExtmulLowI32x4U: extmul(i32, 4, i64, false, false); break;
    case S::I64x2ExtmulHighI32x4U: extmul(i32, 4, i64, true, false); break;
    case S::I32x4DotI16x8S: {
      Value* r = as_vec(pop(), i16, 8);
      Value* l = as_vec(pop(), i16, 8);
      Value* p = b.CreateMul(b.CreateSExt(l, VT(i32, 8)), b.CreateSExt(r, VT(i32, 8)));
      out(b.CreateAdd(b.CreateShuffleVector(p, seq(0, 4, 2)), b.CreateShuffleVector(p, seq(1, 4, 2))));
      break;
    }

#define FARITH(T, e, n)                                                                        \
  case S::T##Abs: un_intr(e, n, In::fabs); break;                                              \
  case S::T##Neg: un(e, n, [&](Value* x) { return b.CreateFNeg(x); }); break;                  \
  case S::T##Sqrt: un_intr(e, n, In::sqrt); break;                                             \
  case S::T##Ceil: rounding(e, n, In::ceil); break;                                             \
  case S::T##Floor: rounding(e, n, In::floor); break;                                           \
  case S::T##Trunc: rounding(e, n, In::trunc); break;                                           \
  case S::T##Nearest: rounding(e, n, In::roundeven); break;                                     \
  case S::T##Add: bin(e, n, [&](Value* l, Value* r) { return fp_binop(BO::FAdd, l, r); }); break; \
  case S::T##Sub: bin(e, n, [&](Value* l, Value* r) { return fp_binop(BO::FSub, l, r); }); break; \
  case S::T##Mul: bin(e, n, [&](Value* l, Value* r) { return fp_binop(BO::FMul, l, r); }); break; \
  case S::T##Div: bin(e, n, [&](Value* l, Value* r) { return fp_binop(BO::FDiv, l, r); }); break; \
  case S::T##Min: bin(e, n, [&](Value* l, Value* r) { return fminmax(l, r, true); }); break;   \
  case S::T##Max: bin(e, n, [&](Value* l, Value* r) { return fminmax(l, r, false); }); break;  \
  case S::T##Pmin: pminmax(e, n, true); break;                                                 \
  case S::T##Pmax: pminmax(e, n, false); break;
    FARITH(F32x4, f32, 4) FARITH(F64x2, f64, 2)
#undef FARITH

    case S::I32x4TruncSatF32x4S: un(f32, 4, [&](Value* x) { return intrinsic(In::fptosi_sat, {VT(i32, 4), VT(f32, 4)}, {x}); }); break;
    case S::I32x4TruncSatF32x4U: un(f32, 4, [&](Value* x) { return intrinsic(In::fptoui_sat, {VT(i32, 4), VT(f32, 4)}, {x}); }); break;
    case S::I32x4TruncSatF64x2SZero:
      un(f64, 2, [&](Value* x) { return zero_high(intrinsic(In::fptosi_sat, {VT(i32, 2), VT(f64, 2)}, {x}), i32); });
      break;
    case S::I32x4TruncSatF64x2UZero:
      un(f64, 2, [&](Value* x) { return zero_high(intrinsic(In::fptoui_sat, {VT(i32, 2), VT(f64, 2)}, {x}), i32); });
      break;
    case S::F32x4ConvertI32x4S: un(i32, 4, [&](Value* x) { return b.CreateSIToFP(x, VT(f32, 4)); }); break;
    case S::F32x4ConvertI32x4U: un(i32, 4, [&](Value* x) { return b.CreateUIToFP(x, VT(f32, 4)); }); break;
    case S::F64x2ConvertLowI32x4S:
      un(i32, 4, [&](Value* x) { return b.CreateSIToFP(b.CreateShuffleVector(x, {0, 1}), VT(f64, 2)); });
      break;
    case S::F64x2ConvertLowI32x4U:
      un(i32, 4, [&](Value* x) { return b.CreateUIToFP(b.CreateShuffleVector(x, {0, 1}), VT(f64, 2)); });
      break;
    case S::F32x4DemoteF64x2Zero:
      // Quieted as <4 x float>: some back ends cannot legalise a <2 x float> canonicalize.
      un(f64, 2, [&](Value* x) { return quiet(zero_high(b.CreateFPTrunc(x, VT(f32, 2)), f32)); });
      break;
    case S::F64x2PromoteLowF32x4:
      un(f32, 4, [&](Value* x) { return b.CreateFPExt(b.CreateShuffleVector(x, {0, 1}), VT(f64, 2)); });
      break;
    case S::None:
      return make_error(ErrorKind::Unsupported, std::string("akirac cannot compile ") + info(in.op).text, in.offset,
                        func_index_);
  }
    // clang-format on
#pragma GCC diagnostic pop
  return {};
}

}  // namespace akira::compile
