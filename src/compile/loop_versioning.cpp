#include "compile/loop_versioning.h"

#include <llvm/Analysis/LoopInfo.h>
#include <llvm/Analysis/ScalarEvolution.h>
#include <llvm/Analysis/ScalarEvolutionExpressions.h>
#include <llvm/Analysis/ValueTracking.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/Transforms/Utils/BasicBlockUtils.h>
#include <llvm/Transforms/Utils/Cloning.h>
#include <llvm/Transforms/Utils/Local.h>
#include <llvm/Transforms/Utils/LoopSimplify.h>
#include <llvm/Transforms/Utils/LoopUtils.h>
#include <llvm/Transforms/Utils/ScalarEvolutionExpander.h>
#include <llvm/Transforms/Utils/ValueMapper.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "aot/abi.h"

namespace akira::compile {
namespace {

using llvm::SCEV;

constexpr unsigned kMaxLoopInstructions = 400;  // copies cost code size
constexpr int64_t kMaxStep = int64_t{1} << 20;  // keeps step * trip count far inside i64

// The bytes one access touches over the loop: base + offset(k) + [0, size) for every
// iteration k = 0 .. backedge-taken count, where offset(k) = start + step * k + constant.
// `start` is an i64 expression, or an i32 one whose 32-bit sequence must not wrap.
struct Span {
  const SCEV* start = nullptr;
  int64_t step = 0;
  uint64_t constant = 0;
  uint64_t size = 0;
};

bool is_wasm_access(const llvm::Instruction& i) { return i.getMetadata(kWasmMemoryAccessMD) != nullptr; }

// Splits an access's offset from the memory base into a Span (false: not affine here).
bool span_of(llvm::ScalarEvolution& se, llvm::Loop& loop, const SCEV* off, Span& span) {
  const SCEV* term = off;
  if (auto* add = llvm::dyn_cast<llvm::SCEVAddExpr>(off)) {
    term = nullptr;
    for (const SCEV* op : add->operands()) {
      if (auto* c = llvm::dyn_cast<llvm::SCEVConstant>(op)) {
        const llvm::APInt& v = c->getAPInt();
        if (v.isNegative() || v.getActiveBits() > 33) return false;
        span.constant += v.getZExtValue();
      } else if (!term) {
        term = op;
      } else {
        return false;
      }
    }
    if (!term) {  // a constant address
      span.start = se.getZero(off->getType());
      return true;
    }
  }
  if (se.isLoopInvariant(term, &loop)) {
    span.start = term;
    return true;
  }
  const SCEV* rec = term;
  if (auto* z = llvm::dyn_cast<llvm::SCEVZeroExtendExpr>(term)) rec = z->getOperand();
  auto* ar = llvm::dyn_cast<llvm::SCEVAddRecExpr>(rec);
  if (!ar || ar->getLoop() != &loop || !ar->isAffine()) return false;
  auto* step = llvm::dyn_cast<llvm::SCEVConstant>(ar->getStepRecurrence(se));
  if (!step || step->getAPInt().getSignificantBits() > 64) return false;
  span.step = step->getAPInt().getSExtValue();
  if (span.step > kMaxStep || span.step < -kMaxStep) return false;
  span.start = ar->getStart();
  return true;
}

// Builds, before the loop, the condition that every access of every iteration is inside
// the memory. Returns null when the loop is not a candidate.
llvm::Value* in_bounds_condition(llvm::Function& f, llvm::Loop& loop, llvm::ScalarEvolution& se,
                                 const std::vector<llvm::Instruction*>& accesses) {
  llvm::BasicBlock* pre = loop.getLoopPreheader();
  llvm::Instruction* at = pre->getTerminator();
  const llvm::DataLayout& dl = f.getParent()->getDataLayout();
  const SCEV* btc = se.getBackedgeTakenCount(&loop);
  if (llvm::isa<llvm::SCEVCouldNotCompute>(btc)) return nullptr;

  std::vector<Span> spans;
  for (llvm::Instruction* i : accesses) {
    llvm::Value* ptr = llvm::getLoadStorePointerOperand(i);
    llvm::Type* ty = llvm::getLoadStoreType(i);
    const llvm::Value* base = llvm::getUnderlyingObject(ptr, 0);
    if (!base || !loop.isLoopInvariant(base)) return nullptr;
    const SCEV* off = se.getMinusSCEV(se.getSCEV(ptr), se.getSCEV(const_cast<llvm::Value*>(base)));
    if (llvm::isa<llvm::SCEVCouldNotCompute>(off) || !off->getType()->isIntegerTy()) return nullptr;
    Span s;
    s.size = dl.getTypeStoreSize(ty);
    if (!span_of(se, loop, off, s)) return nullptr;
    // Accesses that differ only in their constant offset (fields of one struct, unrolled
    // elements) share one check: the lowest constant and the highest end.
    bool merged = false;
    for (Span& t : spans) {
      if (t.start != s.start || t.step != s.step) continue;
      uint64_t end = std::max(t.constant + t.size, s.constant + s.size);
      t.constant = std::min(t.constant, s.constant);
      t.size = end - t.constant;
      merged = true;
      break;
    }
    if (!merged) spans.push_back(s);
  }

  llvm::SCEVExpander exp(se, "akira.inbounds");
  if (!exp.isSafeToExpandAt(btc, at)) return nullptr;
  for (const Span& s : spans)
    if (!exp.isSafeToExpandAt(s.start, at)) return nullptr;

  llvm::IRBuilder<> b(at);
  llvm::Type* i64 = b.getInt64Ty();
  llvm::Value* n = exp.expandCodeFor(btc, btc->getType(), at);
  // A trip count beyond 2^32 cannot stay inside a 32-bit memory with a non-zero step.
  llvm::Value* ok = b.CreateICmpULE(n, llvm::ConstantInt::get(n->getType(), 0xffffffffu));
  n = b.CreateZExtOrTrunc(n, i64);
  // ctx->mem_size: nothing in the loop can grow the memory (it calls nothing).
  llvm::Value* size_ptr = b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), f.getArg(0), offsetof(aot::Context, mem_size));
  llvm::Value* mem_size = b.CreateAlignedLoad(i64, size_ptr, llvm::Align(8));
  for (const Span& s : spans) {
    llvm::Value* first = b.CreateZExtOrTrunc(exp.expandCodeFor(s.start, s.start->getType(), at), i64);
    llvm::Value* last = b.CreateAdd(first, b.CreateMul(n, llvm::ConstantInt::getSigned(i64, s.step)));
    // The exact (unwrapped) offsets stay in [0, mem_size - constant - size]: then the
    // 32-bit address arithmetic did not wrap either, and every access is in bounds.
    llvm::Value* lo = s.step < 0 ? last : first;
    llvm::Value* hi = s.step < 0 ? first : last;
    // Upwards from a zero-extended 32-bit start the offsets cannot be negative.
    bool nonneg = s.step >= 0 && (s.start->getType()->getIntegerBitWidth() < 64 || se.isKnownNonNegative(s.start));
    if (!nonneg) ok = b.CreateAnd(ok, b.CreateICmpSGE(lo, llvm::ConstantInt::get(i64, 0)));
    llvm::Value* end = b.CreateAdd(hi, llvm::ConstantInt::get(i64, s.constant + s.size));
    ok = b.CreateAnd(ok, b.CreateICmpULE(end, mem_size));
  }
  return ok;
}

