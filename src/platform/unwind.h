// Leaving native code at a trap: the engine saves a context before entering native code
// and, from a helper or from a fault or interrupt handler (interrupt.h), jumps back to it.
// Native code holds no state the runtime must release, so no unwinding tables are needed.
//
//   platform::JumpBuffer jb;
//   if (AKIRA_SAVE_CONTEXT(jb) == 0) { ...run native code... }  // nonzero: jumped back
//
// A macro, because the context must be saved in the frame that stays live.
#pragma once
#include <setjmp.h>

namespace akira::platform {

#if defined(AKIRA_PLATFORM_POSIX)
// The signal mask is not saved (a system call per native call otherwise); the handlers
// are installed with SA_NODEFER so that jumping out of them leaves no signal blocked.
using JumpBuffer = sigjmp_buf;
#define AKIRA_SAVE_CONTEXT(jb) sigsetjmp((jb), 0)
[[noreturn]] inline void jump_to(JumpBuffer& jb) { siglongjmp(jb, 1); }
#else
using JumpBuffer = jmp_buf;
#define AKIRA_SAVE_CONTEXT(jb) setjmp(jb)
[[noreturn]] inline void jump_to(JumpBuffer& jb) { longjmp(jb, 1); }
#endif

}  // namespace akira::platform
