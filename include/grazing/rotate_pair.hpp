// The one move every conservative model is built from (docs/physics/index.md#the-one-move):
// rotate the relative velocity of a pair (i, j) about its centre of mass m_ij by a draw of an
// angular law, keeping m_ij and r_ij = |v_i - v_j|, hence momentum and energy.
//   v_i' = m + (r/2) e',  v_j' = m - (r/2) e'      (Du section 1, the MBC update; docs/physics/mbc.md#the-process step 5)
// and, for unequal masses, about the pair's centre of mass (MassFractions below).
// The angular law is a callable (e, r, rng) -> e' chosen by the model at compile time, so no virtual
// call happens per collision.
#pragma once
#include <algorithm>
#include <cmath>

#include "grazing/heat_kernel.hpp"
#include "grazing/particles.hpp"

namespace grazing {

enum class PairOutcome { kRotated, kCoincident };

// Below this |v_i - v_j|^2, rotate_pair rescales z before taking its length (|z|^2 may underflow).
inline constexpr double kRescaleBelow = 0x1p-960;

// d = (r/2) e'/|e'|, the half relative velocity after the move (v_i' = m + d, v_j' = m - d), for a
// direction e' with |e'| = 1 up to a few ulp. Scaled so that |d| = r/2 without bias: a unit vector's
// computed norm sits at the kink of the floating-point grid at 1 (spacing 2^-52 above, 2^-53 below),
// so plain normalisation leaves |e'|^2 - 1 biased by ~+0.6 ulp and energy would drift linearly
// (~1e-19 N E per collision). Instead delta = |e'|^2 - 1 is formed with fused multiply-adds (no
// cancellation) and the first order correction 1/|e'| = 1 - delta/2 is applied to r/2, whose grid
// has no kink. T = double, or Double4 for four pairs (rotate_pairs_x4.hpp).
template <class T>
inline Vec3T<T> half_relative_velocity(Vec3T<T> ep, T r) {
  const T delta = fma_of(ep.z, ep.z, fma_of(ep.y, ep.y, fma_of(ep.x, ep.x, splat<T>(-1.0))));
  const T half_r = splat<T>(0.5) * r;
  return (half_r - half_r * (splat<T>(0.5) * delta)) * ep;
}

// The masses of a pair. Equal masses (every single-species model): centre m = (v_i + v_j)/2 and
// v_i' = m + d, v_j' = m - d. Unequal masses m_i, m_j (several species; docs/physics/plasma.md#the-pair-move):
// with the mass fractions f_i = m_i/(m_i + m_j) and f_j = 1 - f_i, the centre of mass is
// V = f_i v_i + f_j v_j and v_i' = V + 2 f_j d, v_j' = V - 2 f_i d (PLASMA P.2: v_i = V + (mu/m_i) u,
// mu/m_i = f_j, u = 2 d). The larger fraction is computed and the smaller is 1 minus it, exact by
// Sterbenz's lemma, so that f_i + f_j = 1 exactly: the centre of mass is then carried without a
// systematic error, and what round-off leaves is proportional to the momentum and energy the pair
// exchanges (docs/physics/plasma.md#round-off).
struct EqualMasses {
  Vec3 centre(Vec3 vi, Vec3 vj) const { return 0.5 * (vi + vj); }
  Vec3 step_i(Vec3 d) const { return d; }
  Vec3 step_j(Vec3 d) const { return d; }
};
struct MassFractions {
  double fi = 0.5, fj = 0.5;
  static MassFractions of(double mi, double mj) {
    MassFractions f;
    if (mi >= mj) f.fi = mi / (mi + mj), f.fj = 1.0 - f.fi;
    else f.fj = mj / (mi + mj), f.fi = 1.0 - f.fj;
    return f;
  }
  Vec3 centre(Vec3 vi, Vec3 vj) const { return fi * vi + fj * vj; }
  Vec3 step_i(Vec3 d) const { return (2.0 * fj) * d; }
  Vec3 step_j(Vec3 d) const { return (2.0 * fi) * d; }
};

// Rotate the pair (i, j) of `v` with e' = draw(e, r, rng). Returns kCoincident and changes nothing
// when v_i == v_j exactly (Du section 1: "do nothing if v_i = v_j").
template <class AngularDraw, class Masses = EqualMasses>
inline PairOutcome rotate_pair(ParticleStore& v, std::size_t i, std::size_t j, AngularDraw&& draw,
                               CounterRng& rng, const Masses& masses = {}) {
  const Vec3 vi = v.get(i), vj = v.get(j);
  const Vec3 z = vi - vj;
  const double r2 = norm2(z);
  double r;
  Vec3 e;
  if (r2 > kRescaleBelow) [[likely]] {
    r = std::sqrt(r2);
    e = (1.0 / r) * z;
  } else {
    // |z|^2 may underflow although v_i != v_j: rescale by the largest component first. Divided, not
    // multiplied by 1/s, which overflows to inf for a subnormal s (tests/unit/test_degenerate_states.cpp).
    const double s = std::max({std::fabs(z.x), std::fabs(z.y), std::fabs(z.z)});
    if (s == 0.0) return PairOutcome::kCoincident;
    const Vec3 zs{z.x / s, z.y / s, z.z / s};
    const double rs = norm(zs);
    r = s * rs;
    e = (1.0 / rs) * zs;
  }
  const Vec3 m = masses.centre(vi, vj);
  const Vec3 ep = draw(e, r, rng);
  const Vec3 d = half_relative_velocity(ep, r);
  v.set(i, m + masses.step_i(d));
  v.set(j, m - masses.step_j(d));
  return PairOutcome::kRotated;
}

// The heat-kernel move with tau = tau_of_r(r): the angular law of MBC, Tabary's pair splitting and
// the N-particle Landau diffusion (docs/physics/index.md#the-one-move). tau_of_r may return +infinity (uniform direction).
template <class TauOfR, class Masses = EqualMasses>
inline PairOutcome rotate_pair_heat(ParticleStore& v, std::size_t i, std::size_t j, TauOfR&& tau_of_r,
                                    CounterRng& rng, const Masses& masses = {}) {
  return rotate_pair(
      v, i, j, [&](Vec3 e, double r, CounterRng& g) { return sample_heat_kernel_S2<false>(e, tau_of_r(r), g); },
      rng, masses);
}

}  // namespace grazing
