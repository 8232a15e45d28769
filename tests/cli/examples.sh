#!/usr/bin/env bash
# Every config in examples/ and examples/plasma/ is valid and runs (shortened to 2 output intervals of
# 1/50 of its length).
set -euo pipefail
BIN=$1; ROOT=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
for cfg in "$ROOT"/examples/*.toml "$ROOT"/examples/plasma/*.toml; do
  t_end=$(sed -n 's/^t_end *= *\([0-9.e+-]*\).*/\1/p' "$cfg")
  short=$(awk "BEGIN{print $t_end/50}")
  "$BIN" run "$cfg" --out "$TMP/$(basename "$cfg" .toml)" --set run.t_end="$short" --set run.output_every="$(awk "BEGIN{print $short/2}")" -q
  test -s "$TMP/$(basename "$cfg" .toml)/run.json"
  echo "ok: $(basename "$cfg")"
done
# Every study in examples/studies/ is valid and runs end to end in its shortened form (--smoke).
for st in "$ROOT"/examples/studies/*.toml; do
  "$BIN" study "$st" --smoke --no-plots -q --out "$TMP/study-$(basename "$st" .toml)" > /dev/null
  test -s "$TMP/study-$(basename "$st" .toml)/summary.csv"
  echo "ok: studies/$(basename "$st") (smoke)"
done
# The model comparison (docs/comparison.md) runs end to end in its quick form: every model, two steps,
# four problems with exact answers; results.csv, table.md (every model on every problem) and the plots,
# among them the full Coulomb relaxation against the radial solver and its time series.
/usr/bin/python3 "$ROOT/scripts/compare.py" "$BIN" "$TMP/compare" --quick > /dev/null
test -s "$TMP/compare/results.csv" && test -s "$TMP/compare/table.md"
for p in maxwell bkw coulomb coulomb-relax coulomb-relax_series; do test -s "$TMP/compare/compare_$p.png"; done
for p in maxwell bkw coulomb coulomb-relax; do
  for m in mbc tabary landau-diffusion takizuka-abe nanbu; do
    grep -q "^$p,$m," "$TMP/compare/results.csv" || { echo "FAIL: no $m on $p in results.csv"; exit 1; }
  done
done
echo "ok: scripts/compare.py --quick"
