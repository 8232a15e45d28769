"""References and diagnostics from Python agree with the checks of their C++ tests
(tests/statistical/test_reference.cpp, test_diagnostics.cpp), on independent numpy/scipy computations."""
import math

import numpy as np
import pytest
from scipy import integrate, stats

from grazing import diagnostics as D
from grazing import references as R


def test_bkw_mass_moments_marginal():
    for K0 in (0.6, 1.0):
        b = R.Bkw(K0, 0.5)
        for t in (0.0, 0.3, 2.0):
            K = b.K(t)
            assert K == pytest.approx(1 - (1 - K0) * math.exp(-2 * t), abs=1e-15)
            r = np.linspace(0, 30, 300001)
            f = 4 * math.pi * r * r * b.density(r, t)
            assert integrate.simpson(f, x=r) == pytest.approx(1.0, abs=1e-10)
            assert integrate.simpson(r ** 4 * f, x=r) == pytest.approx(30 * K - 15 * K * K, abs=1e-9)
            assert b.moment(4, t) == pytest.approx(30 * K - 15 * K * K, abs=1e-15)
            assert b.speed_cdf(np.array([50.0]), t)[0] == pytest.approx(1.0, abs=1e-14)
            x = np.linspace(-20, 20, 400001)
            assert integrate.simpson(b.marginal(x, t), x=x) == pytest.approx(1.0, abs=1e-10)


def test_bkw_entropy_fisher_literature_values():
    b = R.Bkw(0.0, 1.0 / 24)  # docs/physics/references.md#bkw, C = 1/24
    for t, H, I in ((5.5, -4.19305, 3.88466), (6, -4.21898, 3.44270), (10, -4.25534, 3.01296)):
        assert b.entropy(t) == pytest.approx(H, abs=6e-6)
        assert b.fisher(t) == pytest.approx(I, abs=6e-6)


def test_bkw_sampler_and_ou_flow():
    # exact draws of BKW(K0) pushed by the Maxwell OU flow are exact draws of BKW at t (KS on |v|);
    # p > 1e-6 fails with probability 1e-6 per test under the null
    b = R.Bkw(0.6, 0.5)
    v0 = b.sample(20000, 0.0, seed=3)
    assert v0.shape == (20000, 3)
    E = float(np.mean(np.sum(v0 * v0, axis=1)))
    for t in (0.0, 0.7):
        v = R.ou_sample(v0, 3.0, 0.5, t, seed=4) if t > 0 else v0
        p = stats.kstest(np.linalg.norm(v, axis=1), lambda r: b.speed_cdf(r, t)).pvalue
        assert p > 1e-6, (t, p)
    assert E == pytest.approx(3.0, rel=0.05)


def test_coulomb_rate_closed_form():
    A = -0.75
    g = math.atanh(math.sqrt(0.75)) / math.sqrt(0.75)
    exact = 0.5 / math.sqrt(math.pi) * 2.0 ** -1.5 / (A * A) * (-3 + (A + 3) * g)
    assert R.coulomb_isotropisation_rate(2.0, 0.5, 0.5) == pytest.approx(exact, abs=1e-15)
    assert 3 * R.coulomb_isotropisation_rate(1.0, 1.0, 0.5) == pytest.approx(4 / (5 * math.sqrt(math.pi)) * 0.5, abs=1e-12)


def test_maxwell_moments_solve_their_odes():
    # docs/physics/references.md#maxwell-molecule-moments at C = 1/2: Dev P decays at 12C, dM4/dt = C(-8 M4 + 16 E^2 - 8 ||P||_F^2), E = tr P
    m = R.MaxwellMoments([1.8, 0.2, 1.0, 0.1, 0.0, -0.2], 16.0, 0.5)
    assert m.fourth(0.0) == pytest.approx(16.0, abs=1e-14)
    for t in (0.1, 0.3, 1.0):
        P = np.array(m.second(t))
        assert P[:3].sum() == pytest.approx(3.0, abs=1e-14)
        assert P[0] - 1.0 == pytest.approx(0.8 * math.exp(-6 * t), abs=1e-14)
        assert P[3] == pytest.approx(0.1 * math.exp(-6 * t), abs=1e-14)
        h = 1e-5
        d4 = (m.fourth(t + h) - m.fourth(t - h)) / (2 * h)
        frob2 = sum(P[k] ** 2 for k in range(3)) + 2 * sum(P[k] ** 2 for k in range(3, 6))
        assert d4 == pytest.approx(0.5 * (-8 * m.fourth(t) + 16 * 9.0 - 8 * frob2), abs=1e-6)


