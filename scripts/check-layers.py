#!/usr/bin/env python3
"""Fails when a lower layer includes a higher one.

Each folder of src/ is one layer; LAYERS lists what each may include (besides itself).
The build mirrors it: one library per folder, linked only against the libraries listed
here, so a forbidden include would also be a missing symbol sooner or later. This check
says so at once, with the file and line. docs/architecture.md draws the same graph.

  python3 scripts/check-layers.py            check the tree
  python3 scripts/check-layers.py --self-test  show that a violation is caught
"""
import os
import re
import sys
import tempfile

# folder -> folders its files may include. Order: lowest first.
LAYERS = {
    "common": [],
    "wasm": ["common"],
    "platform": ["common"],
    "exec": ["common", "wasm"],
    "decode": ["common", "wasm"],
    "validate": ["common", "wasm"],
    "runtime": ["common", "wasm", "platform"],
    "interp": ["common", "wasm", "platform", "exec", "runtime"],
    "aot": ["common", "wasm", "platform", "exec", "decode", "validate", "runtime"],
    "wasi": ["common", "wasm", "platform", "runtime"],
    "compile": ["common", "wasm", "exec", "decode", "validate", "aot/abi.h", "aot/format.h", "aot/helpers.def"],
    "deploy": ["common", "wasm", "platform", "decode", "validate", "runtime", "interp", "aot", "wasi"],
    "api": ["common", "wasm", "platform", "decode", "validate", "runtime", "interp", "aot", "wasi", "deploy",
            "compile"],
    "service": ["common", "wasm", "platform", "decode", "validate", "runtime", "interp", "aot", "wasi", "deploy"],
    "cli": ["common", "wasm", "platform", "decode", "validate", "runtime", "interp", "aot", "wasi", "deploy"],
}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def allowed(layer, target):
    folder = target.split("/", 1)[0]
    if folder == layer:
        return True
    for a in LAYERS[layer]:
        if a == folder or a == target:
            return True
    return False


def check(src):
    problems = []
    folders = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    for layer in folders:
        if layer not in LAYERS:
            problems.append(f"src/{layer}: a folder without a place in the layers (add it to {__file__})")
            continue
        for root, _, files in os.walk(os.path.join(src, layer)):
            for name in sorted(files):
                if not name.endswith((".h", ".cpp", ".def", ".inc")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    for n, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m or "/" not in m.group(1):
                            continue
                        target = m.group(1)
                        if target.split("/", 1)[0] not in LAYERS:
                            continue  # a public header (akira/..., wasm.h) or a generated file
                        if not allowed(layer, target):
                            rel = os.path.relpath(path, os.path.dirname(src))
                            problems.append(f"{rel}:{n}: {layer} may not include {target}")
    return problems


def self_test():
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "src")
        os.makedirs(os.path.join(src, "runtime"))
        os.makedirs(os.path.join(src, "interp"))
        with open(os.path.join(src, "interp", "x.h"), "w") as f:
            f.write('#include "runtime/store.h"\n')
        if check(src):
            print("self-test: a permitted include was reported")
            return 1
        with open(os.path.join(src, "runtime", "y.cpp"), "w") as f:
            f.write('#include "runtime/store.h"\n#include "interp/interpreter.h"\n')
        found = check(src)
        if len(found) != 1 or "runtime may not include interp/interpreter.h" not in found[0]:
            print("self-test: the runtime -> interp include was not reported:", found)
            return 1
    print("self-test: passed")
    return 0


def main():
    if "--self-test" in sys.argv:
        return self_test()
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
    problems = check(os.path.normpath(src))
    for p in problems:
        print(p)
    print(f"layers: {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
