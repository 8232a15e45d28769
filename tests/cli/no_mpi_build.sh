#!/usr/bin/env bash
# The build without MPI keeps working (docs/parallel.md#building-with-mpi): configure and build the
# `grazing` target alone with -DGRAZING_MPI=OFF (no tests, benchmarks or Python module) in a temporary
# build directory, run two short examples with it and with the build under test, and compare their
# moments.csv byte for byte; its run.json says built_with_mpi = false. About 2-3 minutes on 2 cores (a
# second build of the library); tests/CMakeLists.txt gives it a longer timeout than the other scripts.
set -euo pipefail
BIN=$1; ROOT=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
start=$(date +%s)
cmake -S "$ROOT" -B "$TMP/build" -DCMAKE_BUILD_TYPE=Release -DGRAZING_MPI=OFF -DGRAZING_BUILD_TESTS=OFF \
  -DGRAZING_BUILD_BENCH=OFF -DGRAZING_PYTHON=OFF > "$TMP/configure.log" 2>&1 || { cat "$TMP/configure.log"; exit 1; }
grep -q -- '-- grazing: MPI OFF' "$TMP/configure.log" || { echo "configure did not turn MPI off"; cat "$TMP/configure.log"; exit 1; }
cmake --build "$TMP/build" --target grazing -j"$(nproc)" > "$TMP/build.log" 2>&1 || { tail -50 "$TMP/build.log"; exit 1; }
echo "ok: grazing built without MPI in $(( $(date +%s) - start )) s"
NOMPI=$TMP/build/grazing
for ex in anisotropic-mbc tabary-splitting; do  # shortened to 2 output intervals (< 2 s each)
  cfg=$ROOT/examples/$ex.toml
  short=(--set run.t_end=0.01 --set run.output_every=0.005 -q)
  "$BIN" run "$cfg" --out "$TMP/$ex-main" "${short[@]}"
  "$NOMPI" run "$cfg" --out "$TMP/$ex-nompi" "${short[@]}"
  test "$(wc -l < "$TMP/$ex-main/moments.csv")" -gt 1
  cmp "$TMP/$ex-main/moments.csv" "$TMP/$ex-nompi/moments.csv"
  grep -q '"built_with_mpi": false' "$TMP/$ex-nompi/run.json"
  grep -q '"ranks": 1' "$TMP/$ex-nompi/run.json"
  echo "ok: $ex: moments.csv of the build without MPI identical to the build under test"
done
# Its installation (docs/install.md) is a CMake package without MPI: find_package(grazing) does not look for it.
cmake --install "$TMP/build" --prefix "$TMP/p" > "$TMP/install.log" 2>&1 || { cat "$TMP/install.log"; exit 1; }
grep -q '^set(grazing_WITH_MPI OFF)' "$TMP/p/lib/cmake/grazing/grazingConfig.cmake"
if grep -qE 'MPI::|GRAZING_MPI' "$TMP/p/lib/cmake/grazing/grazingTargets.cmake"; then echo "FAIL: MPI in the exported targets"; exit 1; fi
"$TMP/p/bin/grazing" --version > /dev/null
echo "ok: the installed package of the build without MPI needs no MPI"