def test_radial_solver_against_bkw():
    b = R.Bkw(0.6, 0.5)
    s = R.RadialSolver(lambda r: b.density(np.array([r]), 0.0)[0], gamma=0.0, C=0.5, r_max=10, cells=200, dt=2e-4)
    m0 = s.mass()
    s.advance_to(0.5)
    assert s.time == pytest.approx(0.5)
    assert s.mass() == pytest.approx(m0, abs=1e-14)
    assert abs(s.moment(4) - b.moment(4, 0.5)) < 0.0061 * 1.5  # the C++ test's measured M = 200 error
    assert s.speed_cdf(np.array([100.0]))[0] == pytest.approx(1.0, abs=1e-12)


def test_wasserstein_exact_cases():
    assert D.w2_1d([0, 1, 2], [3, 1, 2]) == pytest.approx(1.0, abs=1e-15)
    rng = np.random.default_rng(5)
    x = rng.normal(size=(300, 3))
    a = np.array([0.3, -0.2, 0.5])
    assert D.w2_exact_3d(x, x + a) == pytest.approx(np.linalg.norm(a), abs=1e-12)
    assert D.w2_exact_3d(x, x[::-1].copy()) == pytest.approx(0.0, abs=1e-12)
    y = rng.normal(size=(1000, 3))
    s = D.sliced_w2(y, y + np.array([1.0, 0.5, -0.5]), directions=2000, seed=9)
    a2 = 1.5
    se = a2 * math.sqrt((1 / 5 - 1 / 9) / 2000)
    assert abs(s * s - a2 / 3) / se < 5.5
    with pytest.raises(ValueError):
        D.sliced_w2(y[:, :2].copy(), y)


def test_w2_speed_of_a_quantile_sample_is_small():
    # speeds at the exact chi_3 quantiles of N(0, I): W2 to the law of |v| ~ the grid error only
    n = 20000
    r = stats.chi.ppf((np.arange(n) + 0.5) / n, 3)
    v = np.zeros((n, 3))
    v[:, 0] = r
    assert D.w2_speed(v, lambda x: stats.chi.cdf(x, 3)) < 2e-3


def test_entropy_fisher_pair_statistic():
    rng = np.random.default_rng(10)
    x = rng.normal(size=(20000, 3))
    h = D.entropy(x)
    assert h == pytest.approx(-1.5 * math.log(2 * math.pi * math.e), abs=0.06)
    assert D.entropy(2 * x) == pytest.approx(h - 3 * math.log(2.0), abs=1e-10)
    I, bw = D.fisher(x[:10000])
    assert I == pytest.approx(3 / (1 + bw * bw) ** 2, abs=0.25) and I < 3
    v = rng.normal(size=(200, 3))
    p = D.pair_statistic(v, s=-2.0, cap=1e300, max_pairs=10 ** 6)
    i, j = np.triu_indices(200, 1)
    assert p["exact"] and p["mean"] == pytest.approx(np.mean(1 / np.sum((v[i] - v[j]) ** 2, axis=1)), rel=1e-12)
    tf = D.test_functions(v)
    for name, phi in (("vx", v[:, 0]), ("vx2", v[:, 0] ** 2), ("v4", np.sum(v * v, axis=1) ** 2)):
        S, n = phi.sum(), len(phi)
        assert tf[name][0] == pytest.approx(phi.mean(), rel=1e-12, abs=1e-15)
        assert tf[name][1] == pytest.approx((S * S - np.sum(phi * phi)) / (n * (n - 1)), rel=1e-10, abs=1e-14)
    rev = D.test_functions(v[::-1].copy())  # symmetric in the particles (to round-off)
    assert all(rev[k] == pytest.approx(tf[k], rel=1e-12, abs=1e-15) for k in tf)


