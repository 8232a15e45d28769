"""grazing.plot: the plots of `grazing plot DIR` and `grazing study`, callable on directories or on the
results of grazing.run (docs/python.md).

    plot_run(DIR), plot_study(DIR)          -> the PNG files written into DIR (their names)
    plot_result(result, DIR)                -> moments.png (and histograms.png if velocities were kept)

Command line (what `grazing plot` runs): /usr/bin/python3 scripts/plot.py run|study DIR
Needs Debian's python3-numpy, python3-matplotlib and (for particles.h5) python3-h5py; not the compiled
module.
"""
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def read_csv(path):
    return np.genfromtxt(path, delimiter=",", names=True, dtype=float)


def replica_mean(data, column):
    """Mean and standard error over replicas of a moments.csv column, per output time."""
    ts = np.unique(data["t"])
    mean, se = [], []
    for t in ts:
        x = data[column][data["t"] == t]
        mean.append(x.mean())
        se.append(x.std(ddof=1) / math.sqrt(len(x)) if len(x) > 1 else 0.0)
    return ts, np.array(mean), np.array(se)


def save(fig, d, name, written):
    """Writes the figure as DIR/name (PNG) and records its name."""
    fig.tight_layout()
    fig.savefig(os.path.join(d, name), dpi=110)
    plt.close(fig)
    written.append(name)


def bkw_m4(K0, C, t):
    K = 1 - (1 - K0) * np.exp(-4 * C * t)
    return 30 * K - 15 * K * K


def coulomb_rate(tpar, tperp, C):
    """docs/physics/references.md#coulomb-isotropisation-rate: exact initial isotropisation rate nu of a bi-Maxwellian at gamma = -3."""
    A = tperp / tpar - 1
    pre = C / math.sqrt(math.pi) * tpar ** -1.5
    if abs(A) < 1e-4:
        return pre * (4 / 15 - 8 * A / 35)
    g = math.atan(math.sqrt(A)) / math.sqrt(A) if A > 0 else math.atanh(math.sqrt(-A)) / math.sqrt(-A)
    return pre / (A * A) * (-3 + (A + 3) * g)


def read_species(path):
    """species.csv as a structured array (the species column as text)."""
    return np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8")


# SI constants (CODATA 2018) for the formulary's slopes drawn on species.png (docs/physics/plasma.md#exact-rates).
_E, _EPS0 = 1.602176634e-19, 8.8541878128e-12


def _exchange_rate(qa, qb, ma, mb, nb, Ta, Tb, lnL):
    return math.sqrt(2) * qa**2 * qb**2 * nb * lnL * math.sqrt(ma * mb) / (6 * math.pi**1.5 * _EPS0**2 * (ma * Tb + mb * Ta)**1.5)


def plot_species(data, run, d):
    """species.png: each species' temperatures against time (replica means), with the formulary's
    exact initial slope of the temperature exchange when every species starts isotropic (gamma = -3)."""
    plasma = run["plasma"]
    species = plasma["species"]
    written = []
    fig, ax = plt.subplots(1, 2, figsize=(11, 4.2))
    lnl = {c["pair"]: c["coulomb_log"] for c in plasma["classes"]}
    for k, sp in enumerate(species):
        rows = data[data["species"] == sp["name"]]
        ts = np.unique(rows["t"])
        T = np.array([((rows["T_x"] + rows["T_y"] + rows["T_z"]) / 3)[rows["t"] == t].mean() for t in ts])
        Tpar = np.array([rows["T_par"][rows["t"] == t].mean() for t in ts])
        Tperp = np.array([rows["T_perp"][rows["t"] == t].mean() for t in ts])
        line, = ax[0].plot(ts, T, "o-", ms=3, label=f"{sp['name']}: T")
        ax[1].plot(ts, Tpar, "o-", ms=3, color=line.get_color(), label=f"{sp['name']}: T_par ({plasma['axis']})")
        ax[1].plot(ts, Tperp, "s--", ms=3, color=line.get_color(), label=f"{sp['name']}: T_perp")
        if plasma["gamma"] == -3 and all(len(set(s2["T_eV"])) == 1 for s2 in species) and len(species) > 1:
            slope = 0.0  # eV/s, from the species' initial temperatures (NRL p. 34)
            for b in species:
                if b is sp:
                    continue
                L = lnl.get(f"{sp['name']}-{b['name']}", lnl.get(f"{b['name']}-{sp['name']}", 0))
                Ta, Tb = sp["T_eV"][0] * _E, b["T_eV"][0] * _E
                nu = _exchange_rate(sp["Z"] * _E, b["Z"] * _E, sp["mass_kg"], b["mass_kg"], b["density_used"], Ta, Tb, L)
                slope += nu * (b["T_eV"][0] - sp["T_eV"][0])
            tt = np.array([ts[0], ts[0] + 0.3 * (ts[-1] - ts[0])])
            ax[0].plot(tt, sp["T_eV"][0] + slope * tt, "k:", lw=1.2,
                       label="formulary initial slope" if k == 0 else None)
    for a, title in ((ax[0], "temperature"), (ax[1], "along and across the axis")):
        a.set_xlabel("t (s)")
        a.set_ylabel("T (eV)")
        a.set_title(title)
        a.legend(fontsize=7)
    fig.suptitle(f"{run['model']} with {len(species)} species, R = {run['replicas']}", fontsize=9)
    save(fig, d, "species.png", written)
    return written


