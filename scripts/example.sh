#!/usr/bin/env bash
# The example command of the README: install what is needed, build, and run the built-in example
# (an anisotropic Maxwellian relaxing under MBC with the Coulomb kernel; a few seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/grazing run examples/anisotropic-mbc.toml --out runs/anisotropic-mbc --force
./build/grazing plot runs/anisotropic-mbc > /dev/null
echo
echo "Output in runs/anisotropic-mbc/: moments.csv (one row per replica and output time), run.json (metadata),"
echo "moments.png (temperatures and fourth moment against time)."
echo "Temperatures Txx, Tyy, Tzz of replica 0 (columns Mxx, Myy, Mzz):"
awk -F, 'NR == 1 { printf "%-8s %-12s %-12s %-12s\n", $2, $8, $9, $10 }
          NR > 1 && $1 == 0 { printf "%-8.4g %-12.8f %-12.8f %-12.8f\n", $2, $8, $9, $10 }' \
  runs/anisotropic-mbc/moments.csv | sed -n '1p;2p;6p;11p;16p;$p'
