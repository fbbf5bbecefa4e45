// Decoded instructions -> threaded code (layout in interp/code.h).
//
// The translator walks a validated body once, keeping a virtual operand stack whose
// entries say where each value currently is: in its own stack slot ("home"), or still
// in a local or constant slot it was read from (pending). Pending entries cost nothing
// at run time; they are copied home only when their source is about to change
// (local.set/tee of that local) or at control-flow joins, where every path must agree
// on where values are. Joins happen only at block boundaries, so pending entries never
// outlive a straight-line stretch of code, which is what makes this sound.
#include <algorithm>
#include <map>
#include <utility>

#include "interp/code.h"
#include "interp/frame.h"
#include "interp/interpreter.h"

namespace akira::interp {
namespace {

constexpr uint32_t kMaxConstPoolBytes = 2048;  // constants copied into every frame
constexpr uint64_t kMaxFrameBytes = 1u << 30;  // keeps every offset in 32 bits

uint8_t slot_bytes(ValType t) { return t == ValType::V128 ? 16 : 8; }
uint8_t sig_bytes(char c) { return c == 'v' ? 16 : 8; }

struct Entry {
  uint32_t loc;   // where the value is now
  uint32_t home;  // its own slot
  uint8_t size;
  bool pending() const { return loc != home; }
};

struct Ctl {
  Op op = Op::Block;                     // Block, Loop, If; End for the function body
  uint32_t base_depth = 0;               // operand entries below the block
  uint32_t base_height = 0;              // bytes below the block
  std::vector<uint8_t> params, results;  // value sizes
  uint32_t start = 0;                    // loop head
  std::vector<uint32_t> fixups;          // units to point at the end
  int64_t else_fixup = -1;
  uint32_t else_pc = 0, end_pc = 0;
  bool has_else = false, in_else = false, unreachable = false;
  const std::vector<uint8_t>& label() const { return op == Op::Loop ? params : results; }
};

struct ConstKey {
  uint64_t lo, hi;
  uint8_t size;
  bool operator<(const ConstKey& o) const { return std::tie(lo, hi, size) < std::tie(o.lo, o.hi, o.size); }
};

class Translator {
 public:
  Translator(const Module& m, Instance& inst, InstanceCode& mc, FuncCode& fc, const Function& fn)
      : m_(m),
        inst_(inst),
        mc_(mc),
        fc_(fc),
        fn_(fn),
        type_(m.types[fn.type_index]),
        h_(handler_table()),
        out_(fc.code) {}

  Status run();

 private:
  // ---- emission ----
  void op(HandlerId id) {
    forget();
    last_start_ = out_.size();
    last_h_ = id;
    ptr(h_[id]);
  }
  void u(uint32_t x) { out_.push_back(x); }
  void ptr(const void* p) {
    Unit w[2];
    std::memcpy(w, &p, sizeof p);
    out_.push_back(w[0]);
    out_.push_back(w[1]);
  }
  void u64(uint64_t v) {
    u(static_cast<uint32_t>(v));
    u(static_cast<uint32_t>(v >> 32));
  }
  // The instruction just emitted wrote the top entry's home through unit `at`.
  void produced(size_t at) {
    last_dst_ = at;
    last_end_ = out_.size();
  }
  void forget() { last_end_ = SIZE_MAX; }
  // True when `e` was just written by the last instruction, whose output can then be
  // redirected instead of copied.
  bool retargetable(const Entry& e) const {
    return !e.pending() && last_end_ == out_.size() && out_[last_dst_] == e.home;
  }
  void copy(uint8_t size, uint32_t src, uint32_t dst) {
    op(size == 16 ? H_Copy16 : H_Copy8);
    u(src);
    u(dst);
  }
  void disp_to(uint32_t target) {
    uint32_t at = static_cast<uint32_t>(out_.size());
    u(static_cast<uint32_t>(static_cast<int32_t>(target) - static_cast<int32_t>(at)));
  }
  void patch(uint32_t at, size_t target) {
    out_[at] = static_cast<uint32_t>(static_cast<int32_t>(target) - static_cast<int32_t>(at));
  }

