// Model mbc-rate (Du Remark 1.2; docs/physics/mbc.md#the-rate-variant) against exact results:
//  * gamma = 0: the generator is MBC's with tau = h, so the exact decays kappa1, kappa2 of docs/physics/mbc.md#exact-identities-at-finite-n-and-h;
//  * N = 2: E[e(t).e(0)] = exp((2 r^gamma t / h)(e^{-2h} - 1)) (one pair, rate 2 r^gamma/h, kernel K_h),
//    through the thinning (gamma >= 0) and the sum tree (gamma < 0);
//  * the microcanonical measure is invariant (the rate of pair (i, j) depends only on r_ij, which the
//    move keeps, and K_h is symmetric): one-particle marginal after a long run (docs/physics/mbc.md#equilibrium). At
//    gamma = -3 the event count per replica is heavy-tailed: a near-coincident pair collides at rate
//    ~ r^-3 without changing r (measured: up to 2e6 events in one replica);
//  * conservation to round-off.
// |z| < 5.5 (3.8e-8 per check); KS p > 1e-6.
#include <gtest/gtest.h>

#include "models/mbc_rate.hpp"
#include "support/run_model.hpp"

using namespace grazing;
using namespace grazing::test;

TEST(MbcRate, MaxwellMoleculesExactDecay) {
  const std::size_t N = 5;
  const double n = 5, h = 0.3, t = 0.3;
  const ReplicaState start = gaussian_start(N, {2.0, 0.5, 0.5}, 17);
  const auto d0 = deviatoric(compute_moments(start.v));
  const double k2 = n * (1 - std::exp(-6 * h)) / ((n - 1) * h);
  const Ensemble e = run_ensemble(MbcRateModel(0.0, h), start, t, 40000, 111);
  for (int k = 0; k < 6; ++k) EXPECT_LT(std::fabs(zscore(e.dev[k], d0[k] * std::exp(-k2 * t))), 5.5) << k;
}

TEST(MbcRate, TwoParticleAutocorrelation) {
  for (double gamma : {-3.0, -1.0, 0.5, 1.0}) {
    const double h = 0.1, t = 0.3, r = 1.5;
    ReplicaState start;
    start.v.resize(2);
    start.v.set(0, {r / 2, 0.1, 0});
    start.v.set(1, {-r / 2, 0.1, 0});
    Welford w;
    run_ensemble(MbcRateModel(gamma, h), start, t, 100000, 112, 2, [&](const ReplicaState& s) {
      const Vec3 z = s.v.get(0) - s.v.get(1);
      w.add(z.x / norm(z));
    });
    const double exact = std::exp((2 * std::pow(r, gamma) * t / h) * (std::exp(-2 * h) - 1));
    EXPECT_LT(std::fabs(zscore(w, exact)), 5.5) << "gamma=" << gamma << " mean " << w.mean() << " exact " << exact;
  }
}

TEST(MbcRate, MicrocanonicalMarginalIsInvariant) {
  const std::size_t N = 4;
  for (double gamma : {-3.0, 1.0}) {
    ReplicaState start;
    start.v.resize(N);
    const Vec3 init[4] = {{1, 0, 0}, {-1, 0, 0}, {0, 0.5, 0}, {0, -0.5, 0}};
    for (std::size_t i = 0; i < N; ++i) start.v.set(i, init[i]);
    const Moments m0 = compute_moments(start.v);
    const double theta = m0.M[0] + m0.M[1] + m0.M[2];
    std::vector<double> sv, cv;
    run_ensemble(MbcRateModel(gamma, 0.5), start, 10.0, 10000, 113, 1, [&](const ReplicaState& s) {
      const Vec3 u = s.v.get(0) - m0.mean;
      sv.push_back(norm2(u) / (3 * theta));
      cv.push_back(u.z / norm(u));
    });
    EXPECT_GT(ks_pvalue(ks_statistic(sv, [](double x) { return beta_three_halves_cdf(x, 2); }), sv.size()), 1e-6) << gamma;
    EXPECT_GT(ks_pvalue(ks_statistic(cv, [](double x) { return std::clamp(0.5 * (x + 1), 0.0, 1.0); }), cv.size()), 1e-6)
        << gamma;
  }
}

TEST(MbcRate, ConservesMomentumAndEnergy) {
  for (double gamma : {-3.0, 1.0}) {
    ReplicaState s = gaussian_start(200, {2.0, 0.5, 0.5}, 5);
    const Moments m0 = compute_moments(s.v);
    advance(MbcRateModel(gamma, 0.01), s, gamma < 0 ? 0.5 : 5.0, 5, 114);
    const Moments m1 = compute_moments(s.v);
    std::printf("mbc-rate gamma=%g: %llu events (%llu candidates), relative energy drift %.3e\n", gamma,
                static_cast<unsigned long long>(s.counters.events), static_cast<unsigned long long>(s.counters.candidates),
                std::fabs(m1.mean_v2 - m0.mean_v2) / m0.mean_v2);
    EXPECT_GT(s.counters.events, 10000u);
    EXPECT_LT(std::fabs(m1.mean_v2 - m0.mean_v2) / m0.mean_v2, 1e-13);
    EXPECT_LT(norm(m1.mean - m0.mean), 1e-14);
  }
}
