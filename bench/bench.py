#!/usr/bin/env python3
"""Akira benchmark: the example apps natively, as AOT code, in the interpreter and in V8.

Usage: bench/bench.py [options]          (python3 from Debian; standard library only)

For each app (image, physics, crypto, game, coremark) and each mode
  native   the same C, clang -O3 (<build>/apps/<app>_native)
  aot-s0   akirac --opt-level=3 --size-level=0, run by `akira run <app>.aot`
  aot-s3   akirac --opt-level=3 --size-level=3 (the default code model)
  interp   `akira run --interp <app>.wasm`
  node     node's WASI (V8), when node is installed
the runs are repeated --reps times, interleaved (repetition 1 of every mode, then
repetition 2, ...) so that load from other processes spreads over all modes. Every
run's standard output must equal the native run's (the checksum column).

Also measured: .wasm size (and stripped with wasm-strip or wasm-opt), .aot sizes,
akirac compile time (no compile cache), start-up time (process wall time minus the
`ran in` time `akira run -v` reports: reading, decoding/loading, instantiation, exit),
peak RSS of each mode (ru_maxrss of the process), the whole-process time of `hello`,
and the cost of one call from wasm into a host function (bench/hostcall.c).

Times are CPU time (user + system) of the measured process by default, which is far
less sensitive than wall time to other processes on a shared machine; --metric wall
uses wall time. node's CPU time includes its background compiler and GC threads.

Output: Markdown tables on stdout, --json FILE (every sample), --chart FILE.png
(gnuplot); --from-json FILE reports an earlier run again. --callgrind counts instructions with valgrind instead of timing (one run
per mode; stable across machines and load), with the "small" sizes by default.

Exit status: 0 when every run succeeded and matched the native output, 1 otherwise.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APPS = ["image", "physics", "crypto", "game", "coremark"]
MODES = ["native", "aot-s0", "aot-s3", "interp", "node"]
MODE_TITLE = {
    "native": "native (clang -O3)",
    "aot-s0": "AOT --size-level=0",
    "aot-s3": "AOT --size-level=3",
    "interp": "interpreter",
    "node": "V8 (node)",
}
# Arguments per size preset; "default" runs each app with its own defaults
# (about 0.3-1 s natively).
SIZES = {
    "tiny": {"image": ["32", "1"], "physics": ["12", "20"], "crypto": ["1"], "game": ["40", "20"],
             "coremark": ["20", "8"], "hello": []},
    "small": {"image": ["128", "2"], "physics": ["48", "200"], "crypto": ["1"], "game": ["400", "48"],
              "coremark": ["300", "32"], "hello": []},
    "default": {"image": [], "physics": [], "crypto": [], "game": [], "coremark": [], "hello": []},
}
HOSTCALLS = {"tiny": 20000, "small": 200000, "default": 2000000}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Run:
    """One finished process: status, stdout, stderr, wall and CPU seconds, peak RSS (KiB)."""

    def __init__(self, status, out, err, wall, cpu, rss):
        self.status, self.out, self.err = status, out, err
        self.wall, self.cpu, self.rss = wall, cpu, rss


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run(cmd, timeout):
    """Runs cmd; CPU time comes from wait4, peak RSS from /usr/bin/time -f %M (a child of
    this process inherits the Python process's high-water mark in ru_maxrss; time's is small)."""
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe, \
            tempfile.NamedTemporaryFile(mode="r") as fm:
        if TIME:
            cmd = [TIME, "-f", "%M", "-o", fm.name] + cmd
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=fo, stderr=fe)
        timer = threading.Timer(timeout, lambda: p.send_signal(signal.SIGKILL))
        timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        rss = None
        if TIME:
            m = re.findall(r"^(\d+)$", fm.read(), re.M)
            rss = int(m[-1]) if m else None  # time exits with the command's status
        return Run(p.returncode, fo.read().decode("utf-8", "replace"), fe.read().decode("utf-8", "replace"),
                   wall, ru.ru_utime + ru.ru_stime, rss)


def ran_seconds(stderr):
    """The `ran in X ms` figure of `akira run -v`, in seconds (None when absent)."""
    m = re.findall(r"ran in ([0-9.]+) ms", stderr)
    return float(m[-1]) / 1000 if m else None


def checksum(out):
    m = re.search(r"^checksum: *(\S+)", out, re.M)
    if m:
        return m.group(1)
    return "sha1:" + hashlib.sha1(out.encode()).hexdigest()[:8]


def median(xs):
    return statistics.median(xs) if xs else None


def spread(xs):
    """Range relative to the median, in percent."""
    if not xs or len(xs) < 2:
        return 0.0
    m = statistics.median(xs)
    return 100.0 * (max(xs) - min(xs)) / m if m > 0 else 0.0


def fmt_t(s):
    if s is None:
        return "-"
    if s >= 1:
        return f"{s:.3f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.0f} us"


def fmt_x(r):
    if r is None:
        return "-"
    return f"{r:.2f}x" if r < 10 else f"{r:.1f}x"


def fmt_kb(b):
    return "-" if b is None else f"{b / 1024:.1f} KiB"


def fmt_mb(kib):
    return "-" if kib is None else f"{kib / 1024:.1f} MiB"


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


class Bench:
    def __init__(self, args):
        self.a = args
        self.build = os.path.abspath(args.build)
        self.apps_dir = os.path.join(self.build, "apps")
        self.akira = os.path.join(self.build, "akira")
        self.akirac = os.path.join(self.build, "akirac")
        self.node = None if args.no_node else shutil.which("node") or shutil.which("nodejs")
        self.run_node = os.path.join(ROOT, "tests", "apps", "run-node.js")
        self.cc = args.cc
        self.work = tempfile.mkdtemp(prefix="akira-bench.")
        self.failures = []
        self.xfailures = []
        self.xfailed_modes = set()
        self.sizes = SIZES[args.size]
        self.apps = args.apps.split(",") if args.apps else APPS
        self.modes = [m for m in MODES if m != "node" or self.node]
        self.data = {"metric": "instructions" if args.callgrind else args.metric, "reps": args.reps,
                     "size": args.size, "apps": {}, "hostcall": {}, "hello": {}, "machine": machine()}

    def fail(self, mode, what):
        """Records a failure; in an --xfail mode it is expected and does not fail the run."""
        if mode in self.a.xfail:
            self.xfailures.append(what)
            self.xfailed_modes.add(mode)
        else:
            self.failures.append(what)

    # ------------------------------------------------------------ preparation
    def check_tools(self):
        for f in [self.akira, self.akirac]:
            if not os.access(f, os.X_OK):
                sys.exit(f"bench: {f} is missing: build it first (ninja -C {self.a.build} akira akirac apps)")
        for app in self.apps + ["hello"]:
            for f in [f"{app}.wasm", f"{app}_native"]:
                if not os.path.exists(os.path.join(self.apps_dir, f)):
                    sys.exit(f"bench: {self.apps_dir}/{f} is missing: build the apps first (ninja apps)")

    def compile_aot(self, wasm, out, level, cache=False):
        cmd = [self.akirac, "--opt-level=3", f"--size-level={level}", "-o", out, wasm]
        if not cache:
            cmd.insert(1, "--no-cache")
        r = run(cmd, self.a.timeout)
        if r.status != 0:
            raise RuntimeError(f"akirac failed on {os.path.basename(wasm)}: {r.err.strip()[:200]}")
        return r

    def strip_size(self, wasm):
        dst = os.path.join(self.work, "stripped.wasm")
        if shutil.which("wasm-strip"):
            shutil.copyfile(wasm, dst)
            ok = run(["wasm-strip", dst], 60).status == 0
        elif shutil.which("wasm-opt"):
            ok = run(["wasm-opt", "--strip-debug", "--strip-producers", wasm, "-o", dst], 60).status == 0
        else:
            ok = False
        return os.path.getsize(dst) if ok else None

    def commands(self, app, args, aots):
        wasm = os.path.join(self.apps_dir, f"{app}.wasm")
        cmds = {
            "native": [os.path.join(self.apps_dir, f"{app}_native")] + args,
            "aot-s0": [self.akira, "run", "-v", aots[0]] + args,
            "aot-s3": [self.akira, "run", "-v", aots[3]] + args,
            "interp": [self.akira, "run", "-v", "--interp", wasm] + args,
        }
        if self.node:
            cmds["node"] = [self.node, "--no-warnings", self.run_node, wasm] + args
        return {m: c for m, c in cmds.items() if m in self.modes}

    # ------------------------------------------------------------ measuring
    def measure_app(self, app):
        wasm = os.path.join(self.apps_dir, f"{app}.wasm")
        args = self.sizes[app]
        d = {"args": args, "sizes": {}, "compile": {0: [], 3: []}, "modes": {}}
        aots = {}
        for level in (0, 3):
            aots[level] = os.path.join(self.work, f"{app}.s{level}.aot")
        ncompile = 1 if self.a.callgrind else max(1, min(self.a.reps, 3))
        compile_error = {}
        for i in range(ncompile):
            for level in (0, 3):
                if level in compile_error:
                    continue
                try:
                    r = self.compile_aot(wasm, aots[level], level)
                    d["compile"][level].append(r.wall)
                except RuntimeError as e:
                    compile_error[level] = str(e)

        def size(f):
            return os.path.getsize(f) if os.path.exists(f) else None

        d["sizes"] = {"wasm": os.path.getsize(wasm), "wasm_stripped": self.strip_size(wasm),
                      "aot_s0": None if 0 in compile_error else size(aots[0]),
                      "aot_s3": None if 3 in compile_error else size(aots[3])}
        cmds = self.commands(app, args, aots)
        for m in cmds:
            d["modes"][m] = {"cmd": [os.path.basename(c) if os.path.isabs(c) else c for c in cmds[m]],
                             "wall": [], "cpu": [], "rss": [], "startup": [], "instructions": None,
                             "checksum": None, "match": True, "error": None}
        for level, err in compile_error.items():
            m = f"aot-s{level}"
            d["modes"][m]["error"] = err
            self.fail(m, f"{app} {m}: {err}")
            del cmds[m]
        reference = None
        reps = 1 if self.a.callgrind else self.a.reps
        for rep in range(reps):
            for m, cmd in cmds.items():
                log(f"  {app}: {m} (repetition {rep + 1}/{reps})")
                md = d["modes"][m]
                if self.a.callgrind:
                    if m == "node":
                        continue
                    out = os.path.join(self.work, "callgrind.out")
                    r = run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + cmd,
                            self.a.timeout * 20)
                    c = re.findall(r"Collected\s*:\s*(\d+)", r.err)
                    md["instructions"] = int(c[-1]) if c else None
                else:
                    r = run(cmd, self.a.timeout)
                    md["wall"].append(r.wall)
                    md["cpu"].append(r.cpu)
                    if r.rss is not None:
                        md["rss"].append(r.rss)
                    ran = ran_seconds(r.err)
                    if ran is not None:
                        md["startup"].append(max(0.0, r.wall - ran))
                if m == "native":
                    reference = (r.status, r.out)
                    md["checksum"] = checksum(r.out)
                if r.status != 0 and md["error"] is None:
                    md["error"] = f"exit {r.status}: {r.err.strip().splitlines()[-1][:120] if r.err.strip() else ''}"
                    self.fail(m, f"{app} {m}: {md['error']}")
                if reference is not None and (r.status, r.out) != reference:
                    if md["match"]:
                        self.fail(m, f"{app} {m}: output differs from native")
                    md["match"] = False
                md["checksum"] = checksum(r.out)
        return d

    def measure_hello(self):
        """Whole-process time of hello in every mode (start-up dominated)."""
        aots = {lvl: os.path.join(self.work, f"hello.s{lvl}.aot") for lvl in (0, 3)}
        cmds = self.commands("hello", [], aots)
        for lvl in (0, 3):
            try:
                self.compile_aot(os.path.join(self.apps_dir, "hello.wasm"), aots[lvl], lvl)
            except RuntimeError as e:
                self.fail(f"aot-s{lvl}", f"hello aot-s{lvl}: {e}")
                del cmds[f"aot-s{lvl}"]
        res = {m: [] for m in cmds}
        for _ in range(max(3, self.a.reps)):
            for m, cmd in cmds.items():
                r = run(cmd, self.a.timeout)
                if r.status != 0:
                    self.fail(m, f"hello {m}: exit {r.status}")
                res[m].append(r.wall)
        return res

    def measure_hostcall(self):
        """Cost of one wasm -> host call: (t(N calls) - t(0 calls)) / N."""
        src = os.path.join(ROOT, "bench", "hostcall.c")
        wasm = os.path.join(self.work, "hostcall.wasm")
        r = run([self.cc, "--target=wasm32-wasi", "-Wno-deprecated", "--sysroot=/usr", "-O3", src, "-o", wasm], 120)
        if r.status != 0:
            self.failures.append("hostcall: does not build: " + r.err.strip()[:200])
            return {}
        aot = os.path.join(self.work, "hostcall.aot")
        self.compile_aot(wasm, aot, 3)
        n = HOSTCALLS[self.a.size]
        cmds = {"aot-s3": [self.akira, "run", aot], "interp": [self.akira, "run", "--interp", wasm]}
        if self.node:
            cmds["node"] = [self.node, "--no-warnings", self.run_node, wasm]
        res = {}
        for m, cmd in cmds.items():
            t = {0: [], n: []}
            outs = set()
            for _ in range(max(3, self.a.reps)):
                for calls in (0, n):
                    r = run(cmd + [str(calls)], self.a.timeout)
                    if r.status != 0:
                        self.failures.append(f"hostcall {m}: exit {r.status}")
                    t[calls].append(r.cpu if self.a.metric == "cpu" else r.wall)
                    if calls == n:
                        outs.add(r.out)
            if len(outs) != 1 or f"{n} calls, sum {2 * n}" not in next(iter(outs)):
                self.failures.append(f"hostcall {m}: unexpected output {sorted(outs)}")
            res[m] = {"calls": n, "ns_per_call": max(0.0, (median(t[n]) - median(t[0])) / n * 1e9),
                      "t0": t[0], "tn": t[n]}
        return res

    # ------------------------------------------------------------ reporting
    def value(self, md):
        if self.a.callgrind:
            return md["instructions"]
        return median(md["cpu"] if self.a.metric == "cpu" else md["wall"])

    def samples(self, md):
        return md["cpu"] if self.a.metric == "cpu" else md["wall"]

    def report(self):
        D = self.data
        cg = self.a.callgrind
        unit = "instructions (callgrind)" if cg else f"{self.a.metric} time, median of {self.a.reps}"
        p = print
        p(f"## Akira benchmark ({unit}; sizes: {self.a.size})\n")
        p(f"Machine: {D['machine']}\n")
        p("| app | mode | " + ("instructions" if cg else "median | spread") + " | vs native | checksum | same output as native |")
        p("|---|---|" + ("---:|" if cg else "---:|---:|") + "---:|---|---|")
        for app, d in D["apps"].items():
            nat = self.value(d["modes"]["native"])
            for m, md in d["modes"].items():
                v = self.value(md)
                if cg and v is None and m == "node":
                    continue
                cell = (f"{v:,}" if v is not None else "-") if cg else \
                    f"{fmt_t(v)} | ±{spread(self.samples(md)) / 2:.0f}%"
                ok = "yes" if md["match"] and not md["error"] else \
                    ("XFAIL" if m in self.a.xfail or m in self.xfailed_modes else "FAIL") + ": " + (md["error"] or "output differs")
                if md["error"] and not self.samples(md) and not cg:
                    cell = "- | -"
                p(f"| {app} | {MODE_TITLE[m]} | {cell} | {fmt_x(ratio(v, nat))} | {md['checksum'] or '-'} | {ok} |")
        p("")
        p("### Ratios (time / native time; AOT = --size-level=3 unless noted)\n")
        p("| app | AOT / native | AOT s0 / native | interpreter / native | AOT speed-up over interpreter | AOT / V8 |")
        p("|---|---:|---:|---:|---:|---:|")
        for app, d in D["apps"].items():
            v = {m: self.value(md) for m, md in d["modes"].items()}
            nat = v.get("native")
            p(f"| {app} | {fmt_x(ratio(v.get('aot-s3'), nat))} | {fmt_x(ratio(v.get('aot-s0'), nat))} | "
              f"{fmt_x(ratio(v.get('interp'), nat))} | {fmt_x(ratio(v.get('interp'), v.get('aot-s3')))} | "
              f"{fmt_x(ratio(v.get('aot-s3'), v.get('node')))} |")
        p("")
        p("### Sizes, compile time, start-up and memory\n")
        p("| app | .wasm | stripped .wasm | .aot s0 | .aot s3 | akirac s0 | akirac s3 | start-up interp | start-up AOT "
          "| peak RSS native | interp | AOT | node |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for app, d in D["apps"].items():
            s = d["sizes"]
            mo = d["modes"]

            def rss(m):
                return fmt_mb(median(mo[m]["rss"])) if m in mo and mo[m]["rss"] else "-"

            def st(m):
                return fmt_t(median(mo[m]["startup"])) if m in mo and mo[m]["startup"] else "-"

            p(f"| {app} | {fmt_kb(s['wasm'])} | {fmt_kb(s['wasm_stripped'])} | {fmt_kb(s['aot_s0'])} | "
              f"{fmt_kb(s['aot_s3'])} | {fmt_t(median(d['compile'][0]))} | {fmt_t(median(d['compile'][3]))} | "
              f"{st('interp')} | {st('aot-s3')} | {rss('native')} | {rss('interp')} | {rss('aot-s3')} | {rss('node')} |")
        p("")
        if D["hello"]:
            p("### `hello` as a whole process (wall time, median)\n")
            p("| " + " | ".join(MODE_TITLE[m] for m in D["hello"]) + " |")
            p("|" + "---:|" * len(D["hello"]))
            p("| " + " | ".join(fmt_t(median(v)) for v in D["hello"].values()) + " |")
            p("")
        if D["hostcall"]:
            n = next(iter(D["hostcall"].values()))["calls"]
            p(f"### Call from wasm into a host function (WASI args_sizes_get, {n:,} calls)\n")
            p("| mode | ns per call |")
            p("|---|---:|")
            for m, h in D["hostcall"].items():
                p(f"| {MODE_TITLE[m]} | {h['ns_per_call']:.0f} |")
            p("")
        if self.failures:
            p("### Failures\n")
            for f in self.failures:
                p(f"- {f}")
            p("")
        if self.xfailures:
            p("### Expected failures (--xfail)\n")
            for f in self.xfailures:
                p(f"- {f}")
            p("")
        for m in self.a.xfail:
            if m in self.modes and m not in self.xfailed_modes:
                p(f"Note: {m} is marked --xfail but did not fail.\n")

    def chart(self, path):
        gp = shutil.which("gnuplot")
        if not gp:
            log("bench: gnuplot not found (apt-get install gnuplot-nox): no chart")
            return
        # Modes with at least one figure (gnuplot refuses an all-NaN column).
        modes = [m for m in self.modes if m != "native" and any(
            m in d["modes"] and self.value(d["modes"][m]) for d in self.data["apps"].values())]
        if not modes or not self.data["apps"]:
            log("bench: nothing to chart")
            return
        dat = os.path.join(self.work, "chart.dat")
        with open(dat, "w") as f:
            f.write("app " + " ".join(f'"{MODE_TITLE[m]}"' for m in modes) + "\n")
            for app, d in self.data["apps"].items():
                nat = self.value(d["modes"]["native"])
                vals = [ratio(self.value(d["modes"][m]), nat) for m in modes]
                f.write(app + " " + " ".join(f"{v:.4f}" if v else "NaN" for v in vals) + "\n")
        what = "instructions" if self.a.callgrind else f"{self.a.metric} time"
        script = f"""
