#!/usr/bin/env bash
# Fuzz the config loader with libFuzzer for a bounded time (default 600 s), from the corpus of the
# examples and the malformed configs of tests/cli/bad_input.sh. Installs clang (Debian), builds an
# instrumented copy in build-fuzz/ (address and undefined-behaviour sanitizers), runs, and reports the
# number of executions. A crash leaves its input in fuzz/crashes/: add it to tests/fuzz-regressions/
# (tests/cli/fuzz_regressions.sh runs every file there through `grazing check`).
# Usage: bash scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-600}
if ! command -v clang++ > /dev/null; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y clang > /dev/null; else sudo apt-get install -y clang > /dev/null; fi
fi
bash scripts/install-deps.sh > /dev/null
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DGRAZING_BUILD_FUZZ=ON \
  -DGRAZING_BUILD_TESTS=OFF -DGRAZING_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build-fuzz -j"$(nproc)" --target config_fuzzer > /dev/null
mkdir -p build-fuzz/corpus fuzz/crashes
cp examples/*.toml tests/fuzz-regressions/* build-fuzz/corpus/ 2> /dev/null || true
echo "fuzzing the config loader for ${SECONDS_TO_RUN} s ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
./build-fuzz/fuzz/config_fuzzer build-fuzz/corpus -max_total_time="$SECONDS_TO_RUN" -max_len=4096 \
  -dict=fuzz/toml.dict -artifact_prefix=fuzz/crashes/ -print_final_stats=1 2>&1 | tee build-fuzz/fuzz.log | grep -E "^#[0-9]+ +(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY" || true
grep -q "ERROR" build-fuzz/fuzz.log && { echo "fuzzer found a failure: see build-fuzz/fuzz.log and fuzz/crashes/"; exit 1; }
echo "no crash"
