"""Random modules for differential fuzzing, made self-contained and observable.

A seed becomes bytes (SHAKE-256, so the same on every machine), binaryen's
translate-to-fuzz (`wasm-opt -ttf`) turns them into a module, and the module is
rewritten in the text format (wasm2wat --generate-names, so nothing depends on index
numbers):

- every import becomes a definition: functions fold their arguments into a mutable
  "log hash" global (NaNs canonical first, since their payload bits may legitimately
  differ) and return zeros; globals, memories and tables become plain definitions;
- each exported function gets a wrapper export `__fd_call_N` whose parameters and
  results are only i32/i64 (f32/f64 as bits, v128 as two i64, references as null /
  is-null), so that V8 can call it from JavaScript with nothing lost;
- `__fd_state` returns the log hash, the number of log calls, the memory size and a
  hash of all of memory, a hash of all globals (canonical NaNs) and the table sizes;
- every instruction whose NaN results the spec leaves open (float arithmetic, min/max,
  rounding, sqrt, demote/promote; scalar and SIMD) is followed by a call making a NaN
  result the canonical NaN. That is one of the behaviours the spec allows, so the module
  means what it meant, but its NaN bits are now the same in every engine, also where
  they reach integers (reinterpretation, integer lanes of a v128, memory). Instructions
  that must keep NaN bits (abs, neg, copysign, loads, stores, reinterpret) are untouched.

Result bits of the wrappers are raw; compare.py canonicalises NaNs using the types
recorded in the manifest.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass, field

# Wasm 2.0 without threads, exceptions, tail calls, GC or memory64 (Akira has none of them).
FEATURES_FULL = ["--mvp-features", "--enable-sign-ext", "--enable-mutable-globals",
                 "--enable-nontrapping-float-to-int", "--enable-simd", "--enable-bulk-memory",
                 "--enable-multivalue", "--enable-reference-types"]
# binaryen 108 types reference-typed code with its pre-standard subtyping (funcref as a
# subtype of externref, typed block signatures), which Wasm 2.0 rejects in most modules
# that use references: a seed whose module fails validation is generated again without
# reference types.
FEATURES_NO_REFS = [f for f in FEATURES_FULL if f != "--enable-reference-types"]

# binaryen's hang limit (loop iterations plus calls per top-level call) is 10; a few more
# let loops run long enough to matter, still bounded.
HANG_LIMIT = 50

NUM_TYPES = ("i32", "i64", "f32", "f64", "v128")
REF_TYPES = ("funcref", "externref")


class HarnessError(Exception):
    pass


def run_tool(argv, **kw):
    p = subprocess.run(argv, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise HarnessError(f"{' '.join(argv)} failed: {(p.stderr or p.stdout).strip()[:2000]}")
    return p


def seed_bytes(seed: int) -> bytes:
    """The translate-to-fuzz input of a seed: 1-6 KiB (the module's size follows it)."""
    h = hashlib.shake_256(f"akira-fuzz-diff/{seed}".encode())
    size = 1024 + int.from_bytes(h.digest(2), "little") % 5120
    return hashlib.shake_256(f"akira-fuzz-diff/{seed}/bytes".encode()).digest(size)


def fuzz_passes(seed: int) -> bool:
    """Half the seeds also run binaryen's --fuzz-passes (optimisation passes it picks from
    the input): the compilers then see code shaped by an optimiser as well as raw ttf code."""
    return hashlib.shake_256(f"akira-fuzz-diff/{seed}/passes".encode()).digest(1)[0] & 1 == 1


def generate(seed: int, workdir: str) -> tuple[str, list[str]]:
    """Writes binaryen's module for `seed` into workdir; returns its path and wasm-opt's flags."""
    rnd = os.path.join(workdir, "random.bin")
    with open(rnd, "wb") as f:
        f.write(seed_bytes(seed))
    out = os.path.join(workdir, "ttf.wasm")
    passes = ["--fuzz-passes"] if fuzz_passes(seed) else []
    # Some of binaryen's passes give up on reference-typed code ("Flatten was forced to add
    # a local of a type it cannot handle"): the next, smaller choice is taken then too.
    for flags in (FEATURES_FULL + passes, FEATURES_NO_REFS + passes, FEATURES_NO_REFS):
        if subprocess.run(["wasm-opt", *flags, "-ttf", rnd, "-o", out], capture_output=True).returncode != 0:
            continue
        if subprocess.run(["wasm-validate", out], capture_output=True).returncode == 0:
            return out, flags
    raise HarnessError(f"seed {seed}: binaryen made no valid module, even without reference types and passes")


# --- the text format -----------------------------------------------------------------

def split_fields(wat: str) -> list[str]:
    """The module's top-level fields, each as its text `( ... )`."""
    i = wat.index("(module") + len("(module")
    fields, depth, start, n = [], 0, 0, len(wat)
    while i < n:
        c = wat[i]
        if c == '"':
            i += 1
            while wat[i] != '"':
                i += 2 if wat[i] == "\\" else 1
        elif wat.startswith("(;", i):
            nest = 0
            while True:
                if wat.startswith("(;", i):
                    nest += 1
                    i += 2
                elif wat.startswith(";)", i):
                    nest -= 1
                    i += 2
                    if nest == 0:
                        break
                else:
                    i += 1
            continue
        elif wat.startswith(";;", i):
            i = wat.find("\n", i)
            if i < 0:
                break
        elif c == "(":
            if depth == 0:
                start = i
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
            if depth == 0:
                fields.append(wat[start:i + 1])
        i += 1
    return fields


# Instructions whose NaN results are nondeterministic: op -> canonicalisation helper.
NAN_OPS = {}
for _t, _shape in (("f32", "f32"), ("f64", "f64"), ("f32x4", "f32x4"), ("f64x2", "f64x2")):
    for _op in ("add", "sub", "mul", "div", "sqrt", "min", "max", "ceil", "floor", "trunc", "nearest"):
        NAN_OPS[f"{_t}.{_op}"] = _shape
NAN_OPS.update({"f32.demote_f64": "f32", "f64.promote_f32": "f64",
                "f32x4.demote_f64x2_zero": "f32x4", "f64x2.promote_low_f32x4": "f64x2"})

NAN_HELPERS = {
    "f32": """(func $__fd_nan_f32 (param f32) (result f32)
    local.get 0
    f32.const nan
    local.get 0
    local.get 0
    f32.eq
    select)""",
    "f64": """(func $__fd_nan_f64 (param f64) (result f64)
    local.get 0
    f64.const nan
    local.get 0
    local.get 0
    f64.eq
    select)""",
    "f32x4": """(func $__fd_nan_f32x4 (param v128) (result v128)
    local.get 0
    v128.const f32x4 nan nan nan nan
    local.get 0
    local.get 0
    f32x4.eq
    v128.bitselect)""",
    "f64x2": """(func $__fd_nan_f64x2 (param v128) (result v128)
    local.get 0
    v128.const f64x2 nan nan
    local.get 0
    local.get 0
    f64x2.eq
    v128.bitselect)""",
}


def canonicalise_nans(func: str, used: set[str]) -> str:
    """Adds the NaN canonicalisation after each NAN_OPS instruction of a function. wasm2wat
    writes one instruction per line; the function's closing parens may end the last one."""
    out = []
    for line in func.split("\n"):
        body = line.rstrip()
        closing = len(body) - len(body.rstrip(")"))
        op = body.strip().rstrip(")")
        shape = NAN_OPS.get(op)
        if shape is None:
            out.append(line)
            continue
        used.add(shape)
        indent = line[:len(line) - len(line.lstrip())]
        out.append(indent + op)
        out.append(f"{indent}call $__fd_nan_{shape}" + ")" * closing)
    return "\n".join(out)


def parse_functype(text: str) -> tuple[list[str], list[str]]:
    params, results = [], []
    for kind, types in re.findall(r"\((param|result)((?:\s+[a-z0-9]+)*)\)", text):
        (params if kind == "param" else results).extend(types.split())
    return params, results


@dataclass
class Export:
    name: str
    func: str
    params: list[str]
    results: list[str]
    wrapper: str = ""


@dataclass
class Harness:
    wat: str
    exports: list[Export]
    state_fields: list[str]
    features: list[str] = field(default_factory=list)


def instrument(wat: str) -> Harness:
    fields = split_fields(wat)
    types: dict[str, tuple[list[str], list[str]]] = {}
    func_type: dict[str, str] = {}
    globals_: list[tuple[str, str]] = []  # (name, value type)
    tables: list[str] = []
    memories: list[str] = []
    exports: list[tuple[str, str, str]] = []  # (export name, kind, item)
    out: list[str] = []
    added: list[str] = []
    hang_global = None
    nan_shapes: set[str] = set()

    # Function index -> name. wasm2wat names every function but still writes numeric
    # indices in `(elem declare func 7 1)`; they must become names, since imports move.
    func_names = [m.group(1) for f in fields
                  if (m := re.match(r'\(import "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*" \(func (\$\S+)', f)
                      or re.match(r"\(func (\$\S+)", f))]

    def elem_names(f: str) -> str:
        m = re.search(r"\sfunc((?:\s+(?:\d+|\$\S+))+)\)$", f)
        if not m:
            return f
        items = [func_names[int(t)] if t.isdigit() else t for t in m.group(1).split()]
        return f[:m.start(1)] + " " + " ".join(items) + ")"

    for f in fields:
        if f.startswith("(elem"):
            f = elem_names(f)
        head = f[:200]
        if m := re.match(r"\(type (\$\S+) \(func", head):
            types[m.group(1)] = parse_functype(f)
        elif m := re.match(r'\(import "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" \((func|global|memory|table) (\$\S+)(.*)\)\)$',
                           f, re.S):
            _, _, kind, name, rest = m.groups()
            rest = rest.strip()
            if kind == "func":
                tm = re.match(r"\(type (\$\S+)\)", rest)
                if not tm:
                    raise HarnessError(f"import without a type use: {f[:100]}")
                func_type[name] = tm.group(1)
                added.append(("import-func", name, tm.group(1), f))
            elif kind == "global":
                gm = re.fullmatch(r"\(mut (\w+)\)|(\w+)", rest)
                t = gm.group(1) or gm.group(2)
                globals_.append((name, t))
                init = f"(ref.null {t[:-3]})" if t in REF_TYPES else f"({t}.const 0)"
                out.append(f"(global {name} {rest} {init})")
            elif kind == "memory":
                memories.append(name)
                out.append(f"(memory {name} {rest})")
            else:
                tables.append(name)
                out.append(f"(table {name} {rest})")
            continue
        elif m := re.match(r"\(func (\$\S+) \(type (\$\S+)\)", head):
            func_type[m.group(1)] = m.group(2)
            f = canonicalise_nans(f, nan_shapes)
            if m.group(1) == "$hangLimitInitializer":
                hm = re.fullmatch(r"\(func \$hangLimitInitializer \(type \$\S+\)\s+i32\.const \d+\s+global\.set (\$\S+)\)",
                                  f)
                if hm:
                    hang_global = hm.group(1)
                    f = f"(func $hangLimitInitializer (type {m.group(2)})\n    i32.const {HANG_LIMIT}\n    global.set {hang_global})"
        elif m := re.match(r"\(global (\$\S+) (?:\(mut (\w+)\)|(\w+))", head):
            globals_.append((m.group(1), m.group(2) or m.group(3)))
        elif m := re.match(r"\(table (\$\S+)", head):
            tables.append(m.group(1))
        elif m := re.match(r"\(memory (\$\S+)", head):
            memories.append(m.group(1))
        elif m := re.match(r'\(export "((?:[^"\\]|\\.)*)" \((func|global|memory|table) (\$\S+)\)\)', head):
            exports.append((m.group(1), m.group(2), m.group(3)))
        out.append(f)

    defs: list[str] = []
    helpers: set[str] = set()

    def fold(expr_type: str, get: str) -> list[str]:
        """Instructions folding the value `get` pushes (of type expr_type) into the log hash."""
        if expr_type == "i32":
            return [get, "i64.extend_i32_u", "call $__fd_fold"]
        if expr_type == "i64":
            return [get, "call $__fd_fold"]
        if expr_type == "f32":
            helpers.add("c32")
            return [get, "call $__fd_c32", "call $__fd_fold"]
        if expr_type == "f64":
            helpers.add("c64")
            return [get, "call $__fd_c64", "call $__fd_fold"]
        if expr_type == "v128":
            helpers.add("c128")
            return [get, "call $__fd_c128", "i64x2.extract_lane 0", "call $__fd_fold",
                    get, "call $__fd_c128", "i64x2.extract_lane 1", "call $__fd_fold"]
        return [get, "ref.is_null", "i64.extend_i32_u", "call $__fd_fold"]

    def zero(t: str) -> str:
        if t in REF_TYPES:
            return f"ref.null {t[:-3]}"
        if t == "v128":
            return "v128.const i64x2 0 0"
        return f"{t}.const 0"

    # Imported functions, defined: fold a tag naming the import, then each argument.
    for _, name, tref, text in [a for a in added if a[0] == "import-func"]:
        params, results = types[tref]
        tag = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        body = [f"i64.const {tag - (1 << 64) if tag >= 1 << 63 else tag}", "call $__fd_fold"]
        for i, t in enumerate(params):
            body += fold(t, f"local.get {i}")
        body += [zero(t) for t in results]
        defs.append(f"(func {name} (type {tref})\n    " + "\n    ".join(body) + ")")

    # The wrappers.
    wrapped: list[Export] = []
    for n, (ename, kind, item) in enumerate(exports):
        if kind != "func":
            continue
        params, results = types[func_type[item]]
        ex = Export(ename, item, params, results, f"__fd_call_{len(wrapped)}")
        wparams, body, locs = [], [], []
        if hang_global:
            body.append("call $hangLimitInitializer")
        for t in params:
            k = len(wparams)
            if t in ("i32", "f32"):
                wparams.append("i32")
                body += [f"local.get {k}"] + (["f32.reinterpret_i32"] if t == "f32" else [])
            elif t in ("i64", "f64"):
                wparams.append("i64")
                body += [f"local.get {k}"] + (["f64.reinterpret_i64"] if t == "f64" else [])
            elif t == "v128":
                wparams += ["i64", "i64"]
                body += [f"local.get {k}", "i64x2.splat", f"local.get {k + 1}", "i64x2.replace_lane 1"]
            else:
                body.append(zero(t))
        body.append(f"call {item}")
        first = len(wparams)
        for i in reversed(range(len(results))):
            body.append(f"local.set {first + i}")
        wresults = []
        for i, t in enumerate(results):
            get = f"local.get {first + i}"
            if t == "i32":
                body += [get, "i64.extend_i32_u"]
            elif t == "i64":
                body.append(get)
            elif t == "f32":
                body += [get, "i32.reinterpret_f32", "i64.extend_i32_u"]
            elif t == "f64":
                body += [get, "i64.reinterpret_f64"]
            elif t == "v128":
                body += [get, "i64x2.extract_lane 0", get, "i64x2.extract_lane 1"]
                wresults.append("i64")
            else:
                body += [get, "ref.is_null", "i64.extend_i32_u"]
            wresults.append("i64")
        sig = "".join(f" (param {t})" for t in wparams) + "".join(f" (result {t})" for t in wresults)
        loc = "".join(f" (local {t})" for t in results)
        defs.append(f"(func ${ex.wrapper} (export \"{ex.wrapper}\"){sig}{loc}\n    " + "\n    ".join(body) + ")")
        wrapped.append(ex)

    # The state: log hash and count, memory size and hash, globals hash, table sizes.
    state_fields = ["log_hash", "log_calls"]
    body = ["global.get $__fd_log", "global.get $__fd_logn"]
    for m in memories[:1]:
        state_fields += ["memory_pages", "memory_hash"]
        body += ["memory.size", "i64.extend_i32_u", "call $__fd_memhash"]
        defs.append(MEMHASH)
    gbody = ["i64.const 0", "global.set $__fd_g"]
    for g, t in globals_:
        if t == "i32":
            gbody += [f"global.get {g}", "i64.extend_i32_u", "call $__fd_gfold"]
        elif t == "i64":
            gbody += [f"global.get {g}", "call $__fd_gfold"]
        elif t == "f32":
            helpers.add("c32")
            gbody += [f"global.get {g}", "call $__fd_c32", "call $__fd_gfold"]
        elif t == "f64":
            helpers.add("c64")
            gbody += [f"global.get {g}", "call $__fd_c64", "call $__fd_gfold"]
        elif t == "v128":
            helpers.add("c128")
            gbody += [f"global.get {g}", "call $__fd_c128", "i64x2.extract_lane 0", "call $__fd_gfold",
                      f"global.get {g}", "call $__fd_c128", "i64x2.extract_lane 1", "call $__fd_gfold"]
        else:
            gbody += [f"global.get {g}", "ref.is_null", "i64.extend_i32_u", "call $__fd_gfold"]
    gbody.append("global.get $__fd_g")
    defs.append("(func $__fd_globhash (result i64)\n    " + "\n    ".join(gbody) + ")")
    state_fields.append("globals_hash")
    body.append("call $__fd_globhash")
    for t in tables:
        state_fields.append(f"table_size {t}")
        body += [f"table.size {t}", "i64.extend_i32_u"]
    res = " (result i64)" * len(state_fields)
    defs.append(f"(func $__fd_state (export \"__fd_state\"){res}\n    " + "\n    ".join(body) + ")")

    defs += COMMON
    defs += [NAN_HELPERS[k] for k in sorted(nan_shapes)]
    if "c32" in helpers:
        defs.append(C32)
    if "c64" in helpers:
        defs.append(C64)
    if "c128" in helpers:
        defs.append(C128)

    text = "(module\n  " + "\n  ".join(out + defs) + ")\n"
    return Harness(text, wrapped, state_fields)


MIX = ["i64.const 0x100000001b3", "i64.mul", "i64.const 27", "i64.rotl"]

COMMON = [
    "(global $__fd_log (mut i64) (i64.const 0))",
    "(global $__fd_logn (mut i64) (i64.const 0))",
    "(global $__fd_g (mut i64) (i64.const 0))",
    "(func $__fd_fold (param i64)\n    global.get $__fd_log\n    local.get 0\n    i64.xor\n    "
    + "\n    ".join(MIX) + "\n    global.set $__fd_log\n"
    "    global.get $__fd_logn\n    i64.const 1\n    i64.add\n    global.set $__fd_logn)",
    "(func $__fd_gfold (param i64)\n    global.get $__fd_g\n    local.get 0\n    i64.xor\n    "
    + "\n    ".join(MIX) + "\n    global.set $__fd_g)",
]

# NaN canonicalisation: the spec lets NaN payloads (and signs) differ between engines.
C32 = """(func $__fd_c32 (param f32) (result i64)
    local.get 0
    i32.reinterpret_f32
    i32.const 0x7fc00000
    local.get 0
    local.get 0
    f32.eq
    select
    i64.extend_i32_u)"""
C64 = """(func $__fd_c64 (param f64) (result i64)
    local.get 0
    i64.reinterpret_f64
    i64.const 0x7ff8000000000000
    local.get 0
    local.get 0
    f64.eq
    select)"""
# A v128's lane type is not known: NaN f64 lanes become canonical, then NaN f32 lanes
# (compare.py does the same to v128 results).
C128 = """(func $__fd_c128 (param v128) (result v128)
    v128.const i64x2 0x7ff8000000000000 0x7ff8000000000000
    local.get 0
    local.get 0
    local.get 0
    f64x2.ne
    v128.bitselect
    local.set 0
    v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
    local.get 0
    local.get 0
    local.get 0
    f32x4.ne
    v128.bitselect)"""

# All of memory, 8 bytes at a time.
MEMHASH = """(func $__fd_memhash (result i64) (local i32 i32 i64)
    i64.const 0xcbf29ce484222325
    local.set 2
    memory.size
    i32.const 16
    i32.shl
    local.set 1
    block
      loop
        local.get 0
        local.get 1
        i32.ge_u
        br_if 1
        local.get 2
        local.get 0
        i64.load
        i64.xor
        """ + "\n        ".join(MIX) + """
        local.set 2
        local.get 0
        i32.const 8
        i32.add
        local.set 0
        br 0
      end
    end
    local.get 2)"""


def build(seed: int, workdir: str) -> Harness:
    """Generates and instruments seed's module: workdir/module.wasm (and .wat)."""
    ttf, feats = generate(seed, workdir)
    wat = run_tool(["wasm2wat", "--generate-names", ttf]).stdout
    return build_from_wat(wat, workdir, feats)


def build_from_wat(wat: str, workdir: str, feats: list[str] | None = None) -> Harness:
    h = instrument(wat)
    h.features = feats or []
    path = os.path.join(workdir, "module.wat")
    with open(path, "w") as f:
        f.write(h.wat)
    run_tool(["wat2wasm", path, "-o", os.path.join(workdir, "module.wasm")])
    return h


# --- the calls -----------------------------------------------------------------------

# Argument values besides random bits: the edges of each type (f32/f64 as bits, NaNs
# with payloads and signalling ones included: they must reach the callee unchanged).
I32_EDGES = [0, 1, 2, 7, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFF, 0x10000, 0xFFF0, 0xFFFFFFF8]
I64_EDGES = [0, 1, 0xFFFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFF,
             0x100000000, 0xFFF0]
F32_EDGES = [0, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000,
             0xFFC00000, 0x7FA00001, 0x00000001, 0x4F000000, 0xCF000000, 0x4F800000, 0x5F000000,
             0x3F000000]
F64_EDGES = [0, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000, 0x7FF0000000000000,
             0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000, 0x7FF4000000000001,
             0x0000000000000001, 0x41E0000000000000, 0xC1E0000000000000, 0x41F0000000000000,
             0x43E0000000000000, 0x3FE0000000000000]

ROUNDS = 3  # argument sets per export: zeros (binaryen's own choice), then two random ones


def _value(rng, edges: list[int], bits: int) -> int:
    r = rng.random()
    if r < 0.55:
        return rng.choice(edges)
    if r < 0.75:
        return rng.randrange(0, 256)
    return rng.getrandbits(bits)


def wrapper_args(rng, params: list[str]) -> list[dict]:
    """Arguments of a wrapper (i32/i64 only) for the original parameter types."""
    args = []
    for t in params:
        if rng is None:
            vals = {"i32": [("i32", 0)], "f32": [("i32", 0)], "i64": [("i64", 0)], "f64": [("i64", 0)],
                    "v128": [("i64", 0), ("i64", 0)]}.get(t, [])
        elif t == "i32":
            vals = [("i32", _value(rng, I32_EDGES, 32))]
        elif t == "f32":
            vals = [("i32", _value(rng, F32_EDGES, 32))]
        elif t == "i64":
            vals = [("i64", _value(rng, I64_EDGES, 64))]
        elif t == "f64":
            vals = [("i64", _value(rng, F64_EDGES, 64))]
        elif t == "v128":
            kind = rng.randrange(3)
            if kind == 0:
                lo, hi = rng.getrandbits(64), rng.getrandbits(64)
            elif kind == 1:
                x = rng.choice(F32_EDGES)
                lo = hi = x | x << 32
            else:
                lo, hi = rng.choice(F64_EDGES), rng.choice(F64_EDGES)
            vals = [("i64", lo), ("i64", hi)]
        else:
            vals = []  # references: the wrapper passes null
        args += [{"type": ty, "value": str(v)} for ty, v in vals]
    return args


def make_script(h: Harness, seed: int, module_file: str = "module.wasm", rounds: int = ROUNDS) -> dict:
    """wast2json-style commands: the module, then every wrapper with `rounds` argument sets,
    each call followed by __fd_state. Extra keys ("fd") tell compare.py what a call is."""
    import random
    cmds = [{"type": "module", "line": 1, "filename": module_file}]
    state_expected = [{"type": "i64"} for _ in h.state_fields]
    for r in range(rounds):
        for i, ex in enumerate(h.exports):
            rng = None if r == 0 else random.Random(f"{seed}/{r}/{i}")
            nres = sum(2 if t == "v128" else 1 for t in ex.results)
            cmds.append({"type": "action", "line": len(cmds) + 1,
                         "action": {"type": "invoke", "field": ex.wrapper, "args": wrapper_args(rng, ex.params)},
                         "expected": [{"type": "i64"}] * nres,
                         "fd": {"call": ex.name, "results": ex.results}})
            cmds.append({"type": "action", "line": len(cmds) + 1,
                         "action": {"type": "invoke", "field": "__fd_state", "args": []},
                         "expected": state_expected,
                         "fd": {"state": h.state_fields, "after": ex.name}})
    return {"source_filename": module_file, "commands": cmds}


def write_script(script: dict, path: str) -> None:
    with open(path, "w") as f:
        json.dump(script, f, indent=0)
