#!/usr/bin/env bash
# Instructions per MBC collision, by function: `grazing run` of mbc (N = 1000, gamma = -3, h = 1e-3,
# 2e6 collisions, one thread) under valgrind's callgrind, which counts every instruction executed
# (virtual machines rarely expose hardware counters to perf). Instruction counts do not drift with
# the machine's load as times do, so two builds compare exactly. Needs valgrind (apt-get install
# valgrind). Usage: bash bench/instructions.sh [BINARY (build/grazing)]
set -euo pipefail
BIN=${1:-build/grazing}
command -v valgrind > /dev/null || { echo "bench/instructions.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
cat > "$DIR/mbc.toml" <<'TOML'
[model]
name = "mbc"
gamma = -3.0
h = 1e-3
[initial]
kind = "maxwellian"
N = 1000
[run]
t_end = 2.0
output_every = 2.0
seed = 7
replicas = 1
TOML
valgrind --tool=callgrind --callgrind-out-file="$DIR/cg.out" "$BIN" run "$DIR/mbc.toml" --out "$DIR/run" -q --threads 1 2> "$DIR/valgrind.log"
EVENTS=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['events'])" "$DIR/run/run.json")
echo "$BIN: $EVENTS collisions; instructions per collision (callgrind), functions above 1 %:"
callgrind_annotate "$DIR/cg.out" 2> /dev/null | awk -v n="$EVENTS" '
  /PROGRAM TOTALS/ { gsub(",", "", $1); printf "%8.1f  total\n", $1 / n; next }
  match($0, /^ *[0-9,]+ \( *[0-9.]+%\) +/) {
    head = substr($0, 1, RLENGTH); name = substr($0, RLENGTH + 1, 100)
    c = head; sub(/ *\(.*/, "", c); gsub("[ ,]", "", c)
    p = head; sub(/^[^(]*\( */, "", p); sub(/%.*/, "", p)
    if (p + 0 >= 1.0) printf "%8.1f  %s\n", c / n, name
  }'
