#!/usr/bin/env bash
# Du Prop 8.1 at fixed N: mbc(h) -> landau-diffusion as h -> 0, and the time factor 2: tabary at t
# equals mbc (small h) at 2t (SPEC.md A.0, C.12). gamma = -2.5, N = 5, one fixed anisotropic start
# (all replicas start from the same velocities), many replicas. Prints E[Dev M_xx] and E[mean_v4]
# with standard errors; the differences to landau-diffusion shrink with h.
# Usage: bash examples/studies/grazing-limit.sh [replicas]   (default 100000; ~1 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
R=${1:-100000}
OUT=runs/studies/grazing-limit
mkdir -p "$OUT"
printf 'vx,vy,vz\n1.64,-0.31,0.52\n-1.02,0.77,-0.12\n0.35,-0.48,-0.81\n-1.90,0.22,0.40\n0.93,-0.20,0.01\n' > "$OUT/start.csv"
run() {  # label, model lines, t_end
  printf '[model]\n%b\n[initial]\nkind = "file"\npath = "start.csv"\n[run]\nt_end = %s\noutput_every = %s\nseed = 11\nreplicas = %s\n' \
    "$2" "$3" "$3" "$R" > "$OUT/$1.toml"
  ./build/grazing run "$OUT/$1.toml" --out "$OUT/$1" --force -q
  printf '%-28s ' "$1"; awk -F, -f examples/studies/summarise.awk "$OUT/$1/moments.csv"
}
run landau-diffusion 'name = "landau-diffusion"\ngamma = -2.5\ndt = 1e-3' 0.2
for h in 0.1 0.04 0.01 0.0025; do run "mbc-h$h" "name = \"mbc\"\ngamma = -2.5\nh = $h" 0.2; done
run tabary-at-0.1 'name = "tabary"\ngamma = -2.5\neta = 1e-3\ndt = 1e-3' 0.1
