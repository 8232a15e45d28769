// Numerical corners at the Coulomb singularity (gamma = -3): all particles on two velocities v_a and
// v_b = v_a + gap u, with O(1) energy (|v|^2 ~ 1.3), for gaps from 1 down to 1e-250, and in the same run
// exactly coincident pairs: every pair of members of one group has r = 0, where the move must do
// nothing (Du section 1). Small gaps reach every branch of the pair move: tau = h r^-3 overflowing to
// +inf (a uniform direction) for r below ~1e-102, and r^2 below 2^-960 (rotate_pair's rescaled branch)
// for r below ~3e-145. A gap below the ulp of |v| (~1e-16) is put in a component where v_a is 0, so
// that v_b - v_a is exactly the gap.
// For mbc (N = 1e4), tabary pair splitting and landau-diffusion (N = 1000: O(N^2) per step), over several
// output intervals: every velocity stays finite, and after every interval
//   |E(t) - E(0)| / E(0) < 1e-13   and   |P(t) - P(0)| < 1e-14 sqrt(E(0))
// (E = mean |v|^2, P = mean v). One move changes a pair's energy by ~1e-16 of it (round-off); over the
// 2e5 (mbc) and 2e6 (pair splitting, N = 1000) moves here a random walk gives < 1e-15 in the mean,
// measured at most 5e-15 (energy) and 2.4e-15 (momentum). A systematic bias of 1/10 ulp of the pair's
// energy per move would reach ~1e-13 for the pair splitting (4000 x the per-move bias here; the plain
// normalisation that rotate_pair's length correction replaced had 0.6 ulp). Deterministic (fixed seeds).
// Relative velocities whose largest component is subnormal (< 2^-1022, gaps 1e-300 and below):
// SubnormalRelativeVelocity below.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "grazing/moments.hpp"
#include "models/landau_diffusion.hpp"
#include "models/mbc.hpp"
#include "models/regulariser.hpp"
#include "models/tabary.hpp"

using namespace grazing;

namespace {

struct TwoVelocities {
  Vec3 a, b;
  double gap;
};

// v_a = (1, 0.5, -0.25) and u = (2, -1, 2)/3 when the gap is representable on every component;
// otherwise v_a = (1, 0.5, 0) and u = e_z, so that v_b - v_a is exactly (0, 0, gap).
TwoVelocities two_velocities(double gap) {
  if (gap >= 1e-10) {
    const Vec3 a{1.0, 0.5, -0.25};
    return {a, a + gap * Vec3{2.0 / 3, -1.0 / 3, 2.0 / 3}, gap};
  }
  const Vec3 a{1.0, 0.5, 0.0};
  return {a, a + Vec3{0, 0, gap}, gap};
}

void expect_finite_and_conserved(const Model& m, std::size_t N, const TwoVelocities& tv, double t_end, int intervals) {
  ASSERT_FALSE(tv.b.x == tv.a.x && tv.b.y == tv.a.y && tv.b.z == tv.a.z) << "the two velocities must differ";
  ReplicaState s;
  s.v.resize(N);
  for (std::size_t i = 0; i < N; ++i) s.v.set(i, i % 2 ? tv.b : tv.a);
  const Moments m0 = compute_moments(s.v);
  ASSERT_GT(m0.mean_v2, 1.0);
  double max_dE = 0, max_dP = 0;
  for (int k = 0; k < intervals; ++k) {
    m.advance(s, t_end * k / intervals, t_end * (k + 1) / intervals, {static_cast<std::uint64_t>(k), 17, 1});
    for (std::size_t i = 0; i < N; ++i) {
      const Vec3 v = s.v.get(i);
      ASSERT_TRUE(std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z))
          << m.name() << " gap=" << tv.gap << " interval " << k << " particle " << i;
    }
    const Moments m1 = compute_moments(s.v);
    const double dE = std::fabs(m1.mean_v2 - m0.mean_v2) / m0.mean_v2;
    const double dP = norm(m1.mean - m0.mean) / std::sqrt(m0.mean_v2);
    EXPECT_LT(dE, 1e-13) << m.name() << " gap=" << tv.gap << " interval " << k;
    EXPECT_LT(dP, 1e-14) << m.name() << " gap=" << tv.gap << " interval " << k;
    max_dE = std::max(max_dE, dE);
    max_dP = std::max(max_dP, dP);
  }
  // Pairs of the two groups did move; pairs inside a group (r = 0) were left alone (counted).
  EXPECT_GT(s.counters.events - s.counters.coincident, 0u) << m.name() << ": no pair of the two groups moved";
  EXPECT_GT(s.counters.coincident, 0u) << m.name() << ": no coincident pair met";
  std::printf("%-16s gap %-7.0e: %9llu moves (%8llu coincident, %8llu uniform directions), max energy drift %.1e, "
              "momentum drift %.1e\n",
              m.name().c_str(), tv.gap, static_cast<unsigned long long>(s.counters.events),
              static_cast<unsigned long long>(s.counters.coincident),
              static_cast<unsigned long long>(s.counters.uniform_direction), max_dE, max_dP);
}

