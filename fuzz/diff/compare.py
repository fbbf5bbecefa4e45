"""Comparing what engines printed for one command script.

Each engine's output (akira-wast --print-results, or run-node.js) is one line per
module/action command and a last line `end: ...`. Outcomes:

  ("ok", values)        values: result bits, NaNs canonical by the recorded types
  ("trap", category)    a trap message mapped to a category (TRAP_CATEGORIES)
  ("exhaustion", "")    call stack exhausted: depth limits differ between engines
  ("timeout", why)      the script was stopped, or an "interrupted" trap
  ("crash", why)        the engine died at this command
  ("error", text)       anything else (a module rejected, akirac failing, ...)

Akira's engines share trap codes and are compared by fine category; V8 merges some
(a null entry and a signature mismatch in call_indirect are one message, so are NaN and
overflow in float-to-int conversion) so comparisons with node use COARSE categories.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TRAP_CATEGORIES = [
    # (category, message fragments: Akira's wording, then V8's)
    ("oob-memory", ["out of bounds memory access", "memory access out of bounds",
                    "data segment out of bounds"]),
    ("div-by-zero", ["integer divide by zero", "divide by zero", "remainder by zero"]),
    ("int-overflow", ["integer overflow", "divide result unrepresentable"]),
    ("invalid-conversion", ["invalid conversion to integer"]),
    ("float-unrepresentable", ["float unrepresentable in integer range"]),
    ("unreachable", ["unreachable"]),
    ("undefined-element", ["undefined element"]),
    ("uninitialized-element", ["uninitialized element"]),
    ("indirect-call-type-mismatch", ["indirect call type mismatch"]),
    ("null-or-signature", ["null function or function signature mismatch"]),
    ("table-oob", ["out of bounds table access", "table index is out of bounds",
                   "element segment out of bounds"]),
    ("exhaustion", ["call stack exhausted"]),
    ("interrupted", ["interrupted"]),
]

COARSE = {
    "int-overflow": "int-overflow/conversion",
    "invalid-conversion": "int-overflow/conversion",
    "float-unrepresentable": "int-overflow/conversion",
    "undefined-element": "table-oob",
    "uninitialized-element": "null-or-signature",
    "indirect-call-type-mismatch": "null-or-signature",
}


def trap_category(message: str) -> str:
    m = message.lower()
    for cat, frags in TRAP_CATEGORIES:
        if any(f in m for f in frags):
            return cat
    return "other: " + message


@dataclass
class Outcome:
    kind: str
    detail: object = None
    raw: str = ""

    def fine(self):
        return (self.kind, tuple(self.detail) if isinstance(self.detail, list) else self.detail)

    def coarse(self):
        if self.kind == "trap":
            return ("trap", COARSE.get(self.detail, self.detail))
        if self.kind == "error":
            # V8 cannot tell a malformed module from an invalid one.
            if str(self.detail).startswith(("malformed", "invalid")):
                return ("error", "rejected")
        return self.fine()

    def label(self) -> str:
        if self.kind == "ok":
            return "ok"
        if self.kind in ("trap", "crash", "timeout"):
            return f"{self.kind}:{self.detail}"
        if self.kind == "error":
            return "error:" + str(self.detail).split(":")[0]
        return self.kind


def _outcome(rest: str, line: str) -> Outcome:
    if rest.startswith("ok"):
        vals = []
        for tok in rest[2:].split():
            t, _, v = tok.partition(":")
            vals.append(int(v, 16) if v.startswith("0x") else v)
        return Outcome("ok", vals, line)
    kind, _, msg = rest.partition(": ")
    if kind == "trap":
        cat = trap_category(msg)
        if cat == "exhaustion":
            return Outcome("exhaustion", "", line)
        if cat == "interrupted":
            return Outcome("timeout", "interrupted", line)
        return Outcome("trap", cat, line)
    if kind == "exhaustion":
        return Outcome("exhaustion", "", line)
    return Outcome("error", rest, line)


def parse_output(text: str, ncommands: int) -> list[Outcome]:
    """One Outcome per command of the script (module and action commands only)."""
    outs: list[Outcome] = []
    end = None
    for line in text.splitlines():
        if line.startswith("end: "):
            end = line[5:]
            break
        if line.startswith("== "):
            continue
        if line.startswith("module: "):
            rest = line[8:]
            outs.append(Outcome("ok", [], line) if rest == "ok" else Outcome("error", rest, line))
        elif m := re.match(r'(?:invoke|get) "(?:[^"\\]|\\.)*": (.*)$', line):
            outs.append(_outcome(m.group(1), line))
        elif line.startswith("error: "):
            outs.append(Outcome("error", line[7:], line))
    if len(outs) < ncommands:
        why = end if end and end != "ok" else "no output"
        if end is None or end == "ok" or end == "incomplete":
            kind = "crash"
        elif "timed out" in end:
            kind = "timeout"
        else:
            kind = "crash"
        outs.append(Outcome(kind, why, f"end: {why}"))
        while len(outs) < ncommands:
            outs.append(Outcome("missing", None, ""))
    return outs[:ncommands]


# --- NaN canonicalisation of results ----------------------------------------------------

def _canon32(b: int) -> int:
    return 0x7FC00000 if (b & 0x7FFFFFFF) > 0x7F800000 else b


def _canon64(b: int) -> int:
    return 0x7FF8000000000000 if (b & 0x7FFFFFFFFFFFFFFF) > 0x7FF0000000000000 else b


def canon_v128(lo: int, hi: int) -> tuple[int, int]:
    """As the instrumented module's $__fd_c128: NaN f64 lanes, then NaN f32 lanes."""
    lo, hi = _canon64(lo), _canon64(hi)
    lo = _canon32(lo & 0xFFFFFFFF) | _canon32(lo >> 32) << 32
    hi = _canon32(hi & 0xFFFFFFFF) | _canon32(hi >> 32) << 32
    return lo, hi


