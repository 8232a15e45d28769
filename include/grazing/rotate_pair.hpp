// The one move every conservative model is built from (DESIGN.md "The one idea every model shares"):
// rotate the relative velocity of a pair (i, j) about its centre of mass m_ij by a draw of an
// angular law, keeping m_ij and r_ij = |v_i - v_j|, hence momentum and energy.
//   v_i' = m + (r/2) e',  v_j' = m - (r/2) e'      (Du (2.4); SPEC.md A.5 step 5)
// The angular law is a callable (e, r, rng) -> e' chosen by the model at compile time, so no virtual
// call happens per collision.
#pragma once
#include "grazing/heat_kernel.hpp"
#include "grazing/particles.hpp"

namespace grazing {

enum class PairOutcome { kRotated, kCoincident };

// Rotate the pair (i, j) of `v` with e' = draw(e, r, rng). Returns kCoincident and changes nothing
// when v_i == v_j exactly (Du section 1: "do nothing if v_i = v_j").
template <class AngularDraw>
inline PairOutcome rotate_pair(ParticleStore& v, std::size_t i, std::size_t j, AngularDraw&& draw,
                               CounterRng& rng) {
  const Vec3 vi = v.get(i), vj = v.get(j);
  const Vec3 z = vi - vj;
  const double r2 = norm2(z);
  if (r2 == 0.0) return PairOutcome::kCoincident;
  const double r = std::sqrt(r2);
  const Vec3 m = 0.5 * (vi + vj);
  const Vec3 e = (1.0 / r) * z;
  const Vec3 ep = draw(e, r, rng);
  const Vec3 d = (0.5 * r) * ep;
  v.set(i, m + d);
  v.set(j, m - d);
  return PairOutcome::kRotated;
}

// The heat-kernel move with tau = tau_of_r(r): the angular law of MBC, Tabary's pair splitting and
// the N-particle Landau diffusion (DESIGN.md). tau_of_r may return +infinity (uniform direction).
template <class TauOfR>
inline PairOutcome rotate_pair_heat(ParticleStore& v, std::size_t i, std::size_t j, TauOfR&& tau_of_r,
                                    CounterRng& rng) {
  return rotate_pair(
      v, i, j, [&](Vec3 e, double r, CounterRng& g) { return sample_heat_kernel_S2(e, tau_of_r(r), g); },
      rng);
}

}  // namespace grazing
