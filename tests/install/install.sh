#!/usr/bin/env bash
# Packaging for embedders, end to end: installs a build into a temporary prefix, checks what
# was installed, builds examples/ against that prefix alone (CMake package, then
# pkg-config, shared and static), runs every program and compares its output with the
# expected output written below.
#   tests/install/install.sh BUILD_DIR
# BUILD_DIR must be built (cmake --install needs the libraries and tools).
set -euo pipefail

build=$(cd "${1:?usage: install.sh BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/akira-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

cache() {  # the value of a variable in the build's CMake cache (empty when absent)
  sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt" | head -n 1
}
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# expect NAME EXPECTED_STATUS EXPECTED_STDOUT_FILE COMMAND...: runs it, compares.
expect() {
  local name=$1 want_status=$2 want=$3 status=0
  shift 3
  "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" || status=$?
  if [ "$status" != "$want_status" ]; then
    fail "$name: exit status $status, expected $want_status"; cat "$tmp/$name.err" >&2
  fi
  if ! diff -u "$want" "$tmp/$name.out" >&2; then
    fail "$name: unexpected output"; cat "$tmp/$name.err" >&2
  fi
}

# loads_installed_lib PROGRAM: PROGRAM runs on the installed libakira.so.
loads_installed_lib() {
  local got
  got=$(ldd "$1" | sed -n "s/^[[:space:]]*libakira\.so\.$abi => \([^ ]*\) .*/\1/p")
  [ -n "$got" ] && [ "$(realpath "$got")" = "$(realpath "$lib")" ]
}

cc=$(cache CMAKE_C_COMPILER)
cxx=$(cache CMAKE_CXX_COMPILER)
libdir=$(cache CMAKE_INSTALL_LIBDIR); libdir=${libdir:-lib}
config=$(cache CMAKE_BUILD_TYPE | tr '[:upper:]' '[:lower:]'); config=${config:-relwithdebinfo}
aot_support=$(cache AKIRA_AOT_SUPPORT)
aot_compiler=$(cache AKIRA_AOT_COMPILER)
has_akirac=no; [ "$aot_compiler" = ON ] && has_akirac=yes
native_app=no; [ "$aot_support" = ON ] && [ "$has_akirac" = yes ] && native_app=yes

# ---- Install --------------------------------------------------------------------------
cmake --install "$build" --prefix "$prefix" > "$tmp/install.log"
version=$("$prefix/bin/akira" --version | sed -n 's/^akira //p')
abi=${version%.*}  # the soname carries major.minor
[ -n "$version" ] || fail "akira --version printed no version"

# Exactly these files: no stage library or private header escapes.
{
  echo "bin/akira"
  echo "bin/akira-device"
  [ "$has_akirac" = yes ] && echo "bin/akirac"
  echo "include/akira/akira.h"
  echo "include/wasm.h"
  echo "$libdir/cmake/Akira/AkiraConfig.cmake"
  echo "$libdir/cmake/Akira/AkiraConfigVersion.cmake"
  echo "$libdir/cmake/Akira/AkiraTargets-$config.cmake"
  echo "$libdir/cmake/Akira/AkiraTargets.cmake"
  echo "$libdir/libakira.a"
  echo "$libdir/libakira.so"
  echo "$libdir/libakira.so.$abi"
  echo "$libdir/libakira.so.$version"
  echo "$libdir/pkgconfig/akira-static.pc"
  echo "$libdir/pkgconfig/akira.pc"
} | LC_ALL=C sort > "$tmp/files.want"
(cd "$prefix" && find . \( -type f -o -type l \) | sed 's|^\./||' | LC_ALL=C sort) > "$tmp/files.got"
diff -u "$tmp/files.want" "$tmp/files.got" >&2 || fail "installed files"

lib=$prefix/$libdir/libakira.so
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libakira.so.$abi" ] || fail "soname is '$soname', expected libakira.so.$abi"

# libakira.so exports the API and nothing else: every name is wasm_* or akira_*, and
# every function the installed headers declare (not counting their static inline
# helpers) is there.
nm -D --defined-only "$lib" | awk '{print $NF}' | LC_ALL=C sort -u > "$tmp/exports"
if grep -v -E '^(wasm|akira)_' "$tmp/exports" > "$tmp/exports.extra"; then
  fail "libakira.so exports $(wc -l < "$tmp/exports.extra") other symbols, e.g.:"
  head -n 20 "$tmp/exports.extra" >&2
fi
"$cc" -E -P -I"$prefix/include" "$prefix/include/akira/akira.h" | python3 -c '
import re, sys
text = " ".join(sys.stdin.read().split())
names = set(re.findall(r"\b((?:wasm|akira)_\w+)\s*\(", text))
inline = set(re.findall(r"static\s+inline[^;{]*?\b((?:wasm|akira)_\w+)\s*\(", text))
print("\n".join(sorted(names - inline)))' | LC_ALL=C sort > "$tmp/declared"
[ "$(wc -l < "$tmp/declared")" -gt 250 ] || fail "found only $(wc -l < "$tmp/declared") API functions in the headers"
missing=$(LC_ALL=C comm -23 "$tmp/declared" "$tmp/exports")
[ -z "$missing" ] || fail "declared but not exported by libakira.so: $missing"

# The installed akira finds the akira-device installed beside it.
"$prefix/bin/akira" device --help > "$tmp/device.out" 2>&1 || fail "akira device --help: $(cat "$tmp/device.out")"
grep -q "akira device" "$tmp/device.out" || fail "akira device --help printed: $(cat "$tmp/device.out")"

# ---- examples/ with find_package(Akira), against the prefix alone -----------------------
ex=$tmp/examples
cmake -S "$src/examples" -B "$ex" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF > "$tmp/examples-configure.log"
[ "$(sed -n 's/^Akira_DIR:PATH=//p' "$ex/CMakeCache.txt")" = "$prefix/$libdir/cmake/Akira" ] ||
  fail "examples found Akira elsewhere: $(grep '^Akira_DIR' "$ex/CMakeCache.txt")"
cmake --build "$ex" > "$tmp/examples-build.log" || { cat "$tmp/examples-build.log" >&2; exit 1; }
# Nothing of the source or build tree on any compile or link line.
if ninja -C "$ex" -t commands | grep -F -e "$src/include" -e "$src/src" -e "$build" > "$tmp/leaks"; then
  fail "examples' commands use the source or build tree:"; head -n 5 "$tmp/leaks" >&2
fi

cat > "$tmp/hello.want" <<'EOF'
Initializing...
Loading binary...
Compiling module...
Creating callback...
Instantiating module...
Extracting export...
Calling export...
Calling back...
> Hello World! (from wasm: 41)
Result: 42
Shutting down...
Done.
EOF
if [ "$native_app" = yes ]; then
  echo "loaded app_native.aot (native code)" > "$tmp/wasi_app.want"
else
  echo "loaded app.wasm (interpreted)" > "$tmp/wasi_app.want"
fi
cat >> "$tmp/wasi_app.want" <<'EOF'
Hello from a WASI app! arguments: 3
exit status: 3
EOF
cat > "$tmp/interrupt.want" <<'EOF'
spinning...
stopped: interrupted
then answer() = 42
EOF
cat > "$tmp/app.want" <<'EOF'
Hello from a WASI app! arguments: 3
EOF
echo 42 > "$tmp/answer.want"

expect hello 0 "$tmp/hello.want" "$ex/hello" "$ex/hello.wasm"
expect hello_static 0 "$tmp/hello.want" "$ex/hello_static" "$ex/hello.wasm"
expect wasi_app 3 "$tmp/wasi_app.want" "$ex/wasi_app" "$ex/app" one two
expect interrupt 0 "$tmp/interrupt.want" "$ex/interrupt" "$ex/interrupt.wasm"
# The installed command line, on the same modules.
expect akira_run 3 "$tmp/app.want" "$prefix/bin/akira" run "$ex/app" one two
expect akira_invoke 0 "$tmp/answer.want" "$prefix/bin/akira" run --invoke answer "$ex/interrupt.wasm"

# hello runs on the installed libakira.so; hello_static needs none.
loads_installed_lib "$ex/hello" || fail "hello does not load $lib: $(ldd "$ex/hello")"
! readelf -d "$ex/hello_static" | grep -q libakira || fail "hello_static needs libakira.so"

# ---- examples/Makefile: pkg-config, shared and static ---------------------------------
mk=$tmp/make
cp -r "$src/examples" "$mk"
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
[ "$(pkg-config --modversion akira)" = "$version" ] || fail "pkg-config --modversion akira: $(pkg-config --modversion akira)"
[ "$(pkg-config --modversion akira-static)" = "$version" ] || fail "pkg-config --modversion akira-static"
make -C "$mk" CC="$cc" CXX="$cxx" hello hello-static hello.wasm > "$tmp/make.log" 2>&1 ||
  { cat "$tmp/make.log" >&2; exit 1; }
if grep -F -e "$src/include" -e "$src/src" -e "$build" "$tmp/make.log" > "$tmp/leaks"; then
  fail "Makefile's commands use the source or build tree:"; head -n 5 "$tmp/leaks" >&2
fi
expect make_hello 0 "$tmp/hello.want" "$mk/hello" "$mk/hello.wasm"
expect make_hello_static 0 "$tmp/hello.want" "$mk/hello-static" "$mk/hello.wasm"
loads_installed_lib "$mk/hello" || fail "make's hello does not load $lib: $(ldd "$mk/hello")"
! readelf -d "$mk/hello-static" | grep -q libakira || fail "make's hello-static needs libakira.so"
# The static flags of akira.pc link too (here -lakira still finds libakira.so first).
"$cc" -o "$tmp/hello_pc_static" "$src/examples/hello.c" $(pkg-config --static --cflags --libs akira) \
      -Wl,-rpath,"$prefix/$libdir" > "$tmp/pc-static.log" 2>&1 || fail "pkg-config --static akira: $(cat "$tmp/pc-static.log")"

if [ "$failures" != 0 ]; then
  echo "install: $failures failure(s)" >&2
  exit 1
fi
echo "install: OK ($version, $(wc -l < "$tmp/exports") exported functions, native app: $native_app)"
