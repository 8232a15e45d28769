#!/usr/bin/env bash
# The comparison of docs/comparison.md in one command: mbc, tabary, landau-diffusion, takizuka-abe and
# nanbu on three problems with exact answers (about 5 minutes on 2 cores; --quick: under a minute,
# smaller N and fewer steps, for checking the pipeline). Output: runs/compare/ (results.csv, table.md,
# compare_*.png).
# Usage: bash examples/compare/run.sh [--quick] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
QUICK=""
if [ "${1:-}" = "--quick" ]; then QUICK=--quick; shift; fi
OUT=${1:-runs/compare}
bash scripts/build.sh > /dev/null
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
/usr/bin/python3 scripts/compare.py build/grazing "$OUT" $QUICK
