#!/usr/bin/env bash
# The core clock a thread actually runs at, which /proc/cpuinfo does not show inside a virtual machine
# (it prints the nominal frequency): a chain of dependent 64-bit adds, one cycle each on every x86-64
# core, timed over 4e9 adds, five times. Use it to turn a rate into cycles per collision
# (docs/performance.md). Usage: bash bench/clock.sh
set -euo pipefail
if [ "$(uname -m)" != x86_64 ]; then echo "bench/clock.sh: x86-64 only" >&2; exit 2; fi
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
cat > "$DIR/clock.cpp" <<'CPP'
#include <chrono>
#include <cstdint>
#include <cstdio>
int main() {
  for (int rep = 0; rep < 5; ++rep) {
    std::uint64_t x = 1;
    const std::uint64_t n = 1000000000;
    const auto t0 = std::chrono::steady_clock::now();
    for (std::uint64_t i = 0; i < n; ++i) asm volatile("add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0" : "+r"(x));
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%.2f GHz\n", 4.0 * static_cast<double>(n) / s / 1e9);
  }
}
CPP
g++ -O2 -o "$DIR/clock" "$DIR/clock.cpp"
echo "core clock (dependent adds, $(date -u +%Y-%m-%dT%H:%MZ), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)):"
"$DIR/clock"
