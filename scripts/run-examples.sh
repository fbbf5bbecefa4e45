#!/bin/sh
# Builds the example apps and akira, runs every app natively and through
# `akira run`, checks that the outputs match, and prints a Markdown table.
#
# Usage: scripts/run-examples.sh [--no-build] [app...]
#
# Environment:
#   BUILD_DIR  build directory (default: build, relative to the repository)
#   JOBS       parallel build jobs (default: 2)
#   TIMEOUT    seconds allowed for each akira run (default: 600)
#   CC, CXX    compilers used when configuring a new build directory
#              (default: clang-22, clang++-22)
#
# The apps run with their default (large) sizes. A failure to build or run
# akira is reported in the table; the script itself does not stop.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-build}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
jobs=${JOBS:-2}
timeout_s=${TIMEOUT:-600}
do_build=1
if [ "${1:-}" = "--no-build" ]; then
  do_build=0
  shift
fi

log() { echo "$@" >&2; }

# ---------------------------------------------------------------- build
akira_note=""
if [ "$do_build" -eq 1 ]; then
  bash "$root/scripts/install-deps.sh" >&2 || { log "run-examples: installing packages failed"; exit 1; }
  if [ ! -f "$build/build.ninja" ]; then
    log "Configuring $build ..."
    cmake -G Ninja -S "$root" -B "$build" \
      -DCMAKE_C_COMPILER="${CC:-clang-22}" -DCMAKE_CXX_COMPILER="${CXX:-clang++-22}" >&2 || {
      log "run-examples: cmake failed"
      exit 1
    }
  fi
  log "Building the apps ..."
  ninja -C "$build" -j "$jobs" apps >&2 || {
    log "run-examples: building the apps failed"
    exit 1
  }
  log "Building akira ..."
  if ! ninja -C "$build" -j "$jobs" akira akirac >&2; then
    akira_note="akira failed to build"
    log "run-examples: $akira_note; continuing"
  fi
fi
akira="$build/akira"
if [ -z "$akira_note" ] && [ ! -x "$akira" ]; then
  akira_note="akira is not built"
fi

# ---------------------------------------------------------------- helpers
apps_dir="$build/apps"
if [ "$#" -gt 0 ]; then
  apps="$*"
else
  # Apps in the order they are declared in apps/CMakeLists.txt (those with a native
  # build to compare against).
  apps=$(sed -n '/NO_NATIVE/!s/^[[:space:]]*akira_add_app([[:space:]]*NAME[[:space:]]\{1,\}\([A-Za-z0-9_-]\{1,\}\).*/\1/p' \
    "$root/apps/CMakeLists.txt")
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/akira-examples.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

now_ms() {
  t=$(date +%s%N 2>/dev/null)
  case "$t" in
    *N) echo $(( $(date +%s) * 1000 )) ;;
    *) echo $((t / 1000000)) ;;
  esac
}

have_timeout=0
command -v timeout >/dev/null 2>&1 && have_timeout=1

# run <out-file> <command...>: sets run_status and run_ms.
run() {
  out=$1
  shift
  start=$(now_ms)
  if [ "$have_timeout" -eq 1 ]; then
    timeout "$timeout_s" "$@" >"$out" 2>"$out.err" </dev/null
  else
    "$@" >"$out" 2>"$out.err" </dev/null
  fi
  run_status=$?
  run_ms=$(( $(now_ms) - start ))
}

fmt_s() { awk -v ms="$1" 'BEGIN { printf "%.3f s", ms / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b < 1) b = 1; printf "%.1fx", a / b }'; }

# Runs the .wasm with one engine and compares it with the native output;
# sets cell_time, cell_ratio and cell_match.
compare_engine() {
  name=$1
  tag=$2
  shift 2
  run "$tmp/$name.$tag.out" "$@"
  cell_time=$(fmt_s "$run_ms")
  cell_ratio=$(ratio "$run_ms" "$native_ms")
  if [ "$run_status" -eq 124 ] && [ "$have_timeout" -eq 1 ]; then
    cell_match="FAIL: timeout after ${timeout_s} s"
    cell_ratio="-"
  elif cmp -s "$tmp/$name.native.out" "$tmp/$name.$tag.out" && [ "$run_status" -eq "$native_status" ]; then
    cell_match="yes"
  elif [ "$run_status" -ne "$native_status" ]; then
    first=$(head -n 1 "$tmp/$name.$tag.out.err" | tr '|' '/' | cut -c 1-80)
    cell_match="FAIL: exit $run_status${first:+ ($first)}"
    cell_ratio="-"
  else
    cell_match="NO: output differs"
    failures=$((failures + 1))
  fi
  case "$cell_match" in FAIL*) failures=$((failures + 1)) ;; esac
}

# ---------------------------------------------------------------- run
failures=0
rows=""
for name in $apps; do
  native="$apps_dir/${name}_native"
  wasm="$apps_dir/$name.wasm"
  if [ ! -x "$native" ] || [ ! -f "$wasm" ]; then
    rows="$rows| $name | - | - | - | FAIL: app not built | - | - | - | - |
"
    failures=$((failures + 1))
    continue
  fi
  log "Running $name natively ..."
  run "$tmp/$name.native.out" "$native"
  native_ms=$run_ms
  native_status=$run_status

  if [ -n "$akira_note" ]; then
    interp_time="-"
    interp_ratio="-"
    interp_match="FAIL: $akira_note"
    failures=$((failures + 1))
  else
    log "Running $name with akira run ..."
    compare_engine "$name" interp "$akira" run --interp "$wasm"
    interp_time=$cell_time
    interp_ratio=$cell_ratio
    interp_match=$cell_match
  fi

  # ---- AOT: the .aot akirac built for this machine ---------------------
  aot="$apps_dir/${name}_$(uname -m).aot"
  if [ -n "$akira_note" ]; then
    aot_time="-"; aot_ratio="-"; aot_speedup="-"; aot_match="FAIL: $akira_note"
  elif [ ! -f "$aot" ]; then
    aot_time="-"; aot_ratio="-"; aot_speedup="-"; aot_match="FAIL: $(basename "$aot") not built"
    failures=$((failures + 1))
  else
    interp_ms=$run_ms
    log "Running $name as AOT ..."
    compare_engine "$name" aot "$akira" run "$aot"
    aot_time=$cell_time; aot_ratio=$cell_ratio; aot_match=$cell_match
    aot_speedup=$(ratio "$interp_ms" "$run_ms")
  fi

  rows="$rows| $name | $(fmt_s "$native_ms") | $interp_time | $interp_ratio | $interp_match | $aot_time | $aot_ratio | $aot_speedup | $aot_match |
"
done

echo "| App | Native | Interpreter | Interp/native | Interp output | AOT | AOT/native | AOT speed-up | AOT output |"
echo "|-----|-------:|------------:|--------------:|---------------|----:|-----------:|-------------:|------------|"
printf '%s' "$rows"

[ "$failures" -eq 0 ]
