#!/usr/bin/env bash
# The standard plasma cases of docs/plasma.md#the-standard-cases in one command: electron-ion
# thermalisation (m_i = 10 m_e, Smilei's case, with mbc, sbm, takizuka-abe and nanbu; and hydrogen),
# temperature isotropisation and electron-beam relaxation, each run and plotted against the NRL
# formulary's initial slope (grazing plot: species.png). About 6 minutes on 2 cores.
# Output: runs/plasma/NAME/ (moments.csv, species.csv, run.json, species.png). --update-docs also copies
# the plots to docs/figures/plasma-NAME.png, the figures of docs/plasma.md.
# Usage: bash examples/plasma/run.sh [--update-docs] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
DOC=""
if [ "${1:-}" = "--update-docs" ]; then DOC=1; shift; fi
OUT=${1:-runs/plasma}
bash scripts/build.sh > /dev/null
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
mkdir -p "$OUT"
case_() {  # case_ NAME CONFIG: run, plot, report the wall time
  local name=$1 config=$2 t0
  t0=$(date +%s.%N)
  build/grazing run "$config" --out "$OUT/$name" --force -q
  build/grazing plot "$OUT/$name" > /dev/null
  printf '%-28s %6.1f s  %s\n' "$name" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" "$OUT/$name/species.png"
  if [ -n "$DOC" ]; then cp "$OUT/$name/species.png" "docs/figures/plasma-$name.png"; fi
}
case_ thermalisation examples/plasma/thermalisation.toml
for model in sbm takizuka-abe nanbu; do  # the same case with the other models
  sed "s/^name = \"mbc\"/name = \"$model\"/" examples/plasma/thermalisation.toml > "$OUT/thermalisation-$model.toml"
  case_ "thermalisation-$model" "$OUT/thermalisation-$model.toml"
done
case_ thermalisation-hydrogen examples/plasma/thermalisation-hydrogen.toml
case_ isotropisation examples/plasma/isotropisation.toml
case_ beam-relaxation examples/plasma/beam-relaxation.toml