bool is_candidate(llvm::Function& f, llvm::Loop& loop, std::vector<llvm::Instruction*>& accesses) {
  if (!loop.isInnermost() || loop.getNumBlocks() != 1) return false;
  llvm::BasicBlock* body = loop.getHeader();
  llvm::BasicBlock* pre = loop.getLoopPreheader();
  llvm::BasicBlock* exit = loop.getExitBlock();
  if (!pre || !exit || exit->getSinglePredecessor() != body || body->size() > kMaxLoopInstructions) return false;
  if (f.arg_size() == 0 || !f.getArg(0)->getType()->isPointerTy()) return false;  // ctx
  for (llvm::Instruction& i : *body) {
    if (is_wasm_access(i) && (llvm::isa<llvm::LoadInst>(i) || llvm::isa<llvm::StoreInst>(i))) {
      accesses.push_back(&i);
      continue;
    }
    // Anything else that writes memory or has effects (calls, global.set, counters)
    // could grow the memory or be observed: such loops stay as they are.
    if (i.mayWriteToMemory() || i.mayHaveSideEffects()) return false;
  }
  return !accesses.empty();
}

void version(llvm::Loop& loop, llvm::Value* in_bounds, llvm::DominatorTree& dt) {
  llvm::BasicBlock* body = loop.getHeader();
  llvm::BasicBlock* pre = loop.getLoopPreheader();
  llvm::BasicBlock* exit = loop.getExitBlock();
  llvm::ValueToValueMapTy vmap;
  llvm::BasicBlock* fast = llvm::CloneBasicBlock(body, vmap, ".inbounds", body->getParent());
  vmap[body] = fast;
  for (llvm::Instruction& i : *fast) {
    llvm::RemapInstruction(&i, vmap, llvm::RF_NoModuleLevelChanges | llvm::RF_IgnoreMissingLocals);
    if (!is_wasm_access(i)) continue;
    if (auto* l = llvm::dyn_cast<llvm::LoadInst>(&i)) l->setVolatile(false);
    if (auto* s = llvm::dyn_cast<llvm::StoreInst>(&i)) s->setVolatile(false);
  }
  // LCSSA: every value used after the loop goes through a phi of the exit block.
  for (llvm::PHINode& phi : exit->phis()) {
    llvm::Value* v = phi.getIncomingValueForBlock(body);
    auto it = vmap.find(v);
    phi.addIncoming(it != vmap.end() ? static_cast<llvm::Value*>(it->second) : v, fast);
  }
  llvm::Instruction* term = pre->getTerminator();
  llvm::IRBuilder<> b(term);
  llvm::MDBuilder md(b.getContext());
  llvm::BranchInst* br = b.CreateCondBr(in_bounds, fast, body, md.createLikelyBranchWeights());
  br->setMetadata(kInBoundsCheckMD, llvm::MDNode::get(b.getContext(), {}));
  term->eraseFromParent();
  dt.addNewBlock(fast, pre);
  dt.changeImmediateDominator(exit, pre);
}

}  // namespace

