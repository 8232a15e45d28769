#!/usr/bin/env bash
# `cmake --install` gives a working grazing (docs/install.md): install the build under test into a
# temporary prefix; build a small CMake project against it (find_package(grazing), grazing::grazing)
# that runs a config in memory, and check that the energy is conserved and its moments are those of the
# installed CLI bit for bit; run the installed CLI (--version, a run, plot through the installed plot
# script, also after the prefix is moved); import the installed Python package with /usr/bin/python3
# and run it. About 30 s on 2 cores (the consumer compiles one file).
set -euo pipefail
BIN=$1; ROOT=$2
BUILD=$(cd "$(dirname "$BIN")" && pwd)
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
P=$TMP/p
cmake --install "$BUILD" --prefix "$P" > "$TMP/install.log" 2>&1 || { cat "$TMP/install.log"; exit 1; }
PYDIR=$(sed -n 's/^GRAZING_PYTHON_INSTALL_DIR:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
[[ $PYDIR = /* ]] || PYDIR=$P/$PYDIR
for f in bin/grazing include/grazing/rng.hpp include/grazing/config.hpp include/grazing/version.hpp \
         lib/cmake/grazing/grazingConfig.cmake lib/cmake/grazing/grazingConfigVersion.cmake \
         lib/cmake/grazing/grazingTargets.cmake share/grazing/scripts/plot.py; do
  test -f "$P/$f" || { echo "FAIL: not installed: $f"; ls -R "$P"; exit 1; }
done
test -f "$PYDIR/grazing/__init__.py" && test -f "$PYDIR/grazing/plot.py"
echo "ok: installed into the prefix (Python package in ${PYDIR#$P/})"

# The CLI, run from the prefix.
"$P/bin/grazing" --version | tee "$TMP/version.txt" | head -1
grep -q "$(sed -n 's/^project(grazing VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")" "$TMP/version.txt"
cat > "$TMP/tiny.toml" <<'TOML'
[model]
name = "mbc"
gamma = 0.0
h = 0.05
[initial]
kind = "gaussian"
N = 200
variances = [2.0, 0.5, 0.5]
[run]
t_end = 0.5
output_every = 0.25
replicas = 2
seed = 11
threads = 1
TOML
"$P/bin/grazing" run "$TMP/tiny.toml" --out "$TMP/run" -q
test -s "$TMP/run/run.json"
echo "ok: installed grazing run"

# Another CMake project against the installed package.
mkdir -p "$TMP/consumer"
cat > "$TMP/consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(consumer LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(grazing 0.1 REQUIRED)
add_executable(consumer main.cpp)
target_link_libraries(consumer PRIVATE grazing::grazing)
CMAKE
cat > "$TMP/consumer/main.cpp" <<'CPP'
// Runs a config given as text in memory; prints replica, mean |v|^2, mean |v|^4 of every output
// (as moments.csv writes them) and the largest relative energy change.
#include <grazing/config.hpp>
#include <grazing/run.hpp>
#include <fmt/format.h>
#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

int main(int argc, char** argv) {
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  const grazing::RunSpec spec = grazing::build_run_spec(toml::parse(text.str(), std::string("tiny.toml")), argv[1]);
  grazing::Progress quiet(grazing::Progress::Mode::kQuiet);
  std::vector<double> e0;
  double drift = 0;
  grazing::simulate(spec, quiet, [&](std::size_t k, const auto&, const std::vector<grazing::Moments>& m) {
    for (std::size_t r = 0; r < m.size(); ++r) {
      if (k == 0) e0.push_back(m[r].mean_v2);
      drift = std::max(drift, std::abs(m[r].mean_v2 - e0[r]) / e0[r]);
      fmt::print("{},{},{}\n", r, m[r].mean_v2, m[r].mean_v4);
    }
  });
  fmt::print("energy drift {}\n", drift);
}
CPP
cmake -S "$TMP/consumer" -B "$TMP/consumer/build" -DCMAKE_PREFIX_PATH="$P" -DCMAKE_BUILD_TYPE=Release \
  > "$TMP/consumer.log" 2>&1 || { cat "$TMP/consumer.log"; exit 1; }
cmake --build "$TMP/consumer/build" >> "$TMP/consumer.log" 2>&1 || { tail -50 "$TMP/consumer.log"; exit 1; }
"$TMP/consumer/build/consumer" "$TMP/tiny.toml" > "$TMP/consumer.out"
# mbc conserves the energy of each replica up to round-off; something happened (|v|^4 changed).
awk '/^energy drift/ { if (!($3 < 1e-13)) { print "FAIL: energy drift " $3; exit 1 } ok = 1 }
     END { if (!ok) { print "FAIL: no drift line"; exit 1 } }' "$TMP/consumer.out"
grep -v '^energy' "$TMP/consumer.out" > "$TMP/consumer.csv"
test "$(wc -l < "$TMP/consumer.csv")" -eq 6
test "$(sed -n 1p "$TMP/consumer.csv" | cut -d, -f3)" != "$(sed -n 5p "$TMP/consumer.csv" | cut -d, -f3)"
tail -n +2 "$TMP/run/moments.csv" | cut -d, -f1,7,14 > "$TMP/cli.csv"
cmp "$TMP/consumer.csv" "$TMP/cli.csv" || { echo "FAIL: consumer and CLI differ"; paste -d' ' "$TMP/consumer.csv" "$TMP/cli.csv"; exit 1; }
echo "ok: a CMake project built against the installed package: energy conserved ($(sed -n 's/^energy drift //p' "$TMP/consumer.out")), moments identical to the installed CLI's"

# grazing plot with the installed script (and the installed package's grazing.plot).
env -u GRAZING_SCRIPTS "$P/bin/grazing" plot "$TMP/run" > "$TMP/plot.log" 2>&1 || { cat "$TMP/plot.log"; exit 1; }
ls "$TMP/run"/*.png > /dev/null
# The CLI finds the script relative to itself, before the source tree: a moved prefix whose plot.py is
# replaced by one that leaves a mark.
cp -r "$P" "$TMP/moved"
printf 'import sys\nopen(sys.argv[2] + "/installed-script-ran", "w").close()\n' > "$TMP/moved/share/grazing/scripts/plot.py"
env -u GRAZING_SCRIPTS "$TMP/moved/bin/grazing" plot "$TMP/run" > /dev/null
test -f "$TMP/run/installed-script-ran"
echo "ok: installed grazing plot uses the installed plot script"

# The installed Python package, with Debian's python3 and nothing of the build or source tree.
if [[ -f $(ls "$PYDIR"/grazing/_core*.so 2>/dev/null | head -1) ]]; then
  (cd "$TMP" && env -u GRAZING_BUILD -u GRAZING_BIN PYTHONPATH="$PYDIR" /usr/bin/python3 - "$PYDIR" <<'PY'
import os, sys
import grazing
assert os.path.dirname(grazing.__file__) == os.path.join(sys.argv[1], "grazing"), grazing.__file__
cfg = grazing.Config({"model": {"name": "mbc", "gamma": 0.0, "h": 0.05},
                      "initial": {"kind": "maxwellian", "N": 100},
                      "run": {"t_end": 0.2, "output_every": 0.1, "replicas": 1, "seed": 3}})
res = grazing.run(cfg)
e = res.moments["mean_v2"]
assert len(e) == 3 and abs(e[-1] - e[0]) <= 1e-13 * e[0], e
print("ok: installed Python package", grazing.__version__, "from", os.path.dirname(grazing.__file__))
PY
  )
else
  echo "ok: no Python module in this build (GRAZING_PYTHON off); the package's .py files are installed"
fi
