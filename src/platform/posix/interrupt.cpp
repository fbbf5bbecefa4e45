// Faults and interrupts on POSIX: SIGSEGV/SIGBUS for faults, SIGURG for interrupts, on a
// per-thread alternate signal stack; pc and frame pointer come from the ucontext.
#include "platform/interrupt.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>

namespace akira::platform {

namespace {

struct sigaction g_old_segv, g_old_bus;
EventHandler g_on_fault = nullptr;
EventHandler g_on_interrupt = nullptr;
std::atomic<bool> g_interrupts{false};  // the SIGURG handler is installed

uintptr_t context_pc(void* uc) {
  auto* u = static_cast<ucontext_t*>(uc);
#if defined(__x86_64__)
  return static_cast<uintptr_t>(u->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return static_cast<uintptr_t>(u->uc_mcontext.pc);
#elif defined(__arm__)
  return static_cast<uintptr_t>(u->uc_mcontext.arm_pc);
#elif defined(__riscv)
  return static_cast<uintptr_t>(u->uc_mcontext.__gregs[REG_PC]);
#else
  (void)u;
  return 0;
#endif
}

uintptr_t context_fp(void* uc) {
  auto* u = static_cast<ucontext_t*>(uc);
#if defined(__x86_64__)
  return static_cast<uintptr_t>(u->uc_mcontext.gregs[REG_RBP]);
#elif defined(__aarch64__)
  return static_cast<uintptr_t>(u->uc_mcontext.regs[29]);
#elif defined(__arm__)
  // The frame pointer is r7 in Thumb code (LLVM's and GCC's choice on Linux), r11 in Arm code.
  return static_cast<uintptr_t>((u->uc_mcontext.arm_cpsr & 0x20) ? u->uc_mcontext.arm_r7 : u->uc_mcontext.arm_fp);
#elif defined(__riscv)
  return static_cast<uintptr_t>(u->uc_mcontext.__gregs[REG_S0]);
#else
  (void)u;
  return 0;
#endif
}

void on_fault(int sig, siginfo_t* si, void* uc) {
  MachineState ms;
  ms.pc = context_pc(uc);
  ms.fp = context_fp(uc);
  ms.addr = reinterpret_cast<uintptr_t>(si->si_addr);
  g_on_fault(ms);  // returns only when the engine declines the fault
  // The previous disposition decides.
  const struct sigaction& old = sig == SIGSEGV ? g_old_segv : g_old_bus;
  if ((old.sa_flags & SA_SIGINFO) && old.sa_sigaction) {
    old.sa_sigaction(sig, si, uc);
    return;
  }
  if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN && old.sa_handler) {
    old.sa_handler(sig);
    return;
  }
  signal(sig, SIG_DFL);  // returning re-executes the access, which now kills the process
}

void on_interrupt(int, siginfo_t*, void* uc) {
  MachineState ms;
  ms.pc = context_pc(uc);
  ms.fp = context_fp(uc);
  g_on_interrupt(ms);
}

}  // namespace

ThreadId current_thread() { return static_cast<ThreadId>(pthread_self()); }

uint64_t process_id() { return static_cast<uint64_t>(::getpid()); }

void install_fault_handler(EventHandler handler) {
  g_on_fault = handler;
  struct sigaction sa {};
  sa.sa_sigaction = on_fault;
  // SA_NODEFER: the engine leaves the handler by jump_to(), which does not restore the
  // signal mask (unwind.h); a deferred signal would stay blocked in this thread.
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &g_old_segv);
  sigaction(SIGBUS, &sa, &g_old_bus);
}

bool install_interrupt_handler(EventHandler handler) {
#if defined(__x86_64__) || defined(__aarch64__) || defined(__arm__) || defined(__riscv)  // the handler reads the pc
  g_on_interrupt = handler;
  struct sigaction si {};
  si.sa_sigaction = on_interrupt;
  // SA_NODEFER as for the faults, or the next interrupt would never arrive.
  si.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER;
  sigemptyset(&si.sa_mask);
  sigaction(SIGURG, &si, nullptr);
  g_interrupts.store(true, std::memory_order_release);
  return true;
#else
  (void)handler;
  return false;
#endif
}

void interrupt_thread(ThreadId thread) {
  if (thread && g_interrupts.load(std::memory_order_acquire)) pthread_kill(static_cast<pthread_t>(thread), SIGURG);
}

void prepare_thread_for_native_code() {
  thread_local bool done = false;
  if (done) return;
  done = true;
  stack_t cur;
  if (sigaltstack(nullptr, &cur) == 0 && !(cur.ss_flags & SS_DISABLE)) return;
  size_t size = 64 * 1024;
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return;
  stack_t ss{};
  ss.ss_sp = p;
  ss.ss_size = size;
  sigaltstack(&ss, nullptr);  // per thread, kept for the thread's life
}

}  // namespace akira::platform
