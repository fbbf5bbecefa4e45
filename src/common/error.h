// Errors are values: every fallible stage returns Result<T>, never throws across a stage.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/trap.h"

namespace akira {

// Which stage rejected the input; the spec runner and the CLI use it to tell
// "malformed" from "invalid" from "unlinkable" from a trap.
enum class ErrorKind : uint8_t {
  Malformed,    // binary format (decode)
  Invalid,      // validation
  Unlinkable,   // import resolution
  Trap,         // runtime trap (also during instantiation: "uninstantiable")
  Exhaustion,   // call stack exhausted
  Io,           // files, host environment
  Unsupported,  // a feature this build does not have
  Exit,         // WASI proc_exit: not a failure; exit_code says how the program ended
};

struct Error {
  ErrorKind kind = ErrorKind::Malformed;
  std::string message;                 // the spec's wording where one exists ("unexpected end")
  int64_t offset = -1;                 // byte offset in the module, -1 when not about a byte
  int64_t func_index = -1;             // function index, -1 when not inside a function
  int32_t exit_code = 0;               // kind == Exit
  TrapCode trap = TrapCode::None;      // kind == Trap or Exhaustion: which trap (Host: a host
                                       // function's own, described by `message`)
  std::vector<std::string> backtrace;  // innermost frame first, for traps

  // "message (function 3, offset 0x1a2)" – context only where known.
  std::string describe() const;
};

inline Error make_error(ErrorKind k, std::string msg, int64_t offset = -1, int64_t func = -1) {
  Error e;
  e.kind = k;
  e.message = std::move(msg);
  e.offset = offset;
  e.func_index = func;
  return e;
}

// A trap raised by execution; its message is the spec's wording for `code`.
inline Error make_trap(TrapCode code) {
  Error e;
  e.kind = code == TrapCode::CallStackExhausted ? ErrorKind::Exhaustion : ErrorKind::Trap;
  e.message = trap_message(code);
  e.trap = code;
  return e;
}

// A trap raised by a host function, with its own message.
inline Error make_host_trap(std::string msg) {
  Error e = make_error(ErrorKind::Trap, std::move(msg));
  e.trap = TrapCode::Host;
  return e;
}

template <class T> class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  T& operator*() { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <> class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error e) : err_(std::move(e)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return err_; }

 private:
  Error err_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace akira

// Propagate an error from an expression returning Result<...>/Status.
#define AKIRA_TRY(expr)                                  \
  do {                                                   \
    auto&& akira_try_r_ = (expr);                        \
    if (!akira_try_r_.ok()) return akira_try_r_.error(); \
  } while (0)
