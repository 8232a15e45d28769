"""Every binding of grazing._core and every wrapper of the grazing package refuses bad arguments with an
exception naming the argument (grazing.InputError, a ValueError whose .key is the argument, or a
TypeError for a value of the wrong type) instead of crashing or returning nonsense; valid calls at the
edges of the ranges still work (docs/python.md#bad-arguments)."""
import math

import numpy as np
import pytest

import grazing
from grazing import diagnostics as D
from grazing import references as R

NAN, INF, HUGE = float("nan"), float("inf"), 2 ** 70
V = np.random.default_rng(1).normal(size=(50, 3))
CDF = lambda r: 1 - np.exp(-r)  # noqa: E731  (a CDF of |v| for w2_speed)
MODEL = {"name": "mbc", "gamma": 0.0, "h": 0.01}
CFG = {"model": MODEL, "initial": {"kind": "maxwellian", "N": 20},
       "run": {"t_end": 0.02, "output_every": 0.01, "replicas": 1, "seed": 3}}


def refused(name, f, *args, exc=grazing.InputError, **kwargs):
    """f(*args, **kwargs) raises exc with a message "name: ..." (and .key == name for InputError)."""
    with pytest.raises(exc) as e:
        f(*args, **kwargs)
    assert str(e.value).startswith(name + ": "), str(e.value)
    if exc is grazing.InputError:
        assert isinstance(e.value, ValueError) and e.value.key == name
    return str(e.value)


def bad_points(min_rows):
    """(n, 3) arrays every points argument refuses: (label, array)."""
    nan, inf = V.copy(), V.copy()
    nan[3, 1], inf[7, 2] = NAN, -INF
    cases = [("empty", np.zeros((0, 3))), ("shape (n, 2)", V[:, :2]), ("1-D", V[:, 0]),
             ("3-D", V.reshape(1, 50, 3)), ("nan", nan), ("inf", inf), ("scalar", np.float64(1.0))]
    if min_rows > 1:
        cases.append(("too few rows", V[:min_rows - 1]))
    return cases


# (id, call(points), argument name, fewest rows the call needs)
POINTS = [
    ("sliced_w2.a", lambda x: D.sliced_w2(x, V), "a", 1),
    ("sliced_w2.b", lambda x: D.sliced_w2(V, x), "b", 1),
    ("w2_exact_3d.a", lambda x: D.w2_exact_3d(x, V[:1]), "a", 1),
    ("w2_exact_3d.b", lambda x: D.w2_exact_3d(V[:1], x), "b", 1),
    ("entropy", lambda x: D.entropy(x), "x", 2),
    ("entropy.k3", lambda x: D.entropy(x, k=3), "x", 4),
    ("fisher", lambda x: D.fisher(x), "x", 2),
    ("pair_statistic", lambda x: D.pair_statistic(x), "v", 2),
    ("test_functions", lambda x: D.test_functions(x), "v", 2),
    ("w2_speed", lambda x: D.w2_speed(x, CDF, cells=64), "v", 1),
    ("ou_sample", lambda x: R.ou_sample(x, 3.0, 0.5, 0.1), "v0", 1),
    ("Simulation", lambda x: grazing.Simulation(x, MODEL), "velocities", 2),
    ("advance", lambda x: grazing.advance(x, MODEL, 0.0, 0.01), "velocities", 2),
]


@pytest.mark.parametrize("call, name, min_rows", [p[1:] for p in POINTS], ids=[p[0] for p in POINTS])
def test_points_arguments(call, name, min_rows):
    for label, x in bad_points(min_rows):
        msg = refused(name, call, x)
        assert label != "too few rows" or "at least %d point" % min_rows in msg
    call(V[:min_rows] if min_rows > 1 else V[:1])  # the fewest rows accepted


# (id, call(sample), argument name)
SAMPLES = [
    ("w2_1d.a", lambda x: D.w2_1d(x, [1.0, 2.0]), "a"),
    ("w2_1d.b", lambda x: D.w2_1d([1.0, 2.0], x), "b"),
    ("w2_1d_quantiles.a", lambda x: D.w2_1d_quantiles(x, np.array([1.0, 2.0])), "a"),
    ("w2_1d_quantiles.quantiles", lambda x: D.w2_1d_quantiles(np.array([1.0, 2.0]), x), "quantiles"),
]


@pytest.mark.parametrize("call, name", [s[1:] for s in SAMPLES], ids=[s[0] for s in SAMPLES])
def test_sample_arguments(call, name):
    for x in (np.array([]), [], np.ones((2, 2)), np.float64(1.0), np.array([1.0, NAN]), np.array([INF, 1.0])):
        refused(name, call, x)
    assert call([3.0]) >= 0


