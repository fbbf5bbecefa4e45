// Compile-time completeness check of the instruction semantics: for every
// Pure, Trap, Load, Store, LoadLane and StoreLane entry of opcodes.def there must
// be a function akira::exec::<Name> with exactly the calling convention the
// interpreter's generated handlers use. A missing, misnamed or mistyped function
// fails the build.
#include <gtest/gtest.h>

#include <cstddef>
#include <type_traits>
#include <utility>

#include "exec/ops.h"
#include "wasm/opcode.h"

namespace {

using akira::ImmKind;
using akira::OpClass;
using akira::TrapCode;
using akira::V128;

// A signature string ("ii>i") as a structural value usable as a template argument.
struct Sig {
  char params[4] = {};
  unsigned n = 0;
  char result = 0;  // 0 = no result
};

constexpr Sig parse(const char* s) {
  Sig r;
  unsigned i = 0;
  for (; s[i] != '>'; ++i) r.params[r.n++] = s[i];
  ++i;
  if (s[i] != 0) r.result = s[i];
  return r;
}

template <char c> struct CType;
template <> struct CType<'i'> { using type = uint32_t; };
template <> struct CType<'I'> { using type = uint64_t; };
template <> struct CType<'f'> { using type = float; };
template <> struct CType<'F'> { using type = double; };
template <> struct CType<'v'> { using type = V128; };
template <> struct CType<0> { using type = void; };

template <class... Extra> struct Tail {};

template <class R, Sig S, class Seq, class Extra> struct MakeFn;
template <class R, Sig S, std::size_t... I, class... Extra>
struct MakeFn<R, S, std::index_sequence<I...>, Tail<Extra...>> {
  using type = R (*)(typename CType<S.params[I]>::type..., Extra...);
};

// Expected function pointer type for one table entry.
template <OpClass C, ImmKind K, Sig S> struct Expected;

template <ImmKind K, Sig S> struct Expected<OpClass::Pure, K, S> {
  using extra = std::conditional_t<K == ImmKind::Lane, Tail<uint8_t>,
                                   std::conditional_t<K == ImmKind::Shuffle, Tail<const uint8_t*>, Tail<>>>;
  using type = typename MakeFn<typename CType<S.result>::type, S, std::make_index_sequence<S.n>, extra>::type;
};
template <ImmKind K, Sig S> struct Expected<OpClass::Trap, K, S> {
  using type = typename MakeFn<typename CType<S.result>::type, S, std::make_index_sequence<S.n>, Tail<TrapCode&>>::type;
};
template <ImmKind K, Sig S> struct Expected<OpClass::Load, K, S> {
  using type = typename CType<S.result>::type (*)(const uint8_t*);
};
template <ImmKind K, Sig S> struct Expected<OpClass::Store, K, S> {
  using type = void (*)(uint8_t*, typename CType<S.params[1]>::type);
};
template <ImmKind K, Sig S> struct Expected<OpClass::LoadLane, K, S> {
  using type = V128 (*)(const uint8_t*, V128, uint8_t);
};
template <ImmKind K, Sig S> struct Expected<OpClass::StoreLane, K, S> {
  using type = void (*)(uint8_t*, V128, uint8_t);
};

// Sanity checks of the signature strings this test relies on.
static_assert(parse("ii>i").n == 2 && parse("ii>i").result == 'i');
static_assert(parse("iv>").n == 2 && parse("iv>").result == 0);

constexpr bool has_semantics(OpClass c) { return c != OpClass::Special; }

// One pointer per implemented instruction, in table order, nullptr for Special.
// Each entry is only instantiated for its own class, so Special entries
// reference no function.
template <OpClass C, ImmKind K, Sig S, auto F> constexpr const void* check() {
  static_assert(std::is_same_v<decltype(F), typename Expected<C, K, S>::type>,
                "semantic function has the wrong signature");
  return reinterpret_cast<const void*>(F);
}

#define PURE(name, imm, sig) check<OpClass::Pure, ImmKind::imm, parse(sig), &akira::exec::name>()
#define TRAP(name, imm, sig) check<OpClass::Trap, ImmKind::imm, parse(sig), &akira::exec::name>()
#define LOAD(name, imm, sig) check<OpClass::Load, ImmKind::imm, parse(sig), &akira::exec::name>()
#define STORE(name, imm, sig) check<OpClass::Store, ImmKind::imm, parse(sig), &akira::exec::name>()
#define LOADLANE(name, imm, sig) check<OpClass::LoadLane, ImmKind::imm, parse(sig), &akira::exec::name>()
#define STORELANE(name, imm, sig) check<OpClass::StoreLane, ImmKind::imm, parse(sig), &akira::exec::name>()
#define SPECIAL(name, imm, sig) nullptr
#define CLASS_Pure PURE
#define CLASS_Trap TRAP
#define CLASS_Load LOAD
#define CLASS_Store STORE
#define CLASS_LoadLane LOADLANE
#define CLASS_StoreLane STORELANE
#define CLASS_Special SPECIAL

const void* const kFns[] = {
#define OP(name, text, prefix, code, imm, cls, sig, bytes) CLASS_##cls(name, imm, sig),
#include "wasm/opcodes.def"
};
static_assert(std::size(kFns) == akira::kOpCount);

TEST(ExecOpsComplete, EveryNonSpecialInstructionHasAFunction) {
  unsigned implemented = 0;
  for (unsigned i = 0; i < akira::kOpCount; ++i) {
    bool expected = has_semantics(akira::kOpInfo[i].cls);
    EXPECT_EQ(kFns[i] != nullptr, expected) << akira::kOpInfo[i].text;
    implemented += kFns[i] != nullptr;
  }
  EXPECT_GT(implemented, 350u);
  std::printf("instructions with semantic functions: %u of %u\n", implemented, akira::kOpCount);
}

}  // namespace
