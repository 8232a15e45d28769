#!/usr/bin/env bash
# Conservation over 1e9 MBC collisions at gamma = -3 (Coulomb): two replicas of N = 1e4 particles,
# h = 1e-3, t_end = 50 (expected N/h t_end = 5e8 collisions each). Prints the relative energy drift
# max |E(t) - E(0)| / E(0) and the momentum drift max |P(t) - P(0)| over every output time and replica,
# from run.json. Goal: <= 1e-13. About 1-2 minutes on 2 cores.
# Usage: bash bench/drift_1e9.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-runs/drift-1e9}
bash scripts/build.sh > /dev/null
mkdir -p "$(dirname "$OUT")"
cat > "$OUT.toml" <<TOML
[model]
name = "mbc"
gamma = -3.0
h = 1e-3
[initial]
kind = "gaussian"
N = 10000
variances = [2.0, 0.5, 0.5]
[run]
t_end = 50.0
output_every = 1.0
seed = 2026
replicas = 2
[output]
dir = "$OUT"
TOML
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
./build/grazing run "$OUT.toml" --force --progress none
/usr/bin/python3 - "$OUT/run.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
print(f"collisions: {j['events']:.4g} ({j['events'] / j['wall_seconds'] / 1e6:.2f} M/s on {j['threads']} threads)")
print(f"max relative energy drift: {j['max_rel_energy_drift']:.3e}")
print(f"max momentum drift:        {j['max_momentum_drift']:.3e}")
ok = j['max_rel_energy_drift'] <= 1e-13
print("goal (<= 1e-13):", "met" if ok else "NOT met")
sys.exit(0 if ok else 1)
PY