def test_w2_1d_quantiles_against_numpy():
    rng = np.random.default_rng(12)
    a = rng.normal(size=500)
    # n = J: the sorted sample against the table, cell by cell; a shifted table is at distance c
    Q = np.sort(a)
    assert D.w2_1d_quantiles(a, Q) == 0.0
    assert D.w2_1d_quantiles(a, Q + 0.25) == pytest.approx(0.25, rel=1e-12)
    # n < J: sample quantile F_n^-1((j + 1/2)/J) against Q_j;  n > J: Q interpolated linearly at (i + 1/2)/n
    for n, J in ((500, 2048), (500, 37), (3, 1000)):
        x = a[:n]
        Qj = stats.norm.ppf((np.arange(J) + 0.5) / J)
        s = np.sort(x)
        if n <= J:
            idx = np.minimum(n - 1, np.floor((np.arange(J) + 0.5) / J * n).astype(int))
            want = math.sqrt(np.mean((s[idx] - Qj) ** 2))
        else:
            want = math.sqrt(np.mean((s - np.interp((np.arange(n) + 0.5) / n, (np.arange(J) + 0.5) / J, Qj)) ** 2))
        assert D.w2_1d_quantiles(x, Qj) == pytest.approx(want, rel=1e-12), (n, J)
    # against a law: a large N(0, 1) sample to the standard normal's quantiles, W2 -> 0 (~ n^-1/2 log n)
    big = rng.normal(size=200000)
    w = D.w2_1d_quantiles(big, stats.norm.ppf((np.arange(65536) + 0.5) / 65536))
    assert 0 < w < 0.02
    assert D.w2_1d_quantiles(big + 1.0, stats.norm.ppf((np.arange(65536) + 0.5) / 65536)) == pytest.approx(1.0, abs=0.02)


class _Result:  # what nvar reads of a grazing.run result
    def __init__(self, V):
        self._V = V

    def velocities_all(self, t):
        assert t == 0.5
        return self._V


def test_nvar_against_numpy():
    rng = np.random.default_rng(13)
    R, N = 7, 400
    V = rng.normal(size=(R, N, 3)) * np.array([1.5, 0.7, 0.7])
    got = D.nvar(_Result(V), 0.5)
    q2 = np.sum(V * V, axis=2)
    phi = {  # the study's test functions (docs/study.md), written out again
        "bump_c0_r1.5": np.where(q2 < 2.25, np.clip(1 - q2 / 2.25, 0, None) ** 5, 0.0),
        "bump_cx1_r1": np.clip(1 - np.sum((V - np.array([1.0, 0, 0])) ** 2, axis=2), 0, None) ** 5,
        "gauss_s1": np.exp(-0.5 * q2),
        "vx": V[:, :, 0],
        "vx2": V[:, :, 0] ** 2,
        "v2": q2,
        "v4": q2 ** 2,
    }
    assert sorted(got) == sorted(phi)
    for name, p in phi.items():
        mu = p.mean(axis=1)  # mu^N(phi) of each replica
        want = N * np.sum((mu - mu.mean()) ** 2) / (R - 1)
        assert got[name] == pytest.approx(want, rel=1e-9), name
    # on a real run: the same from its velocities, and N Var of mu(vx) near its i.i.d. value Var(vx) at t = 0
    import grazing
    res = grazing.run({"model": {"name": "mbc", "gamma": 0.0, "h": 0.01},
                       "initial": {"kind": "gaussian", "N": 500, "variances": [2.0, 0.5, 0.5]},
                       "run": {"t_end": 0.1, "output_every": 0.1, "replicas": 40, "seed": 4}})
    v0 = res.velocities_all(0.0)
    n0 = D.nvar(res, 0.0)
    mu = v0[:, :, 0].mean(axis=1)
    assert n0["vx"] == pytest.approx(500 * np.var(mu, ddof=1), rel=1e-9)
    # i.i.d. Gaussian at t = 0: 39 N Var(mu(vx)) / Var(vx) is chi^2 with 39 degrees of freedom (Var(vx) = 2);
    # outside its 1e-6 and 1 - 1e-6 quantiles with probability 2e-6
    x = 39 * n0["vx"] / 2.0
    assert stats.chi2.ppf(1e-6, 39) < x < stats.chi2.isf(1e-6, 39)