llvm::PreservedAnalyses VersionLoopsInBounds::run(llvm::Function& f, llvm::FunctionAnalysisManager& am) {
  auto& li = am.getResult<llvm::LoopAnalysis>(f);
  auto& dt = am.getResult<llvm::DominatorTreeAnalysis>(f);
  auto& se = am.getResult<llvm::ScalarEvolutionAnalysis>(f);
  llvm::SmallVector<llvm::Loop*, 4> loops = li.getLoopsInPreorder();
  bool changed = false;
  for (llvm::Loop* loop : loops) {
    std::vector<llvm::Instruction*> accesses;
    if (!loop->isInnermost() || loop->getNumBlocks() != 1) continue;
    // A preheader and an exit block of its own, which passes before us may have merged away.
    changed |= llvm::simplifyLoop(loop, &dt, &li, &se, nullptr, nullptr, /*PreserveLCSSA=*/false);
    if (!is_candidate(f, *loop, accesses)) continue;
    changed |= llvm::formLCSSA(*loop, dt, &li, &se);
    llvm::Value* ok = in_bounds_condition(f, *loop, se, accesses);
    if (!ok) continue;
    version(*loop, ok, dt);
    se.forgetLoop(loop);
    changed = true;
  }
  return changed ? llvm::PreservedAnalyses::none() : llvm::PreservedAnalyses::all();
}

llvm::PreservedAnalyses DropUnvectorizedVersions::run(llvm::Function& f, llvm::FunctionAnalysisManager& am) {
  auto& dt = am.getResult<llvm::DominatorTreeAnalysis>(f);
  std::vector<llvm::BranchInst*> checks;
  for (llvm::BasicBlock& bb : f)
    if (auto* br = llvm::dyn_cast<llvm::BranchInst>(bb.getTerminator()); br && br->getMetadata(kInBoundsCheckMD))
      checks.push_back(br);
  bool changed = false;
  for (llvm::BranchInst* br : checks) {
    // Passes may have swapped the successors (inverting the condition): the copy is the
    // side without volatile accesses.
    bool is_volatile[2] = {false, false}, is_vector[2] = {false, false};
    for (unsigned k = 0; k < 2; ++k) {
      llvm::BasicBlock* succ = br->getSuccessor(k);
      for (llvm::BasicBlock& bb : f) {
        if (!dt.dominates(succ, &bb)) continue;
        for (llvm::Instruction& i : bb) {
          if (!llvm::isa<llvm::LoadInst>(i) && !llvm::isa<llvm::StoreInst>(i)) continue;
          if (llvm::getLoadStoreType(&i)->isVectorTy()) is_vector[k] = true;
          if (is_wasm_access(i) && i.isVolatile()) is_volatile[k] = true;
        }
      }
    }
    if (is_volatile[0] == is_volatile[1]) continue;  // not recognisable any more: leave it
    unsigned copy = is_volatile[0] ? 1 : 0;
    if (is_vector[copy]) continue;
    llvm::BasicBlock* original = br->getSuccessor(1 - copy);
    br->getSuccessor(copy)->removePredecessor(br->getParent());
    llvm::BranchInst::Create(original, br->getIterator());
    br->eraseFromParent();
    changed = true;
  }
  if (!changed) return llvm::PreservedAnalyses::all();
  llvm::removeUnreachableBlocks(f);
  return llvm::PreservedAnalyses::none();
}

}  // namespace akira::compile
