#!/usr/bin/env python3
"""Runs the official WASI preview 1 test suite (github.com/WebAssembly/wasi-testsuite,
prebuilt .wasm tests) with `akira run`, in the interpreter or from .aot files.

The upstream runner needs Python >= 3.12 and one adapter per runtime; this one does
what its wasmtime adapter does for the legacy (preview 1) test configuration:

  * tests are <suite>/<lang>/wasm32-wasip1/<name>.wasm, named <lang>/<name>;
  * <name>.json (optional) gives `args`, `env`, `root`, `exit_code` (default 0),
    `stdout` and `stderr`;
  * `root` (relative to the .json) is preopened as the guest's `/`. Tests modify it,
    so each test gets a fresh copy in a temporary directory;
  * stdin is an empty pipe; the exit status must equal `exit_code`; `stdout` and
    `stderr`, when given, must equal what the program wrote (upstream reads as many
    characters as expected and compares those; comparing everything is stricter).

A known-failures file lists test names (one per line, `#` starts a comment): a listed
test that fails does not fail the run (it still counts as failed), a listed test that
passes does (the entry is stale and must be removed), as does an entry that names no
test.

Exit status: 0 if every test passed or is a known failure, 1 otherwise, 2 on usage
or setup errors.
"""

import argparse
import concurrent.futures
import fnmatch
import hashlib
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

LANGS = ("assemblyscript", "c", "rust")
WASI_VERSION = "wasm32-wasip1"
CONFIG_KEYS = {"args", "env", "root", "exit_code", "stdout", "stderr"}


class Test:
    def __init__(self, name, wasm):
        self.name = name
        self.wasm = wasm
        self.config = {}


def discover(suite):
    tests = []
    for lang in LANGS:
        d = suite / lang / WASI_VERSION
        if not d.is_dir():
            continue
        for wasm in sorted(d.glob("*.wasm")):
            tests.append(Test(f"{lang}/{wasm.stem}", wasm))
    return tests


def load_config(test):
    spec = test.wasm.with_suffix(".json")
    if not spec.exists():
        return None
    try:
        cfg = json.loads(spec.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return f"cannot read {spec.name}: {e}"
    if not isinstance(cfg, dict):
        return f"{spec.name}: not a JSON object"
    unknown = set(cfg) - CONFIG_KEYS
    if unknown:
        # Newer configurations (operations, servers, ...) describe preview 3 tests.
        return f"{spec.name}: unsupported keys {sorted(unknown)}"
    test.config = cfg
    return None


def read_known_failures(path):
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def make_writable(root):
    # The fixtures may come from a read-only checkout; tests create and delete files
    # in their copy, which must work without root's privileges.
    for dirpath, dirnames, filenames in os.walk(root):
        os.chmod(dirpath, os.stat(dirpath).st_mode | stat.S_IRWXU)
        for f in filenames:
            p = os.path.join(dirpath, f)
            if not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode | stat.S_IRUSR | stat.S_IWUSR)


def remove_tree(path):
    def retry(func, p, _exc):
        # A test may leave a read-only directory behind: make its parent writable.
        try:
            os.chmod(os.path.dirname(p), stat.S_IRWXU)
            if os.path.isdir(p) and not os.path.islink(p):
                os.chmod(p, stat.S_IRWXU)
            func(p)
        except OSError:
            pass

    shutil.rmtree(path, onerror=retry)


