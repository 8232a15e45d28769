#!/usr/bin/env bash
# The comparison of docs/comparison.md in one command: mbc, tabary, landau-diffusion, takizuka-abe and
# nanbu on four problems whose answers are exact or computed by an independent solver (about 35 minutes
# on 2 cores; --quick: N = 200, two steps, about a minute, for checking the pipeline; it runs in CI).
# Output: runs/compare/ (results.csv, table.md, compare_*.png). --update-docs (full form only) also
# writes table.md into docs/comparison.md and the plots into docs/figures/.
# Usage: bash examples/compare/run.sh [--quick | --update-docs] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
QUICK=""
DOC=""
if [ "${1:-}" = "--quick" ]; then QUICK=--quick; shift; fi
if [ "${1:-}" = "--update-docs" ]; then DOC=--doc=docs/comparison.md; shift; fi
OUT=${1:-runs/compare}
bash scripts/build.sh > /dev/null
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
/usr/bin/python3 scripts/compare.py build/grazing "$OUT" $QUICK $DOC
