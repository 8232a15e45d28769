// Euler-Maruyama models (tabary scheme euler-maruyama, tabary-independent, tabary-mckean) against
// identities that hold exactly for the discrete scheme (derived here; see docs/models/tabary.md):
//  * gamma = 0, a = 4N/(N-1): one step maps E[Dev M] by f = 1 - 3 a dt + a^2 dt^2 (antisymmetric pair
//    noise) or f + 4 dt/(N-1) (independent noises, whose P fluctuates), and the energy by
//    E[mean_v2'] = mean_v2 + a^2 dt^2 Theta, with E[Theta'] = g Theta, g = 1 + a^2 dt^2 (antisymmetric)
//    or g - 8 dt/(N-1) (independent). The continuous SDE conserves expected energy; E-M adds dt^2 per
//    step, so the expected energy error vanishes as dt -> 0.
//  * any gamma, one step from a fixed state: E[mean_v2'] - mean_v2 = dt^2 (1/N) sum_i |drift_i|^2
//    with drift_i = (2/(N-1)) sum_j -2 alpha(r_ij) z_ij: the noise variance cancels the O(dt) drift
//    cross term exactly (measured here: increment 8.9e-5 against standard errors 1.7e-5 .. 1.4e-4,
//    while a wrong noise normalisation leaves an O(dt) term of order 1e-2).
//  * momentum: kept to round-off by the antisymmetric pair noise, not by the others.
// Statistical checks: |z| < 5.5 with the measured standard error (3.8e-8 false failures per check).
#include <gtest/gtest.h>

#include "models/tabary.hpp"
#include "support/run_model.hpp"

using namespace grazing;
using namespace grazing::test;

namespace {

constexpr double kZ = 5.5;

TabaryModel em(NoiseKind noise, double gamma, double eta, double dt, bool project = false) {
  const char* name = noise == NoiseKind::kAntisymmetricPairs ? "tabary"
                     : noise == NoiseKind::kIndependentPairs ? "tabary-independent"
                                                             : "tabary-mckean";
  return TabaryModel(name, TabaryPotential(gamma, eta), dt, TabaryModel::Scheme::kEulerMaruyama, Splitting::kLie, noise,
                     project);
}

}  // namespace

TEST(EulerMaruyama, MaxwellMoleculesExactDiscreteIdentities) {
  const std::size_t N = 4;
  const double n = static_cast<double>(N), dt = 0.05, a = 4 * n / (n - 1);
  const int steps = 4;
  const ReplicaState start = gaussian_start(N, {2.0, 0.5, 0.5}, 61);
  const Moments m0 = compute_moments(start.v);
  const auto d0 = deviatoric(m0);
  const double theta0 = m0.M[0] + m0.M[1] + m0.M[2];
  for (const NoiseKind k : {NoiseKind::kAntisymmetricPairs, NoiseKind::kIndependentPairs, NoiseKind::kParticle}) {
    const bool anti = k == NoiseKind::kAntisymmetricPairs;
    const double f = 1 - 3 * a * dt + a * a * dt * dt + (anti ? 0.0 : 4 * dt / (n - 1));
    const double g = 1 + a * a * dt * dt - (anti ? 0.0 : 8 * dt / (n - 1));
    double energy = m0.mean_v2, theta = theta0;
    for (int s = 0; s < steps; ++s) {
      energy += a * a * dt * dt * theta;
      theta *= g;
    }
    const TabaryModel m = em(k, 0.0, 0.0, dt);
    const Ensemble e = run_ensemble(m, start, steps * dt, 200000, 62);
    for (int c = 0; c < 6; ++c)
      EXPECT_LT(std::fabs(zscore(e.dev[c], d0[c] * std::pow(f, steps))), kZ) << m.name() << " component " << c;
    EXPECT_LT(std::fabs(zscore(e.energy, energy)), kZ) << m.name() << " mean " << e.energy.mean() << " exact " << energy;
    // Power: the continuous-time decay e^{-3 a t} is rejected at this dt.
    EXPECT_GT(std::fabs(zscore(e.dev[0], d0[0] * std::exp(-3 * a * steps * dt))), kZ) << m.name();
  }
}