set terminal png size 900,500
set output '{path}'
set title 'Akira: {what} relative to native (log scale; lower is better)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set yrange [0.5:*]
set grid ytics
set key top left
set ylabel 'x native'
plot for [i=2:{len(modes) + 1}] '{dat}' using i:xtic(1) title columnheader(i), 1 notitle lc rgb 'black'
"""
        r = subprocess.run([gp], input=script, text=True, capture_output=True)
        if r.returncode != 0:
            log("bench: gnuplot failed: " + r.stderr.strip()[:300])
            self.failures.append("chart: gnuplot failed")
        else:
            log(f"bench: chart written to {path}")

    def load(self, path):
        """Reports (and charts) the samples of an earlier --json run instead of measuring."""
        with open(path) as f:
            self.data = json.load(f)
        for d in self.data["apps"].values():
            d["compile"] = {int(k): v for k, v in d["compile"].items()}
        self.failures = self.data.pop("failures", [])
        self.a.reps, self.a.size = self.data["reps"], self.data["size"]
        self.a.callgrind = self.data["metric"] == "instructions"
        if not self.a.callgrind:
            self.a.metric = self.data["metric"]
        seen = {m for d in self.data["apps"].values() for m in d["modes"]}
        self.modes = [m for m in MODES if m in seen]
        self.xfailures = self.data.pop("xfailures", [])
        self.xfailed_modes = set(self.data.pop("xfailed_modes", []))

    def main(self):
        if self.a.from_json:
            self.load(self.a.from_json)
            self.report()
            if self.a.chart:
                self.chart(os.path.abspath(self.a.chart))
            shutil.rmtree(self.work, ignore_errors=True)
            return 1 if self.failures else 0
        self.check_tools()
        try:
            for app in self.apps:
                log(f"bench: {app} {' '.join(self.sizes[app])}")
                self.data["apps"][app] = self.measure_app(app)
            if not self.a.callgrind:
                log("bench: hello start-up")
                self.data["hello"] = self.measure_hello()
                log("bench: host calls")
                self.data["hostcall"] = self.measure_hostcall()
        except RuntimeError as e:
            self.failures.append(str(e))
        finally:
            self.report()
            if self.a.json:
                self.data["failures"] = self.failures
                self.data["xfailures"] = self.xfailures
                self.data["xfailed_modes"] = sorted(self.xfailed_modes)
                with open(self.a.json, "w") as f:
                    json.dump(self.data, f, indent=1)
            if self.a.chart:
                self.chart(os.path.abspath(self.a.chart))
            shutil.rmtree(self.work, ignore_errors=True)
        return 1 if self.failures else 0


def machine():
    cores = os.cpu_count()
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            model = m.group(1).strip() if m else ""
    except OSError:
        pass
    distro = ""
    try:
        with open("/etc/os-release") as f:
            m = re.search(r'PRETTY_NAME="([^"]*)"', f.read())
            distro = m.group(1) if m else ""
    except OSError:
        pass
    return f"{cores} cores, {model}, {distro}".strip(", ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="build directory holding akira, akirac and apps/ (default: build)")
    ap.add_argument("--reps", type=int, default=5, help="repetitions of every run (default 5)")
    ap.add_argument("--size", choices=sorted(SIZES), default=None,
                    help="argument preset: default (the apps' own), small, tiny (default: default; "
                         "small with --callgrind)")
    ap.add_argument("--apps", help="comma-separated subset of " + ",".join(APPS))
    ap.add_argument("--metric", choices=["cpu", "wall"], default="cpu", help="time measured (default cpu)")
    ap.add_argument("--json", help="write every sample to this file")
    ap.add_argument("--chart", help="write a PNG chart (gnuplot) to this file")
    ap.add_argument("--callgrind", action="store_true", help="count instructions with valgrind instead")
    ap.add_argument("--from-json", metavar="FILE", help="report (and --chart) an earlier --json run")
    ap.add_argument("--no-node", action="store_true", help="leave V8 out even when node is installed")
    ap.add_argument("--xfail", action="append", default=[], choices=MODES,
                    help="a mode expected to fail (reported, not counted in the exit status); repeatable")
    ap.add_argument("--timeout", type=float, default=600, help="seconds allowed per run (default 600)")
    ap.add_argument("--cc", default="clang-22", help="C compiler for bench/hostcall.c (default clang-22)")
    a = ap.parse_args()
    if a.size is None:
        a.size = "small" if a.callgrind else "default"
    if a.reps < 1:
        ap.error("--reps must be at least 1")
    if a.callgrind and not shutil.which("valgrind"):
        ap.error("--callgrind needs valgrind (apt-get install valgrind)")
    return Bench(a).main()


if __name__ == "__main__":
    sys.exit(main())
