// The contract between code compiled by akirac and the runtime that loads it.
// akirac emits loads at these offsets; the loader fills the structure. Changing anything
// here changes the .aot format version (kAotAbiVersion).
#pragma once
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <type_traits>

namespace akira::aot {

constexpr uint32_t kAotAbiVersion = 3;

// One per AOT instance; every compiled function takes it as its first argument.
// Fields are 8 bytes wide on every target so offsets do not depend on pointer size
// (32-bit targets use the low half of pointer fields).
struct Context {
  uint64_t mem_base;       //  0: linear memory 0 base (0 when the module has none)
  uint64_t mem_size;       //  8: its size in bytes; reloaded after anything that may grow it
  uint64_t globals;        // 16: Value** — pointer to each global's 16-byte value slot
  uint64_t funcs;          // 24: FuncInst** — function index space (imports first)
  uint64_t tables;         // 32: TableInst** — table index space
  uint64_t helpers;        // 40: const void** — runtime helpers, indexed by Helper
  uint64_t stack_limit;    // 48: lowest native stack address a function may use
  uint64_t type_ids;       // 56: uint32_t* — module type index -> store-wide type id
  uint64_t native_funcs;   // 64: void** — typed entry of each function index, or 0 for
                           //     imports that are not AOT code of a compatible instance
  uint64_t aux_stack_low;  // 72: lower bound for clang's __stack_pointer global
  uint64_t runtime;        // 80: opaque runtime pointer passed back to helpers
  uint64_t interrupt;      // 88: const uint32_t* — the store's interrupt flag; compiled code
                           //     polls it at function entry and loop headers and calls
                           //     Trap(Interrupted) when it is nonzero (the runtime clears it)
  uint64_t perf_counters;  // 96: uint64_t* — call count per function index; code compiled with
                           //     --enable-perf-profiling adds 1 at each function entry
};
static_assert(sizeof(Context) == 104);

// Runtime helpers compiled code calls through Context::helpers (no symbol resolution
// at load time: the table is filled by the runtime, so a .aot never names a symbol).
// Listed once, with their signatures, in aot/helpers.def; the enum, the runtime's
// table, the .aot names and akirac's call types are generated from it.
enum class Helper : uint32_t {
#define HELPER(name, text, impl, attr, ret, params) name,
#include "aot/helpers.def"
  Count
};

enum class HelperAttr : uint8_t { None, NoReturnCold };

struct HelperInfo {
  const char* name;  // in the .aot Helpers section
  HelperAttr attr;
};

inline constexpr HelperInfo kHelperInfo[] = {
#define HELPER(name, text, impl, attr, ret, params) {text, HelperAttr::attr},
#include "aot/helpers.def"
};
static_assert(std::size(kHelperInfo) == static_cast<size_t>(Helper::Count));

inline const HelperInfo& info(Helper h) { return kHelperInfo[static_cast<uint32_t>(h)]; }

// Helper signatures as types: abi::Sig<Helper::X> is abi::Signature<Ret, Params...> with
// the ABI types below; `implements` checks a C function against it.
namespace abi {
struct Void {};
struct I32 {};
struct Ptr {};
struct Ctx {};
template <class Ret, class... Params> struct Signature {};
template <Helper h> struct Sig;
#define AKIRA_HELPER_UNPAREN(...) __VA_ARGS__
#define HELPER(name, text, impl, attr, ret, params) \
  template <> struct Sig<Helper::name> : Signature<ret, AKIRA_HELPER_UNPAREN params> {};
#include "aot/helpers.def"
#undef AKIRA_HELPER_UNPAREN

template <class A, class C> struct Fits : std::false_type {};
template <> struct Fits<Void, void> : std::true_type {};
template <> struct Fits<I32, uint32_t> : std::true_type {};
template <> struct Fits<Ctx, Context*> : std::true_type {};
template <class T> struct Fits<Ptr, T*> : std::true_type {};

template <class Ret, class... Params, class R, class... Cs>
constexpr bool matches(Signature<Ret, Params...>, R (*)(Cs...)) {
  if constexpr (sizeof...(Params) != sizeof...(Cs))
    return false;
  else
    return Fits<Ret, R>::value && (Fits<Params, Cs>::value && ...);
}
// True when `impl` has the C signature helpers.def gives helper h.
template <Helper h, class F> constexpr bool implements(F* impl) { return matches(Sig<h>{}, impl); }
}  // namespace abi

}  // namespace akira::aot