TEST(EulerMaruyama, OneStepEnergyIncrementAtGammaMinus25) {
  const std::size_t N = 6;
  const double dt = 0.01;
  const TabaryPotential alpha(-2.5, 0.3);
  const ReplicaState start = gaussian_start(N, {1.0, 1.0, 1.0}, 71);
  double expected = 0;
  for (std::size_t i = 0; i < N; ++i) {
    Vec3 drift{};
    for (std::size_t j = 0; j < N; ++j) {
      if (j == i) continue;
      const Vec3 z = start.v.get(i) - start.v.get(j);
      drift = drift + (-2.0 * alpha.alpha(norm(z))) * z;
    }
    expected += norm2((2.0 / (N - 1)) * drift);
  }
  expected = compute_moments(start.v).mean_v2 + dt * dt * expected / N;
  for (const NoiseKind k : {NoiseKind::kAntisymmetricPairs, NoiseKind::kIndependentPairs, NoiseKind::kParticle}) {
    const TabaryModel m = em(k, -2.5, 0.3, dt);
    const Ensemble e = run_ensemble(m, start, dt, 400000, 72);
    EXPECT_LT(std::fabs(zscore(e.energy, expected)), kZ) << m.name() << " mean " << e.energy.mean() << " exact " << expected;
  }
}

TEST(EulerMaruyama, MomentumKeptOnlyByAntisymmetricNoise) {
  const std::size_t N = 100;
  const ReplicaState start = gaussian_start(N, {2.0, 0.5, 0.5}, 81);
  const Moments m0 = compute_moments(start.v);
  for (const NoiseKind k : {NoiseKind::kAntisymmetricPairs, NoiseKind::kIndependentPairs, NoiseKind::kParticle}) {
    const TabaryModel m = em(k, -2.5, 0.05, 1e-4);
    ReplicaState s = start;
    advance(m, s, 0.05, 5, 82);
    const Moments m1 = compute_moments(s.v);
    const double dP = norm(m1.mean - m0.mean), dE = std::fabs(m1.mean_v2 - m0.mean_v2) / m0.mean_v2;
    std::printf("%s: 500 steps, momentum drift %.3e, relative energy drift %.3e\n", m.name().c_str(), dP, dE);
    if (k == NoiseKind::kAntisymmetricPairs) {
      EXPECT_LT(dP, 1e-14);
    } else {
      EXPECT_GT(dP, 1e-4);
    }
    EXPECT_GT(dE, 1e-6);  // energy is not conserved pathwise by any E-M variant
  }
}

TEST(EulerMaruyama, ShellProjectionRestoresMomentumAndEnergy) {
  const std::size_t N = 50;
  const ReplicaState start = gaussian_start(N, {2.0, 0.5, 0.5}, 91);
  const Moments m0 = compute_moments(start.v);
  const TabaryModel m = em(NoiseKind::kParticle, -2.0, 0.1, 1e-3, true);
  ReplicaState s = start;
  advance(m, s, 0.05, 2, 92);
  const Moments m1 = compute_moments(s.v);
  EXPECT_LT(norm(m1.mean - m0.mean), 1e-14);
  EXPECT_LT(std::fabs((m1.M[0] + m1.M[1] + m1.M[2]) / (m0.M[0] + m0.M[1] + m0.M[2]) - 1), 1e-13);
}

TEST(EulerMaruyama, SquareRootOfPsdMatrix) {
  const double A[9] = {4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2};
  double S[9];
  sqrt_psd3(A, S);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      double ss = 0;
      for (int k = 0; k < 3; ++k) ss += S[3 * i + k] * S[3 * k + j];
      EXPECT_NEAR(ss, A[3 * i + j], 1e-13);
      EXPECT_NEAR(S[3 * i + j], S[3 * j + i], 1e-15);
    }
  const double singular[9] = {1, 0, 0, 0, 1, 0, 0, 0, 0};  // rank 2 (as a_T for N = 2)
  sqrt_psd3(singular, S);
  EXPECT_NEAR(S[8], 0.0, 1e-15);
  EXPECT_NEAR(S[0], 1.0, 1e-15);
}
