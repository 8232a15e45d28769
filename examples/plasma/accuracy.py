"""Accuracy per cost of the models with [[species]] on the beam-slowing case (docs/plasma.md#accuracy-per-cost):
for mbc and sbm at several model.tau, the ratio simulated / formulary of the t = 0 rates nu_s and
nu_perp of a cold electron beam at x = 2 on ions of 10 m_e (400 replicas of 2000 + 2000; nu_s t = 0.01,
nu_perp at a tenth of that, so sbm's step is the smaller of its dt and that tenth), with its standard
error, the collisions of all replicas (the cost) and the wall time (this machine, two cores). Prints a
markdown table.
Usage: /usr/bin/python3 examples/plasma/accuracy.py [GRAZING_BINARY (build/grazing)]
"""
import json
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "cli"))
import plasma_rates  # noqa: E402

plasma_rates.BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "grazing")
rows = []
with tempfile.TemporaryDirectory() as tmp:
    plasma_rates.TMP = tmp
    for model in ("mbc", "sbm"):
        for tau in (1e-1, 1e-2, 1e-3, 1e-4):
            t0 = time.time()
            plasma_rates.beam_case(2.0, 10.0, 0.01, 400, 2000, model=model, tau=tau, outputs=10)
            wall = time.time() - t0
            r = plasma_rates.RESULTS
            s = r[f"{model}: beam x = 2.0, m_b = 10 m_e: nu_s"]
            p = r[f"{model}: beam x = 2.0, m_b = 10 m_e: nu_perp"]
            events = json.load(open(os.path.join(tmp, f"beam2.0-{model}-{tau}", "run.json")))["events"]
            rows.append(f"| {model} | {tau:g} | {s[0]:.4f} ± {s[1]:.4f} | {p[0]:.4f} ± {p[1]:.4f} | {events:.3g} | {wall:.1f} |")
print("| model | tau | nu_s simulated / formulary | nu_perp simulated / formulary | collisions | wall time (s) |")
print("|---|---|---|---|---|---|")
print("\n".join(rows))
