#!/usr/bin/env python3
"""Differential fuzzing of Akira: random modules run in the interpreter, in AOT-compiled
code under four akirac configurations and in V8 (node), and compared.

  fuzz_diff.py --ci                 the checked-in seeds; fails on a divergence not listed
                                    in known-divergences.txt, or on a listed seed that
                                    no longer diverges
  fuzz_diff.py --minutes N          fresh random seeds for N minutes; divergences are
                                    minimised and saved to --out
  fuzz_diff.py --seed N [...]       some seeds (saves divergences to --out)
  fuzz_diff.py --check CALLS.json   runs a saved case (CALLS.json names its module)

The last line is the summary: `N passed, N failed (modules); N calls compared`.
See docs/testing.md, "Differential fuzzing".
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import compare  # noqa: E402
import harness  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))

# Engine name -> how it runs. akirac's defaults on x86-64 are --size-level=3
# --bounds-checks=0 (guard pages); they are spelled out so that the name says what ran.
AOT_CONFIGS = {
    "aot": "--size-level=3 --bounds-checks=0",
    "aot-sl0": "--size-level=0 --bounds-checks=0",
    "aot-bc1": "--size-level=3 --bounds-checks=1",
    "aot-bc1-sl0": "--size-level=0 --bounds-checks=1",
}
ALL_ENGINES = ["interp", *AOT_CONFIGS, "node"]
BINARYEN_VERSION = "108"  # the version ci-seeds.txt and known-divergences.txt were made with

SCRIPT_TIMEOUT = 60  # seconds per engine and module (binaryen's hang limit bounds every call)


class Tools:
    def __init__(self, args):
        build = os.path.join(ROOT, "build")
        self.akira_wast = args.akira_wast or os.environ.get("AKIRA_WAST") or os.path.join(build, "akira-wast")
        self.akirac = args.akirac or os.environ.get("AKIRA_AKIRAC") or os.path.join(
            os.path.dirname(self.akira_wast), "akirac")
        self.node = args.node or shutil.which("node") or "node"

    def missing(self, engines) -> list[str]:
        need = {"wasm-opt", "wasm2wat", "wat2wasm", "wasm-validate"}
        out = [t for t in sorted(need) if not shutil.which(t)]
        if any(e != "node" for e in engines) and not os.access(self.akira_wast, os.X_OK):
            out.append(self.akira_wast)
        if any(e in AOT_CONFIGS for e in engines) and not os.access(self.akirac, os.X_OK):
            out.append(self.akirac)
        if "node" in engines and not shutil.which(self.node):
            out.append(self.node)
        return out

    def command(self, engine: str, script: str) -> list[str]:
        if engine == "node":
            return [self.node, "--no-warnings", os.path.join(HERE, "run-node.js"), script]
        cmd = [self.akira_wast, "--print-results", f"--timeout={SCRIPT_TIMEOUT}"]
        if engine == "interp":
            return cmd + ["--mode=interp", script]
        return cmd + ["--mode=aot", f"--akirac-flags={AOT_CONFIGS[engine]} --no-cache", script]

    def run(self, engine: str, script: str) -> str:
        env = dict(os.environ, AKIRA_AKIRAC=self.akirac)
        try:
            p = subprocess.run(self.command(engine, script), capture_output=True, text=True, env=env,
                               timeout=SCRIPT_TIMEOUT + 60)
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            return out + f"\nend: timed out after {SCRIPT_TIMEOUT + 60} s\n"
        out = p.stdout
        if "end: " not in out:
            # node (or akira-wast itself) died: the commands it did not print belong to the crash.
            sig = f"signal {-p.returncode}" if p.returncode < 0 else f"status {p.returncode}"
            err = p.stderr.strip().splitlines()
            out += f"end: crashed ({sig}{': ' + err[-1][:200] if err else ''})\n"
        return out


def script_commands(script: dict) -> list[dict]:
    return [c for c in script["commands"] if c["type"] == "module" or "action" in c]


def run_engines(tools: Tools, engines: list[str], script_path: str) -> tuple[dict, dict]:
    with open(script_path) as f:
        script = json.load(f)
    n = len(script_commands(script))
    raw, parsed = {}, {}
    for e in engines:
        raw[e] = tools.run(e, script_path)
        parsed[e] = compare.parse_output(raw[e], n)
    return raw, parsed


def check(tools: Tools, engines: list[str], script_path: str):
    """Runs a script in the engines and compares: (Comparison, raw outputs, script)."""
    with open(script_path) as f:
        script = json.load(f)
    raw, parsed = run_engines(tools, engines, script_path)
    return compare.compare(script, parsed), raw, script


# --- minimising a divergence ----------------------------------------------------------------

def sides(div: compare.Divergence, engines: list[str]) -> list[str]:
    """Two engines that disagree, the interpreter (or node) first when it is one of them."""
    pref = ["interp", "node", *AOT_CONFIGS]
    ordered = [e for e in pref if e in engines]
    first = ordered[0]
    key = div.outcomes[first].coarse() if div.outcomes[first].kind != "ok" else div.outcomes[first].fine()
    for e in ordered[1:]:
        o = div.outcomes[e]
        if (o.coarse() if o.kind != "ok" else o.fine()) != key:
            return [first, e]
    for e in ordered[1:]:
        if div.outcomes[e].fine() != div.outcomes[first].fine():
            return [first, e]
    return ordered[:2]


def interesting(tools, engines, script_path, signature) -> bool:
    try:
        cmp, _, _ = check(tools, engines, script_path)
    except Exception:
        return False
    return cmp.divergence is not None and cmp.divergence.signature(engines) == signature


def write_case_script(script: dict, cmds: list[dict], module_file: str, path: str):
    s = dict(script)
    s["commands"] = [dict(cmds[0], filename=module_file)] + cmds[1:]
    s["source_filename"] = module_file
    harness.write_script(s, path)


def reduce_case(tools, engines, case_dir: str, script: dict, div: compare.Divergence,
                budget_s: float, log) -> str | None:
    """Shrinks the script's calls, then the module (wasm-reduce, else stubbing function bodies).
    Leaves case_dir/reduced/{module.wasm,module.wat,calls.json}; returns its signature."""
    pair = sides(div, engines)
    sig = div.signature(pair)
    red = os.path.join(case_dir, "reduced")
    os.makedirs(red, exist_ok=True)
    shutil.copy(os.path.join(case_dir, "module.wasm"), os.path.join(red, "module.wasm"))
    calls_path = os.path.join(red, "calls.json")
    deadline = time.monotonic() + budget_s

    # The divergence's signature between the two engines, as the reducer will see it.
    cmds = script_commands(script)[:div.index + 1]
    write_case_script(script, cmds, "module.wasm", calls_path)
    cmp, _, _ = check(tools, pair, calls_path)
    if cmp.divergence is None:
        log(f"    not reproducible with {'/'.join(pair)} alone; kept unreduced")
        shutil.rmtree(red)
        return None
    sig = cmp.divergence.signature(pair)

    # 1. Calls: drop every call (and state check) the divergence does not need, halves first.
    body = cmds[1:]
    chunk = max(1, len(body) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        i, changed = 0, False
        while i < len(body) and time.monotonic() < deadline:
            trial = body[:i] + body[i + chunk:]
            if trial:
                write_case_script(script, [cmds[0]] + trial, "module.wasm", calls_path)
                if interesting(tools, pair, calls_path, sig):
                    body, changed = trial, True
                    continue
            i += chunk
        if not changed:
            chunk //= 2
    write_case_script(script, [cmds[0]] + body, "module.wasm", calls_path)

    # 2. The module.
    left = deadline - time.monotonic()
    reduced = False
    if shutil.which("wasm-reduce") and left > 10:
        reduced = run_wasm_reduce(tools, pair, red, script, [cmds[0]] + body, sig, left, log)
    if not reduced and time.monotonic() < deadline:
        stub_bodies(tools, pair, red, sig, deadline)
    write_case_script(script, [cmds[0]] + body, "module.wasm", calls_path)
    wat = subprocess.run(["wasm2wat", "--generate-names", os.path.join(red, "module.wasm")],
                         capture_output=True, text=True)
    with open(os.path.join(red, "module.wat"), "w") as f:
        f.write(wat.stdout if wat.returncode == 0 else f";; wasm2wat failed: {wat.stderr}")
    return sig


def run_wasm_reduce(tools, pair, red, script, cmds, sig, budget, log) -> bool:
    work = os.path.join(red, "wasm-reduce")
    os.makedirs(work, exist_ok=True)
    test = os.path.join(work, "test.wasm")
    write_case_script(script, cmds, "test.wasm", os.path.join(work, "calls.json"))
    with open(os.path.join(work, "signature"), "w") as f:
        f.write(sig)
    cmd = shlex.join([sys.executable, os.path.abspath(__file__), "--interesting", os.path.join(work, "signature"),
                      "--engines", ",".join(pair), "--akira-wast", tools.akira_wast, "--akirac", tools.akirac,
                      "--node", tools.node, os.path.join(work, "calls.json")])
    feats = harness.FEATURES_FULL
    # -b: wasm-reduce runs wasm-opt from this folder (it does not search PATH).
    argv = ["wasm-reduce", os.path.join(red, "module.wasm"), f"--command={cmd}", "-t", test,
            "-w", os.path.join(work, "work.wasm"), "-to", str(2 * SCRIPT_TIMEOUT),
            "-b", os.path.dirname(shutil.which("wasm-opt")), *feats, "-ef", " ".join(feats)]
    try:
        subprocess.run(argv, capture_output=True, text=True, timeout=budget, cwd=work)
    except subprocess.TimeoutExpired:
        log("    wasm-reduce ran out of time; keeping its best so far")
    best = os.path.join(work, "work.wasm")
    if not os.path.exists(best):
        return False
    # Keep it only if it still shows the divergence (binaryen rewrites the module).
    shutil.copy(best, test)
    if not interesting(tools, pair, os.path.join(work, "calls.json"), sig):
        return False
    shutil.copy(best, os.path.join(red, "module.wasm"))
    shutil.rmtree(work, ignore_errors=True)
    return True


def stub_bodies(tools, pair, red, sig, deadline):
    """Without wasm-reduce: replace function bodies by `unreachable` while it stays interesting."""
    path = os.path.join(red, "module.wasm")
    wat = subprocess.run(["wasm2wat", "--generate-names", path], capture_output=True, text=True).stdout
    fields = harness.split_fields(wat)
    calls = os.path.join(red, "calls.json")
    for i, f in enumerate(fields):
        if time.monotonic() > deadline:
            break
        m = re.match(r"\(func (\$\S+) ((?:\((?:type|param|result|local)[^()]*(?:\([^()]*\))?[^()]*\)\s*)*)", f)
        if not m or m.group(1).startswith("$__fd_"):
            continue
        header = m.group(0).rstrip()
        header = re.sub(r"\(local [^)]*\)", "", header).rstrip()
        trial = fields[:i] + [header + "\n    unreachable)"] + fields[i + 1:]
        text = "(module\n  " + "\n  ".join(trial) + ")\n"
        tmp = os.path.join(red, "trial.wat")
        with open(tmp, "w") as fh:
            fh.write(text)
        if subprocess.run(["wat2wasm", tmp, "-o", path + ".trial"], capture_output=True).returncode != 0:
            continue
        os.replace(path, path + ".keep")
        os.replace(path + ".trial", path)
        if interesting(tools, pair, calls, sig):
            fields = trial
            os.remove(path + ".keep")
        else:
            os.replace(path + ".keep", path)
    for leftover in ("trial.wat",):
        if os.path.exists(os.path.join(red, leftover)):
            os.remove(os.path.join(red, leftover))


# --- saving ---------------------------------------------------------------------------------

def rel(path: str) -> str:
    """A path as shown in saved cases: relative to the repository root when inside it."""
    a = os.path.abspath(path)
    return os.path.relpath(a, ROOT) if a.startswith(ROOT + os.sep) else a


def save_case(tools, engines, out_dir, seed, work, script, raw, div, reduce, budget, log, gen_flags) -> str:
    case = os.path.join(out_dir, f"seed-{seed}")
    shutil.rmtree(case, ignore_errors=True)
    os.makedirs(os.path.join(case, "outputs"))
    for f in ("module.wasm", "module.wat"):
        shutil.copy(os.path.join(work, f), os.path.join(case, f))
    harness.write_script(script, os.path.join(case, "calls.json"))
    for e, text in raw.items():
        with open(os.path.join(case, "outputs", f"{e}.txt"), "w") as f:
            f.write(text)
    sig = None
    if reduce:
        sig = reduce_case(tools, engines, case, script, div, budget, log)
    me = rel(os.path.abspath(__file__))
    target = "reduced/calls.json" if sig else "calls.json"
    lines = [f"seed {seed}: {div.signature(engines)}", "", div.describe(), "",
             f"Generated by: wasm-opt {' '.join(gen_flags)} -ttf random.bin (random.bin: the seed's bytes),",
             "then instrumented by fuzz/diff/harness.py (module.wat).", "",
             "Reproduce (from the repository root):",
             f"  python3 {me} --seed {seed}          # regenerates the module (binaryen {BINARYEN_VERSION})",
             f"  python3 {me} --check {rel(os.path.join(case, target))}",
             "One engine at a time:"]
    for e in engines:
        lines.append("  " + shlex.join(rel(a) if os.path.exists(a) and a != tools.node else a
                                       for a in tools.command(e, os.path.join(case, target))))
    if sig:
        lines += ["", f"Reduced ({'/'.join(sides(div, engines))}): {sig}"]
    with open(os.path.join(case, "divergence.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(case, "repro.sh"), "w") as f:
        f.write("#!/bin/sh\n# Runs the saved case in every engine and compares them.\n"
                f'exec python3 "$(dirname "$0")/{os.path.relpath(os.path.abspath(__file__), case)}" '
                f'--check "$(dirname "$0")/{target}" "$@"\n')
    os.chmod(os.path.join(case, "repro.sh"), 0o755)
    return case


# --- one seed -------------------------------------------------------------------------------

class SeedResult:
    def __init__(self, seed):
        self.seed = seed
        self.status = "pass"  # pass | diverged | error
        self.calls = 0
        self.note = ""
        self.signature = ""
        self.saved = ""


def run_seed(seed: int, tools: Tools, opts, log, reduce_gate=None) -> SeedResult:
    r = SeedResult(seed)
    work = tempfile.mkdtemp(prefix=f"fuzz-diff-{seed}-")
    try:
        try:
            h = harness.build(seed, work)
        except harness.HarnessError as e:
            r.status, r.note = "error", str(e)
            return r
        script = harness.make_script(h, seed)
        path = os.path.join(work, "calls.json")
        harness.write_script(script, path)
        cmp, raw, _ = check(tools, opts.engines, path)
        r.calls = cmp.calls
        r.note = cmp.stopped
        if cmp.divergence:
            r.status = "diverged"
            r.signature = cmp.divergence.signature(opts.engines)
            r.note = cmp.divergence.describe()
            if opts.out:
                reduce = opts.reduce and (reduce_gate is None or reduce_gate(r.signature))
                r.saved = save_case(tools, opts.engines, opts.out, seed, work, script, raw, cmp.divergence,
                                    reduce, opts.reduce_seconds, log, h.features)
        return r
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"seed {seed}: kept {work}")


# --- modes ----------------------------------------------------------------------------------

def read_list(path: str) -> dict[int, str]:
    """Seeds, one per line (`SEED  # comment`); returns seed -> comment."""
    out = {}
    with open(path) as f:
        for line in f:
            body, _, comment = line.partition("#")
            if body.strip():
                out[int(body.split()[0])] = comment.strip()
    return out


def binaryen_version() -> str:
    p = subprocess.run(["wasm-opt", "--version"], capture_output=True, text=True)
    m = re.search(r"version (\d+)", p.stdout)
    return m.group(1) if m else "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--ci", action="store_true", help="run the seeds of --seeds against --known")
    mode.add_argument("--minutes", type=float, help="run fresh random seeds for this long")
    mode.add_argument("--seed", type=int, action="append", help="run this seed (repeatable)")
    mode.add_argument("--check", metavar="CALLS.json", help="run a saved case's script and compare")
    mode.add_argument("--interesting", metavar="SIGNATURE_FILE", help=argparse.SUPPRESS)
    ap.add_argument("script", nargs="?", help=argparse.SUPPRESS)
    ap.add_argument("--seeds", default=os.path.join(HERE, "ci-seeds.txt"))
    ap.add_argument("--known", default=os.path.join(HERE, "known-divergences.txt"))
    ap.add_argument("--out", help="save divergences here (default for --minutes and --seed: fuzz-diff-out)")
    ap.add_argument("--engines", default=",".join(ALL_ENGINES), help="comma-separated, of: " + ", ".join(ALL_ENGINES))
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--reduce", dest="reduce", action="store_true", default=None,
                    help="minimise saved divergences (the default outside --ci)")
    ap.add_argument("--no-reduce", dest="reduce", action="store_false")
    ap.add_argument("--reduce-seconds", type=float, default=180,
                    help="time allowed per minimisation (wasm-reduce keeps its best result so far)")
    ap.add_argument("--keep", action="store_true", help="keep each seed's working folder")
    ap.add_argument("--akira-wast"), ap.add_argument("--akirac"), ap.add_argument("--node")
    ap.add_argument("-v", "--verbose", action="store_true", help="a line for every seed")
    opts = ap.parse_args()
    opts.engines = [e for e in opts.engines.split(",") if e]
    bad = [e for e in opts.engines if e not in ALL_ENGINES]
    if bad:
        ap.error(f"unknown engine(s): {', '.join(bad)}")
    tools = Tools(opts)
    lock = threading.Lock()

    def log(msg):
        with lock:
            print(msg, flush=True)

    if opts.interesting:
        with open(opts.interesting) as f:
            sig = f.read().strip()
        ok = interesting(tools, opts.engines, opts.script, sig)
        print("interesting" if ok else "not interesting")
        return 0 if ok else 1

    missing = tools.missing(opts.engines)
    if missing:
        print(f"fuzz_diff: missing: {', '.join(missing)}", file=sys.stderr)
        return 77  # CTest: skipped

    if opts.check:
        cmp, raw, _ = check(tools, opts.engines, opts.check)
        for e in opts.engines:
            print(f"--- {e}: {shlex.join(tools.command(e, opts.check))}")
            print(raw[e].rstrip())
        print()
        if cmp.divergence:
            print(cmp.divergence.describe())
            print(f"signature: {cmp.divergence.signature(opts.engines)}")
        elif cmp.stopped:
            print(f"stopped comparing: {cmp.stopped}")
        print(f"{0 if cmp.divergence else 1} passed, {1 if cmp.divergence else 0} failed (modules); "
              f"{cmp.calls} calls compared")
        return 1 if cmp.divergence else 0

    version = binaryen_version()
    if opts.ci:
        if version != BINARYEN_VERSION:
            print(f"fuzz_diff: the CI seeds and known divergences are for binaryen {BINARYEN_VERSION}, "
                  f"this is {version}: skipping (long mode still works)")
            return 77
        if opts.reduce is None:
            opts.reduce = False
        seeds = list(read_list(opts.seeds))
        known = read_list(opts.known)
    else:
        if opts.reduce is None:
            opts.reduce = True
        if opts.out is None:
            opts.out = "fuzz-diff-out"
        known = {}
    if opts.out:
        os.makedirs(opts.out, exist_ok=True)

    reduced_sigs: set[str] = set()

    def reduce_gate(sig: str) -> bool:
        # Minimise the first divergence of each kind; the rest are saved as found.
        with lock:
            if sig in reduced_sigs:
                return False
            reduced_sigs.add(sig)
            return True

    results: list[SeedResult] = []
    t0 = time.monotonic()

    def report(r: SeedResult):
        results.append(r)
        if r.status == "pass":
            if opts.verbose:
                log(f"seed {r.seed}: ok, {r.calls} calls" + (f" ({r.note})" if r.note else ""))
            return
        if r.status == "error":
            log(f"seed {r.seed}: ERROR {r.note}")
            return
        tag = "known divergence" if r.seed in known else "DIVERGENCE"
        log(f"seed {r.seed}: {tag}: {r.signature}" + (f"  [{known[r.seed]}]" if r.seed in known else ""))
        if r.seed not in known or opts.verbose:
            log("\n".join("    " + l for l in r.note.splitlines()))
        if r.saved:
            log(f"    saved: {r.saved}")

    with cf.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        if opts.minutes is not None:
            deadline = t0 + opts.minutes * 60
            sysrand = random.SystemRandom()
            pending = set()
            while time.monotonic() < deadline or pending:
                while time.monotonic() < deadline and len(pending) < opts.jobs:
                    seed = sysrand.randrange(1 << 32, 1 << 62)
                    pending.add(pool.submit(run_seed, seed, tools, opts, log, reduce_gate))
                done, pending = cf.wait(pending, timeout=5, return_when=cf.FIRST_COMPLETED)
                for f in done:
                    report(f.result())
        else:
            seeds = seeds if opts.ci else opts.seed
            futs = [pool.submit(run_seed, s, tools, opts, log, reduce_gate if not opts.ci else None)
                    for s in seeds]
            for f in futs:
                report(f.result())

    elapsed = time.monotonic() - t0
    passed = sum(r.status == "pass" for r in results)
    failed = len(results) - passed
    calls = sum(r.calls for r in results)
    rc = 0
    by_sig: dict[str, list[int]] = {}
    for r in results:
        if r.status == "diverged":
            by_sig.setdefault(r.signature, []).append(r.seed)
    if by_sig:
        print("\ndivergences by kind:")
        for sig, seeds_ in sorted(by_sig.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(seeds_):4d}  {sig}   (seeds {', '.join(map(str, seeds_[:8]))}{' ...' if len(seeds_) > 8 else ''})")
    if opts.ci:
        diverged = {r.seed for r in results if r.status != "pass"}
        new = sorted(diverged - set(known))
        stale = sorted(set(known) - diverged)
        for s in stale:
            print(f"stale known divergence: seed {s} passes now (remove it from {rel(opts.known)})")
        if new:
            print(f"new divergences (not in {rel(opts.known)}): {', '.join(map(str, new))}")
        print(f"binaryen {version}, {len(results)} seeds in {elapsed:.0f} s: {len(diverged & set(known))} known "
              f"divergences, {len(new)} new, {len(stale)} stale")
        rc = 1 if new or stale else 0
    else:
        print(f"binaryen {version}, {len(results)} modules in {elapsed:.0f} s"
              + (f"; divergences saved in {opts.out}" if failed and opts.out else ""))
        rc = 1 if failed else 0
    print(f"{passed} passed, {failed} failed (modules); {calls} calls compared")
    return rc


if __name__ == "__main__":
    sys.exit(main())