def plot_run(d):
    """The plots of a run directory (moments.csv, run.json, particles.h5 and species.csv if present)."""
    run = json.load(open(os.path.join(d, "run.json")))
    data = read_csv(os.path.join(d, "moments.csv"))
    written = plot_moments(data, run, d)
    species_csv = os.path.join(d, "species.csv")
    if os.path.exists(species_csv) and "plasma" in run:
        written += plot_species(read_species(species_csv), run, d)
    h5 = os.path.join(d, "particles.h5")
    if os.path.exists(h5):
        import h5py

        with h5py.File(h5, "r") as f:
            v = f["velocities"][-1].reshape(-1, 3)
            tlast = f["times"][-1]
        written += plot_histograms(v, tlast, run, d)
    return written


def plot_result(result, d):
    """The plots of plot_run for a grazing.run result, written into d (created if missing)."""
    os.makedirs(d, exist_ok=True)
    written = plot_moments(result.moments, result.run_info, d)
    if result.has_velocities:
        tlast = result.times[-1]
        v = result.velocities_all(tlast).reshape(-1, 3)
        written += plot_histograms(v, tlast, result.run_info, d)
    return written


def plot_moments(data, run, d):
    """moments.png from a moments table (structured array with the columns of moments.csv) and run.json's
    content."""
    C = run["landau_C"]
    gamma = run["parameters"]["model"].get("gamma")
    init = run["parameters"]["initial"]
    written = []
    fig, ax = plt.subplots(1, 2, figsize=(11, 4.2))
    for col, label in (("Mxx", "$M_{xx}$"), ("Myy", "$M_{yy}$"), ("Mzz", "$M_{zz}$")):
        t, m, se = replica_mean(data, col)
        ax[0].errorbar(t, m, yerr=se, fmt="o", ms=3, label=label + " (particles)")
        if gamma == 0:
            _, tr0x, _ = replica_mean(data, "Mxx")
            _, tr0y, _ = replica_mean(data, "Myy")
            _, tr0z, _ = replica_mean(data, "Mzz")
            third = (tr0x[0] + tr0y[0] + tr0z[0]) / 3
            tt = np.linspace(t[0], t[-1], 200)
            ax[0].plot(tt, third + (m[0] - third) * np.exp(-12 * C * tt), "-", lw=1,
                       label=label + r" exact: $e^{-12Ct}$ (SPEC R.3)")
    var = init.get("variances")
    if gamma == -3 and init.get("kind") == "gaussian" and var is not None:
        odd = [k for k in range(3) if var[k] != var[(k + 1) % 3] and var[k] != var[(k + 2) % 3]]
        if len(odd) == 1 and len(set(var)) == 2:
            k = odd[0]
            tpar, tperp = var[k], var[(k + 1) % 3]
            nu = coulomb_rate(tpar, tperp, C)
            t, _, _ = replica_mean(data, "Mxx")
            tt = np.array([t[0], t[0] + 0.3 * (t[-1] - t[0])])
            ax[0].plot(tt, tpar + 2 * nu * (tperp - tpar) * tt, "k--", lw=1,
                       label="exact initial slope (SPEC R.4)")
            ax[0].plot(tt, tperp - nu * (tperp - tpar) * tt, "k--", lw=1)
    ax[0].set_xlabel("t")
    ax[0].set_ylabel("temperature tensor")
    ax[0].set_title(f"{run['model']}, gamma = {gamma}, N = {run['N']}, R = {run['replicas']}")
    ax[0].legend(fontsize=7)
    t, m4, se = replica_mean(data, "mean_v4")
    ax[1].errorbar(t, m4, yerr=se, fmt="o", ms=3, label="particles")
    if gamma == 0 and init.get("kind") == "bkw":
        tt = np.linspace(t[0], t[-1], 200)
        ax[1].plot(tt, bkw_m4(init["K0"], C, tt), "-", label="BKW exact (SPEC R.1)")
    ax[1].set_xlabel("t")
    ax[1].set_ylabel(r"mean $|v|^4$")
    ax[1].legend(fontsize=8)
    save(fig, d, "moments.png", written)
    return written