class AotCache:
    """Compiles each .wasm once into <dir>/<flags>/<lang>/<name>.aot; a cached file is
    reused while it is newer than both the .wasm and akirac."""

    def __init__(self, akirac, flags, directory, timeout):
        self.akirac = akirac
        self.flags = flags
        # Each set of flags has its own files, so changing them never reuses stale code.
        key = "default" if not flags else "flags-" + hashlib.sha1(" ".join(flags).encode()).hexdigest()[:12]
        self.dir = directory / key
        self.timeout = timeout
        self.akirac_mtime = akirac.stat().st_mtime

    def get(self, test):
        out = self.dir / (test.name + ".aot")
        try:
            st = out.stat()
            if st.st_mtime >= test.wasm.stat().st_mtime and st.st_mtime >= self.akirac_mtime:
                return out, None
        except OSError:
            pass
        out.parent.mkdir(parents=True, exist_ok=True)
        # Compile to a private name and rename, so parallel runs never see half a file.
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=out.stem + ".", suffix=".tmp")
        os.close(fd)
        try:
            r = subprocess.run([str(self.akirac), *self.flags, "-o", tmp, str(test.wasm)], stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            os.unlink(tmp)
            return None, f"akirac timed out after {self.timeout}s"
        if r.returncode != 0:
            os.unlink(tmp)
            return None, f"akirac failed ({r.returncode}): {r.stderr.decode(errors='replace').strip()}"
        os.replace(tmp, out)
        return out, None


def excerpt(text, lines=10):
    # The first lines hold the guest's own message (assertion, panic); a trap's
    # backtrace follows and matters less.
    parts = text.rstrip("\n").split("\n")
    if len(parts) > lines:
        parts = parts[:lines] + [f"... ({len(parts) - lines} more lines)"]
    return "\n".join("    | " + p for p in parts)


def run_test(test, args, aot_cache):
    """Returns (ok, message)."""
    err = load_config(test)
    if err:
        return False, err
    cfg = test.config
    module = test.wasm
    if aot_cache:
        module, err = aot_cache.get(test)
        if err:
            return False, err

    cmd = [str(args.akira), "run"]
    if not aot_cache:
        cmd.append("--interp")
    for k, v in cfg.get("env", {}).items():
        cmd += ["--env", f"{k}={v}"]
    work = Path(tempfile.mkdtemp(prefix="wasi-" + test.name.replace("/", "-") + ".", dir=args.work_dir))
    try:
        root = cfg.get("root")
        if root:
            src = test.wasm.parent / root
            dst = work / "root"
            shutil.copytree(src, dst, symlinks=True)
            make_writable(dst)
            cmd += ["--dir", f"{dst}::/"]
        cmd.append(str(module))
        cmd += [str(a) for a in cfg.get("args", [])]
        start = time.monotonic()
        try:
            r = subprocess.run(cmd, stdin=subprocess.PIPE, capture_output=True, timeout=args.timeout, cwd=work)
        except subprocess.TimeoutExpired:
            return False, f"timed out after {args.timeout}s\n    $ {shlex.join(cmd)}"
        elapsed = time.monotonic() - start
    finally:
        remove_tree(work)

    out = r.stdout.decode("utf-8", errors="replace")
    errs = r.stderr.decode("utf-8", errors="replace")
    problems = []
    want_exit = cfg.get("exit_code", 0)
    if r.returncode != want_exit:
        problems.append(f"exit status {r.returncode}, expected {want_exit}")
    for stream, got in (("stdout", out), ("stderr", errs)):
        want = cfg.get(stream)
        if want is not None and got != want:
            problems.append(f"{stream} {got!r}, expected {want!r}")
    if not problems:
        return True, f"{elapsed:.2f}s"
    msg = "; ".join(problems) + f"\n    $ {shlex.join(cmd)}"
    if out.strip():
        msg += "\n  stdout:\n" + excerpt(out)
    if errs.strip():
        msg += "\n  stderr:\n" + excerpt(errs)
    return False, msg


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--akira", required=True, type=Path, help="the akira executable")
    p.add_argument("--suite", required=True, type=Path, help="the wasi-testsuite checkout")
    p.add_argument("--mode", choices=("interp", "aot"), default="interp",
                   help="interp: akira run --interp X.wasm; aot: akirac X.wasm once, then akira run X.aot")
    p.add_argument("--akirac", type=Path, help="the akirac executable (aot mode)")
    p.add_argument("--akirac-flags", default="", help="extra akirac options in aot mode, e.g. '--opt-level 0'")
    p.add_argument("--aot-cache", type=Path, help="where aot mode keeps the compiled tests")
    p.add_argument("--known-failures", type=Path, help="file listing tests expected to fail")
    p.add_argument("-j", "--jobs", type=int, default=1, help="tests run in parallel (default 1)")
    p.add_argument("--timeout", type=float, default=60, help="seconds per test (default 60)")
    p.add_argument("--work-dir", type=Path, help="where the per-test copies of `root` are made (default: TMPDIR)")
    p.add_argument("--list", action="store_true", help="list the selected tests and exit")
    p.add_argument("-v", "--verbose", action="store_true", help="print timings of passing tests")
    p.add_argument("tests", nargs="*", help="test names or shell patterns (e.g. rust/path_* or c/*); default all")
    args = p.parse_args()

    suite = args.suite.resolve()
    # Tests run in their own working directory: make the runtime's path absolute.
    if os.sep in str(args.akira):
        args.akira = args.akira.resolve()
    elif shutil.which(str(args.akira)):
        args.akira = Path(shutil.which(str(args.akira)))
    tests = discover(suite)
    if not tests:
        print(f"error: no {WASI_VERSION} tests under {suite}", file=sys.stderr)
        return 2
    if args.tests:
        selected = [t for t in tests if any(fnmatch.fnmatchcase(t.name, pat) for pat in args.tests)]
        unmatched = [pat for pat in args.tests if not any(fnmatch.fnmatchcase(t.name, pat) for t in tests)]
        if unmatched:
            print(f"error: no test matches {', '.join(unmatched)}", file=sys.stderr)
            return 2
        tests = selected
    if args.list:
        for t in tests:
            print(t.name)
        return 0

    known = []
    if args.known_failures:
        try:
            known = read_known_failures(args.known_failures)
        except OSError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    all_names = {t.name for t in discover(suite)}
    unknown_entries = [n for n in known if n not in all_names]
    known = set(known)

    aot_cache = None
    if args.mode == "aot":
        if not args.akirac:
            print("error: --mode aot needs --akirac", file=sys.stderr)
            return 2
        cache_dir = args.aot_cache or Path(tempfile.gettempdir()) / "akira-wasi-testsuite-aot"
        aot_cache = AotCache(args.akirac.resolve(), shlex.split(args.akirac_flags), cache_dir.resolve(),
                             max(args.timeout, 300))
    if args.work_dir:
        args.work_dir.mkdir(parents=True, exist_ok=True)

    passed = failed = known_failed = stale = 0
    lock = threading.Lock()

    def report(test, ok, msg):
        nonlocal passed, failed, known_failed, stale
        with lock:
            listed = test.name in known
            if ok:
                passed += 1
                if listed:
                    stale += 1
                    print(f"STALE {test.name}: stale known failure: {test.name} (remove it from the list)")
                else:
                    print(f"PASS  {test.name}" + (f" ({msg})" if args.verbose else ""))
            else:
                failed += 1
                if listed:
                    known_failed += 1
                    first = msg.splitlines()[0]
                    print(f"XFAIL {test.name}: {first}" if not args.verbose else f"XFAIL {test.name}: {msg}")
                else:
                    print(f"FAIL  {test.name}: {msg}")
            sys.stdout.flush()

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_test, t, args, aot_cache) for t in tests]
        for t, f in zip(tests, futures):  # reported in a stable order, as they finish
            try:
                ok, msg = f.result()
            except Exception as e:  # a runner bug must show as a failure, not a crash
                ok, msg = False, f"runner error: {e!r}"
            report(t, ok, msg)

    for n in unknown_entries:
        print(f"ERROR known-failures entry '{n}' names no test")
    notes = []
    if known_failed:
        notes.append(f"{known_failed} known")
    if stale:
        notes.append(f"{stale} stale known failures")
    if unknown_entries:
        notes.append(f"{len(unknown_entries)} unknown known-failures entries")
    print(f"{passed} passed, {failed} failed" + (f" ({', '.join(notes)})" if notes else ""))
    return 1 if failed > known_failed or stale or unknown_entries else 0


if __name__ == "__main__":
    sys.exit(main())