def test_diagnostics_size_parameters():
    for k in (0, -1, HUGE, np.int64(-3)):
        refused("k", D.entropy, V, k=k)
    refused("k", D.entropy, V, k=1.5, exc=TypeError)
    for bw in (-1.0, NAN, INF):
        refused("bandwidth", D.fisher, V, bandwidth=bw)
    for d in (0, -1, HUGE):
        refused("directions", D.sliced_w2, V, V, directions=d)
    for seed in (-1, HUGE):
        refused("seed", D.sliced_w2, V, V, seed=seed)
        refused("seed", D.pair_statistic, V, seed=seed)
    refused("s", D.pair_statistic, V, s=NAN)
    for cap in (0.0, -1.0, NAN):
        refused("cap", D.pair_statistic, V, cap=cap)
    for m in (0, -1, HUGE):
        refused("max_pairs", D.pair_statistic, V, max_pairs=m)
    for cells in (0, -1, HUGE):
        refused("cells", D.w2_speed, V, CDF, cells=cells)
    for r_max in (0.0, -1.0, NAN, INF):
        refused("r_max", D.w2_speed, V, CDF, r_max=r_max)
    refused("cdf", D.w2_speed, V, "not a function", exc=TypeError)
    refused("b", D.w2_exact_3d, V, V[:5])  # not as many points as a
    one = grazing.run(CFG)
    refused("result", D.nvar, one, 0.01)  # N Var over replicas needs 2


def test_diagnostics_edges_still_work():
    # k-NN entropy with exactly k + 1 points, one direction, one point each, numpy integers as ints
    assert math.isfinite(D.entropy(V[:4], k=3))
    assert D.sliced_w2(V, V + 1.0, directions=1) > 0
    assert D.w2_exact_3d(V[:1], V[1:2]) == pytest.approx(np.linalg.norm(V[0] - V[1]), rel=1e-15)
    assert D.sliced_w2(V, V[::-1], directions=np.int32(5), seed=np.uint8(2)) == D.sliced_w2(V, V[::-1], 5, 2)
    # lists as before, the same values as arrays
    assert D.w2_1d([0, 1, 2], [3, 1, 2]) == D.w2_1d(np.array([0.0, 1, 2]), np.array([3.0, 1, 2]))
    assert D.entropy(V.tolist()) == D.entropy(V)
    I, bw = D.fisher(V, bandwidth=0.0)
    assert (I, bw) == D.fisher(V, bandwidth=bw) and bw > 0


def test_run_threads_in_the_clis_range():
    for threads in (-5, -1, 4097, 100000, HUGE):
        msg = refused("threads", grazing.run, CFG, threads=threads)
        assert msg == "threads: must be in [0, 4096] (got %d)" % threads  # run.threads' message
    refused("threads", grazing.run, CFG, threads=2.5, exc=TypeError)
    refused("progress", grazing.run, CFG, progress=3, exc=TypeError)
    ref = grazing.run(CFG, threads=1)
    assert np.array_equal(grazing.run(CFG, threads=0).moments, ref.moments)
    assert np.array_equal(grazing.run(CFG).velocities(0.02), ref.velocities(0.02))
    for replica in (-1, 1, "0"):
        refused("replica", ref.velocities, 0.02, replica=replica)


def test_config_integers_outside_64_bits_name_their_key():
    for section, key, value in (("initial", "N", HUGE), ("initial", "N", -HUGE), ("run", "seed", 2 ** 64)):
        cfg = {k: dict(v) for k, v in CFG.items()}
        cfg[section][key] = value
        msg = refused(section + "." + key, grazing.Config, cfg)
        assert str(value) in msg
    refused("initial.N", grazing.initial_sample, "maxwellian", N=HUGE)


