#!/usr/bin/env bash
# The one-way latency of a cache line between two cores (threads pinned to cores 0 and 1 pass a
# counter back and forth 2e6 times, three times). It bounds what sharing particles between cores costs:
# the exact parallel schedule inside one replica has both cores modify the same particles, and
# independent replicas share nothing (docs/performance.md, "Threads inside one replica"). Around
# 20-40 ns is two cores under one shared cache; ~80 ns and more, cores whose caches are farther apart.
# Usage: bash bench/core_latency.sh
set -euo pipefail
[ "$(nproc)" -ge 2 ] || { echo "bench/core_latency.sh: needs two cores" >&2; exit 2; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
cat > "$DIR/latency.cpp" <<'CPP'
#include <pthread.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
alignas(64) std::atomic<int> flag{0};
void pin(int core) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(core, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}
int main() {
  const int n = 2000000;
  for (int rep = 0; rep < 3; ++rep) {
    flag = 0;
    std::thread other([&] {
      pin(1);
      for (int i = 0; i < n; ++i) {
        while (flag.load(std::memory_order_acquire) != 2 * i + 1) {}
        flag.store(2 * i + 2, std::memory_order_release);
      }
    });
    pin(0);
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
      flag.store(2 * i + 1, std::memory_order_release);
      while (flag.load(std::memory_order_acquire) != 2 * i + 2) {}
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    other.join();
    std::printf("%.0f ns one way\n", s / n / 2 * 1e9);
  }
}
CPP
g++ -O2 -pthread -o "$DIR/latency" "$DIR/latency.cpp"
echo "core-to-core latency, cores 0 and 1 ($(date -u +%Y-%m-%dT%H:%MZ), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)):"
"$DIR/latency"
