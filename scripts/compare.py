#!/usr/bin/python3
"""The comparison of docs/comparison.md: mbc, tabary (pair splitting), landau-diffusion, takizuka-abe and
nanbu on three problems with exact answers, error against step size and against wall time.

Usage: /usr/bin/python3 scripts/compare.py BUILD/grazing OUT_DIR [--quick] [--problems=a,b] [--reuse] [--doc=FILE]
(--reuse: read the runs of an earlier invocation whose config is unchanged instead of running them again;
--doc=FILE: write table.md into FILE between its markers "<!-- BEGIN table.md" and "<!-- END table.md -->"
and copy the plots to the figures/ folder beside FILE: docs/comparison.md is regenerated this way.)
Writes OUT_DIR/results.csv, OUT_DIR/table.md, OUT_DIR/compare_{maxwell,bkw,coulomb,coulomb-relax}.png and
OUT_DIR/compare_coulomb-relax_series.png.
The Coulomb problems (gamma = -3) run the O(N) models at N = 1e5 and the pair-splitting ones (O(N^2) per
step) at the N, replicas and steps of the problem's "pair" entry.
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
BKW_K0 = 0.6
MODELS = ["mbc", "tabary", "landau-diffusion", "takizuka-abe", "nanbu"]
PAIR_MODELS = ("tabary", "landau-diffusion")  # O(N^2) per step


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


def write_toml(path, cfg):
    with open(path, "w") as f:
        for sec, keys in cfg.items():
            f.write("[%s]\n" % sec)
            for k, v in keys.items():
                f.write("%s = %s\n" % (k, toml_value(v)))


REUSE = False  # --reuse: a run (study) directory whose config is unchanged and that finished is read, not rerun


def same_config(path, cfg):
    if not os.path.exists(path):
        return False
    tmp = path + ".new"
    write_toml(tmp, cfg)
    same = open(tmp).read() == open(path).read()
    os.remove(tmp)
    return same


def finished(run_json):
    """A run directory whose run.json says the run completed (not one interrupted or failed)."""
    return os.path.exists(run_json) and json.load(open(run_json)).get("status") == "complete"


def run(grazing, out, name, model, initial, t_end, output_every, N, R, seed, particles=False):
    d = os.path.join(out, "runs", name)
    cfg = {"model": model, "initial": dict(initial, N=N),
           "run": {"t_end": t_end, "output_every": output_every, "seed": seed, "replicas": R},
           "output": {"particles": particles}}
    os.makedirs(os.path.join(out, "runs"), exist_ok=True)
    if not (REUSE and same_config(d + ".toml", cfg) and finished(os.path.join(d, "run.json"))):
        write_toml(d + ".toml", cfg)
        subprocess.run([grazing, "run", d + ".toml", "--out", d, "--force", "-q"], check=True)
    rows = list(csv.DictReader(open(os.path.join(d, "moments.csv"))))
    meta = json.load(open(os.path.join(d, "run.json")))
    return rows, meta["wall_seconds"], d


def run_study(grazing, out, name, model, initial, t_end, output_every, N, R, seed, steps, study_keys):
    """One `grazing study` over the steps (reference and diagonstics computed by grazing itself); returns
    {step on the run clock: (points rows, simulation seconds of the point: its wall time without the
    diagnostics)}."""
    d = os.path.join(out, "runs", name)
    os.makedirs(os.path.join(out, "runs"), exist_ok=True)
    native = [model_keys(model["name"], s, 0.0).get("dt", s) if model["name"] == "tabary" else s for s in steps]
    base = {"model": model, "initial": dict(initial, N=N),
            "run": {"t_end": t_end, "output_every": output_every, "seed": seed, "replicas": R}}
    study = {"study": dict(study_keys, base=os.path.basename(d) + "-base.toml", N=[N], h=native, replicas=R,
                           entropy_fisher=False)}
    if not (REUSE and same_config(d + "-base.toml", base) and same_config(d + "-study.toml", study)
            and os.path.exists(os.path.join(d, "study.json"))):
        write_toml(d + "-base.toml", base)
        write_toml(d + "-study.toml", study)
        subprocess.run([grazing, "study", d + "-study.toml", "--out", d, "--force", "-q", "--no-plots"], check=True)
    points = list(csv.DictReader(open(os.path.join(d, "points.csv"))))
    summary = list(csv.DictReader(open(os.path.join(d, "summary.csv"))))
    res = {}
    for i, step in enumerate(steps):
        res[step] = ([r for r in points if int(r["point"]) == i], float(summary[i]["simulation_seconds"]))
    return res


def by_replica(rows, t):
    return {int(r["replica"]): r for r in rows if abs(float(r["t"]) - t) < 1e-9}


def dev_xx(r):
    m = [float(r[k]) for k in ("Mxx", "Myy", "Mzz")]
    return m[0] - sum(m) / 3


def problem_maxwell(rows, t, d):
    """gamma = 0: E[Dev M(t)] = e^{-12 C t} Dev M(0) (docs/physics/references.md#maxwell-molecule-moments); error of the decay rate."""
    r0, r1 = by_replica(rows, 0.0), by_replica(rows, t)
    ratio = np.array([dev_xx(r1[k]) / dev_xx(r0[k]) for k in r0])
    m, se = ratio.mean(), ratio.std(ddof=1) / math.sqrt(len(ratio))
    rate = -math.log(m) / t
    return dict(error=rate / (12 * C) - 1, se=se / m / t / (12 * C))


def bkw_speed_cdf(r, t, K0):
    """CDF of |v| under the BKW solution at time t (docs/physics/references.md#bkw; C = 1/2): with K = 1 - (1 - K0) e^{-4Ct},
    f = (2 pi K)^{-3/2} e^{-|v|^2/2K} (A + B|v|^2), A = (5K - 3)/2K, B = (1 - K)/2K^2, so that
    P(|V| <= r) = A chi3(r^2/K) + 3BK chi5(r^2/K) (chi_k: CDF of a chi-square with k degrees of freedom)."""
    from scipy.stats import chi2
    K = 1 - (1 - K0) * math.exp(-4 * C * t)
    A, B = (5 * K - 3) / (2 * K), (1 - K) / (2 * K * K)
    q = r * r / K
    return A * chi2.cdf(q, 3) + 3 * B * K * chi2.cdf(q, 5)


def w2_speed_pooled(speeds, t, K0, J=1 << 20):
    """W2 between the empirical law of the pooled speeds and the BKW law of |v| at t:
    W2^2 = int_0^1 (F_emp^{-1}(u) - F^{-1}(u))^2 du by the midpoint rule on J cells of u (the
    empirical quantile is a step function of n <= 2^16 steps; F^{-1} by interpolation of F on a grid of
    |v| of spacing 1e-4, far below the sampling floor)."""
    x = np.sort(speeds)
    u, q = bkw_quantiles(t, K0, J)
    e = x[np.minimum((u * len(x)).astype(np.int64), len(x) - 1)]
    return math.sqrt(np.mean((e - q) ** 2))


_QUANTILES = {}


def bkw_quantiles(t, K0, J):
    """The midpoints u of J cells and the BKW quantiles F^{-1}(u) at t, computed once per (t, K0, J)."""
    key = (t, K0, J)
    if key not in _QUANTILES:
        grid = np.linspace(0, 15, 150001)
        u = (np.arange(J) + 0.5) / J
        _QUANTILES[key] = (u, np.interp(u, bkw_speed_cdf(grid, t, K0), grid))
    return _QUANTILES[key]


def w2_pooled_se(v, t, K0, B=200):
    """Standard error of w2_speed_pooled over the replicas (bootstrap: B resamples of the replicas, J =
    2^16 cells)."""
    rng = np.random.default_rng(2026)
    R = v.shape[0]
    w = [w2_speed_pooled(np.linalg.norm(v[rng.integers(0, R, R)], axis=2).ravel(), t, K0, 1 << 16) for _ in range(B)]
    return float(np.std(w, ddof=1))


def problem_bkw(rows, t, d):
    """gamma = 0, BKW data: (1) the centred fourth moment M4 = mean |v - P|^4 of each replica, computed from
    its velocities (particles.h5), against the exact evolution from that replica's own centred start,
    dM4/dt = C(-8 M4 + 16 E^2 - 8 ||M||_F^2) = C(-8 (M4 - 5E^2/3) - 8 |Dev M|^2) with Dev M decaying at 12C
    (docs/physics/references.md#maxwell-molecule-moments; E = mean |v - P|^2 and M the centred second moments, so ||M||^2 = E^2/3 + |Dev M|^2);
    error relative to M4 at equilibrium 5E^2/3. (2) W2 of |v|, all replicas pooled (N R speeds), against the exact BKW law at t,
    and its floor: the same W2 of the i.i.d. start (t = 0) against f0.
    Not corrected: E M4 of the N-particle equilibrium (uniform on the energy sphere) is 5E^2/3 (1 + 4/3N),
    +1.3e-3 relative at N = 1000, shared by every model."""
    import h5py
    with h5py.File(os.path.join(d, "particles.h5"), "r") as f:
        times = list(f["times"][:])
        i0, i1 = times.index(0.0), int(np.argmin([abs(x - t) for x in times]))
        v0, v1 = f["velocities"][i0], f["velocities"][i1]    # (R, N, 3)
    errs = []
    for r in range(v0.shape[0]):
        u0 = v0[r] - v0[r].mean(axis=0)
        u1 = v1[r] - v1[r].mean(axis=0)
        E = (u0 * u0).sum(axis=1).mean()
        M = u0.T @ u0 / len(u0)
        dev = M - np.trace(M) / 3 * np.eye(3)
        D0 = float((dev * dev).sum())
        m40 = ((u0 * u0).sum(axis=1) ** 2).mean()
        m4_inf = 5 * E * E / 3
        pred = m4_inf + (m40 - m4_inf) * math.exp(-8 * C * t) - 0.5 * D0 * (math.exp(-8 * C * t) - math.exp(-24 * C * t))
        errs.append((((u1 * u1).sum(axis=1) ** 2).mean() - pred) / m4_inf)
    errs = np.array(errs)
    K0 = BKW_K0
    w2 = w2_speed_pooled(np.linalg.norm(v1, axis=2).ravel(), t, K0)
    floor = w2_speed_pooled(np.linalg.norm(v0, axis=2).ravel(), 0.0, K0)
    return dict(error=errs.mean(), se=errs.std(ddof=1) / math.sqrt(len(errs)), w2=w2, w2_floor=floor,
                w2_se=w2_pooled_se(v1, t, K0), w2_floor_se=w2_pooled_se(v0, 0.0, K0))


def nrl_slope(th_par, th_perp):
    """docs/physics/references.md#coulomb-isotropisation-rate: d theta_par/dt at t = 0 for a bi-Maxwellian, rho = 1."""
    A = th_perp / th_par - 1
    f = math.atan(math.sqrt(A)) / math.sqrt(A) if A > 0 else math.atanh(math.sqrt(-A)) / math.sqrt(-A)
    nu = C / math.sqrt(math.pi) * th_par ** -1.5 * A ** -2 * (-3 + (A + 3) * f)
    return 2 * nu * (th_perp - th_par)


def problem_coulomb(rows, t, d):
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
    return dict(error=errs.mean(), se=errs.std(ddof=1) / math.sqrt(len(errs)))


RELAX_T = [0.125, 0.375]       # isotropic two-temperature data, weights 1/2: mean temperature 1/4
RELAX_T_STAR = 1.0             # the time where the error is read (the deviation has relaxed ~60 %)


def problem_coulomb_relax(points, t):
    """gamma = -3, isotropic two-temperature data: the fourth moment against grazing's radial Landau
    solver (study reference "radial"; docs/study.md), error at t = RELAX_T_STAR relative to the initial
    deviation from equilibrium ref_v4(0) - 15 T^2; W2 of |v| (mean over replicas) and its i.i.d. floor."""
    T = 0.5 * sum(RELAX_T)
    at = {round(float(r["t"]), 9): r for r in points}
    r0, r1 = at[0.0], at[round(RELAX_T_STAR, 9)]
    dev0 = float(r0["ref_v4"]) - 15 * T * T
    return dict(error=(float(r1["mean_v4"]) - float(r1["ref_v4"])) / dev0, se=float(r1["mean_v4_se"]) / dev0,
                w2=float(r1["w2_speed"]), w2_floor=float(r1["w2_speed_iid"]),
                w2_se=float(r1["w2_speed_se"]), w2_floor_se=float(r1["w2_speed_iid_se"]),
                start=(float(r0["mean_v4"]) - float(r0["ref_v4"])) / dev0, start_se=float(r0["mean_v4_se"]) / dev0)


PROBLEMS = {
    "maxwell": dict(gamma=0.0, initial={"kind": "gaussian", "variances": [1.8, 0.2, 1.0]}, t=0.2, every=0.2,
                    measure=problem_maxwell, label="γ = 0, N(0, diag(1.8, 0.2, 1)): relative error of the Dev M decay rate"),
    "bkw": dict(gamma=0.0, initial={"kind": "bkw", "K0": 0.6}, t=0.4, every=0.2, particles=True,
                measure=problem_bkw, label="γ = 0, BKW K₀ = 0.6: error of the centred fourth moment / its equilibrium value"),
    # The initial slope is a small signal (theta_par moves ~2 % by t = 0.5): N = 1e5 for the O(N) models;
    # the pair-splitting ones (O(N^2) per step: 5e9 pair updates per step at N = 1e5) at N = 1000 with
    # 32 replicas and three steps (5e5 pair updates per step; standard errors ~6x larger).
    "coulomb": dict(gamma=-3.0, initial={"kind": "gaussian", "variances": [1.5, 0.75, 0.75]}, t=0.5, every=0.25,
                    measure=problem_coulomb, N=100000, R=8, pair=dict(N=1000, R=32, steps=[0.1, 0.03, 0.01]),
                    label="γ = −3, bi-Maxwellian 1.5/0.75: relative error of the initial isotropisation rate"),
    # Full relaxation of isotropic two-temperature data against the radial solver, by `grazing study`;
    # the pair-splitting models at N = 500 with 16 replicas (574 steps of 1.25e5 pair updates each).
    "coulomb-relax": dict(gamma=-3.0, initial={"kind": "two-maxwellians", "means": [[0, 0, 0], [0, 0, 0]],
                                               "temperatures": RELAX_T},
                          t=4.0, every=0.25, study={"reference": "radial", "radial_r_max": 5.0, "radial_cells": 200,
                                                    "near_diagonal_pairs": 1000, "sliced_directions": 1},
                          measure=problem_coulomb_relax, N=100000, R=8, pair=dict(N=500, R=16, steps=[0.1, 0.03, 0.01]),
                          label="γ = −3, two temperatures 0.125/0.375: error of M₄(t = 1) vs the radial solver / M₄(0) − M₄(∞)"),
}


def main():
    global REUSE
    grazing, out = sys.argv[1], sys.argv[2]
    quick = "--quick" in sys.argv
    REUSE = "--reuse" in sys.argv
    steps = [0.1, 0.03] if quick else [0.1, 0.03, 0.01, 0.003]
    N, R = (200, 8) if quick else (1000, 32)
    only = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--problems=")]
    problems = only[0].split(",") if only else list(PROBLEMS)
    os.makedirs(out, exist_ok=True)
    results, series = [], []
    old = os.path.join(out, "results.csv")  # keep the other problems' rows when only some are rerun
    if only and os.path.exists(old):
        for r in csv.DictReader(open(old)):
            if r["problem"] not in problems:
                results.append(dict(r, step=float(r["step"]), error=float(r["error"]), se=float(r["se"]),
                                    wall=float(r["wall"]), N=int(r["N"]), R=int(r["R"]),
                                    **{k: float(r.get(k, "nan") or "nan") for k in ("w2", "w2_floor", "w2_se", "w2_floor_se", "start", "start_se")}))
    for pname in problems:
        p = PROBLEMS[pname]
        for model in p.get("models", MODELS):
            small = model in PAIR_MODELS and "pair" in p and not quick  # an O(N^2) model on a large-N problem
            if quick:
                Np, Rp, model_steps = N, R, steps
            elif small:
                Np, Rp, model_steps = p["pair"]["N"], p["pair"]["R"], p["pair"]["steps"]
            else:
                Np, Rp, model_steps = p.get("N", N), p.get("R", R), steps
            # the step is h for mbc (each particle then collides 2/h times per unit time), dt otherwise
            usable = [s for s in model_steps if p["every"] >= 2 * s]  # at least two steps per output interval
            if "study" in p:
                by_step = run_study(grazing, out, "%s-%s" % (pname, model), model_keys(model, usable[0], p["gamma"]),
                                    p["initial"], p["t"], p["every"], Np, Rp, 2026, usable, p["study"])
                measured = {st: (p["measure"](pts, p["t"]), wall, pts) for st, (pts, wall) in by_step.items()}
            else:
                measured = {}
                for step in usable:
                    rows, wall, d = run(grazing, out, "%s-%s-%g" % (pname, model, step), model_keys(model, step, p["gamma"]),
                                        p["initial"], p["t"], p["every"], Np, Rp, 2026, p.get("particles", False))
                    measured[step] = (p["measure"](rows, p["t"], d), wall, None)
            for step, (m, wall, pts) in measured.items():
                row = dict(problem=pname, model=model, step=step, error=m["error"], se=m["se"], wall=wall, N=Np, R=Rp,
                           w2=m.get("w2", float("nan")), w2_floor=m.get("w2_floor", float("nan")),
                           w2_se=m.get("w2_se", float("nan")), w2_floor_se=m.get("w2_floor_se", float("nan")),
                           start=m.get("start", float("nan")), start_se=m.get("start_se", float("nan")))
                results.append(row)
                if pts is not None:
                    series.append(dict(problem=pname, model=model, step=step, points=pts))
                print("%-13s %-17s step %-6g error %+.4f +- %.4f  wall %.2f s%s" % (
                    pname, model, step, m["error"], m["se"], wall,
                    "  W2 %.4f (floor %.4f)" % (m["w2"], m["w2_floor"]) if "w2" in m else ""), flush=True)
    with open(os.path.join(out, "results.csv"), "w") as f:
        w = csv.DictWriter(f, fieldnames=list(results[0].keys()))
        w.writeheader()
        w.writerows(results)
    # Plots: per problem, |error| vs step and vs wall time, all models.
    for pname, p in PROBLEMS.items():
        rs_p = [r for r in results if r["problem"] == pname]
        if not rs_p:
            continue
        has_w2 = any(not math.isnan(r["w2"]) for r in rs_p)
        fig, axes = plt.subplots(1, 3 if has_w2 else 2, figsize=(16 if has_w2 else 11, 4.2))
        for model in MODELS:
            rs = [r for r in rs_p if r["model"] == model]
            if not rs:
                continue
            x = [r["step"] for r in rs]
            y = [abs(r["error"]) for r in rs]
            e = [r["se"] for r in rs]
            axes[0].errorbar(x, y, yerr=e, marker="o", capsize=3, label=model)
            axes[1].errorbar([r["wall"] for r in rs], y, yerr=e, marker="o", capsize=3, label=model)
            if has_w2:
                line = axes[2].errorbar(x, [r["w2"] for r in rs], yerr=[r["w2_se"] for r in rs], marker="o",
                                        capsize=3, label=model)[0]
                axes[2].plot(x, [r["w2_floor"] for r in rs], ls="--", color=line.get_color(), alpha=0.6)
        for ax, xl in zip(axes, ["step (h for mbc, dt otherwise; run clock)",
                                 "wall time (s)"]):
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel(xl)
            ax.set_ylabel("|error|")
            ax.grid(True, which="both", alpha=0.3)
        if has_w2:
            axes[2].set_xscale("log")
            axes[2].set_xlabel("step")
            axes[2].set_ylabel("W2 of |v| to the exact law (dashed: i.i.d. floor)")
            axes[2].grid(True, which="both", alpha=0.3)
        axes[0].legend(fontsize=8)
        fig.suptitle("%s\n(%s)" % (p["label"], sizes_of(rs_p)), fontsize=10)
        fig.tight_layout()
        fig.savefig(os.path.join(out, "compare_%s.png" % pname), dpi=100)
        plt.close(fig)
    # The full relaxation as a time series: M4(t) of every model at its largest and smallest step against
    # the radial solver, and the difference with its standard error.
    for pname in sorted({x["problem"] for x in series}):
        fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
        ser = [x for x in series if x["problem"] == pname]
        ref = ser[0]["points"]
        axes[0].plot([float(r["t"]) for r in ref], [float(r["ref_v4"]) for r in ref], "k-", lw=2, label="radial solver")
        for x in ser:
            steps_m = sorted(y["step"] for y in ser if y["model"] == x["model"])
            if x["step"] not in (steps_m[0], steps_m[-1]):
                continue
            t = np.array([float(r["t"]) for r in x["points"]])
            m4 = np.array([float(r["mean_v4"]) for r in x["points"]])
            d = m4 - np.array([float(r["ref_v4"]) for r in x["points"]])
            se = np.array([float(r["mean_v4_se"]) for r in x["points"]])
            lab = "%s, step %g" % (x["model"], x["step"])
            ls = "-" if x["step"] == steps_m[0] else ":"
            axes[0].plot(t, m4, ls=ls, marker=".", label=lab)
            axes[1].errorbar(t, d, yerr=se, ls=ls, marker=".", capsize=2, label=lab)
        axes[0].set_ylabel("E|v|⁴")
        axes[1].set_ylabel("E|v|⁴ − radial solver (± s.e.)")
        axes[1].axhline(0, color="k", lw=0.8)
        for ax in axes:
            ax.set_xlabel("t")
            ax.grid(True, alpha=0.3)
            ax.legend(fontsize=7)
        fig.suptitle(PROBLEMS[pname]["label"], fontsize=10)
        fig.tight_layout()
        fig.savefig(os.path.join(out, "compare_%s_series.png" % pname), dpi=100)
        plt.close(fig)
    # Table: error +- se (wall s) per model and step; fitted order of |error| in the step where the
    # error stands clear of its standard error.
    with open(os.path.join(out, "table.md"), "w") as f:
        for pname, p in PROBLEMS.items():
            rs_p = [r for r in results if r["problem"] == pname]
            if not rs_p:
                continue
            f.write("\n**%s** (%s)\n\n" % (p["label"], sizes_of(rs_p)))
            has_w2 = any(not math.isnan(r["w2"]) for r in rs_p)
            has_start = any(not math.isnan(r["start"]) for r in rs_p)
            f.write("| model | step | error ± s.e. |%s%s wall (s) |\n|---|---|---|%s%s---|\n" % (
                " W2 of \\|v\\| ± s.e. (i.i.d. floor ± s.e.) |" if has_w2 else "", " at t = 0 ± s.e. |" if has_start else "",
                "---|" if has_w2 else "", "---|" if has_start else ""))
            for model in MODELS:
                rs = [r for r in results if r["problem"] == pname and r["model"] == model]
                for r in rs:
                    f.write("| %s | %g | %+.4f ± %.4f |%s%s %.2f |\n" % (
                        model, r["step"], r["error"], r["se"],
                        " %.4f ± %.4f (%.4f ± %.4f) |" % (r["w2"], r["w2_se"], r["w2_floor"], r["w2_floor_se"]) if has_w2 else "",
                        " %+.4f ± %.4f |" % (r["start"], r["start_se"]) if has_start else "", r["wall"]))
                clear = [r for r in rs if abs(r["error"]) > 3 * r["se"]]
                if len(clear) >= 2:
                    order = np.polyfit(np.log([r["step"] for r in clear]), np.log([abs(r["error"]) for r in clear]), 1)[0]
                    f.write("| %s | fitted order | %.2f (over the %d of %d steps with \\|error\\| > 3 s.e.) |%s%s |\n" % (
                        model, order, len(clear), len(rs), " |" if has_w2 else "", " |" if has_start else ""))
                elif len(rs) >= 3:
                    f.write("| %s | fitted order | not determined: \\|error\\| > 3 s.e. at %d of %d steps |%s%s |\n" % (
                        model, len(clear), len(rs), " |" if has_w2 else "", " |" if has_start else ""))
    print("wrote", os.path.join(out, "results.csv"), os.path.join(out, "table.md"), "and compare_*.png")
    docs = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--doc=")]
    if docs:
        update_doc(docs[0], out)


def sizes_of(rows):
    """'N = 100000, 8 replicas' for a problem's rows, or each (N, replicas) with its models when they differ."""
    groups = {}
    for r in rows:
        groups.setdefault((r["N"], r["R"]), [])
        if r["model"] not in groups[(r["N"], r["R"])]:
            groups[(r["N"], r["R"])].append(r["model"])
    if len(groups) == 1:
        (n, rr), = groups
        return "N = %d, %d replicas" % (n, rr)
    return "; ".join("%s: N = %d, %d replicas" % (", ".join(ms), n, rr) for (n, rr), ms in groups.items())


def update_doc(path, out):
    """Put OUT/table.md between the markers of PATH and copy OUT/compare_*.png to figures/ beside it."""
    import shutil
    text = open(path).read()
    begin, end = text.index("<!-- BEGIN table.md"), text.index("<!-- END table.md -->")
    begin = text.index("-->", begin) + 3
    text = text[:begin] + "\n\n" + open(os.path.join(out, "table.md")).read().strip("\n") + "\n\n" + text[end:]
    open(path, "w").write(text)
    fig = os.path.join(os.path.dirname(path), "figures")
    for name in sorted(os.listdir(out)):
        if name.startswith("compare_") and name.endswith(".png"):
            shutil.copy(os.path.join(out, name), os.path.join(fig, name))
    print("updated", path, "and", fig)


if __name__ == "__main__":
    main()
