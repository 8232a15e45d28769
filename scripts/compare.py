#!/usr/bin/python3
"""The comparison of docs/comparison.md: mbc, tabary (pair splitting), landau-diffusion, takizuka-abe and
nanbu on three problems with exact answers, error against step size and against wall time.

Usage: /usr/bin/python3 scripts/compare.py BUILD/grazing OUT_DIR [--quick]
Writes OUT_DIR/results.csv, OUT_DIR/table.md and OUT_DIR/compare_{maxwell,bkw,coulomb}.png.
All models run on the clock of C = 1/2 (tabary with model.landau_C = 0.5, its dt halved so that every
step is the same length on the run clock). Errors are measured replica by replica against the exact
evolution *from that replica's own initial moments*, so the sampling noise of the start cancels and
what remains is the model's bias plus its dynamical noise (standard errors from the replicas).
"""
import csv
import json
import math
import os
import subprocess
import sys

import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

C = 0.5
MODELS = ["mbc", "tabary", "landau-diffusion", "takizuka-abe", "nanbu"]


def model_keys(model, step, gamma):
    if model == "mbc":
        return {"name": "mbc", "gamma": gamma, "h": step}
    if model == "tabary":  # C = 1 natively: run clock = 2 x its own, so its own step is step / 2
        return {"name": "tabary", "gamma": gamma, "dt": step / 2, "landau_C": C}
    return {"name": model, "gamma": gamma, "dt": step}


def toml_value(v):
    if isinstance(v, str):
        return '"%s"' % v
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v)


def run(grazing, out, name, model, initial, t_end, output_every, N, R, seed):
    d = os.path.join(out, "runs", name)
    cfg = {"model": model, "initial": dict(initial, N=N),
           "run": {"t_end": t_end, "output_every": output_every, "seed": seed, "replicas": R}}
    os.makedirs(os.path.join(out, "runs"), exist_ok=True)
    path = d + ".toml"
    with open(path, "w") as f:
        for sec, keys in cfg.items():
            f.write("[%s]\n" % sec)
            for k, v in keys.items():
                f.write("%s = %s\n" % (k, toml_value(v)))
    subprocess.run([grazing, "run", path, "--out", d, "--force", "-q"], check=True)
    rows = list(csv.DictReader(open(os.path.join(d, "moments.csv"))))
    meta = json.load(open(os.path.join(d, "run.json")))
    return rows, meta["wall_seconds"]


def by_replica(rows, t):
    return {int(r["replica"]): r for r in rows if abs(float(r["t"]) - t) < 1e-9}


def dev_xx(r):
    m = [float(r[k]) for k in ("Mxx", "Myy", "Mzz")]
    return m[0] - sum(m) / 3


def problem_maxwell(rows, t):
    """gamma = 0: E[Dev M(t)] = e^{-12 C t} Dev M(0) (SPEC.md R.3); error of the decay rate."""
    r0, r1 = by_replica(rows, 0.0), by_replica(rows, t)
    ratio = np.array([dev_xx(r1[k]) / dev_xx(r0[k]) for k in r0])
    m, se = ratio.mean(), ratio.std(ddof=1) / math.sqrt(len(ratio))
    rate = -math.log(m) / t
    return rate / (12 * C) - 1, se / m / t / (12 * C)


