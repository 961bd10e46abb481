#!/usr/bin/env bash
# Runs every *.test.ts under packages/ (and any given filter) through node:test + tsx.
# Node 20's --test finds no .ts files in a bare folder, so the files are listed explicitly.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find packages -name '*.test.ts' -not -path '*/node_modules/*' | grep -E "${1:-.}" | sort)
if [ ${#files[@]} -eq 0 ]; then echo "no test files match" >&2; exit 1; fi
exec node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
