#include "service/host_module.h"

#include <chrono>
#include <string>

namespace akira::service {
using Clock = std::chrono::steady_clock;

namespace {

// `len` bytes of guest memory at `ptr`, or null when out of bounds.
uint8_t* guest(HostCall& c, uint64_t ptr, uint64_t len) {
  if (!c.memory || ptr + len > c.memory->size) return nullptr;
  return c.memory->data + ptr;
}

Error out_of_bounds() { return make_error(ErrorKind::Trap, "out of bounds memory access"); }

}  // namespace

void link_akira_module(AppManager::App& app, bool display, Linker& linker, Store& store) {
  AppManager::App* ap = &app;
  auto def = [&](const char* name, FuncType type, HostFn fn) {
    linker.define(
        "akira", name,
        Extern{ExternKind::Func, store.new_host_func(std::move(type), std::move(fn), std::string("akira.") + name)});
  };
  const ValType I32 = ValType::I32, I64 = ValType::I64;

  def("log", FuncType{{I32, I32}, {}}, [ap](HostCall& c, const Value* args, Value*) -> Status {
    if (ap->host_call_stopping()) return make_trap(TrapCode::Interrupted);
    const uint8_t* p = guest(c, args[0].i32, args[1].i32);
    if (!p) return out_of_bounds();
    std::string s(reinterpret_cast<const char*>(p), args[1].i32);
    if (s.empty() || s.back() != '\n') s += '\n';
    ap->log.append(s);
    return {};
  });
  auto started = Clock::now();
  def("time_ms", FuncType{{}, {I64}}, [ap, started](HostCall&, const Value*, Value* r) -> Status {
    if (ap->host_call_stopping()) return make_trap(TrapCode::Interrupted);
    r[0] = Value::from_i64(
        uint64_t(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()));
    return {};
  });
  // Wakes early when the app is asked to stop (AppManager::stop notifies cv).
  def("sleep_ms", FuncType{{I32}, {}}, [ap](HostCall&, const Value* args, Value*) -> Status {
    int32_t ms = static_cast<int32_t>(args[0].i32);
    std::unique_lock lk(ap->mu);
    ap->host_calls++;
    if (ms > 0) ap->cv.wait_for(lk, std::chrono::milliseconds(ms), [&] { return ap->stop_requested; });
    if (ap->stop_requested) return make_trap(TrapCode::Interrupted);
    return {};
  });

  auto no_display = [](HostCall&, const Value*, Value*) -> Status {
    return make_error(ErrorKind::Trap, "capability 'display' not granted by the app's manifest");
  };
  auto gate = [&](HostFn fn) -> HostFn { return display ? fn : HostFn(no_display); };
  def("display_width", FuncType{{}, {I32}}, gate([](HostCall&, const Value*, Value* r) -> Status {
        r[0] = Value::from_i32(kDisplayW);
        return {};
      }));
  def("display_height", FuncType{{}, {I32}}, gate([](HostCall&, const Value*, Value* r) -> Status {
        r[0] = Value::from_i32(kDisplayH);
        return {};
      }));
  // display_blit(x, y, w, h, ptr): w*h RGB565 pixels (little-endian u16) from guest
  // memory; the part outside the screen is clipped.
  def("display_blit", FuncType{{I32, I32, I32, I32, I32}, {}},
      gate([ap](HostCall& c, const Value* args, Value*) -> Status {
        if (ap->host_call_stopping()) return make_trap(TrapCode::Interrupted);
        int64_t x = int32_t(args[0].i32), y = int32_t(args[1].i32), w = int32_t(args[2].i32), h = int32_t(args[3].i32);
        if (w <= 0 || h <= 0) return {};
        if (w > 4096 || h > 4096) return make_error(ErrorKind::Trap, "display_blit: rectangle too large");
        const uint8_t* p = guest(c, args[4].i32, uint64_t(w) * uint64_t(h) * 2);
        if (!p) return out_of_bounds();
        std::lock_guard lk(ap->mu);
        for (int64_t row = 0; row < h; ++row) {
          int64_t yy = y + row;
          if (yy < 0 || yy >= kDisplayH) continue;
          for (int64_t col = 0; col < w; ++col) {
            int64_t xx = x + col;
            if (xx < 0 || xx >= kDisplayW) continue;
            const uint8_t* q = p + (row * w + col) * 2;
            ap->back[size_t(yy) * kDisplayW + size_t(xx)] = uint16_t(q[0] | (q[1] << 8));
          }
        }
        return {};
      }));
  def("display_present", FuncType{{}, {}}, gate([ap](HostCall&, const Value*, Value*) -> Status {
        std::lock_guard lk(ap->mu);
        ap->host_calls++;
        if (ap->stop_requested) return make_trap(TrapCode::Interrupted);
        ap->front = ap->back;
        ap->frames++;
        return {};
      }));
}

}  // namespace akira::service
