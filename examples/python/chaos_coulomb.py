#!/usr/bin/python3
"""Propagation of chaos at gamma = -3 (Du Thm 1.1, Coulomb) from Python, with the i.i.d. floor: W2 of |v|
between MBC's particles and the radial Landau solver's f_t, against N, beside the W2 of an i.i.d. sample
of f_t of the same size (the sampling floor). Chaos: the particles sit on the floor, both ~ N^(-1/2).
Writes chaos_coulomb.png.

Usage: PYTHONPATH=build/python /usr/bin/python3 examples/python/chaos_coulomb.py [--short] [OUT_DIR]
"""

from _common import command_line, save
import matplotlib.pyplot as plt
import numpy as np

import grazing
from grazing import diagnostics, references

short, out = command_line()
Ns, R, t_end = ([100, 200, 400], 4, 0.5) if short else ([250, 500, 1000, 2000, 4000], 16, 2.0)

bkw = references.Bkw(0.6, 0.5)
solver = references.RadialSolver(lambda r: float(bkw.density(np.array([r]), 0.0)[0]), gamma=-3.0, C=0.5,
                                 r_max=10.0, cells=200 if short else 400, dt=1e-3)
solver.advance_to(t_end)
w_particles, w_iid = [], []
for N in Ns:
    res = grazing.run({"model": {"name": "mbc", "gamma": -3.0, "h": min(0.01, 1.0 / N)},
                       "initial": {"kind": "bkw", "K0": 0.6, "N": N},
                       "run": {"t_end": t_end, "output_every": t_end, "replicas": R, "seed": 11}})
    wp = [diagnostics.w2_speed(res.velocities(t_end, r), solver.speed_cdf, cells=1 << 14) for r in range(R)]
    wi = [diagnostics.w2_speed(solver.sample(N, seed=100 + r), solver.speed_cdf, cells=1 << 14) for r in range(R)]
    w_particles.append((np.mean(wp), np.std(wp, ddof=1) / np.sqrt(R)))
    w_iid.append((np.mean(wi), np.std(wi, ddof=1) / np.sqrt(R)))
    print("N = %d: W2 particles %.4f +- %.4f, i.i.d. floor %.4f +- %.4f" % (N, *w_particles[-1], *w_iid[-1]), flush=True)

slope = np.polyfit(np.log(Ns), np.log([w for w, _ in w_particles]), 1)[0]
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.errorbar(Ns, *zip(*w_particles), fmt="o-", capsize=3, label="MBC particles (slope %.2f)" % slope)
ax.errorbar(Ns, *zip(*w_iid), fmt="s--", capsize=3, label="i.i.d. sample of f_t (floor)")
ax.plot(Ns, w_iid[0][0] * np.sqrt(Ns[0] / np.array(Ns, dtype=float)), "k:", label=r"$N^{-1/2}$")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("N")
ax.set_ylabel("E W2(|v|) to the radial solver's f_t")
ax.set_title("Chaos at gamma = -3 (BKW data, t = %g, %d replicas)" % (t_end, R), fontsize=10)
ax.legend(fontsize=8)
save(fig, out, "chaos_coulomb.png")
