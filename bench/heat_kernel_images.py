#!/usr/bin/env python3
"""The SU(2) images of the heat kernel's SO(3) branch, by quadrature (docs/physics/mbc.md#the-exact-sampler).

The proposal omega ~ N(0, 2 tau I_3) accepted with probability sinc(psi) F(psi), psi = |omega|/2 < pi,
has the density of psi proportional to psi^2 e^{-psi^2/tau} sinc(psi) F(psi). A rotation by 2 psi about a
uniform axis moves e to e' with E[e.e'] = (1 + 2 cos 2 psi)/3. This prints, per tau: E[P_1(e.e')] with the
images (F of |n| <= 8), without them (F = 1), the exact e^{-2 tau}, and the acceptance against e^{-tau/4}.
Usage: /usr/bin/python3 bench/heat_kernel_images.py   (Debian's numpy and scipy)
"""
import numpy as np
from scipy.integrate import quad


def images_factor(psi, tau, n_max=8):
    return sum((psi + 2 * np.pi * n) / psi * np.exp(-(4 * np.pi * n * psi + 4 * np.pi**2 * n * n) / tau)
               for n in range(-n_max, n_max + 1))


def main():
    print(f"{'tau':>5} {'E[P1] images':>22} {'E[P1] without':>22} {'exact e^-2tau':>22} {'acceptance':>12} {'e^-tau/4':>10}")
    for tau in (0.25, 0.5, 1.0, 1.2, 1.5, 2.0):
        def weight(p, images):
            return p * p * np.exp(-p * p / tau) * np.sin(p) / p * (images_factor(p, tau) if images else 1.0)

        def mean_p1(images):
            num = quad(lambda p: weight(p, images) * (1 + 2 * np.cos(2 * p)) / 3, 1e-12, np.pi, limit=200)[0]
            return num / quad(lambda p: weight(p, images), 1e-12, np.pi, limit=200)[0]

        accepted = quad(lambda p: weight(p, True), 1e-12, np.pi, limit=200)[0]
        proposed = quad(lambda p: p * p * np.exp(-p * p / tau), 0, np.inf)[0]
        print(f"{tau:5.2f} {mean_p1(True):22.17g} {mean_p1(False):22.17g} {np.exp(-2 * tau):22.17g} "
              f"{accepted / proposed:12.9f} {np.exp(-tau / 4):10.7f}")


if __name__ == "__main__":
    main()
