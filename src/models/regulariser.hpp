// Tabary's regularised potential alpha^N = alpha_eta (Tabary Remark 2.1; docs/physics/tabary.md#the-regularised-potential):
//   chi: R+ -> R+* smooth, increasing, chi = 0.99 on [0, 1/2], chi(r) = r for r >= 1, 0 <= chi' <= 1,
//   chi(r) >= r;  chi_eta(r) = eta chi(r/eta);  alpha_eta(r) = chi_eta(r)^gamma.
// The concrete C-infinity chi of docs/physics/tabary.md#the-regularised-potential (derived):
//   S(x) = psi(x) / (psi(x) + psi(1-x)), psi(x) = e^{-1/x} (x > 0), 0 otherwise;
//   chi(r) = 0.99 + int_{1/2}^{r} S((s - 0.98)/0.02) ds,
// so chi = 0.99 on [0, 0.98], chi(1) = 1 and chi(r) = r for r >= 1. It satisfies Tabary's
// condition (2): r |alpha'(r)| / alpha(r) = |gamma| x chi'(x)/chi(x) <= |gamma|/0.99, x = r/eta.
// eta = 0 means the unregularised alpha = r^gamma (Tabary Remark 1.1).
#pragma once
#include "grazing/power.hpp"
#include "grazing/simd.hpp"

namespace grazing {

// The smooth step S(x) on [0, 1] (0 below, 1 above).
double smooth_step(double x);
// chi(x) and chi'(x) of docs/physics/tabary.md#the-regularised-potential.
double tabary_chi(double x);
double tabary_chi_prime(double x);

class TabaryPotential {
 public:
  TabaryPotential(double gamma, double eta) : gamma_(gamma), eta_(eta), power_(gamma) {}
  double gamma() const { return gamma_; }
  double eta() const { return eta_; }
  // alpha_eta(r) = (eta chi(r/eta))^gamma; r^gamma for r >= eta or eta = 0 (+inf at r = 0, gamma < 0).
  // r = NaN (a pair with a non-finite velocity, which Euler-Maruyama can produce within an output
  // interval; the driver's guard names it at the next output time) takes the first branch: NaN.
  double alpha(double r) const {
    if (eta_ == 0.0 || !(r < eta_)) return power_(r);
    return power_(eta_ * tabary_chi(r / eta_));
  }
  // Four distances at once (the batched pair rotation): each lane's alpha(r), bit for bit.
  Double4 alpha(Double4 r) const {
    const Double4 p = power_(r);
    if (eta_ == 0.0 || lane_bits(r < eta_) == 0) [[likely]] return p;
    return Double4{alpha(r[0]), alpha(r[1]), alpha(r[2]), alpha(r[3])};
  }

 private:
  double gamma_, eta_;
  RealPower power_;  // x -> x^gamma
};

// Default regularisation scale of docs/physics/tabary.md#default-regularisation-scale: eta_N = N^{-1/(2(gamma+3))} floored at 1e-8, for
// gamma < 0; 0 (no regularisation needed) for gamma >= 0.
double default_tabary_eta(double gamma, double N);

}  // namespace grazing
