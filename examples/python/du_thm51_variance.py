#!/usr/bin/python3
"""Du Thm 5.1 (quantitative self-averaging) from Python: Var(mu_t^N(phi)) <= C (1 + t)(1/N + h^alpha),
so N Var(mu_t^N(phi)) stays bounded in N. MBC at gamma = 0 from BKW data; N Var over replicas of the
study's test functions at t_end, against N, for two steps h. Writes du_thm51_variance.png.

Usage: PYTHONPATH=build/python /usr/bin/python3 examples/python/du_thm51_variance.py [--short] [OUT_DIR]
(--short: small N and few replicas, seconds; what CI runs.)
"""

from _common import command_line, save
import matplotlib.pyplot as plt

import grazing
from grazing import diagnostics

short, out = command_line()
Ns, R, t_end = ([50, 100, 200], 8, 0.5) if short else ([100, 300, 1000, 3000], 64, 2.0)
hs = [0.01, 0.002]

fig, ax = plt.subplots(figsize=(7, 4.5))
for h in hs:
    rows = []
    for N in Ns:
        cfg = {"model": {"name": "mbc", "gamma": 0.0, "h": h},
               "initial": {"kind": "bkw", "K0": 0.6, "N": N},
               "run": {"t_end": t_end, "output_every": t_end, "replicas": R, "seed": 51}}
        res = grazing.run(cfg)
        rows.append(diagnostics.nvar(res, t_end))
        print("h = %g, N = %d: %s" % (h, N, ", ".join("%s %.3g" % kv for kv in list(rows[-1].items())[:3])), flush=True)
    for name in list(rows[0])[:3]:
        ax.plot(Ns, [r[name] for r in rows], "o-", label="%s, h = %g" % (name, h))
ax.set_xscale("log")
ax.set_xlabel("N")
ax.set_ylabel(r"$N\,\mathrm{Var}(\mu^N_t(\varphi))$ over %d replicas" % R)
ax.set_title("Du Thm 5.1: N Var stays bounded (MBC, gamma = 0, BKW, t = %g)" % t_end, fontsize=10)
ax.legend(fontsize=7)
save(fig, out, "du_thm51_variance.png")
