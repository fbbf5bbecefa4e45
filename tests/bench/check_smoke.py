#!/usr/bin/env python3
"""Checks bench/bench.py's --json output from the smoke run: every app has every mode
(node only when installed), each mode ran (or is a recorded expected failure), printed the
native output, and the size, compile, host-call and hello figures are present.
The figures themselves are not checked."""
import json
import shutil
import sys

APPS = ["image", "physics", "crypto", "game", "coremark"]
d = json.load(open(sys.argv[1]))
modes = ["native", "aot-s0", "aot-s3", "interp"] + (["node"] if shutil.which("node") or shutil.which("nodejs") else [])
xfail = set()  # modes allowed to fail
errors = list(d.get("failures", []))
for app in APPS:
    a = d["apps"].get(app)
    if a is None:
        errors.append(f"{app}: missing")
        continue
    native = a["modes"]["native"]["checksum"]
    for m in modes:
        md = a["modes"].get(m)
        if md is None:
            errors.append(f"{app} {m}: missing")
        elif md["error"]:
            if m not in xfail:
                errors.append(f"{app} {m}: {md['error']}")
        elif not md["cpu"] or not md["match"] or md["checksum"] != native:
            errors.append(f"{app} {m}: no run or output differs ({md['checksum']} vs {native})")
    for k in ("wasm", "wasm_stripped", "aot_s3"):
        if not a["sizes"].get(k):
            errors.append(f"{app}: no {k} size")
    if not a["compile"]["3"]:
        errors.append(f"{app}: no compile time")
for m in ["aot-s3", "interp"]:
    if m not in d["hostcall"]:
        errors.append(f"hostcall {m}: missing")
    if m not in d["hello"]:
        errors.append(f"hello {m}: missing")
for e in errors:
    print("FAIL:", e)
if not errors:
    print(f"OK: {len(APPS)} apps x {len(modes)} modes, outputs equal to native")
sys.exit(1 if errors else 0)
