#!/usr/bin/env python3
"""The example apps on another architecture, under qemu-user: native, AOT and interpreter.

Usage: bench/cross.py TARGET [--reps N] [--apps a,b] [--size small|tiny]
       (TARGET = aarch64 | armhf | riscv64; needs build-cross/TARGET from scripts/cross.sh
        and the host's akirac in build/)

Per app, three programs run under the same emulator:
  native  the app's C cross-compiled with clang-22 -O3 -ffp-contract=off, static
  aot     the app's .wasm compiled on this host by akirac --target=<the target's>,
          run by the target's `akira run`
  interp  the .wasm in the target's interpreter (`akira run --interp`)
Every run's output must equal the native run's. Times are the CPU time (user + system) of
the emulator process, the median of --reps interleaved runs; the ratios to native are
what the table shows. Under qemu-user, each guest instruction costs host instructions
by kind (memory accesses and floating point through helpers cost more), so the ratios
are those of the emulated machine, not of a real board: compare modes within a target.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = {
    "aarch64": ("aarch64-linux-gnu", "aarch64", "qemu-aarch64", []),
    "armhf": ("arm-linux-gnueabihf", "thumbv7", "qemu-arm",
              ["-march=armv7-a", "-mfpu=vfpv3-d16", "-mfloat-abi=hard", "-mthumb"]),
    "riscv64": ("riscv64-linux-gnu", "riscv64", "qemu-riscv64", []),
}
SIZES = {
    "tiny": {"image": ["32", "1"], "physics": ["12", "20"], "crypto": ["1"], "game": ["40", "20"],
             "coremark": ["20", "8"]},
    "small": {"image": ["128", "2"], "physics": ["48", "200"], "crypto": ["1"], "game": ["400", "48"],
              "coremark": ["300", "32"]},
}
WASM_FLAGS = ["--target=wasm32-wasi", "-Wno-deprecated", "--sysroot=/usr", "-O3", "-Wl,--strip-debug", "-std=c11"]
NATIVE_FLAGS = ["-O3", "-ffp-contract=off", "-std=c11", "-fuse-ld=lld", "-static"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def timed(cmd):
    """(stdout, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p.returncode, p.stdout, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("target", choices=sorted(TARGETS))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--apps", default="image,physics,crypto,game,coremark")
    ap.add_argument("--size", choices=sorted(SIZES), default="small")
    a = ap.parse_args()
    triple, aot_target, qemu, arch_flags = TARGETS[a.target]
    build = os.path.join(ROOT, "build-cross", a.target)
    akira = os.path.join(build, "akira")
    akirac = os.path.join(ROOT, "build", "akirac")
    for p in (akira, akirac):
        if not os.path.exists(p):
            sys.exit(f"{p} is missing: run scripts/cross.sh {a.target} first")
    emu = [qemu, "-L", "/usr/" + triple]
    work = tempfile.mkdtemp(prefix="akira-cross-bench-")
    apps = a.apps.split(",")
    rows = []
    ok = True
    for app in apps:
        src = os.path.join(ROOT, "apps", app, "main.c")
        wasm, native, aot = (os.path.join(work, app + s) for s in (".wasm", "_native", ".aot"))
        run(["clang-22"] + WASM_FLAGS + [src, "-o", wasm, "-lm"])
        run(["clang-22", "--target=" + triple] + arch_flags + NATIVE_FLAGS + [src, "-o", native, "-lm"])
        run([akirac, "--target=" + aot_target, "-o", aot, wasm])
        args = SIZES[a.size][app]
        modes = {
            "native": emu + [native] + args,
            "aot": emu + [akira, "run", aot] + args,
            "interp": emu + [akira, "run", "--interp", wasm] + args,
        }
        samples = {m: [] for m in modes}
        ref = None
        for _ in range(a.reps):
            for m, cmd in modes.items():
                rc, out, cpu = timed(cmd)
                if m == "native":
                    ref = (rc, out)
                elif (rc, out) != ref:
                    print(f"{app} {m}: output differs from native", file=sys.stderr)
                    ok = False
                samples[m].append(cpu)
        med = {m: statistics.median(v) for m, v in samples.items()}
        rows.append((app, med))
    print(f"### {a.target} under {qemu} (CPU seconds, median of {a.reps}; size {a.size})\n")
    print("| app | native s | AOT s | interp s | AOT / native | interp / native |")
    print("|---|---:|---:|---:|---:|---:|")
    for app, med in rows:
        n = med["native"] or 1e-9
        print(f"| {app} | {med['native']:.3f} | {med['aot']:.3f} | {med['interp']:.3f} | "
              f"{med['aot'] / n:.2f}x | {med['interp'] / n:.1f}x |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
