#!/usr/bin/env bash
# grazing's mbc beside SPARTA's own collision benchmark (docs/performance.md#beside-sparta), alternately
# ROUNDS times: SPARTA's bench/in.collide with 10^6 particles (-var x 40 -var y 50 -var z 50; VSS argon,
# its first run of 30 steps), as collisions per second of SPARTA's collision time ("Collide occurs" over
# "Coll  time" in its log); and grazing's mbc at N = 10^5, gamma = -3, h = 1e-3, one replica on one
# thread, as events over run.json's wall_seconds. Prints the medians and the ratio.
#
# SPARTA is not a dependency of grazing: build it yourself (serial, no MPI needed), for example
#   git clone https://github.com/sparta/sparta && make -C sparta/src -j2 serial    # -> sparta/src/spa_serial
# then: bash bench/sparta.sh sparta/src/spa_serial sparta [ROUNDS (3)] [GRAZING (build/grazing)]
# (in.collide reads ar.species and ar.vss, copied here from SPARTA's data/).
set -euo pipefail
SPA=$(realpath "${1:?usage: bench/sparta.sh SPARTA_BINARY SPARTA_SOURCE_DIR [ROUNDS] [GRAZING]}")
SRC=$(realpath "${2:?usage: bench/sparta.sh SPARTA_BINARY SPARTA_SOURCE_DIR [ROUNDS] [GRAZING]}")
ROUNDS=${3:-3}
BIN=$(realpath "${4:-build/grazing}")
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
cp "$SRC/bench/in.collide" "$SRC/data/ar.species" "$SRC/data/ar.vss" "$DIR/"
printf '[model]\nname = "mbc"\ngamma = -3.0\nh = 1e-3\n[initial]\nkind = "maxwellian"\nN = 100000\n[run]\nt_end = 0.15\noutput_every = 0.15\nreplicas = 1\nseed = 7\n' > "$DIR/mbc.toml"
echo "bench/sparta.sh: $SPA and $BIN, $ROUNDS rounds, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores:$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
: > "$DIR/sparta.rates"; : > "$DIR/grazing.rates"
for r in $(seq "$ROUNDS"); do
  (cd "$DIR" && "$SPA" -in in.collide -var x 40 -var y 50 -var z 50 -echo none -screen none -log log.collide)
  # The first run's counts: "Collide occurs    = 21091819 (21.1M)", and its collision time, in the
  # timing table of current SPARTA ("Coll    | min | avg | max | ...": the average) or the line of 2014's
  # ("Coll  time (%) = 7.03623 (45.1561)").
  awk '/^Collide occurs/ && !n { n = $4 }
       /^Coll +\|/ && !t { t = $5 }
       /^Coll  time/ && !t { t = $5 }
       END { if (!n || !t) { print "bench/sparta.sh: no collision count or time in SPARTA'"'"'s log" > "/dev/stderr"; exit 1 }
             print n / t }' "$DIR/log.collide" >> "$DIR/sparta.rates"
  rm -rf "$DIR/out"
  "$BIN" run "$DIR/mbc.toml" --out "$DIR/out" --threads 1 -q
  /usr/bin/python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['events'] / j['wall_seconds'])" \
    "$DIR/out/run.json" >> "$DIR/grazing.rates"
done
/usr/bin/python3 - "$DIR/sparta.rates" "$DIR/grazing.rates" <<'PY'
import statistics, sys
s, g = (statistics.median(float(x) for x in open(p)) for p in sys.argv[1:3])
print(f"SPARTA in.collide (1e6 particles, VSS): {s:.4g} collisions per second of collision time")
print(f"grazing mbc (N = 1e5, gamma = -3, one thread): {g:.4g} collisions per second")
print(f"ratio grazing / SPARTA: {g / s:.2f}")
PY
