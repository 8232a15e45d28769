#!/usr/bin/python3
"""Du Prop A.1 from Python: N = 4 particles started in a plane relax, for any gamma, to the
microcanonical one-particle law s = |v - P|^2/((N - 1) Theta) ~ Beta(3/2, (3N - 6)/2) (SPEC.md B.12),
not to the Maxwellian limit. Histogram of s over replicas, the Beta density, a KS test.
Writes du_propA1_microcanonical.png.

Usage: PYTHONPATH=build/python /usr/bin/python3 examples/python/du_propA1_microcanonical.py [--short] [OUT_DIR]
"""
import os
import tempfile

from _common import command_line, save
import matplotlib.pyplot as plt
import numpy as np
from scipy import stats

import grazing

short, out = command_line()
R, t_end, gamma = (2000, 10.0, -3.0) if short else (20000, 30.0, -3.0)

planar = os.path.join(tempfile.mkdtemp(), "planar.csv")
with open(planar, "w") as f:
    f.write("vx,vy,vz\n1,0,0\n-1,0,0\n0,0.5,0\n0,-0.5,0\n")
cfg = {"model": {"name": "mbc", "gamma": gamma, "h": 0.5},
       "initial": {"kind": "file", "path": planar},
       "run": {"t_end": t_end, "output_every": t_end, "replicas": R, "seed": 7}}
res = grazing.run(cfg)
v = res.velocities_all(t_end)                       # (R, N, 3)
N = v.shape[1]
P = v.mean(axis=1, keepdims=True)
theta = ((v - P) ** 2).sum(axis=2).mean(axis=1)     # per replica, conserved
s = ((v[:, 0] - P[:, 0]) ** 2).sum(axis=1) / ((N - 1) * theta)
a, b = 1.5, (3 * N - 6) / 2
ks = stats.kstest(s, stats.beta(a, b).cdf)
ks_max = stats.kstest(s, lambda x: stats.chi2.cdf(3 * (N - 1) * x, 3))
print("KS against Beta(3/2, %g): p = %.3g; against the Maxwellian limit: p = %.3g" % (b, ks.pvalue, ks_max.pvalue))

x = np.linspace(0.001, 0.999, 400)
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.hist(s, bins=60, density=True, alpha=0.5, label="particle 0, %d replicas, t = %g" % (R, t_end))
ax.plot(x, stats.beta(a, b).pdf(x), label="Beta(3/2, %g): microcanonical (KS p = %.2g)" % (b, ks.pvalue))
ax.plot(x, 3 * (N - 1) * stats.chi2.pdf(3 * (N - 1) * x, 3), "--", label="Maxwellian limit (KS p = %.2g)" % ks_max.pvalue)
ax.set_xlabel(r"$s = |v_1 - P|^2 / ((N-1)\Theta)$")
ax.set_title("Du Prop A.1: N = 4, gamma = %g, from a planar start" % gamma, fontsize=10)
ax.legend(fontsize=8)
save(fig, out, "du_propA1_microcanonical.png")