def canonical_results(values: list, types: list[str]) -> list:
    out, i = [], 0
    for t in types:
        if t == "v128":
            if i + 1 < len(values) and isinstance(values[i], int) and isinstance(values[i + 1], int):
                out += list(canon_v128(values[i], values[i + 1]))
            i += 2
            continue
        if i >= len(values):
            break
        v = values[i]
        if isinstance(v, int):
            if t == "f32":
                v = _canon32(v)
            elif t == "f64":
                v = _canon64(v)
        out.append(v)
        i += 1
    return out + values[i:]


# --- comparison ---------------------------------------------------------------------------

@dataclass
class Divergence:
    index: int          # command index in the script
    what: str           # "module", "call NAME" or "state after NAME"
    outcomes: dict      # engine -> Outcome
    fields: list        # for state: the fields that differ

    def signature(self, engines: list[str]) -> str:
        """What kind of divergence, without values: reduction keeps it while shrinking."""
        groups: list[tuple[tuple, list[str]]] = []
        for e in engines:
            o = self.outcomes[e]
            key = o.coarse() if o.kind != "ok" else ("ok", tuple(o.detail))
            for k, members in groups:
                if k == key:
                    members.append(e)
                    break
            else:
                groups.append((key, [e]))
        parts = []
        for n, (key, members) in enumerate(groups):
            o = self.outcomes[members[0]]
            lab = f"ok#{n}" if o.kind == "ok" else o.label()
            parts.append(",".join(members) + "=" + lab)
        kind = self.what.split()[0]
        extra = "[" + ",".join(self.fields) + "]" if self.fields else ""
        return f"{kind}{extra}: " + " ".join(parts)

    def describe(self) -> str:
        lines = [f"command {self.index}: {self.what}" + (f" (differs: {', '.join(self.fields)})" if self.fields else "")]
        width = max(len(e) for e in self.outcomes)
        for e, o in self.outcomes.items():
            lines.append(f"  {e:<{width}}  {o.raw or o.kind}")
        return "\n".join(lines)


@dataclass
class Comparison:
    divergence: Divergence | None
    calls: int            # wrapper calls compared (all engines agreed)
    stopped: str = ""     # why comparing stopped early (exhaustion, timeout), if it did


def compare(script: dict, outputs: dict[str, list[Outcome]], node_engines=("node",)) -> Comparison:
    cmds = [c for c in script["commands"] if c["type"] == "module" or "action" in c]
    engines = list(outputs)
    akira = [e for e in engines if e not in node_engines]
    calls = 0
    for i, cmd in enumerate(cmds):
        outs = {e: outputs[e][i] for e in engines}
        fd = cmd.get("fd", {})
        if cmd["type"] == "module":
            what = "module"
        elif "call" in fd:
            what = f"call {fd['call']}"
            for o in outs.values():
                if o.kind == "ok":
                    o.detail = canonical_results(o.detail, fd["results"])
        else:
            what = f"state after {fd.get('after', '?')}"
        if any(o.kind in ("exhaustion", "timeout") for o in outs.values()):
            # Engines may exhaust their stacks at different depths, and a stopped script
            # says nothing: this call and the rest of the instance are not compared.
            kinds = sorted({o.kind for o in outs.values() if o.kind in ("exhaustion", "timeout")})
            return Comparison(None, calls, f"{'/'.join(kinds)} at command {i} ({what})")
        same = (len({o.coarse() for o in outs.values()}) == 1
                and len({outs[e].fine() for e in akira}) <= 1)
        if not same:
            fields = []
            if "state" in fd:
                names = fd["state"]
                for k, name in enumerate(names):
                    vals = {tuple(o.detail[k:k + 1]) for o in outs.values() if o.kind == "ok"}
                    if len(vals) > 1:
                        fields.append(name.split()[0])
            return Comparison(Divergence(i, what, outs, fields), calls)
        if "call" in fd:
            calls += 1
        if outs[engines[0]].kind == "error" and cmd["type"] == "module":
            return Comparison(None, calls, "every engine rejected the module")
    return Comparison(None, calls)
