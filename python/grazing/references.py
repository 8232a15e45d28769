"""Exact and reference solutions of the Landau equation (docs/physics/index.md#the-constant-c-and-the-clocks; docs/python.md).

    Bkw(K0, C=0.5)          the BKW solution (gamma = 0): K(t), density(r, t), speed_cdf(r, t), marginal(x, t),
                            marginal_cdf(x, t), moment(2k, t), entropy(t), fisher(t), sample(n, t, seed)
    ou_sample(v0, E, C, t)  exact draws of the isotropic Maxwell-molecule flow from velocities v0 (n, 3)
    MaxwellMoments(P0, M4_0, C)   closed second (6 components) and fourth moments at gamma = 0
    coulomb_isotropisation_rate(theta_par, theta_perp, C=0.5)   NRL/Trubnikov rate at gamma = -3
    RadialSolver(f0, gamma, C=0.5, r_max=8, cells=200, dt=1e-3)   the isotropic solver for any gamma
"""
from . import _need_core

_core = _need_core()
from ._core import Bkw, ou_sample, MaxwellMoments, coulomb_isotropisation_rate, RadialSolver  # noqa: E402

__all__ = ["Bkw", "ou_sample", "MaxwellMoments", "coulomb_isotropisation_rate", "RadialSolver"]
