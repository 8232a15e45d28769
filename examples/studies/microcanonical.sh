#!/usr/bin/env bash
# Du Prop 2.1 / A.1 (invariance, uniqueness, ergodicity of the microcanonical law): N = 4 particles
# started in a plane relax, for any gamma, to the microcanonical one-particle law
# s = |v - P|^2/((N-1) Theta) ~ Beta(3/2, (3N-6)/2) (SPEC.md B.12). Plots the histogram of s over many
# replicas against that density, and against the Maxwellian limit. Usage: bash microcanonical.sh [gamma]
set -euo pipefail
cd "$(dirname "$0")/../.."
GAMMA=${1:--3.0}
OUT=runs/studies/microcanonical
mkdir -p "$OUT"
printf 'vx,vy,vz\n1,0,0\n-1,0,0\n0,0.5,0\n0,-0.5,0\n' > "$OUT/planar.csv"
printf '[model]\nname = "mbc"\ngamma = %s\nh = 0.5\n[initial]\nkind = "file"\npath = "planar.csv"\n[run]\nt_end = 30\noutput_every = 30\nreplicas = 20000\n[output]\nparticles = true\n' "$GAMMA" > "$OUT/run.toml"
./build/grazing run "$OUT/run.toml" --out "$OUT/run" --force -q
/usr/bin/python3 - "$OUT" <<'PY'
import math, sys
import h5py, numpy as np
import matplotlib; matplotlib.use("Agg"); import matplotlib.pyplot as plt
d = sys.argv[1]
with h5py.File(f"{d}/run/particles.h5") as f:
    v = f["velocities"][-1]          # (R, N, 3) at t = 30
N = v.shape[1]
P = v.mean(axis=1, keepdims=True)
theta = ((v - P) ** 2).sum(axis=2).mean(axis=1)   # per replica (constant along the path)
s = ((v[:, 0] - P[:, 0]) ** 2).sum(axis=1) / ((N - 1) * theta)
a, b = 1.5, (3 * N - 6) / 2
x = np.linspace(0.001, 0.999, 400)
beta = x ** (a - 1) * (1 - x) ** (b - 1) * math.gamma(a + b) / (math.gamma(a) * math.gamma(b))
chi = 3 * (N - 1) * x  # the Maxwellian limit: 3|u|^2/Theta ~ chi^2_3
maxw = (N - 1) * 3 * np.sqrt(chi) * np.exp(-chi / 2) / math.sqrt(2 * math.pi)
plt.hist(s, bins=60, density=True, alpha=0.5, label=f"particle 0 of {len(s)} replicas, t = 30")
plt.plot(x, beta, label=f"microcanonical Beta(3/2, {b:g}) (SPEC B.12)")
plt.plot(x, maxw, "--", label="Maxwellian limit")
plt.xlabel(r"$|v-P|^2/((N-1)\Theta)$"); plt.legend(); plt.tight_layout()
plt.savefig(f"{d}/microcanonical.png", dpi=110)
print(f"{d}/microcanonical.png")
PY