constexpr double kGaps[] = {1.0, 1e-3, 1e-8, 1e-15, 1e-60, 1e-120, 1e-160, 1e-200, 1e-250};

}  // namespace

TEST(DegenerateStates, MbcOnTwoVelocitiesAtTheCoulombSingularity) {
  const MbcModel mbc(-3.0, 1e-3);
  for (double gap : kGaps) expect_finite_and_conserved(mbc, 10000, two_velocities(gap), 0.02, 4);  // 2e5 collisions
}

TEST(DegenerateStates, PairSplittingOnTwoVelocitiesAtTheCoulombSingularity) {
  // N = 1000, 4 steps of dt = 1e-3 in 2 output intervals: 2e6 rotations per gap and model. tabary's
  // alpha is capped at (0.99 eta)^-3 below eta, so its tau stays finite where landau-diffusion's is +inf.
  const std::size_t N = 1000;
  const TabaryModel tab("tabary", TabaryPotential(-3.0, default_tabary_eta(-3.0, N)), 1e-3,
                        TabaryModel::Scheme::kPairSplitting, Splitting::kLie, NoiseKind::kAntisymmetricPairs, false);
  const LandauDiffusionModel ld(-3.0, 1e-3, Splitting::kLie);
  for (const Model* m : {static_cast<const Model*>(&tab), static_cast<const Model*>(&ld)})
    for (double gap : kGaps) expect_finite_and_conserved(*m, N, two_velocities(gap), 4e-3, 2);
}

// Subnormal relative velocities: when the largest component s of v_i - v_j is below 2^-1022,
// rotate_pair's rescaling must divide by s (multiplying by 1/s overflowed to inf and made the pair
// NaN). Gaps of 1e-300 reach it after a few moves (differences of z components of size 1e-300 can be
// subnormal), 1e-310 at once.
TEST(DegenerateStates, SubnormalRelativeVelocity) {
  const MbcModel mbc(-3.0, 1e-3);
  const std::size_t N = 1000;
  const TabaryModel tab("tabary", TabaryPotential(-3.0, default_tabary_eta(-3.0, N)), 1e-3,
                        TabaryModel::Scheme::kPairSplitting, Splitting::kLie, NoiseKind::kAntisymmetricPairs, false);
  const LandauDiffusionModel ld(-3.0, 1e-3, Splitting::kLie);
  for (double gap : {1e-300, 1e-310}) {
    expect_finite_and_conserved(mbc, 10000, two_velocities(gap), 0.02, 4);
    for (const Model* m : {static_cast<const Model*>(&tab), static_cast<const Model*>(&ld)})
      expect_finite_and_conserved(*m, N, two_velocities(gap), 4e-3, 2);
  }
}