  // ---- virtual operand stack ----
  uint32_t height_at(size_t depth) const {
    if (depth == 0) return 0;
    const Entry& e = vs_[depth - 1];
    return e.home + e.size - opbase_;
  }
  uint32_t height() const { return height_at(vs_.size()); }
  Entry& push(uint8_t size) {
    uint32_t home = opbase_ + height();
    vs_.push_back({home, home, size});
    max_height_ = std::max(max_height_, height());
    return vs_.back();
  }
  Entry pop() {
    Entry e = vs_.back();
    vs_.pop_back();
    return e;
  }
  void materialize(Entry& e) {
    if (e.pending()) {
      copy(e.size, e.loc, e.home);
      e.loc = e.home;
    }
  }
  void materialize_all() {
    for (auto& e : vs_) materialize(e);
  }
  void materialize_top(size_t n) {
    for (size_t k = vs_.size() - n; k < vs_.size(); ++k) materialize(vs_[k]);
  }
  void reset_to(const Ctl& c, const std::vector<uint8_t>& sizes) {
    vs_.resize(c.base_depth);
    for (uint8_t s : sizes) push(s);
  }

  // ---- control ----
  Ctl& ctl(uint32_t depth) { return ctls_[ctls_.size() - 1 - depth]; }
  void block_sig(const BlockType& bt, std::vector<uint8_t>& params, std::vector<uint8_t>& results) {
    BlockSignature sig = *m_.block_signature(bt);  // validated
    for (ValType v : sig.params) params.push_back(slot_bytes(v));
    for (ValType v : sig.results) results.push_back(slot_bytes(v));
  }
  void open(Op kind, const Instr& in, size_t pc) {
    Ctl c;
    c.op = kind;
    block_sig(in.imm.block.type, c.params, c.results);
    c.base_depth = static_cast<uint32_t>(vs_.size() - c.params.size());
    c.base_height = height_at(c.base_depth);
    c.end_pc = in.imm.block.end_pc;
    c.else_pc = in.imm.block.else_pc;
    c.has_else = kind == Op::If && c.else_pc > pc && c.else_pc < c.end_pc && fn_.code[c.else_pc].op == Op::Else;
    ctls_.push_back(std::move(c));
  }
  // Skips the dead code after an unconditional transfer: the next instruction that can
  // run is the enclosing block's else or end.
  void dead(size_t& pc) {
    Ctl& c = ctls_.back();
    c.unreachable = true;
    if (ctls_.size() == 1)
      pc = fn_.code.size() - 1;
    else if (c.op == Op::If && !c.in_else && c.has_else)
      pc = c.else_pc;
    else
      pc = c.end_pc;
    --pc;  // the main loop advances onto it
  }
  bool needs_copies(const Ctl& t) const {
    const auto& sizes = t.label();
    size_t n = sizes.size();
    uint32_t dst = opbase_ + t.base_height;
    for (size_t k = 0; k < n; ++k) {
      const Entry& e = vs_[vs_.size() - n + k];
      if (e.loc != dst) return true;
      dst += e.size;
    }
    return false;
  }
  // Moves the label's values to the target block's slots. Sources are either above
  // their destinations (homes) or below the operand area (locals, constants), so
  // copying in ascending order never overwrites a value still to be read.
  void branch_copies(const Ctl& t) {
    const auto& sizes = t.label();
    size_t n = sizes.size();
    uint32_t dst = opbase_ + t.base_height;
    for (size_t k = 0; k < n; ++k) {
      const Entry& e = vs_[vs_.size() - n + k];
      if (e.loc != dst) copy(e.size, e.loc, dst);
      dst += e.size;
    }
  }
  void jump(Ctl& t) {  // the displacement unit of a branch to t
    if (t.op == Op::Loop) {
      disp_to(t.start);
    } else {
      t.fixups.push_back(static_cast<uint32_t>(out_.size()));
      u(0);
    }
  }
  // Results go to the frame's first slots, where the caller expects them.
  void emit_return() {
    const Ctl& f = ctls_[0];
    size_t n = f.results.size();
    // Copies go in ascending order; a source below its destination may already have
    // been overwritten by an earlier copy, so it moves to its home first.
    uint32_t dst = 0;
    for (size_t k = vs_.size() - n; k < vs_.size(); ++k) {
      if (vs_[k].pending() && vs_[k].loc < dst) materialize(vs_[k]);
      dst += vs_[k].size;
    }
    if (n == 1 && retargetable(vs_.back())) {
      out_[last_dst_] = 0;
    } else {
      dst = 0;
      for (size_t k = vs_.size() - n; k < vs_.size(); ++k) {
        if (vs_[k].loc != dst) copy(vs_[k].size, vs_[k].loc, dst);
        dst += vs_[k].size;
      }
    }
    op(H_Ret);
  }
  void emit_br(uint32_t depth) {
    if (depth == ctls_.size() - 1) return emit_return();
    Ctl& t = ctl(depth);
    branch_copies(t);
    op(H_Br);
    jump(t);
  }
  // Emits "branch if cond (or if !cond) to the displacement unit that follows".
  // A compare that just produced cond is folded into the branch.
  void cond_branch(const Entry& c, bool negate) {
    static constexpr std::pair<HandlerId, HandlerId> kFold[] = {
        {H_op_I32Eq, H_BrIfI32Eq},   {H_op_I32Ne, H_BrIfI32Ne},   {H_op_I32LtS, H_BrIfI32LtS},
        {H_op_I32LtU, H_BrIfI32LtU}, {H_op_I32GtS, H_BrIfI32GtS}, {H_op_I32GtU, H_BrIfI32GtU},
        {H_op_I32LeS, H_BrIfI32LeS}, {H_op_I32LeU, H_BrIfI32LeU}, {H_op_I32GeS, H_BrIfI32GeS},
        {H_op_I32GeU, H_BrIfI32GeU}, {H_op_I64Eq, H_BrIfI64Eq},   {H_op_I64Ne, H_BrIfI64Ne},
        {H_op_I64LtS, H_BrIfI64LtS}, {H_op_I64LtU, H_BrIfI64LtU}, {H_op_I64GtS, H_BrIfI64GtS},
        {H_op_I64GtU, H_BrIfI64GtU}, {H_op_I64LeS, H_BrIfI64LeS}, {H_op_I64LeU, H_BrIfI64LeU},
        {H_op_I64GeS, H_BrIfI64GeS}, {H_op_I64GeU, H_BrIfI64GeU}, {H_op_F32Eq, H_BrIfF32Eq},
        {H_op_F32Ne, H_BrIfF32Ne},   {H_op_F32Lt, H_BrIfF32Lt},   {H_op_F32Gt, H_BrIfF32Gt},
        {H_op_F32Le, H_BrIfF32Le},   {H_op_F32Ge, H_BrIfF32Ge},   {H_op_F64Eq, H_BrIfF64Eq},
        {H_op_F64Ne, H_BrIfF64Ne},   {H_op_F64Lt, H_BrIfF64Lt},   {H_op_F64Gt, H_BrIfF64Gt},
        {H_op_F64Le, H_BrIfF64Le},   {H_op_F64Ge, H_BrIfF64Ge}};
    static constexpr std::pair<HandlerId, HandlerId> kNegate[] = {
        {H_BrIfI32Eq, H_BrIfI32Ne},     {H_BrIfI32Ne, H_BrIfI32Eq},     {H_BrIfI32LtS, H_BrIfI32GeS},
        {H_BrIfI32LtU, H_BrIfI32GeU},   {H_BrIfI32GtS, H_BrIfI32LeS},   {H_BrIfI32GtU, H_BrIfI32LeU},
        {H_BrIfI32LeS, H_BrIfI32GtS},   {H_BrIfI32LeU, H_BrIfI32GtU},   {H_BrIfI32GeS, H_BrIfI32LtS},
        {H_BrIfI32GeU, H_BrIfI32LtU},   {H_BrIfI64Eq, H_BrIfI64Ne},     {H_BrIfI64Ne, H_BrIfI64Eq},
        {H_BrIfI64LtS, H_BrIfI64GeS},   {H_BrIfI64LtU, H_BrIfI64GeU},   {H_BrIfI64GtS, H_BrIfI64LeS},
        {H_BrIfI64GtU, H_BrIfI64LeU},   {H_BrIfI64LeS, H_BrIfI64GtS},   {H_BrIfI64LeU, H_BrIfI64GtU},
        {H_BrIfI64GeS, H_BrIfI64LtS},   {H_BrIfI64GeU, H_BrIfI64LtU},   {H_BrIfF32Eq, H_BrUnlessF32Eq},
        {H_BrIfF32Ne, H_BrUnlessF32Ne}, {H_BrIfF32Lt, H_BrUnlessF32Lt}, {H_BrIfF32Gt, H_BrUnlessF32Gt},
        {H_BrIfF32Le, H_BrUnlessF32Le}, {H_BrIfF32Ge, H_BrUnlessF32Ge}, {H_BrIfF64Eq, H_BrUnlessF64Eq},
        {H_BrIfF64Ne, H_BrUnlessF64Ne}, {H_BrIfF64Lt, H_BrUnlessF64Lt}, {H_BrIfF64Gt, H_BrUnlessF64Gt},
        {H_BrIfF64Le, H_BrUnlessF64Le}, {H_BrIfF64Ge, H_BrUnlessF64Ge}};
    if (retargetable(c)) {
      size_t at = last_start_;
      if (last_h_ == H_op_I32Eqz || last_h_ == H_op_I64Eqz) {
        bool wide = last_h_ == H_op_I64Eqz;
        uint32_t a = out_[at + 2];
        out_.resize(at);
        if (wide)
          op(negate ? H_BrIfI64Nez : H_BrIfI64Eqz);
        else
          op(negate ? H_BrIf : H_BrUnless);
        u(a);
        return;
      }
      for (auto [cmp, br] : kFold) {
        if (last_h_ != cmp) continue;
        uint32_t a = out_[at + 2], b = out_[at + 3];
        out_.resize(at);
        if (negate)
          for (auto [p, q] : kNegate)
            if (p == br) {
              br = q;
              break;
            }
        op(br);
        u(a);
        u(b);
        return;
      }
    }
    op(negate ? H_BrUnless : H_BrIf);
    u(c.loc);
  }

