// The exact heat kernel on S^2 with generator Delta_{S^2} (not Delta/2), DESIGN.md
// "Exact spherical heat kernel". Law of x = e.e': density sum_l (2l+1)/2 e^{-l(l+1)tau} P_l(x),
// azimuth uniform, so E[P_l(e.e')] = e^{-l(l+1)tau}  (SPEC.md section 0).
//
// Branches (all exact to double precision; the constants below bound what is neglected):
//  * tau == 0                 : identity.
//  * 0 < tau <= kSmallTauMax  : e' = R e with R Brownian motion on SO(3) at time tau, sampled in
//                               exponential coordinates: omega ~ N(0, 2 tau I_3), accepted with
//                               probability sinc(|omega|/2) restricted to |omega| < 2 pi (one
//                               cover of SU(2)); acceptance rate e^{-tau/4}. The neglected images of
//                               the SU(2) kernel weigh e^{-pi^2/tau} <= e^{-39.4} ~ 7e-18.
//  * kSmallTauMax < tau <= kUniformTau : x by rejection from uniform on [-1,1] against the Legendre
//                               density, truncated where the first neglected term is
//                               < (2l+1)/2 e^{-46} < 1e-19;
//                               acceptance >= 0.23; azimuth uniform.
//  * tau > kUniformTau        : uniform on S^2; the density differs from uniform by at most
//                               3 e^{-2 tau} < 1.3e-17 relative, below double resolution.
#pragma once
#include <algorithm>
#include <cmath>
#include <numbers>

#include "grazing/rng.hpp"
#include "grazing/vec3.hpp"

namespace grazing {

inline constexpr double kSmallTauMax = 0.25;
inline constexpr double kUniformTau = 20.0;
inline constexpr double kLegendreTailExponent = 46.0;

// Uniform point on S^2 (Archimedes: z uniform on [-1,1], azimuth uniform).
inline Vec3 uniform_direction(CounterRng& rng) {
  const double z = 2.0 * rng.uniform() - 1.0;
  const double phi = 2.0 * std::numbers::pi * rng.uniform();
  const double s = std::sqrt(std::max(0.0, (1.0 - z) * (1.0 + z)));
  return {s * std::cos(phi), s * std::sin(phi), z};
}

// Orthonormal basis (u1, u2) of e^perp for a unit vector e (branch-free construction of
// Duff et al., JCGT 6(1) 2017, "Building an Orthonormal Basis, Revisited").
inline void orthonormal_basis(Vec3 e, Vec3& u1, Vec3& u2) {
  const double sign = std::copysign(1.0, e.z);
  const double a = -1.0 / (sign + e.z);
  const double b = e.x * e.y * a;
  u1 = {1.0 + sign * e.x * e.x * a, sign * b, -sign * e.x};
  u2 = {b, sign + e.y * e.y * a, -e.y};
}

// Number of Legendre terms kept at time tau: the first neglected l satisfies l(l+1) tau > 46.
inline int legendre_terms(double tau) {
  return static_cast<int>(std::ceil(std::sqrt(kLegendreTailExponent / tau)));
}

namespace detail {

// Small-tau branch: Brownian motion on SO(3) in exponential coordinates.
inline Vec3 heat_kernel_small_tau(Vec3 e, double tau, CounterRng& rng) {
  const double sd = std::sqrt(2.0 * tau);
  for (;;) {
    const Vec3 w{sd * rng.normal(), sd * rng.normal(), sd * rng.normal()};
    const double phi = norm(w);
    const double u = rng.uniform();
    if (phi >= 2.0 * std::numbers::pi) continue;  // outside one cover of SU(2): weight e^{-pi^2/tau}
    const double half = 0.5 * phi;
    const double sinc = half > 0.0 ? std::sin(half) / half : 1.0;
    if (u >= sinc) continue;
    if (phi == 0.0) return e;
    const Vec3 n = (1.0 / phi) * w;
    const double s2 = std::sin(half);
    // Rodrigues' formula in the form precise for tiny angles:
    // e' = e + sin(phi) (n x e) + 2 sin^2(phi/2) (n (n.e) - e)
    const Vec3 ep = e + std::sin(phi) * cross(n, e) + (2.0 * s2 * s2) * (dot(n, e) * n - e);
    return (1.0 / norm(ep)) * ep;
  }
}

// Moderate-tau branch: x = e.e' by rejection from uniform against the Legendre density.
inline double heat_kernel_cosine(double tau, CounterRng& rng) {
  const int L = legendre_terms(tau);
  constexpr int kMaxTerms = 16;  // legendre_terms(0.25) = 14
  double c[kMaxTerms + 1];       // c_l = (2l+1)/2 e^{-l(l+1) tau}
  const double q = std::exp(-tau);
  double w = 1.0;                // e^{-l(l+1) tau}, updated by w_l = w_{l-1} q^{2l}
  double q2l = 1.0;
  double bound = 0.0;            // density at x = 1, its maximum
  const int terms = std::min(L, kMaxTerms);
  for (int l = 0; l <= terms; ++l) {
    if (l > 0) {
      q2l *= q * q;
      w *= q2l;
    }
    c[l] = 0.5 * (2 * l + 1) * w;
    bound += c[l];
  }
  for (;;) {
    const double x = 2.0 * rng.uniform() - 1.0;
    const double u = rng.uniform();
    // Bonnet: (l+1) P_{l+1} = (2l+1) x P_l - l P_{l-1}
    double p0 = 1.0, p1 = x, dens = c[0] + c[1] * x;
    for (int l = 1; l < terms; ++l) {
      const double p2 = ((2 * l + 1) * x * p1 - l * p0) / (l + 1);
      dens += c[l + 1] * p2;
      p0 = p1;
      p1 = p2;
    }
    if (u * bound <= dens) return x;
  }
}

}  // namespace detail

// A draw e' ~ K_tau(e, .), heat kernel on S^2 with generator Delta_{S^2}. e must be a unit vector.
// tau = +infinity (or anything above kUniformTau) gives a uniform direction; tau <= 0 the identity.
inline Vec3 sample_heat_kernel_S2(Vec3 e, double tau, CounterRng& rng) {
  if (!(tau > 0.0)) return e;
  if (tau <= kSmallTauMax) return detail::heat_kernel_small_tau(e, tau, rng);
  if (tau > kUniformTau) return uniform_direction(rng);
  const double x = detail::heat_kernel_cosine(tau, rng);
  const double phi = 2.0 * std::numbers::pi * rng.uniform();
  Vec3 u1, u2;
  orthonormal_basis(e, u1, u2);
  const double s = std::sqrt(std::max(0.0, (1.0 - x) * (1.0 + x)));
  const Vec3 ep = x * e + (s * std::cos(phi)) * u1 + (s * std::sin(phi)) * u2;
  return (1.0 / norm(ep)) * ep;
}

}  // namespace grazing