def plot_histograms(v, tlast, run, d):
    """histograms.png: |v| and v_x of velocities v (n, 3) at time tlast, with the exact or equilibrium law."""
    written = []
    C = run["landau_C"]
    gamma = run["parameters"]["model"].get("gamma")
    init = run["parameters"]["initial"]
    speed = np.linalg.norm(v, axis=1)
    fig, ax = plt.subplots(1, 2, figsize=(11, 4.2))
    ax[0].hist(speed, bins=80, density=True, alpha=0.6, label=f"particles, t = {tlast:g}")
    ax[1].hist(v[:, 0], bins=80, density=True, alpha=0.6, label=f"particles, t = {tlast:g}")
    r = np.linspace(0, speed.max(), 300)
    x = np.linspace(v[:, 0].min(), v[:, 0].max(), 300)
    if gamma == 0 and init.get("kind") == "bkw":
        K = 1 - (1 - init["K0"]) * math.exp(-4 * C * tlast)
        A, B = (5 * K - 3) / (2 * K), (1 - K) / (2 * K * K)
        f = (2 * math.pi * K) ** -1.5 * np.exp(-r * r / (2 * K)) * (A + B * r * r)
        ax[0].plot(r, 4 * math.pi * r * r * f, label="BKW exact")
        ax[1].plot(x, np.exp(-x * x / (2 * K)) / math.sqrt(2 * math.pi * K) * (A + B * x * x + 2 * B * K),
                   label="BKW exact")
    else:
        T = np.var(v - v.mean(axis=0), axis=0).mean()
        g = (2 * math.pi * T) ** -1.5 * np.exp(-r * r / (2 * T))
        ax[0].plot(r, 4 * math.pi * r * r * g, label=f"Maxwellian T = {T:.3g} (equilibrium)")
        ax[1].plot(x, np.exp(-(x - v[:, 0].mean()) ** 2 / (2 * T)) / math.sqrt(2 * math.pi * T),
                   label="Maxwellian (equilibrium)")
    ax[0].set_xlabel("|v|")
    ax[1].set_xlabel("$v_x$")
    for a in ax:
        a.legend(fontsize=8)
    save(fig, d, "histograms.png", written)
    return written