  void const_value(uint64_t lo, uint64_t hi, uint8_t size) {
    auto it = pool_.find({lo, hi, size});
    Entry& e = push(size);
    if (it != pool_.end()) {
      e.loc = it->second;
      return;
    }
    if (size == 16) {
      op(H_Const16);
      size_t at = out_.size();
      u(e.home);
      u64(lo);
      u64(hi);
      produced(at);
    } else {
      op(H_Const8);
      size_t at = out_.size();
      u(e.home);
      u64(lo);
      produced(at);
    }
  }
  static bool const_of(const Instr& in, const Instance& inst, uint64_t& lo, uint64_t& hi, uint8_t& size) {
    lo = hi = 0;
    size = 8;
    switch (in.op) {
      case Op::I32Const: lo = in.imm.i32; return true;
      case Op::I64Const: lo = in.imm.i64; return true;
      case Op::F32Const: lo = in.imm.f32_bits; return true;
      case Op::F64Const: lo = in.imm.f64_bits; return true;
      case Op::RefNull: return true;
      case Op::RefFunc: lo = reinterpret_cast<uintptr_t>(inst.funcs[in.imm.index]); return true;
      case Op::V128Const:
        std::memcpy(&lo, in.imm.v128, 8);
        std::memcpy(&hi, in.imm.v128 + 8, 8);
        size = 16;
        return true;
      default: return false;
    }
  }