def test_simulation_and_initial_sample_arguments():
    v = V[:10]
    for seed in (-1, HUGE):
        refused("run.seed", grazing.Simulation, v, MODEL, seed=seed)
        refused("run.seed", grazing.initial_sample, "maxwellian", N=10, seed=seed)
    for replica in (-1, 2 ** 31, HUGE):
        refused("replica", grazing.Simulation, v, MODEL, replica=replica)
        refused("replica", grazing.initial_sample, "maxwellian", N=10, replica=replica)
    for interval in (-1, HUGE):
        refused("interval", grazing.Simulation, v, MODEL, interval=interval)
    for threads in (-1, 4097, HUGE):
        refused("threads", grazing.Simulation, v, MODEL, threads=threads)
    for events in (-1, HUGE):
        refused("counters['events']", grazing.Simulation, v, MODEL, counters={"events": events})
    refused("counters", grazing.Simulation, v, MODEL, counters={"collisions": 3})
    for t in (NAN, INF):
        refused("t", grazing.Simulation, v, MODEL, t=t)
    sim = grazing.Simulation(v, MODEL, seed=np.int64(4), threads=4096)  # the largest thread count
    for t1 in (NAN, INF, 0.0, -1.0):
        refused("t1", sim.advance, t1)
    refused("progress", sim.advance, 0.01, progress="no", exc=TypeError)
    assert np.array_equal(sim.advance(0.01).velocities, grazing.advance(v, MODEL, 0.0, 0.01, seed=4, threads=1))


def test_bkw_arguments():
    for K0 in (NAN, INF, 1.5):
        refused("K0", R.Bkw, K0)
    for C in (0.0, -1.0, NAN, INF):
        refused("C", R.Bkw, 0.6, C)
    b, x = R.Bkw(0.6), np.array([0.5, 1.0])
    refused("t", b.K, NAN)
    for f in (b.density, b.speed_cdf, b.marginal, b.marginal_cdf):
        refused("x", f, np.array([0.5, NAN]), 0.1)
        refused("x", f, np.array([[INF]]), 0.1)
        for t in (NAN, INF, -1.0):  # K(-1) < 3/5: not a density
            refused("t", f, x, t)
    for two_k in (1, 3, 8, -2, HUGE):
        refused("two_k", b.moment, two_k, 0.1)
    for f in (b.entropy, b.fisher):
        refused("t", f, -1.0)
    refused("n", b.sample, -1, 0.0)
    refused("n", b.sample, HUGE, 0.0)
    refused("seed", b.sample, 10, 0.0, seed=-1)
    refused("t", b.sample, 10, NAN)
    assert b.sample(0, 0.0).shape == (0, 3) and b.density(x, 0.0).shape == (2,)


def test_maxwell_references_arguments():
    for E in (-1.0, NAN):
        refused("E", R.ou_sample, V, E, 0.5, 0.1)
    refused("C", R.ou_sample, V, 3.0, 0.0, 0.1)
    for t in (-1.0, NAN, INF):
        refused("t", R.ou_sample, V, 3.0, 0.5, t)
    refused("seed", R.ou_sample, V, 3.0, 0.5, 0.1, seed=-1)
    P0 = [1.0, 1.0, 1.0, 0.0, 0.0, 0.0]
    refused("P0", R.MaxwellMoments, [1.0, NAN, 1.0, 0.0, 0.0, 0.0], 15.0, 0.5)
    refused("M4_0", R.MaxwellMoments, P0, INF, 0.5)
    refused("C", R.MaxwellMoments, P0, 15.0, -0.5)
    m = R.MaxwellMoments(P0, 15.0, 0.5)
    refused("t", m.second, NAN)
    refused("t", m.fourth, INF)
    for args, name in (((0.0, 1.0), "theta_par"), ((NAN, 1.0), "theta_par"), ((1.0, -1.0), "theta_perp"),
                       ((1.0, INF), "theta_perp"), ((1.0, 1.0, 0.0), "C")):
        refused(name, R.coulomb_isotropisation_rate, *args)


def test_radial_solver_arguments():
    f0 = lambda r: math.exp(-r * r / 2) / (2 * math.pi) ** 1.5  # noqa: E731
    for gamma in (-4.0, 2.0, NAN):
        refused("gamma", R.RadialSolver, f0, gamma)
    for key, values in (("C", (0.0, NAN)), ("r_max", (0.0, -1.0, INF)), ("cells", (3, 0, -1, HUGE)),
                        ("dt", (0.0, NAN))):
        for x in values:
            refused(key, R.RadialSolver, f0, 0.0, **{key: x})
    s = R.RadialSolver(f0, 0.0, cells=4)  # the fewest cells
    for t in (NAN, INF):
        refused("t", s.advance_to, t)
    for i in (-1, 4, HUGE):
        refused("i", s.cell_center, i)
    for p in (-3, HUGE):
        refused("p", s.moment, p)
    refused("x", s.speed_cdf, np.array([NAN]))
    refused("n", s.sample, -1)
    refused("seed", s.sample, 5, seed=-1)
    assert s.cell_center(3) == pytest.approx(7.0) and s.sample(5).shape == (5, 3)
