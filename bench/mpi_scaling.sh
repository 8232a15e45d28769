#!/usr/bin/env bash
# MPI throughput on this machine (docs/parallel.md): grazing run under mpirun with 1..PMAX processes
# (oversubscribed beyond the cores), one thread each, for
#   ensembles:      mbc, gamma = -3, h = 1e-3, N = 1e5, 4 replicas          (run.distribute = replicas)
#   distributed N:  mbc, gamma = -3, h = 1e-3, N = 1e7, 1 replica           (run.distribute = particles)
#   distributed N:  landau-diffusion, gamma = -3, dt = 1e-3, N = 2000       (pair splitting, O(N^2))
# Each rate is the difference of two runs (t_end and 3 t_end) so that start-up and the initial draw
# cancel; bytes per event is run.json's mpi.bytes_sent over its events (longer run).
# Usage: bash bench/mpi_scaling.sh [BUILD_DIR] [PMAX]   (defaults: build, 4). Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build}/grazing
PMAX=${2:-4}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"

write() {  # file, model keys, N, replicas, t_end
  printf '[model]\n%b\n[initial]\nkind = "maxwellian"\nN = %s\n[run]\nt_end = %s\noutput_every = %s\nreplicas = %s\nthreads = 1\n' \
    "$2" "$3" "$5" "$5" "$4" > "$1"
}
field() { /usr/bin/python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$1" "$2"; }
measure() {  # label, distribute, model keys, N, replicas, t_end, unit
  for P in $(seq 1 "$PMAX"); do
    local walls=() events=() bytes=0
    for f in 1 3; do
      local t; t=$(/usr/bin/python3 -c "print($6 * $f)")
      write "$TMP/c.toml" "$3" "$4" "$5" "$t"
      mpirun --oversubscribe --bind-to none -np "$P" "$BIN" run "$TMP/c.toml" --out "$TMP/r" --force -q --set run.distribute="$2"
      walls+=("$(field "$TMP/r/run.json" 'j["wall_seconds"]')")
      events+=("$(field "$TMP/r/run.json" 'j["events"]')")
      bytes=$(field "$TMP/r/run.json" 'j["mpi"]["bytes_sent"]')
    done
    /usr/bin/python3 -c "
e0,e1,w0,w1,b,P=${events[0]},${events[1]},${walls[0]},${walls[1]},$bytes,$P
print('| %s | %d | %.3g %s/s | %.1f |' % ('$1', P, (e1-e0)/(w1-w0), '$7', b/e1))"
  done
}
echo
echo "| workload | processes | rate | bytes sent per event |"
echo "|---|---|---|---|"
measure "mbc ensembles, N = 1e5, 4 replicas" replicas 'name = "mbc"\ngamma = -3.0\nh = 1e-3' 100000 4 0.1 "collisions"
measure "mbc distributed N = 1e7" particles 'name = "mbc"\ngamma = -3.0\nh = 1e-3' 10000000 1 0.001 "collisions"
measure "landau-diffusion distributed N = 2000" particles 'name = "landau-diffusion"\ngamma = -3.0\ndt = 1e-3' 2000 1 0.002 "pair rotations"
