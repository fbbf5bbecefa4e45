#!/usr/bin/env python3
"""Fails when a lower layer includes a higher one, or reaches the OS around src/platform.

Each folder of src/ is one layer; LAYERS lists what each may include (besides itself).
The build mirrors it: one library per folder, linked only against the libraries listed
here, so a forbidden include would also be a missing symbol sooner or later. This check
says so at once, with the file and line. docs/architecture.md draws the same graph.

The OS calls a port replaces (memory mapping, signals, threads, machine contexts,
non-local jumps, clocks) belong to src/platform: OS_HEADERS and OS_CALLS may appear
only in the folders of OS_ALLOWED.

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

# System headers and calls only the platform layer may use.
OS_HEADERS = {"sys/mman.h", "signal.h", "csignal", "pthread.h", "ucontext.h", "sys/ucontext.h", "setjmp.h",
              "csetjmp"}
OS_CALLS = ["clock_gettime"]
# Where they may appear: the platform implementations; WASI, an interface to a POSIX
# host by nature; and the host programs (the HTTP service and the command line: process
# signals and server threads), which the runtime core does not depend on.
OS_ALLOWED = ["platform", "wasi", "service", "cli"]
SYSTEM_INCLUDE = re.compile(r'^\s*#\s*include\s*<([^>]+)>')
OS_CALL = re.compile(r'\b(' + "|".join(OS_CALLS) + r')\s*\(')


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
        os_ok = layer in OS_ALLOWED
        for root, _, files in os.walk(os.path.join(src, layer)):
            for name in sorted(files):
                if not name.endswith((".h", ".cpp", ".def", ".inc")):
                    continue
                path = os.path.join(root, name)
                rel = os.path.relpath(path, os.path.dirname(src))
                with open(path, encoding="utf-8") as f:
                    for n, line in enumerate(f, 1):
                        if not os_ok:
                            h = SYSTEM_INCLUDE.match(line)
                            if h and h.group(1) in OS_HEADERS:
                                problems.append(f"{rel}:{n}: {layer} may not include <{h.group(1)}>: "
                                                "OS services belong to src/platform")
                            c = OS_CALL.search(line.split("//", 1)[0])
                            if c:
                                problems.append(f"{rel}:{n}: {layer} may not call {c.group(1)}: "
                                                "OS services belong to src/platform")
                        m = INCLUDE.match(line)
                        if not m or "/" not in m.group(1):
                            continue
                        target = m.group(1)
                        if target.split("/", 1)[0] not in LAYERS:
                            continue  # a public header (akira/..., wasm.h) or a generated file
                        if not allowed(layer, target):
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
        # OS services: allowed in the platform layer, reported elsewhere.
        os.makedirs(os.path.join(src, "platform", "posix"))
        with open(os.path.join(src, "platform", "posix", "m.cpp"), "w") as f:
            f.write('#include <sys/mman.h>\n#include <time.h>\nlong t() { timespec ts; clock_gettime(0, &ts); }\n')
        os.remove(os.path.join(src, "runtime", "y.cpp"))
        if check(src):
            print("self-test: OS calls in src/platform were reported:", check(src))
            return 1
        with open(os.path.join(src, "interp", "z.cpp"), "w") as f:
            f.write('#include <csignal>\n#include <vector>\n// clock_gettime() in a comment\n'
                    'long t() { timespec ts; return clock_gettime(0, &ts); }\n')
        found = check(src)
        if (len(found) != 2 or "interp may not include <csignal>" not in found[0]
                or "interp may not call clock_gettime" not in found[1] or ":4:" not in found[1]):
            print("self-test: OS calls outside src/platform were not reported:", found)
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
