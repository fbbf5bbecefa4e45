#!/usr/bin/env bash
# Fails when a C/C++ file of the project differs from what clang-format makes of it
# (.clang-format at the top). Pinned to Debian 12's clang-format 14: other versions lay
# out some constructs differently.
#   bash scripts/check-format.sh          check, listing the files that differ
#   bash scripts/check-format.sh --fix    rewrite them
#   bash scripts/check-format.sh --self-test  show that a misformatted file is caught
set -euo pipefail
cd "$(dirname "$0")/.."
cf=${CLANG_FORMAT:-clang-format-14}
command -v "$cf" >/dev/null || { echo "check-format: $cf not found (apt-get install clang-format-14)"; exit 2; }

files() {
  git ls-files -- 'src/*.cpp' 'src/*.h' 'include/*.h' 'tools/*.cpp' 'tools/*.h' 'tests/*.cpp' 'tests/*.h' \
    'tests/*.c' 'fuzz/*.cpp' 'bench/*.c' 'examples/*.c' 'examples/*.cpp' 'examples/*.h'
}

if [ "${1:-}" = --self-test ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  cp .clang-format "$tmp/"
  printf 'int  f( int x ){return x;}\n' > "$tmp/bad.cpp"
  if "$cf" --dry-run --Werror "$tmp/bad.cpp" 2>/dev/null; then echo "self-test: a misformatted file passed"; exit 1; fi
  "$cf" -i "$tmp/bad.cpp"
  "$cf" --dry-run --Werror "$tmp/bad.cpp" || { echo "self-test: a formatted file failed"; exit 1; }
  echo "self-test: passed"; exit 0
fi
if [ "${1:-}" = --fix ]; then
  files | xargs "$cf" -i
  exit 0
fi
bad=0
while IFS= read -r f; do
  if ! "$cf" --dry-run --Werror "$f" >/dev/null 2>&1; then echo "not formatted: $f"; bad=$((bad + 1)); fi
done < <(files)
echo "format: $bad file(s) differ from clang-format ($("$cf" --version | grep -o 'version [0-9.]*'))"
[ "$bad" = 0 ]
