// Exact Landau results for Maxwell molecules (gamma = 0) with Landau constant C, rho = 1 (docs/physics/references.md#maxwell-molecules-with-isotropic-data
// and #maxwell-molecule-moments; external, checked symbolically):
//  * isotropic f0 (zero mean): the Landau flow is the Ornstein-Uhlenbeck flow
//      d_t f = kappa div(T grad f + v f),  kappa = 2C,  T = E/3,  E = int |v|^2 f0,
//    so V_t = e^{-kappa t} V_0 + sqrt(T (1 - e^{-2 kappa t})) Z is an exact sample of f_t;
//  * any f0 with zero mean: the second-moment tensor P = int v (x) v f obeys dP/dt = C(4E I - 12P), so
//      P(t) - (E/3) I = (P0 - (E/3) I) e^{-12Ct},
//    and the fourth moment M4 = int |v|^4 f obeys dM4/dt = C(-8 M4 + 16 E^2 - 8 ||P(t)||_F^2), whose
//    solution (derived here; D = P0 - (E/3) I traceless, so ||P||^2 = E^2/3 + ||D||^2 e^{-24Ct}) is
//      M4(t) = (5/3) E^2 + (M4(0) - (5/3) E^2 - ||D||^2/2) e^{-8Ct} + (||D||^2/2) e^{-24Ct}.
#pragma once
#include <array>

#include "grazing/rng.hpp"
#include "grazing/vec3.hpp"

namespace grazing {

// OU map of an exact draw V0 ~ f0 (isotropic, zero mean, second moment E) to an exact draw of f_t.
Vec3 maxwell_isotropic_flow(Vec3 v0, double E, double C, double t, CounterRng& rng);

class MaxwellMoments {
 public:
  // P0: the 6 entries xx, yy, zz, xy, xz, yz of int v (x) v f0 (zero mean); M4_0 = int |v|^4 f0.
  MaxwellMoments(std::array<double, 6> P0, double M4_0, double C);
  std::array<double, 6> second(double t) const;  // P(t)
  double fourth(double t) const;                 // M4(t)

 private:
  std::array<double, 6> P0_;
  double M4_0_, C_, E_, D2_;
};

// Coulomb (gamma = -3) bi-Maxwellian isotropisation, exact initial rate (docs/physics/references.md#coulomb-isotropisation-rate; NRL formulary /
// Trubnikov): for variances theta_par (one axis) and theta_perp (two axes), rho = 1,
//   d theta_par/dt = 2 nu (theta_perp - theta_par),  d theta_perp/dt = -nu (theta_perp - theta_par) at t = 0,
//   nu = (C/sqrt(pi)) theta_par^{-3/2} A^{-2} [-3 + (A + 3) arctan(sqrt A)/sqrt A],  A = theta_perp/theta_par - 1
// (arctanh(sqrt(-A))/sqrt(-A) for A < 0; the series limit 4/(5 sqrt(pi)) C theta^{-3/2} at A = 0).
double coulomb_isotropisation_rate(double theta_par, double theta_perp, double C);

}  // namespace grazing
