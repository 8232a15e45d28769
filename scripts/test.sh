#!/usr/bin/env bash
# The test command of the README: install what is needed, build from scratch, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 1200
