#!/usr/bin/env bash
# End-to-end test of `akira device` (docs/http-api.md, docs/shell.md).
# usage: device_test.sh AKIRA AKIRAC|"" WAT2WASM PYTHON3 HELLO_WASM DISPLAY_WASM|"" WORKDIR
set -uo pipefail
AKIRA=$1 AKIRAC=$2 WAT2WASM=$3 PY=$4 HELLO=$5 DISPLAY=$6 W=$7
rm -rf "$W" && mkdir -p "$W/in" || exit 1
STORE=$W/store TOKEN=s3cret
fails=0
ok() { echo "ok:   $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

# ---- the server: loopback only, a free port, always shut down --------------------------
"$AKIRA" device --listen 127.0.0.1:0 --store "$STORE" --token "$TOKEN" --max-upload 1M --no-shell \
  > "$W/server.out" 2> "$W/server.err" &
SERVER=$!
cleanup() { kill "$SERVER" 2> /dev/null; wait "$SERVER" 2> /dev/null; }
trap cleanup EXIT
PORT=
for _ in $(seq 50); do
  PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$W/server.out")
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { echo "server did not start"; cat "$W/server.err"; exit 1; }
URL=http://127.0.0.1:$PORT
AUTH=(-H "Authorization: Bearer $TOKEN")
# code METHOD PATH [curl args...]: prints the HTTP status, body in $W/body
code() { local m=$1 p=$2; shift 2; curl -s -m 20 -o "$W/body" -w '%{http_code}' -X "$m" "$@" "$URL$p"; }
api() { local m=$1 p=$2; shift 2; code "$m" "$p" "${AUTH[@]}" "$@"; }
upload() { api POST /upload "$@"; }
state_of() { api GET "/apps/$1" > /dev/null; "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("state",""))' "$W/body"; }
field_of() { "$PY" -c 'import json,sys; v=json.load(open(sys.argv[1])).get(sys.argv[2]); print("" if v is None else v)' "$W/body" "$1"; }
wait_state() {  # NAME STATE [tries]
  for _ in $(seq "${3:-100}"); do [ "$(state_of "$1")" = "$2" ] && return 0; sleep 0.05; done
  return 1
}
snapshot() { (cd "$STORE" && find . -type f | sort | xargs -r sha256sum) 2> /dev/null; }

# ---- modules ------------------------------------------------------------------------------
printf '(module (func (export "_start") (loop $l (br $l))))' > "$W/in/spin.wat"
printf '(module (func (export "_start") unreachable))' > "$W/in/boom.wat"
printf '(module (memory 1) (func (export "_start")))' > "$W/in/other.wat"
printf '(module (import "akira" "sleep_ms" (func $s (param i32))) (func $nap (call $s (i32.const 1))) (func (export "_start") (loop $l (call $nap) (br $l))))' > "$W/in/tick.wat"
for m in spin boom other tick; do "$WAT2WASM" --debug-names "$W/in/$m.wat" -o "$W/in/$m.wasm" || exit 1; done
cp "$HELLO" "$W/in/hello.wasm"

# ---- authorisation ----------------------------------------------------------------------
check "no token: 401" [ "$(code GET /apps)" = 401 ]
check "wrong token: 401" [ "$(code GET /apps -H 'Authorization: Bearer nope')" = 401 ]
check "upload without token: 401" [ "$(code POST /upload -F "file=@$W/in/hello.wasm")" = 401 ]
check "token: GET /apps 200" [ "$(api GET /apps)" = 200 ]

# ---- uploads ----------------------------------------------------------------------------
check "upload hello.wasm: 201" [ "$(upload -F "file=@$W/in/hello.wasm")" = 201 ]
check "stored hello.wasm" cmp -s "$STORE/hello/hello.wasm" "$W/in/hello.wasm"
for m in spin boom; do check "upload $m.wasm" [ "$(upload -F "file=@$W/in/$m.wasm")" = 201 ]; done
if [ -n "$DISPLAY" ]; then check "upload display.wasm" [ "$(upload -F "file=@$DISPLAY")" = 201 ]; fi
if [ -n "$AKIRAC" ]; then
  "$AKIRAC" "$W/in/hello.wasm" -o "$W/in/hello_x86_64.aot" &&
    "$AKIRAC" --target riscv32 "$W/in/other.wasm" -o "$W/in/other_riscv32.aot" || bad "akirac"
  check "upload hello_x86_64.aot: 201" [ "$(upload -F "file=@$W/in/hello_x86_64.aot")" = 201 ]
  check "stored hello_x86_64.aot" cmp -s "$STORE/hello/hello_x86_64.aot" "$W/in/hello_x86_64.aot"
  check "upload a foreign-target .aot (riscv32): 201" [ "$(upload -F "file=@$W/in/other_riscv32.aot")" = 201 ]
  check "upload with a name field" [ "$(upload -F "file=@$W/in/other.wasm" -F name=other)" = 201 ]
fi
check "GET /apps lists hello" grep -q '"hello"' <(api GET /apps > /dev/null; cat "$W/body")

# ---- bad uploads leave the store unchanged ------------------------------------------------
before=$(snapshot)
printf 'not a module at all' > "$W/in/junk.wasm"
check "wrong magic: 400" [ "$(upload -F "file=@$W/in/junk.wasm")" = 400 ]
printf '\0aotjunkjunkjunk' > "$W/in/junk_x86_64.aot"
check "damaged .aot: 400" [ "$(upload -F "file=@$W/in/junk_x86_64.aot")" = 400 ]
head -c 8 "$W/in/hello.wasm" > "$W/in/big.wasm" && head -c 1200000 /dev/zero >> "$W/in/big.wasm"
check "oversize: 413" [ "$(upload -F "file=@$W/in/big.wasm")" = 413 ]
check "../ file name: 400" [ "$(upload -F "file=@$W/in/hello.wasm;filename=../evil.wasm")" = 400 ]
check "absolute file name: 400" [ "$(upload -F "file=@$W/in/hello.wasm;filename=/tmp/evil.wasm")" = 400 ]
check "hidden file name: 400" [ "$(upload -F "file=@$W/in/hello.wasm;filename=.evil.wasm")" = 400 ]
check "../ name field: 400" [ "$(upload -F "file=@$W/in/hello.wasm" -F 'name=../evil')" = 400 ]
check "not .wasm/.aot: 400" [ "$(upload -F "file=@$W/in/hello.wasm;filename=hello.txt")" = 400 ]
check "no file field: 400" [ "$(upload -F "other=@$W/in/hello.wasm")" = 400 ]
printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="trunc.wasm"\r\n\r\n\0asm\1\0\0\0' > "$W/in/trunc.body"
check "truncated multipart: 400" [ "$(upload -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary "@$W/in/trunc.body")" = 400 ]
# A client that dies in the middle of the body.
"$PY" - "$PORT" "$TOKEN" "$W/in/hello.wasm" << 'PYEOF'
import socket, sys
port, token, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
data = open(path, 'rb').read()
body = (b'--B\r\nContent-Disposition: form-data; name="file"; filename="hello.wasm"\r\n'
        b'Content-Type: application/octet-stream\r\n\r\n' + data + b'\r\n--B--\r\n')
s = socket.create_connection(('127.0.0.1', port))
s.sendall(b'POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ' + token.encode() +
          b'\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: ' + str(len(body)).encode() + b'\r\n\r\n')
s.sendall(body[: len(body) // 2])
s.close()
PYEOF
sleep 0.3
check "store unchanged after bad and killed uploads" [ "$before" = "$(snapshot)" ]
check "no temporary files left" [ -z "$(find "$STORE" -name '.upload-*')" ]

# ---- concurrent uploads of one name leave one whole file ----------------------------------
for i in $(seq 8); do
  upload -F "file=@$W/in/hello.wasm;filename=race.wasm" > /dev/null &
  upload -F "file=@$W/in/other.wasm;filename=race.wasm" > /dev/null &
done
wait $(jobs -p | grep -v "^$SERVER$") 2> /dev/null
check "concurrent uploads: one whole file" \
  bash -c "cmp -s '$STORE/race/race.wasm' '$W/in/hello.wasm' || cmp -s '$STORE/race/race.wasm' '$W/in/other.wasm'"
check "concurrent uploads: no temporary files" [ -z "$(find "$STORE" -name '.upload-*')" ]

# ---- running apps -------------------------------------------------------------------------
check "start spin (infinite loop)" [ "$(api POST /apps/spin/start -d '')" = 200 ]
check "start boom (traps)" [ "$(api POST /apps/boom/start -d '')" = 200 ]
check "boom failed with its trap" wait_state boom failed
api GET /apps/boom > /dev/null
check "boom's message names the trap" grep -q unreachable "$W/body"
check "spin still running after boom's trap" [ "$(state_of spin)" = running ]
check "start of a running app: 409" [ "$(api POST /apps/spin/start -d '')" = 409 ]
check "unknown app: 404" [ "$(api POST /apps/nosuch/start -d '')" = 404 ]
check "start hello" [ "$(api POST /apps/hello/start -d '')" = 200 ]
check "hello ran to the end" wait_state hello stopped
api GET /apps/hello > /dev/null
check "hello's output captured" grep -q "Hello from Akira" "$W/body"
if [ -n "$AKIRAC" ]; then check "hello ran its .aot" [ "$(field_of mode)" = aot ]; fi
if [ -n "$DISPLAY" ]; then
  check "start display" [ "$(api POST /apps/display/start -d '')" = 200 ]
  check "display ran to the end" wait_state display stopped
  check "display presented frames" [ "$(field_of frames)" -gt 0 ]
  check "display manifest read" grep -q '"capabilities"' "$W/body"
  DISPLAY_AOT=${DISPLAY%.wasm}_x86_64.aot
  if [ -n "$AKIRAC" ] && [ -f "$DISPLAY_AOT" ]; then
    check "upload display_x86_64.aot" [ "$(upload -F "file=@$DISPLAY_AOT")" = 201 ]
    check "start display (AOT)" [ "$(api POST /apps/display/start -d '')" = 200 ]
    check "display (AOT) ran to the end" wait_state display stopped
    check "display ran native code" [ "$(field_of mode)" = aot ]
    check "display (AOT) presented frames" [ "$(field_of frames)" -gt 8 ]
  fi
  check "display.png: 200" [ "$(api GET /apps/display/display.png)" = 200 ]
  check "display.png decodes (240x320 RGB)" "$PY" -c '
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w = 8, b"", 0
while pos < len(d):
    n, t = struct.unpack(">I4s", d[pos:pos + 8]); c = d[pos + 8:pos + 8 + n]
    assert zlib.crc32(t + c) == struct.unpack(">I", d[pos + 8 + n:pos + 12 + n])[0]
    if t == b"IHDR": w, h = struct.unpack(">II", c[:8]); assert (w, h) == (240, 320) and c[8:10] == b"\x08\x02"
    if t == b"IDAT": idat += c
    pos += 12 + n
raw = zlib.decompress(idat)
assert len(raw) == 320 * (1 + 240 * 3)
assert len(set(raw[1 + 21 * 3 * 240 + 30 * 3: 1 + 21 * 3 * 240 + 30 * 3 + 3])) > 0
' "$W/body"
fi

# ---- shell --------------------------------------------------------------------------------
check "shell: app list" bash -c "[ \"\$(curl -s -m 10 -H 'Authorization: Bearer $TOKEN' --data 'app list' $URL/shell | grep -c running)\" -ge 1 ]"
check "shell: help" bash -c "curl -s -m 10 -H 'Authorization: Bearer $TOKEN' --data 'help' $URL/shell | grep -q akira_perf"
check "shell: unknown command 400" [ "$(api POST /shell --data 'frobnicate')" = 400 ]
sleep 0.2
api POST /shell --data 'akira_perf spin' > /dev/null
check "akira_perf spin: interpreter profile" bash -c "grep -q interpreter '$W/body' && grep -q 'hot functions' '$W/body' && grep -q _start '$W/body'"
api POST /shell --data 'akira_perf' > /dev/null
check "akira_perf: every app" bash -c "grep -q '^hello:' '$W/body' && grep -q '^boom:' '$W/body'"
if [ -n "$AKIRAC" ]; then check "akira_perf hello: AOT" grep -q "AOT" <(api POST /shell --data 'akira_perf hello' > /dev/null; cat "$W/body"); fi

# ---- stopping a stuck app, removing ---------------------------------------------------------
check "stop spin: 200" [ "$(api POST /apps/spin/stop -d '')" = 200 ]
check "spin stopped" [ "$(state_of spin)" = stopped ]
check "spin can start again" [ "$(api POST /apps/spin/start -d '')" = 200 ]
check "shell: app stop spin" bash -c "curl -s -m 10 -H 'Authorization: Bearer $TOKEN' --data 'app stop spin' $URL/shell | grep -q stopped"
check "DELETE /apps/boom" [ "$(api DELETE /apps/boom)" = 200 ]
check "boom's files removed" [ ! -e "$STORE/boom" ]
check "GET removed app: 404" [ "$(api GET /apps/boom)" = 404 ]

# ---- native code: stops in a host call (sleep_ms) and, signalled, inside a pure loop ------
if [ -n "$AKIRAC" ]; then
  "$AKIRAC" --enable-perf-profiling "$W/in/tick.wasm" -o "$W/in/tick_x86_64.aot" &&
    "$AKIRAC" "$W/in/spin.wasm" -o "$W/in/aotspin_x86_64.aot" ||
    bad "akirac (tick, spin)"
  upload -F "file=@$W/in/tick.wasm" > /dev/null
  check "upload tick_x86_64.aot" [ "$(upload -F "file=@$W/in/tick_x86_64.aot")" = 201 ]
  check "start tick (AOT, sleeps in a loop)" [ "$(api POST /apps/tick/start -d '')" = 200 ]
  sleep 0.1
  api GET /apps/tick > /dev/null
  check "tick runs native code" [ "$(field_of mode)" = aot ]
  sleep 0.1
  api POST /shell --data 'akira_perf tick' > /dev/null
  check "akira_perf tick: calls per function of profiled native code" \
    awk '/hot functions \(calls, native code\)/ { h = 1 } h && $NF == "nap" && $1 >= 10 { ok = 1 } END { exit !ok }' "$W/body"
  check "stop tick at its host call: 200" [ "$(api POST /apps/tick/stop -d '')" = 200 ]
  check "tick stopped" [ "$(state_of tick)" = stopped ]
  upload -F "file=@$W/in/spin.wasm" -F name=aotspin > /dev/null
  check "upload aotspin_x86_64.aot" [ "$(upload -F "file=@$W/in/aotspin_x86_64.aot")" = 201 ]
  check "start aotspin (AOT, pure loop)" [ "$(api POST /apps/aotspin/start -d '')" = 200 ]
  sleep 0.1
  check "stop aotspin (signalled inside the loop): 200" [ "$(api POST /apps/aotspin/stop -d '')" = 200 ]
  check "aotspin stopped" [ "$(state_of aotspin)" = stopped ]
  api POST /shell --data 'akira_perf aotspin' > /dev/null
  check "akira_perf aotspin: whole-run figures only" grep -q "compile with akirac --enable-perf-profiling" "$W/body"
  check "aotspin starts again" [ "$(api POST /apps/aotspin/start -d '')" = 200 ]
  check "stop aotspin again: 200" [ "$(api POST /apps/aotspin/stop -d '')" = 200 ]
  check "other apps still served" [ "$(api GET /apps/hello)" = 200 ]
fi

# ---- sizes: "-1" and sizes beyond 64 bits are refused, in a manifest and on the command line --
for size in -1 17179869184G; do
  "$PY" - "$W/in/other.wasm" "$W/in/mf.wasm" "$size" <<'PY' || bad "manifest module ($size)"
import sys
data = open(sys.argv[1], 'rb').read()
name = b'.akira.manifest'
payload = bytes([len(name)]) + name + ('{"memory":"%s"}' % sys.argv[3]).encode()
def leb(n):
    out = bytearray()
    while True:
        b, n = n & 0x7f, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)
open(sys.argv[2], 'wb').write(data + b'\x00' + leb(len(payload)) + payload)
PY
  check "upload mf.wasm (memory \"$size\")" [ "$(upload -F "file=@$W/in/mf.wasm")" = 201 ]
  api POST /apps/mf/start -d '' > /dev/null
  check "mf (memory \"$size\") ran" wait_state mf stopped
  api GET /apps/mf > /dev/null
  check "manifest memory \"$size\" refused: the default limit applies" [ "$(field_of max_memory)" = 67108864 ]
  check "manifest memory \"$size\" refused: the manifest's error says so" grep -q 'bad size' "$W/body"
done
for size in -1 17179869184G; do
  timeout 10 "$AKIRA" device --listen 127.0.0.1:0 --store "$W/store2" --max-memory "$size" --no-shell \
    > /dev/null 2> "$W/size.err"
  st=$?
  check "--max-memory $size refused (status 2)" [ "$st" = 2 ]
  check "--max-memory $size refused: bad size" grep -q "bad size" "$W/size.err"
done

# ---- shutdown ---------------------------------------------------------------------------------
api POST /apps/spin/start -d '' > /dev/null
kill -TERM "$SERVER"
for _ in $(seq 200); do kill -0 "$SERVER" 2> /dev/null || break; sleep 0.05; done
check "server stops on SIGTERM with an app running" bash -c "! kill -0 $SERVER 2> /dev/null"
wait "$SERVER" 2> /dev/null
trap - EXIT

if [ "$fails" -ne 0 ]; then
  echo "$fails check(s) failed; server stderr:"
  cat "$W/server.err"
  exit 1
fi
echo "all device service checks passed"
