// Recognising the trap a stop request ends a run with (interp::interrupt,
// Store::interrupt_native, or a host function that saw the request).
#pragma once
#include "common/error.h"
#include "common/trap.h"

namespace akira::deploy {

// True when `e` is the "interrupted" trap. Errors that do not carry their trap code yet
// (Error::trap left at None) are recognised by the message: the one place that still
// does so, to delete once every trap sets its code.
inline bool is_interrupt(const Error& e) {
  if (e.trap != TrapCode::None) return e.trap == TrapCode::Interrupted;
  return e.message == trap_message(TrapCode::Interrupted);
}

// The error a host function returns when it sees a stop request.
inline Error interrupted_error() {
  Error e = make_error(ErrorKind::Trap, trap_message(TrapCode::Interrupted));
  e.trap = TrapCode::Interrupted;
  return e;
}

}  // namespace akira::deploy