  void set_local(uint32_t x, bool tee) {
    uint32_t off = local_off_[x];
    Entry& v = vs_.back();
    if (v.loc == off) {  // storing a local's own value
      if (!tee) pop();
      return;
    }
    // Values read from the local earlier must keep the old value. When the new value
    // was just computed, those copies go before its instruction, which then writes
    // the local directly: it only reads its own operands (locals, constants, or homes
    // above every remaining entry), so the copies cannot disturb it.
    bool refs = false;
    for (size_t k = 0; k + 1 < vs_.size(); ++k) refs |= vs_[k].loc == off;
    if (refs) {
      if (retargetable(vs_.back())) {
        std::vector<Unit> last(out_.begin() + last_start_, out_.end());
        size_t dst = last_dst_ - last_start_;
        HandlerId h = last_h_;
        out_.resize(last_start_);
        for (size_t k = 0; k + 1 < vs_.size(); ++k)
          if (vs_[k].loc == off) materialize(vs_[k]);
        last_start_ = out_.size();
        last_h_ = h;
        out_.insert(out_.end(), last.begin(), last.end());
        produced(last_start_ + dst);
      } else {
        for (size_t k = 0; k + 1 < vs_.size(); ++k)
          if (vs_[k].loc == off) materialize(vs_[k]);
      }
    }
    Entry& top = vs_.back();
    if (retargetable(top))
      out_[last_dst_] = off;
    else
      copy(top.size, top.loc, off);
    forget();
    if (tee)
      top.loc = off;
    else
      pop();
  }

  void call(const FuncType& t, HandlerId id, const void* target, const Entry* index, uint32_t table_type_id) {
    size_t n = t.params.size();
    materialize_top(n);
    uint32_t argoff = n ? vs_[vs_.size() - n].home : opbase_ + height();
    vs_.resize(vs_.size() - n);
    op(id);
    ptr(target);
    if (id == H_CallIndirect) {
      u(table_type_id);
      u(index->loc);
    }
    u(argoff);
    for (ValType r : t.results) push(slot_bytes(r));
    forget();
  }

