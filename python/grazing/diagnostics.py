"""The diagnostics of `grazing study` on numpy arrays (docs/study.md#the-diagnostics; docs/python.md).

    w2_1d(a, b)                 exact W2 between two 1-D samples of equal size
    w2_1d_quantiles(a, Q)       W2 between a 1-D sample and a law given by its quantiles at (j + 1/2)/J
    w2_speed(v, cdf)            W2 of |v| (v: (n, 3)) to a law of |v| given by its CDF (vectorised callable)
    sliced_w2(a, b, directions=32, seed=1)     sliced W2 of two (n, 3) samples
    w2_exact_3d(a, b)           exact 3-D W2 (optimal assignment; O(n^2) memory)
    entropy(v, k=1)             Kozachenko-Leonenko k-NN estimate of int f log f
    fisher(v, bandwidth=0)      KDE estimate of int |grad f|^2 / f -> (value, bandwidth used)
    pair_statistic(v, s=-2, cap=1e4, max_pairs=200000, seed=1)   S_s = mean |v_i - v_j|^s (S_-2 of Du)
    test_functions(v)           {name: (mu(phi), pair moment U(phi))} of the study's test-function bank
    nvar(result, t)             {name: N Var over replicas of mu_t^N(phi)} from a grazing.run result
"""
import numpy as np

from . import _need_core, _input_error

_core = _need_core()
from ._core import w2_1d, w2_1d_quantiles, sliced_w2, w2_exact_3d, pair_statistic, test_functions  # noqa: E402

__all__ = ["w2_1d", "w2_1d_quantiles", "w2_speed", "sliced_w2", "w2_exact_3d", "entropy", "fisher",
           "pair_statistic", "test_functions", "nvar"]


def entropy(v, k=1):
    return _core.kl_entropy(v, k)


def fisher(v, bandwidth=0.0):
    return _core.kde_fisher(v, bandwidth)


def w2_speed(v, cdf, cells=65536, r_max=None):
    """W2 between the law of |v| under the sample v (n, 3) and a law of |v| with CDF cdf, through its
    quantiles at (j + 1/2)/cells found by bisection (as the study does)."""
    speeds = np.linalg.norm(_core.require_points(v, "v"), axis=1)
    if not callable(cdf):
        raise TypeError("cdf: expected a callable (a vectorised CDF of |v|)")
    cells = _core.require_int(cells, "cells", 1)
    hi = _core.require_positive(r_max, "r_max") if r_max is not None else 1.0
    while r_max is None and cdf(hi) < 1 - 1e-15 and hi < 1e6:
        hi *= 2
    u = (np.arange(cells) + 0.5) / cells
    lo_b, hi_b = np.zeros(cells), np.full(cells, hi)
    for _ in range(100):
        mid = 0.5 * (lo_b + hi_b)
        below = np.asarray(cdf(mid)) < u
        lo_b = np.where(below, mid, lo_b)
        hi_b = np.where(below, hi_b, mid)
    return _core.w2_1d_quantiles(speeds, 0.5 * (lo_b + hi_b))


def nvar(result, t):
    """N times the variance over replicas (divisor R - 1) of mu_t^N(phi) for every test function."""
    V = result.velocities_all(t)
    if V.shape[0] < 2:
        raise _input_error("result", "nvar needs at least 2 replicas (got %d)" % V.shape[0])
    per = [test_functions(V[r]) for r in range(V.shape[0])]
    N = V.shape[1]
    return {name: N * np.var([p[name][0] for p in per], ddof=1) for name in per[0]}
