#!/usr/bin/env bash
# Builds everything and runs every test: the sanitizer build (unit tests + spec suite under
# ASan/UBSan), a short fuzzing run of every parser, the runtime without AOT support, the
# cross builds for aarch64, armhf and riscv64 under qemu-user (their CI subset), then the
# release build's full CTest suite, whose summary is the last thing printed.
#   SPEC_SUITE=DIR   spec scripts to run (default ../shared/wasm-testsuite)
#   FUZZ_SECONDS=N   seconds per fuzz target (default 30)
#   CROSS_TARGETS=.. cross targets to test (default "aarch64 armhf riscv64"; "" for none)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh ${CROSS_TARGETS-aarch64 armhf riscv64}  # one apt-get update for everything

jobs=$(nproc)
suite=${SPEC_SUITE:-$(cd .. && pwd)/shared/wasm-testsuite}
common=(-G Ninja -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 -DAKIRA_WERROR=ON
        -DAKIRA_SPEC_SUITE="$suite")

echo "== sanitizer build (ASan + UBSan) =="
cmake -S . -B build-asan "${common[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAKIRA_SANITIZE=ON \
      -DAKIRA_BUILD_APPS=OFF -DAKIRA_FUZZ=ON >/dev/null
ninja -C build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan -j"$jobs" --output-on-failure --label-exclude slow \
        -E '^spec\.aot-'  # the AOT option matrix runs in the release build; ASan runs the default

echo "== fuzzing (${FUZZ_SECONDS:-30}s per target) =="
# Seeds: the spec suite's modules, a broad sample of valid and hostile binaries.
seeds=build-asan/fuzz-seeds/decode; mkdir -p "$seeds"
for w in "$suite"/{binary,binary-leb128,custom,data,elem,global,imports,memory,table,call_indirect,br_table,simd_const}.wast; do
  [ -f "$w" ] && wast2json "$w" -o "$seeds/$(basename "$w" .wast).json" 2>/dev/null || true
done
rm -f "$seeds"/*.json "$seeds"/*.wat
# The interpreter-against-AOT comparison's seeds: modules of scripts that compute, branch,
# call and touch memory and tables (fuzz_diff_engines calls their exports).
diff_seeds=build-asan/fuzz-seeds/diff_engines; mkdir -p "$diff_seeds"
for w in "$suite"/{i32,i64,f32,f64,conversions,int_exprs,block,loop,br,br_if,br_table,call,call_indirect,select,local_tee,global,memory_grow,memory_trap,bulk,table_grow,simd_i32x4_arith,simd_lane}.wast; do
  [ -f "$w" ] && wast2json "$w" -o "$diff_seeds/$(basename "$w" .wast).json" 2>/dev/null || true
done
rm -f "$diff_seeds"/*.json "$diff_seeds"/*.wat
# The .aot loader's seeds: a few of those modules compiled by akirac (when it is built).
if [ -x build-asan/akirac ]; then
  aot_seeds=build-asan/fuzz-seeds/aot_loader; mkdir -p "$aot_seeds"
  for w in "$seeds"/{call_indirect,memory,global,table,elem,data,imports,br_table,simd_const}.[0-3].wasm; do
    [ -f "$w" ] && build-asan/akirac -o "$aot_seeds/$(basename "$w" .wasm).aot" "$w" 2>/dev/null || true
  done
fi
for f in build-asan/fuzz/fuzz_*; do
  [ -x "$f" ] || continue
  name=$(basename "$f")
  corpus=build-asan/fuzz-corpus/$name; mkdir -p "$corpus"
  seed_dir=build-asan/fuzz-seeds/${name#fuzz_}
  rc=0
  "$f" -max_total_time="${FUZZ_SECONDS:-30}" -timeout=10 -rss_limit_mb=4096 \
       "$corpus" $( [ -d "$seed_dir" ] && echo "$seed_dir" ) > "build-asan/$name.log" 2>&1 || rc=$?
  grep -E 'DONE|ERROR|SUMMARY' "build-asan/$name.log" || true
  if [ "$rc" != 0 ]; then tail -n 40 "build-asan/$name.log"; echo "$name found a failure"; exit 1; fi
done

echo "== runtime without AOT support (interpreter and hybrid fallback tests) =="
cmake -S . -B build-noaot "${common[@]}" -DCMAKE_BUILD_TYPE=Release -DAKIRA_AOT_SUPPORT=OFF \
      -DAKIRA_AOT_COMPILER=OFF -DAKIRA_BUILD_APPS=OFF >/dev/null
ninja -C build-noaot -j"$jobs" akira akira-wast semantics_scripts interp_calls_test interp_exec_test deploy_module_cache_test \
      api_tests api_test deploy_load_test
ctest --test-dir build-noaot -j"$jobs" --output-on-failure -R '^(spec\.interp\.|semantics\.interp\.|aot\.refused|Interp|deploy|Deploy|api\.|Api)'

echo "== install: libakira, the CMake and pkg-config packages, examples/ (runtime without AOT support) =="
ninja -C build-noaot -j"$jobs" akira_shared akira_static
bash tests/install/install.sh build-noaot  # the release build's CTest runs it with AOT (install.examples)

echo "== release build =="
cmake -S . -B build "${common[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build -j"$jobs"

# Other architectures under qemu-user with the akirac just built (docs/cross.md): per
# target the unit tests, the spec suite (interpreter: all; AOT: all but the scripts
# labelled slow) and the target tests, label cross-ci. CROSS_TARGETS="" skips them.
for target in ${CROSS_TARGETS-aarch64 armhf riscv64}; do
  echo "== cross: $target (qemu-user) =="
  # (the build's and the passing tests' lines are left out of the log)
  if ! bash scripts/cross.sh "$target" -L cross-ci 2>&1 |
       grep -vE '^\[[0-9]+/[0-9]+\] |^ +Start |^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed'; then
    echo "cross: $target failed"; exit 1
  fi
done

echo "== release tests =="
ctest --test-dir build -j"$jobs" --output-on-failure
