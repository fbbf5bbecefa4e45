#!/bin/sh
# Checks the outputs of akira_add_app for the bundled apps.
# Usage: check_pipeline.sh <akira> <apps-dir> <host-suffix|none> "<name>|<args>|<aot,aot,...>"...
# Every app needs <name>.wasm, <name>_native and each listed .aot; on an x86_64 host the
# <name>_x86_64.aot (when listed) runs with <args> and must print what the native build prints.
set -u
akira=$1
dir=$2
host=$3
shift 3
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/akira-pipeline.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
for spec in "$@"; do
  name=${spec%%|*}
  rest=${spec#*|}
  args=${rest%%|*}
  aots=$(echo "${rest#*|}" | tr ',' ' ')
  for f in "$dir/$name.wasm" "$dir/${name}_native" $aots; do
    if [ -s "$f" ]; then echo "ok: $(basename "$f")"; else echo "FAIL: missing $f"; fail=1; fi
  done
  aot="$dir/${name}_$host.aot"
  case " $aots " in
    *" $aot "*)
      # shellcheck disable=SC2086
      "$dir/${name}_native" $args >"$tmp/native" 2>/dev/null
      # shellcheck disable=SC2086
      "$akira" run "$aot" $args >"$tmp/aot" 2>"$tmp/err"
      if cmp -s "$tmp/native" "$tmp/aot"; then
        echo "ok: ${name}_$host.aot $args prints what ${name}_native prints"
      else
        echo "FAIL: ${name}_$host.aot $args differs from ${name}_native"
        head -n 5 "$tmp/err"
        fail=1
      fi
      ;;
  esac
done
exit $fail
