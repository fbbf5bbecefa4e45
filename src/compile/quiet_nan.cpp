#include "compile/quiet_nan.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>

namespace akira::compile {
namespace {

// Whether v is, or may turn out to be in the code generator (which folds selects of
// constants too), a constant with an element that makes an operation an identity.
bool identity_prone(const llvm::Value* v, int depth = 0) {
  while (auto* bc = llvm::dyn_cast<llvm::BitCastInst>(v)) v = bc->getOperand(0);  // the DAG sees through
  if (auto* c = llvm::dyn_cast<llvm::Constant>(v)) {
    auto prone = [](const llvm::Constant* e) {
      auto* f = llvm::dyn_cast_or_null<llvm::ConstantFP>(e);
      if (!f) return true;  // undef, poison or an expression: assume the worst
      const llvm::APFloat& x = f->getValueAPF();
      return x.isZero() || x.isExactlyValue(1.0) || x.isExactlyValue(-1.0);
    };
    auto* vt = llvm::dyn_cast<llvm::FixedVectorType>(c->getType());
    if (!vt) return prone(c);
    for (unsigned i = 0; i < vt->getNumElements(); ++i)
      if (prone(c->getAggregateElement(i))) return true;
    return false;
  }
  if (depth >= 2) return false;
  if (auto* s = llvm::dyn_cast<llvm::SelectInst>(v))
    return identity_prone(s->getTrueValue(), depth + 1) || identity_prone(s->getFalseValue(), depth + 1);
  if (auto* p = llvm::dyn_cast<llvm::PHINode>(v)) {
    for (const llvm::Value* in : p->incoming_values())
      if (identity_prone(in, depth + 1)) return true;
  }
  return false;
}

bool quiets_by_itself(const llvm::Value* v) {
  auto* i = llvm::dyn_cast<llvm::Instruction>(v);
  if (!i) return false;
  switch (i->getOpcode()) {
    case llvm::Instruction::FAdd:
    case llvm::Instruction::FSub:
    case llvm::Instruction::FMul:
    case llvm::Instruction::FDiv: return !identity_prone(i->getOperand(0)) && !identity_prone(i->getOperand(1));
    case llvm::Instruction::FPTrunc: {
      const llvm::Value* x = i->getOperand(0);
      while (auto* bc = llvm::dyn_cast<llvm::BitCastInst>(x)) x = bc->getOperand(0);  // as above
      return !llvm::isa<llvm::FPExtInst>(x) && !llvm::isa<llvm::Constant>(x);
    }
    default: break;
  }
  if (auto* ii = llvm::dyn_cast<llvm::IntrinsicInst>(i)) {
    auto id = ii->getIntrinsicID();
    if (id == llvm::Intrinsic::minimum || id == llvm::Intrinsic::maximum)
      return ii->getArgOperand(0) != ii->getArgOperand(1) && !llvm::isa<llvm::Constant>(ii->getArgOperand(0)) &&
             !llvm::isa<llvm::Constant>(ii->getArgOperand(1));
  }
  return false;
}

}  // namespace

llvm::PreservedAnalyses DropRedundantCanonicalize::run(llvm::Function& f, llvm::FunctionAnalysisManager&) {
  bool changed = false;
  for (llvm::BasicBlock& bb : f) {
    for (llvm::Instruction& inst : llvm::make_early_inc_range(bb)) {
      auto* c = llvm::dyn_cast<llvm::IntrinsicInst>(&inst);
      if (!c || c->getIntrinsicID() != llvm::Intrinsic::canonicalize) continue;
      llvm::Value* x = c->getArgOperand(0);
      if (!quiets_by_itself(x)) continue;
      c->replaceAllUsesWith(x);
      c->eraseFromParent();
      changed = true;
    }
  }
  return changed ? llvm::PreservedAnalyses::none() : llvm::PreservedAnalyses::all();
}

}  // namespace akira::compile