def problem_bkw(rows, t):
    """gamma = 0: the fourth moment from each replica's own start, dM4/dt = C(-8 M4 + 16 E^2 - 8|P|^2)
    (SPEC.md R.3) with Dev P decaying at 12 C; error relative to M4 at equilibrium."""
    r0, r1 = by_replica(rows, 0.0), by_replica(rows, t)
    errs = []
    for k in r0:
        a = r0[k]
        E = float(a["mean_v2"]) - sum(float(a[c]) ** 2 for c in ("mean_vx", "mean_vy", "mean_vz"))
        M = np.array([[float(a["Mxx"]), float(a["Mxy"]), float(a["Mxz"])],
                      [float(a["Mxy"]), float(a["Myy"]), float(a["Myz"])],
                      [float(a["Mxz"]), float(a["Myz"]), float(a["Mzz"])]])
        dev = M - np.trace(M) / 3 * np.eye(3)
        D0 = float((dev * dev).sum())
        m4_inf = 5 * E * E / 3
        P = np.array([float(a[c]) for c in ("mean_vx", "mean_vy", "mean_vz")])
        # centred fourth moment is what the equation governs; with P ~ 0 (|P| ~ 1e-2) the uncentred
        # mean_v4 differs at O(|P|^2 E), constant in time to this order: subtract the t = 0 offset.
        m40 = float(a["mean_v4"])
        pred = m4_inf + (m40 - m4_inf) * math.exp(-8 * C * t) - 0.5 * D0 * (math.exp(-8 * C * t) - math.exp(-24 * C * t))
        errs.append((float(r1[k]["mean_v4"]) - pred) / m4_inf)
    errs = np.array(errs)
    return errs.mean(), errs.std(ddof=1) / math.sqrt(len(errs))


def nrl_slope(th_par, th_perp):
    """SPEC.md R.4: d theta_par/dt at t = 0 for a bi-Maxwellian, rho = 1."""
    A = th_perp / th_par - 1
    f = math.atan(math.sqrt(A)) / math.sqrt(A) if A > 0 else math.atanh(math.sqrt(-A)) / math.sqrt(-A)
    nu = C / math.sqrt(math.pi) * th_par ** -1.5 * A ** -2 * (-3 + (A + 3) * f)
    return 2 * nu * (th_perp - th_par)


def problem_coulomb(rows, t):
    """gamma = -3: initial slope of theta_par by Richardson extrapolation of the chords over [0, t/2]
    and [0, t], each replica against the NRL/Trubnikov slope of its own initial temperatures."""
    r0, rh, r1 = by_replica(rows, 0.0), by_replica(rows, t / 2), by_replica(rows, t)
    errs = []
    for k in r0:
        a = r0[k]
        th_par, th_perp = float(a["Mxx"]), 0.5 * (float(a["Myy"]) + float(a["Mzz"]))
        exact = nrl_slope(th_par, th_perp)
        s_half = (float(rh[k]["Mxx"]) - th_par) / (t / 2)
        s_full = (float(r1[k]["Mxx"]) - th_par) / t
        errs.append((2 * s_half - s_full) / exact - 1)
    errs = np.array(errs)
    return errs.mean(), errs.std(ddof=1) / math.sqrt(len(errs))


PROBLEMS = {
    "maxwell": dict(gamma=0.0, initial={"kind": "gaussian", "variances": [1.8, 0.2, 1.0]}, t=0.2, every=0.2,
                    measure=problem_maxwell, label="γ = 0, N(0, diag(1.8, 0.2, 1)): relative error of the Dev M decay rate"),
    "bkw": dict(gamma=0.0, initial={"kind": "bkw", "K0": 0.6}, t=0.4, every=0.2,
                measure=problem_bkw, label="γ = 0, BKW K₀ = 0.6: error of the fourth moment / its equilibrium value"),
    # The initial slope is a small signal (theta_par moves ~2 % by t = 0.5): N = 1e5, so only the O(N)
    # models; the pair-splitting ones (O(N^2) per step) would need ~5e9 pair updates per step.
    "coulomb": dict(gamma=-3.0, initial={"kind": "gaussian", "variances": [1.5, 0.75, 0.75]}, t=0.5, every=0.25,
                    measure=problem_coulomb, N=100000, R=8, models=["mbc", "takizuka-abe", "nanbu"],
                    label="γ = −3, bi-Maxwellian 1.5/0.75: relative error of the initial isotropisation rate"),
}