def plot_study(d):
    meta = json.load(open(os.path.join(d, "study.json")))
    pts = read_csv(os.path.join(d, "points.csv"))
    summ = read_csv(os.path.join(d, "summary.csv"))
    summ = np.atleast_1d(summ)
    written = []
    have_ref = meta["reference"] != "none"
    if have_ref:
        fig, ax = plt.subplots(figsize=(6, 4.5))
        N = summ["N"]
        ax.errorbar(N, summ["sup_w2_speed"], yerr=summ["sup_w2_speed_se"], fmt="o-", label=r"particles: E sup$_t$ W2(|v|)")
        ax.errorbar(N, summ["sup_w2_speed_iid"], yerr=summ["sup_w2_speed_iid_se"], fmt="s--",
                    label="i.i.d. sample of $f_t$ (sampling floor)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("N")
        ax.set_ylabel("W2 of |v| to $f_t$")
        fits = {}
        for row in open(os.path.join(d, "fits.csv")).read().splitlines()[1:]:
            q, h, e, _ = row.split(",")
            fits.setdefault(q, []).append(f"{float(e):.3f}" if e != "nan" else "nan")
        ax.set_title("slopes (per h): particles " + ", ".join(fits.get("sup_w2_speed_vs_N", [])) +
                     "; i.i.d. " + ", ".join(fits.get("sup_w2_speed_iid_vs_N", [])), fontsize=9)
        ax.legend(fontsize=8)
        save(fig, d, "w2_vs_N.png", written)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for p in np.unique(pts["point"]):
        s = pts[pts["point"] == p]
        R = s["replicas"][0]
        # standard error of a sample variance from R replicas (Gaussian approximation): var sqrt(2/(R-1))
        ax.errorbar(s["t"], s["Nvar_bump_c0_r15"], yerr=s["Nvar_bump_c0_r15"] * math.sqrt(2 / (R - 1)), fmt="o-",
                    ms=3, capsize=2, label=f"N = {int(s['N'][0])}, h = {s['h'][0]:g}, R = {int(R)}")
    ax.set_xlabel("t")
    ax.set_ylabel(r"N Var($\mu^N_t(\varphi)$), $\varphi$ = C$^4$ bump")
    ax.set_title("Du Thm 5.1: bounded in N, at most affine in t", fontsize=9)
    ax.legend(fontsize=7)
    save(fig, d, "nvar.png", written)
    last = [pts[pts["point"] == p][-1] for p in np.unique(pts["point"])]
    hs = np.array([r["h"] for r in last])
    if len(np.unique(hs)) > 1:
        fig, ax = plt.subplots(figsize=(6, 4.5))
        for n in np.unique([r["N"] for r in last]):
            rows = [r for r in last if r["N"] == n]
            ax.plot([r["h"] for r in rows], [r["var_bump_c0_r15"] for r in rows], "o-", label=f"N = {int(n)}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("h")
        ax.set_ylabel(r"Var($\mu^N_t(\varphi)$) at the last time")
        ax.legend(fontsize=8)
        save(fig, d, "var_vs_h.png", written)
    fig, ax = plt.subplots(1, 3, figsize=(15, 4.2))
    for p in np.unique(pts["point"]):
        s = pts[pts["point"] == p]
        lab = f"N = {int(s['N'][0])}"
        ax[0].errorbar(s["t"], s["mean_v4"], yerr=s["mean_v4_se"], fmt="o", ms=3, label=lab)
        ax[1].plot(s["t"], s["entropy"], "o-", ms=3, label=lab + " particles")
        ax[2].plot(s["t"], s["fisher"], "o-", ms=3, label=lab + " particles")
        if have_ref:
            ax[1].plot(s["t"], s["entropy_iid"], "x:", label=lab + " i.i.d. of $f_t$ (same estimator)")
            ax[2].plot(s["t"], s["fisher_iid"], "x:", label=lab + " i.i.d. of $f_t$ (same estimator)")
    if have_ref:
        s = pts[pts["point"] == pts["point"][-1]]
        ax[0].plot(s["t"], s["ref_v4"], "k-", label="reference")
        ax[1].plot(s["t"], s["ref_entropy"], "k-", label="reference")
        ax[2].plot(s["t"], s["ref_fisher"], "k-", label="reference (the KDE is biased: compare with i.i.d.)")
    ax[0].set_ylabel(r"mean $|v|^4$")
    ax[1].set_ylabel("entropy H (k-NN)")
    ax[2].set_ylabel("Fisher information I (KDE)")
    for a in ax:
        a.set_xlabel("t")
        a.legend(fontsize=6)
    save(fig, d, "moments_entropy_fisher.png", written)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for p in np.unique(pts["point"]):
        s = pts[pts["point"] == p]
        ax.plot(s["t"], s["S_m2_truncated"], "o-", ms=3, label=f"N = {int(s['N'][0])}: mean min(r^-2, 1e4)")
        ax.plot(s["t"], s["S_m2_median_of_means"], "x:", label=f"N = {int(s['N'][0])}: median of means")
    if meta.get("fisher_f0") is not None:
        ax.axhline(meta["fisher_f0"], color="k", lw=1, label=r"$I(f_0)$: the bound of SPEC C.2")
    ax.set_xlabel("t")
    ax.set_ylabel(r"$S_{-2}$ = mean $|v_i - v_j|^{-2}$")
    ax.legend(fontsize=7)
    save(fig, d, "near_diagonal.png", written)
    return written


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("run", "study"):
        sys.exit(__doc__)
    files = plot_run(sys.argv[2]) if sys.argv[1] == "run" else plot_study(sys.argv[2])
    for f in files:
        print(os.path.join(sys.argv[2], f))


if __name__ == "__main__":
    main()
