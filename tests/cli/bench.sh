#!/usr/bin/env bash
# grazing bench --quick runs every benchmark row and writes the JSON table (figures are not checked:
# performance is measured by bench runs, never asserted in tests).
set -euo pipefail
BIN=$1; ROOT=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
"$BIN" bench --quick --json "$TMP/bench.json" > "$TMP/table.txt"
grep -q "RNG floor of one MBC collision" "$TMP/table.txt"
test "$(grep -c '"what"' "$TMP/bench.json")" -ge 15
echo "ok: bench --quick"