  void generated(const Instr& in);

  const Module& m_;
  Instance& inst_;
  InstanceCode& mc_;
  FuncCode& fc_;
  const Function& fn_;
  const FuncType& type_;
  const void* const* h_;
  std::vector<Unit>& out_;

  std::vector<uint32_t> local_off_;
  std::vector<uint8_t> local_size_;
  std::map<ConstKey, uint32_t> pool_;
  uint32_t opbase_ = 0;
  uint32_t max_height_ = 0;
  std::vector<Entry> vs_;
  std::vector<Ctl> ctls_;

  size_t last_start_ = 0, last_dst_ = 0, last_end_ = SIZE_MAX;
  HandlerId last_h_ = H_Bad;
};

// Pure, Trap, Load, Store and lane instructions: the layout is fixed by the class and
// the signature in opcodes.def, mirrored by the handler templates in execute.cpp.
void Translator::generated(const Instr& in) {
  const OpInfo& oi = info(in.op);
  const char* sig = oi.sig;
  size_t nargs = 0;
  while (sig[nargs] != '>') ++nargs;
  char res = sig[nargs + 1];
  Entry ent[3];
  uint32_t args[3];
  for (size_t k = nargs; k-- > 0;) {
    ent[k] = pop();
    args[k] = ent[k].loc;
  }
  if ((oi.cls == OpClass::Load || oi.cls == OpClass::Store) && last_h_ == H_op_I32Add && retargetable(ent[0])) {
    // The address was just computed by an i32.add: fold it into the access.
    uint32_t a = out_[last_start_ + 2], b = out_[last_start_ + 3];
    out_.resize(last_start_);
    op(kAddVariant[static_cast<unsigned>(in.op)]);
    u(a);
    u(b);
    if (oi.cls == OpClass::Load) {
      size_t at = out_.size();
      u(push(sig_bytes(res)).home);
      u(in.imm.mem.mem.offset);
      produced(at);
    } else {
      u(args[1]);
      u(in.imm.mem.mem.offset);
    }
    return;
  }
  op(static_cast<HandlerId>(in.op));
  switch (oi.cls) {
    case OpClass::Pure:
    case OpClass::Trap: {
      for (size_t k = 0; k < nargs; ++k) u(args[k]);
      size_t at = out_.size();
      u(push(sig_bytes(res)).home);
      if (oi.imm == ImmKind::Lane) {
        u(in.imm.lane);
      } else if (oi.imm == ImmKind::Shuffle) {
        Unit w[4];
        std::memcpy(w, in.imm.v128, 16);
        for (Unit x : w) u(x);
      }
      produced(at);
      break;
    }
    case OpClass::Load: {
      u(args[0]);
      size_t at = out_.size();
      u(push(sig_bytes(res)).home);
      u(in.imm.mem.mem.offset);
      produced(at);
      break;
    }
    case OpClass::Store:
      u(args[0]);
      u(args[1]);
      u(in.imm.mem.mem.offset);
      break;
    case OpClass::LoadLane: {
      u(args[0]);
      u(args[1]);
      size_t at = out_.size();
      u(push(16).home);
      u(in.imm.mem.mem.offset);
      u(in.imm.mem.lane);
      produced(at);
      break;
    }
    case OpClass::StoreLane:
      u(args[0]);
      u(args[1]);
      u(in.imm.mem.mem.offset);
      u(in.imm.mem.lane);
      break;
    case OpClass::Special: break;
  }
}

Status Translator::run() {
  // Frame layout: params, locals, then the constant pool.
  uint64_t off = 0;
  for (ValType t : type_.params) {
    local_off_.push_back(static_cast<uint32_t>(off));
    local_size_.push_back(slot_bytes(t));
    off += slot_bytes(t);
  }
  fc_.param_bytes = static_cast<uint32_t>(off);
  fc_.result_bytes = 0;
  for (ValType t : type_.results) fc_.result_bytes += slot_bytes(t);
  for (const LocalGroup& g : fn_.locals) {
    if (off + uint64_t(g.count) * slot_bytes(g.type) > kMaxFrameBytes)
      return make_error(ErrorKind::Exhaustion, "function frame too large");
    for (uint32_t k = 0; k < g.count; ++k) {
      local_off_.push_back(static_cast<uint32_t>(off));
      local_size_.push_back(slot_bytes(g.type));
      off += slot_bytes(g.type);
    }
  }
  uint32_t locals_end = static_cast<uint32_t>(off);
  struct PoolInit {
    uint32_t at;
    uint64_t lo, hi;
    uint8_t size;
  };
  std::vector<PoolInit> pool_init;
  for (const Instr& in : fn_.code) {
    uint64_t lo, hi;
    uint8_t size;
    if (!const_of(in, inst_, lo, hi, size) || pool_.count({lo, hi, size})) continue;
    if (off + size - locals_end > kMaxConstPoolBytes) continue;
    pool_[{lo, hi, size}] = static_cast<uint32_t>(off);
    pool_init.push_back({static_cast<uint32_t>(off), lo, hi, size});
    off += size;
  }
  opbase_ = static_cast<uint32_t>(off);
  fc_.init_off = fc_.param_bytes;
  fc_.init.assign(opbase_ - fc_.param_bytes, 0);
  for (const PoolInit& p : pool_init) {
    uint8_t* dst = fc_.init.data() + (p.at - fc_.param_bytes);
    std::memcpy(dst, &p.lo, 8);
    if (p.size == 16) std::memcpy(dst + 8, &p.hi, 8);
  }
  fc_.init_bytes = static_cast<uint32_t>(fc_.init.size());

  Ctl body;
  body.op = Op::End;
  for (ValType t : type_.results) body.results.push_back(slot_bytes(t));
  body.end_pc = static_cast<uint32_t>(fn_.code.size() - 1);
  ctls_.push_back(std::move(body));

  const auto& code = fn_.code;
  out_.reserve(code.size() * 4);
  for (size_t pc = 0; pc < code.size(); ++pc) {
    const Instr& in = code[pc];
    const OpInfo& oi = info(in.op);
    if (oi.cls != OpClass::Special) {
      generated(in);
      continue;
    }
    switch (in.op) {
      case Op::Unreachable:
        op(H_Unreachable);
        dead(pc);
        break;
      case Op::Nop: break;
      case Op::Block:
        materialize_all();
        open(Op::Block, in, pc);
        forget();
        break;
      case Op::Loop:
        materialize_all();
        open(Op::Loop, in, pc);
        ctls_.back().start = static_cast<uint32_t>(out_.size());
        forget();
        break;
      case Op::If: {
        Entry c = pop();
        materialize_all();  // a compare producing c still folds when nothing was copied
        open(Op::If, in, pc);
        cond_branch(c, true);
        ctls_.back().else_fixup = static_cast<int64_t>(out_.size());
        u(0);
        forget();
        break;
      }
      case Op::Else: {
        Ctl& c = ctls_.back();
        if (!c.unreachable) {
          materialize_top(c.results.size());
          op(H_Br);
          c.fixups.push_back(static_cast<uint32_t>(out_.size()));
          u(0);
        }
        patch(static_cast<uint32_t>(c.else_fixup), out_.size());
        c.else_fixup = -1;
        c.in_else = true;
        c.unreachable = false;
        reset_to(c, c.params);
        forget();
        break;
      }
      case Op::End: {
        Ctl& c = ctls_.back();
        if (ctls_.size() == 1) {
          if (!c.unreachable) emit_return();
          break;
        }
        if (!c.unreachable) materialize_top(c.results.size());
        if (c.else_fixup >= 0) c.fixups.push_back(static_cast<uint32_t>(c.else_fixup));
        if (c.op != Op::Loop)
          for (uint32_t at : c.fixups) patch(at, out_.size());
        reset_to(c, c.results);
        ctls_.pop_back();
        forget();
        break;
      }
      case Op::Br:
        emit_br(in.imm.index);
        dead(pc);
        break;
      case Op::BrIf: {
        Entry c = pop();
        uint32_t depth = in.imm.index;
        bool is_return = depth == ctls_.size() - 1;
        if (!is_return && !needs_copies(ctl(depth))) {
          cond_branch(c, false);
          jump(ctl(depth));
        } else {
          cond_branch(c, true);
          uint32_t skip = static_cast<uint32_t>(out_.size());
          u(0);
          emit_br(depth);
          patch(skip, out_.size());
        }
        forget();
        break;
      }
      case Op::BrTable: {
        Entry idx = pop();
        uint32_t count = in.imm.br_table.count;
        const uint32_t* labels = fn_.br_labels.data() + in.imm.br_table.first;
        op(H_BrTable);
        u(idx.loc);
        u(count - 1);
        uint32_t table = static_cast<uint32_t>(out_.size());
        for (uint32_t k = 0; k < count; ++k) u(0);
        std::map<uint32_t, uint32_t> stubs;  // label depth -> stub position
        for (uint32_t k = 0; k < count; ++k) {
          uint32_t depth = labels[k];
          bool is_return = depth == ctls_.size() - 1;
          if (!is_return && !needs_copies(ctl(depth))) {
            Ctl& t = ctl(depth);
            if (t.op == Op::Loop)
              patch(table + k, t.start);
            else
              t.fixups.push_back(table + k);
            continue;
          }
          auto it = stubs.find(depth);
          if (it == stubs.end()) {
            it = stubs.emplace(depth, static_cast<uint32_t>(out_.size())).first;
            forget();
            emit_br(depth);
          }
          patch(table + k, it->second);
        }
        dead(pc);
        break;
      }
      case Op::Return:
        emit_return();
        dead(pc);
        break;
      case Op::Call: {
        uint32_t x = in.imm.index;
        FuncInst* f = inst_.funcs[x];
        if (x >= m_.num_imported_funcs)
          call(f->type, H_Call, &mc_.funcs[x - m_.num_imported_funcs], nullptr, 0);
        else
          call(f->type, H_CallFunc, f, nullptr, 0);
        break;
      }
      case Op::CallIndirect: {
        const FuncType& t = m_.types[in.imm.index2.a];
        Entry idx = pop();
        call(t, H_CallIndirect, inst_.tables[in.imm.index2.b], &idx, mc_.type_ids[in.imm.index2.a]);
        break;
      }
      case Op::Drop: pop(); break;
      case Op::Select:
      case Op::SelectT: {
        Entry c = pop(), b = pop(), a = pop();
        op(a.size == 16 ? H_Select16 : H_Select8);
        u(a.loc);
        u(b.loc);
        u(c.loc);
        size_t at = out_.size();
        u(push(a.size).home);
        produced(at);
        break;
      }
      case Op::LocalGet: {
        uint32_t x = in.imm.index;
        push(local_size_[x]).loc = local_off_[x];
        break;
      }
      case Op::LocalSet: set_local(in.imm.index, false); break;
      case Op::LocalTee: set_local(in.imm.index, true); break;
      case Op::GlobalGet: {
        GlobalInst* g = inst_.globals[in.imm.index];
        uint8_t size = slot_bytes(g->type.type);
        op(size == 16 ? H_GlobalGet16 : H_GlobalGet8);
        ptr(g);
        size_t at = out_.size();
        u(push(size).home);
        produced(at);
        break;
      }
      case Op::GlobalSet: {
        GlobalInst* g = inst_.globals[in.imm.index];
        ValType t = g->type.type;
        Entry v = pop();
        op(t == ValType::V128 ? H_GlobalSet16 : (t == ValType::I32 || t == ValType::F32) ? H_GlobalSet4 : H_GlobalSet8);
        ptr(g);
        u(v.loc);
        break;
      }
      case Op::TableGet: {
        Entry i = pop();
        op(H_TableGet);
        ptr(inst_.tables[in.imm.index]);
        u(i.loc);
        size_t at = out_.size();
        u(push(8).home);
        produced(at);
        break;
      }
      case Op::TableSet: {
        Entry v = pop(), i = pop();
        op(H_TableSet);
        ptr(inst_.tables[in.imm.index]);
        u(i.loc);
        u(v.loc);
        break;
      }
      case Op::MemorySize: {
        op(H_MemorySize);
        size_t at = out_.size();
        u(push(8).home);
        produced(at);
        break;
      }
      case Op::MemoryGrow: {
        Entry d = pop();
        op(H_MemoryGrow);
        u(d.loc);
        size_t at = out_.size();
        u(push(8).home);
        produced(at);
        break;
      }
      case Op::I32Const:
      case Op::I64Const:
      case Op::F32Const:
      case Op::F64Const:
      case Op::V128Const:
      case Op::RefNull:
      case Op::RefFunc: {
        uint64_t lo, hi;
        uint8_t size;
        const_of(in, inst_, lo, hi, size);
        const_value(lo, hi, size);
        break;
      }
      case Op::RefIsNull: {
        Entry a = pop();
        op(H_RefIsNull);
        u(a.loc);
        size_t at = out_.size();
        u(push(8).home);
        produced(at);
        break;
      }
      case Op::MemoryInit: {
        Entry n = pop(), s = pop(), d = pop();
        op(H_MemoryInit);
        u(d.loc);
        u(s.loc);
        u(n.loc);
        u(in.imm.index);
        break;
      }
      case Op::DataDrop:
        op(H_DataDrop);
        u(in.imm.index);
        break;
      case Op::MemoryCopy:
      case Op::MemoryFill: {
        Entry n = pop(), s = pop(), d = pop();
        op(in.op == Op::MemoryCopy ? H_MemoryCopy : H_MemoryFill);
        u(d.loc);
        u(s.loc);
        u(n.loc);
        break;
      }
      case Op::TableInit: {
        Entry n = pop(), s = pop(), d = pop();
        op(H_TableInit);
        ptr(inst_.tables[in.imm.index2.b]);
        u(in.imm.index2.a);
        u(d.loc);
        u(s.loc);
        u(n.loc);
        break;
      }
      case Op::ElemDrop:
        op(H_ElemDrop);
        u(in.imm.index);
        break;
      case Op::TableCopy: {
        Entry n = pop(), s = pop(), d = pop();
        op(H_TableCopy);
        ptr(inst_.tables[in.imm.index2.a]);
        ptr(inst_.tables[in.imm.index2.b]);
        u(d.loc);
        u(s.loc);
        u(n.loc);
        break;
      }
      case Op::TableGrow: {
        Entry n = pop(), init = pop();
        op(H_TableGrow);
        ptr(inst_.tables[in.imm.index]);
        u(init.loc);
        u(n.loc);
        size_t at = out_.size();
        u(push(8).home);
        produced(at);
        break;
      }
      case Op::TableSize: {
        op(H_TableSize);
        ptr(inst_.tables[in.imm.index]);
        size_t at = out_.size();
        u(push(8).home);
        produced(at);
        break;
      }
      case Op::TableFill: {
        Entry n = pop(), v = pop(), i = pop();
        op(H_TableFill);
        ptr(inst_.tables[in.imm.index]);
        u(i.loc);
        u(v.loc);
        u(n.loc);
        break;
      }
      default:
        return make_error(ErrorKind::Unsupported, std::string("interpreter: unsupported instruction ") + oi.text,
                          in.offset);
    }
  }
  uint64_t frame = uint64_t(opbase_) + max_height_;
  if (frame > kMaxFrameBytes) return make_error(ErrorKind::Exhaustion, "function frame too large");
  fc_.frame_bytes = std::max<uint32_t>(static_cast<uint32_t>(frame), fc_.result_bytes);
  out_.shrink_to_fit();
  return {};
}

}  // namespace

Status translate(FuncCode& fc) {
  Instance& inst = *fc.inst;
  const Module& m = *inst.module;
  fc.code.clear();
  Status s = Translator(m, inst, *static_cast<InstanceCode*>(inst.code.get()), fc, *fc.body).run();
  if (!s.ok()) {
    Error e = s.error();
    e.func_index = fc.func->index;
    e.message = m.func_name(fc.func->index) + ": " + e.message;
    return e;
  }
  return {};
}

Status prepare(Store& store, Instance& inst) {
  state_of(store);  // exists before any call, so an interrupt can be requested early
  const Module& m = *inst.module;
  auto mc = std::make_shared<InstanceCode>();
  mc->type_ids.reserve(m.types.size());
  for (const FuncType& t : m.types) mc->type_ids.push_back(store.intern_type(t));
  mc->funcs.resize(m.functions.size());
  // Translation waits for each function's first call (the Translate handler): a C
  // program's libc brings many functions a run never calls. What callers and the
  // entry need before that, the sizes of parameters and results, is set here.
  Unit stub[2];
  const void* translate_handler = handler_table()[H_Translate];
  std::memcpy(stub, &translate_handler, sizeof stub);
  for (size_t i = 0; i < m.functions.size(); ++i) {
    FuncCode& fc = mc->funcs[i];
    fc.func = inst.funcs[m.num_imported_funcs + i];
    fc.inst = &inst;
    fc.mem = inst.memories.empty() ? nullptr : inst.memories[0];
    fc.body = &m.functions[i];
    fc.code.assign(stub, stub + 2);
    const FuncType& t = m.types[m.functions[i].type_index];
    for (ValType p : t.params) fc.param_bytes += slot_bytes(p);
    for (ValType r : t.results) fc.result_bytes += slot_bytes(r);
    fc.frame_bytes = std::max(fc.param_bytes, fc.result_bytes);
    fc.func->code = &fc;
  }
  for (FuncCode& fc : mc->funcs) fc.func->call = &call;
  inst.code = mc;
  inst.engine = &engine();
  return {};
}

}  // namespace akira::interp
