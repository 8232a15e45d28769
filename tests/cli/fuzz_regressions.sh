#!/usr/bin/env bash
# Inputs of the config fuzzer (scripts/fuzz.sh): the corpus it built (one file per coverage feature it
# found) and any input that once crashed. Each must give `grazing check` exit 0 (valid) or 2 (bad input,
# with a message naming a key or the file): never a crash, a hang, exit 1 or a silent failure.
set -uo pipefail
BIN=$1; ROOT=$2
n=0; fail=0
for f in "$ROOT"/tests/fuzz-regressions/*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  # a hang guard only (a check takes milliseconds): generous, so that no machine is too slow for it
  timeout 300 "$BIN" check "$f" > /dev/null 2> /tmp/fuzz-regression-err.$$
  rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then echo "FAIL: $f: exit $rc"; head -3 /tmp/fuzz-regression-err.$$; fail=1; fi
  if [ "$rc" -eq 2 ] && ! grep -q "^grazing: error: " /tmp/fuzz-regression-err.$$; then echo "FAIL: $f: exit 2 without an error line"; fail=1; fi
done
rm -f /tmp/fuzz-regression-err.$$
[ "$n" -ge 50 ] || { echo "FAIL: only $n inputs in tests/fuzz-regressions"; fail=1; }
echo "fuzz regressions: $n inputs checked"
exit $fail
