// Numerical corners at the Coulomb singularity (gamma = -3): N = 1e4 particles sitting on two velocities
// only — exactly coincident pairs (r = 0: nothing happens), and pairs of the two groups at distances r
// from 2 down to a few ulp of |v|, and (velocities themselves tiny) down to 1e-160 (tau = h r^-3
// overflows to +inf: a uniform direction; r^2 underflows: rotate_pair's rescaled branch). For mbc,
// tabary pair splitting and landau-diffusion: every velocity stays finite and momentum and energy are
// kept to round-off.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "grazing/moments.hpp"
#include "models/landau_diffusion.hpp"
#include "models/mbc.hpp"
#include "models/regulariser.hpp"
#include "models/tabary.hpp"
#include "support/run_model.hpp"

using namespace grazing;

namespace {

ReplicaState two_velocities(std::size_t N, Vec3 a, Vec3 b) {
  ReplicaState s;
  s.v.resize(N);
  for (std::size_t i = 0; i < N; ++i) s.v.set(i, i % 2 ? b : a);
  return s;
}

// Half the particles at a, half at a + (r, 0, 0); r is the gap between the groups.
void expect_finite_and_conserved(const Model& m, Vec3 a, double r, double t, int threads) {
  const std::size_t N = 10000;
  const Vec3 b = a + Vec3{r, 0, 0};
  ASSERT_NE(b.x, a.x) << "the two velocities must differ";
  ReplicaState s = two_velocities(N, a, b);
  const Moments m0 = compute_moments(s.v);
  test::advance(m, s, t, 1, 17, threads);
  for (std::size_t i = 0; i < N; ++i) {
    const Vec3 v = s.v.get(i);
    ASSERT_TRUE(std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z)) << m.name() << " r=" << r << " particle " << i;
  }
  const Moments m1 = compute_moments(s.v);
  const double scale = std::sqrt(m0.mean_v2);  // |v|: round-off of O(1e-16 |v|) per move
  const double dE = std::fabs(m1.mean_v2 - m0.mean_v2) / m0.mean_v2;
  EXPECT_GT(s.counters.events - s.counters.coincident, 0u) << m.name() << ": no pair of the two groups moved";
  if (m0.mean_v2 > 1e-280) {  // (|v|^2 subnormal: no relative precision)
    EXPECT_LT(dE, 1e-13) << m.name() << " r=" << r;
  }
  EXPECT_LT(norm(m1.mean - m0.mean), 1e-14 * scale) << m.name() << " r=" << r;
  std::printf("%s, |v| = %.3g, r = %g: %llu moves (%llu on coincident pairs, %llu uniform directions), energy drift %.2e\n",
              m.name().c_str(), scale, r, static_cast<unsigned long long>(s.counters.events),
              static_cast<unsigned long long>(s.counters.coincident),
              static_cast<unsigned long long>(s.counters.uniform_direction), dE);
}

}  // namespace

TEST(DegenerateStates, MbcOnTwoVelocitiesAtTheCoulombSingularity) {
  const MbcModel mbc(-3.0, 1e-3);
  const Vec3 a{0.3, -0.2, 0.1};
  for (double r : {2.0, 1e-5, 4 * 0x1p-52 * 0.3}) expect_finite_and_conserved(mbc, a, r, 0.02, 1);  // 2e5 collisions each
  for (double r : {1e-100, 1e-160}) expect_finite_and_conserved(mbc, Vec3{-0.5 * r, 0, 0}, r, 0.02, 1);
}

TEST(DegenerateStates, PairSplittingOnTwoVelocitiesAtTheCoulombSingularity) {
  // One step: N(N-1)/2 = 5e7 rotations (two threads), velocities ~1e-160 apart: every cross pair's r^2
  // underflows and its tau is +inf (tabary: alpha capped at (0.99 eta)^-3, still a uniform direction).
  const TabaryModel tab("tabary", TabaryPotential(-3.0, default_tabary_eta(-3.0, 1e4)), 1e-3,
                        TabaryModel::Scheme::kPairSplitting, Splitting::kLie, NoiseKind::kAntisymmetricPairs, false);
  const LandauDiffusionModel ld(-3.0, 1e-3, Splitting::kLie);
  for (const Model* m : {static_cast<const Model*>(&tab), static_cast<const Model*>(&ld)}) {
    expect_finite_and_conserved(*m, Vec3{-0.5e-160, 0, 0}, 1e-160, 1e-3, 2);
  }
}