def main():
    grazing, out = sys.argv[1], sys.argv[2]
    quick = "--quick" in sys.argv
    steps = [0.1, 0.03] if quick else [0.1, 0.03, 0.01, 0.003]
    N, R = (200, 8) if quick else (1000, 32)
    only = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--problems=")]
    problems = only[0].split(",") if only else list(PROBLEMS)
    os.makedirs(out, exist_ok=True)
    results = []
    old = os.path.join(out, "results.csv")  # keep the other problems' rows when only some are rerun
    if only and os.path.exists(old):
        for r in csv.DictReader(open(old)):
            if r["problem"] not in problems:
                results.append(dict(r, step=float(r["step"]), error=float(r["error"]), se=float(r["se"]),
                                    wall=float(r["wall"]), N=int(r["N"]), R=int(r["R"])))
    for pname in problems:
        p = PROBLEMS[pname]
        Np, Rp = (N, R) if quick else (p.get("N", N), p.get("R", R))
        for model in p.get("models", MODELS):
            for step in steps:
                step_m = step  # h for mbc (each particle then collides 2/h times per unit time; 1/dt for pairing)
                if p["every"] < 2 * step_m:
                    continue  # fewer than two steps per output interval: nothing to measure
                rows, wall = run(grazing, out, "%s-%s-%g" % (pname, model, step_m), model_keys(model, step_m, p["gamma"]),
                                 p["initial"], p["t"], p["every"], Np, Rp, 2026)
                err, se = p["measure"](rows, p["t"])
                results.append(dict(problem=pname, model=model, step=step_m, error=err, se=se, wall=wall, N=Np, R=Rp))
                print("%-8s %-17s step %-6g error %+.4f +- %.4f  wall %.2f s" % (pname, model, step_m, err, se, wall), flush=True)
    with open(os.path.join(out, "results.csv"), "w") as f:
        w = csv.DictWriter(f, fieldnames=list(results[0].keys()))
        w.writeheader()
        w.writerows(results)
    # Plots: per problem, |error| vs step and vs wall time, all models.
    for pname, p in PROBLEMS.items():
        fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
        for model in MODELS:
            rs = [r for r in results if r["problem"] == pname and r["model"] == model]
            if not rs:
                continue
            x = [r["step"] for r in rs]
            y = [abs(r["error"]) for r in rs]
            e = [r["se"] for r in rs]
            axes[0].errorbar(x, y, yerr=e, marker="o", capsize=3, label=model)
            axes[1].errorbar([r["wall"] for r in rs], y, yerr=e, marker="o", capsize=3, label=model)
        rs_p = [r for r in results if r["problem"] == pname]
        if not rs_p:
            plt.close(fig)
            continue
        for ax, xl in zip(axes, ["step (h for mbc, dt otherwise; run clock)",
                                 "wall time (s, %d replicas of N = %d)" % (rs_p[0]["R"], rs_p[0]["N"])]):
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel(xl)
            ax.set_ylabel("|error|")
            ax.grid(True, which="both", alpha=0.3)
        axes[0].legend(fontsize=8)
        fig.suptitle(p["label"], fontsize=10)
        fig.tight_layout()
        fig.savefig(os.path.join(out, "compare_%s.png" % pname), dpi=100)
        plt.close(fig)
    # Table: error +- se (wall s) per model and step; fitted order of |error| in the step where the
    # error stands clear of its standard error.
    with open(os.path.join(out, "table.md"), "w") as f:
        for pname, p in PROBLEMS.items():
            rs_p = [r for r in results if r["problem"] == pname]
            if not rs_p:
                continue
            f.write("\n**%s** (N = %d, %d replicas)\n\n" % (p["label"], rs_p[0]["N"], rs_p[0]["R"]))
            f.write("| model | step | error ± s.e. | wall (s) |\n|---|---|---|---|\n")
            for model in MODELS:
                rs = [r for r in results if r["problem"] == pname and r["model"] == model]
                for r in rs:
                    f.write("| %s | %g | %+.4f ± %.4f | %.2f |\n" % (model, r["step"], r["error"], r["se"], r["wall"]))
                clear = [r for r in rs if abs(r["error"]) > 3 * r["se"]]
                if len(clear) >= 2:
                    order = np.polyfit(np.log([r["step"] for r in clear]), np.log([abs(r["error"]) for r in clear]), 1)[0]
                    f.write("| %s | fitted order | %.2f (over %d steps with \\|error\\| > 3 s.e.) | |\n" % (model, order, len(clear)))
    print("wrote", os.path.join(out, "results.csv"), os.path.join(out, "table.md"), "and compare_*.png")


if __name__ == "__main__":
    main()
