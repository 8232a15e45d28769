#!/usr/bin/env bash
# Results do not depend on the instruction set: builds grazing a second time with GRAZING_ARCH=none
# (baseline x86-64: no FMA instruction, std::fma a library call) beside the default build, runs every
# example with both, and compares moments.csv and particles.h5 byte for byte.
# Usage: bash bench/arch_identity.sh   (about 3 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh > /dev/null
cmake -S . -B build-arch-none -DGRAZING_ARCH=none -DGRAZING_BUILD_TESTS=OFF -DGRAZING_BUILD_BENCH=OFF > /dev/null
cmake --build build-arch-none -j"$(nproc)" --target grazing > /dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for cfg in examples/*.toml; do
  name=$(basename "$cfg" .toml)
  for b in build build-arch-none; do
    "./$b/grazing" run "$cfg" --out "$tmp/$b/$name" --threads 2 > /dev/null 2>&1
  done
  for f in moments.csv particles.h5; do
    [ -f "$tmp/build/$name/$f" ] || continue
    if cmp -s "$tmp/build/$name/$f" "$tmp/build-arch-none/$name/$f"; then
      echo "identical  $name/$f"
    else
      echo "DIFFERENT  $name/$f"; fail=1
    fi
  done
done
echo "instruction sets: $(grep -ho '"build_arch": "[^"]*"' "$tmp"/build/*/run.json "$tmp"/build-arch-none/*/run.json | sort -u | tr '\n' ' ')"
exit $fail
