#!/usr/bin/env bash
# Threads inside one replica on a busy machine (docs/performance.md#a-busy-machine): for each model
# whose replica runs on several threads, `grazing run` with one thread, with two threads held fixed
# (run.adapt_threads = false) and with two threads adapting to the load (the default) in turn, ROUNDS
# times, first on the machine as it is, then with COMPETITORS CPU-bound busy loops started by this
# script (and killed at its end). Prints per model and condition the median collisions per second
# (events / wall_seconds of run.json) and the ratios to one thread. The goal: two threads >= 0.9 of
# one under load, and >= 1.79 (mbc) on an idle machine.
# Usage: [MODELS="mbc ..."] bash bench/load.sh [BINARY (build/grazing)] [COMPETITORS (2)] [ROUNDS (3)]
set -euo pipefail
BIN=${1:-build/grazing}
COMPETITORS=${2:-2}
ROUNDS=${3:-3}
DIR=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null || true; done; rm -rf "$DIR"; }
trap cleanup EXIT
echo "bench/load.sh: $BIN, $COMPETITORS competitors, $ROUNDS rounds, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores:$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
config() {  # config NAME MODEL_LINES N T_END
  printf '[model]\n%b\n[initial]\nkind = "maxwellian"\nN = %s\n[run]\nt_end = %s\noutput_every = %s\nreplicas = 1\nseed = 7\n' \
    "$2" "$3" "$4" "$4" > "$DIR/$1.toml"
}
config mbc 'name = "mbc"\ngamma = -3.0\nh = 1e-3' 100000 1e-1
config takizuka-abe 'name = "takizuka-abe"\ngamma = -3.0\ndt = 1e-3' 100000 4e-2
config landau-diffusion 'name = "landau-diffusion"\ngamma = -3.0\ndt = 1e-3' 2000 4e-3
rate() {  # rate CONFIG THREADS ADAPT -> collisions per second of one run
  rm -rf "$DIR/out"
  "$BIN" run "$1" --out "$DIR/out" --threads "$2" --set "run.adapt_threads=$3" -q
  /usr/bin/python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['events'] / j['wall_seconds'])" "$DIR/out/run.json"
}
measure() {  # measure CONDITION
  for m in ${MODELS:-mbc takizuka-abe landau-diffusion}; do
    : > "$DIR/$m.1"; : > "$DIR/$m.2"; : > "$DIR/$m.a"
    for r in $(seq "$ROUNDS"); do
      rate "$DIR/$m.toml" 1 false >> "$DIR/$m.1"
      rate "$DIR/$m.toml" 2 false >> "$DIR/$m.2"
      rate "$DIR/$m.toml" 2 true >> "$DIR/$m.a"
    done
    /usr/bin/python3 - "$DIR/$m.1" "$DIR/$m.2" "$DIR/$m.a" "$m" "$1" <<'PY'
import statistics, sys
one, two, adapt = (statistics.median(float(x) for x in open(p)) for p in sys.argv[1:4])
print(f"{sys.argv[5]:<7} {sys.argv[4]:<17} 1 thread {one:9.4g}/s | 2 fixed {two:9.4g}/s ({two / one:4.2f}) | "
      f"2 adapting {adapt:9.4g}/s ({adapt / one:4.2f})")
PY
  done
}
measure "as is"
for k in $(seq "$COMPETITORS"); do
  ( while :; do :; done ) &
  PIDS+=($!)
done
measure "loaded"
