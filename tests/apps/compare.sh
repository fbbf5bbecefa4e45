#!/bin/sh
# Runs a reference command and a command under test, and checks that both
# print the same standard output (byte for byte) and exit with the same
# status. Standard error is shown only when they differ.
#
# Usage: compare.sh <reference command...> -- <command under test...>
#
# Exit status: 0 if they agree, 1 if they differ, 2 on a usage error.
set -u

if [ "$#" -lt 3 ]; then
  echo "usage: compare.sh <reference command...> -- <command under test...>" >&2
  exit 2
fi

# Find the first "--": everything before it is the reference command.
n_ref=0
found=0
for arg in "$@"; do
  if [ "$arg" = "--" ]; then
    found=1
    break
  fi
  n_ref=$((n_ref + 1))
done
if [ "$found" -ne 1 ] || [ "$n_ref" -eq 0 ] || [ "$#" -le $((n_ref + 1)) ]; then
  echo "compare.sh: expected <reference command...> -- <command under test...>" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/akira-compare.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# Build the two argument lists as quoted strings for eval.
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
ref=""
test=""
i=0
for arg in "$@"; do
  i=$((i + 1))
  if [ "$i" -le "$n_ref" ]; then
    ref="$ref $(quote "$arg")"
  elif [ "$i" -gt $((n_ref + 1)) ]; then
    test="$test $(quote "$arg")"
  fi
done

eval "$ref" >"$tmp/ref.out" 2>"$tmp/ref.err" </dev/null
ref_status=$?
eval "$test" >"$tmp/test.out" 2>"$tmp/test.err" </dev/null
test_status=$?

ok=1
if ! cmp -s "$tmp/ref.out" "$tmp/test.out"; then
  ok=0
  echo "FAIL: standard output differs"
  echo "  reference:$ref"
  echo "  tested:   $test"
  diff -u "$tmp/ref.out" "$tmp/test.out" | head -n 60 | sed 's/^/  /'
fi
if [ "$ref_status" -ne "$test_status" ]; then
  ok=0
  echo "FAIL: exit status differs: reference $ref_status, tested $test_status"
fi
if [ "$ok" -ne 1 ]; then
  if [ -s "$tmp/ref.err" ]; then
    echo "reference stderr:"
    head -n 30 "$tmp/ref.err" | sed 's/^/  /'
  fi
  if [ -s "$tmp/test.err" ]; then
    echo "tested stderr:"
    head -n 30 "$tmp/test.err" | sed 's/^/  /'
  fi
  exit 1
fi
echo "OK: identical output ($(wc -c <"$tmp/ref.out" | tr -d ' ') bytes) and exit status $ref_status"
cat "$tmp/ref.out"
exit 0
