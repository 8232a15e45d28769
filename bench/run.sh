#!/usr/bin/env bash
# Builds (Release) and runs the Google Benchmark micro-benchmarks; prints the machine and date first.
# Extra arguments go to the benchmark binary, e.g. --benchmark_filter=heat_kernel
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
./build/bench/grazing_bench --benchmark_min_time=0.5 "$@"
