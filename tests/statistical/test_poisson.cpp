// Poisson sampler against the exact Poisson law (both branches, mu < 10 and mu >= 10).
// Mean: exact standard error sqrt(mu/n); variance: standard error of s^2 from the Poisson cumulants
// (kappa_4 = mu): sqrt(mu/n + 2 mu^2/(n-1)). |z| < 5.5 (3.8e-8 per check). Chi-square over cells
// of expected count >= 20, as a Wilson-Hilferty z < 5.5.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "grazing/poisson.hpp"
#include "support/stats.hpp"

using namespace grazing;
using namespace grazing::test;

namespace {

double log_pmf(double mu, double k) {
  int s;
  return -mu + k * std::log(mu) - ::lgamma_r(k + 1.0, &s);
}

}  // namespace

TEST(Poisson, ZeroMeanGivesZero) {
  CounterRng rng({1, Stream::kTest, 0}, 0);
  EXPECT_EQ(sample_poisson(0.0, rng), 0u);
}

TEST(Poisson, MomentsAndChiSquareAgainstExactLaw) {
  const int n = 200000;
  std::uint64_t c1 = 0;
  for (double mu : {0.3, 4.0, 9.99, 10.0, 37.5, 1e4, 1e9}) {
    std::map<std::uint64_t, long> counts;
    Welford w;
    ++c1;
    for (int k = 0; k < n; ++k) {
      CounterRng rng({21, Stream::kTest, 0}, static_cast<std::uint64_t>(k), c1);
      const std::uint64_t x = sample_poisson(mu, rng);
      w.add(static_cast<double>(x));
      ++counts[x];
    }
    const double z_mean = (w.mean() - mu) / std::sqrt(mu / n);
    const double z_var = (w.variance() - mu) / std::sqrt(mu / n + 2 * mu * mu / (n - 1));
    EXPECT_LT(std::fabs(z_mean), 5.5) << "mu=" << mu;
    EXPECT_LT(std::fabs(z_var), 5.5) << "mu=" << mu;
    if (mu > 1e5) continue;  // cells too fine to pool meaningfully at this n
    // Chi-square: consecutive k pooled until the expected count reaches 20.
    const auto lo = static_cast<std::uint64_t>(std::max(0.0, mu - 8 * std::sqrt(mu) - 5));
    const auto hi = static_cast<std::uint64_t>(mu + 8 * std::sqrt(mu) + 10);
    double chi2 = 0, expected = 0, observed = 0, cdf_below = 0;
    int cells = 0;
    for (std::uint64_t k = 0; k < lo; ++k) cdf_below += std::exp(log_pmf(mu, static_cast<double>(k)));
    expected = n * cdf_below;
    for (const auto& [k, c] : counts)
      if (k < lo) observed += static_cast<double>(c);
    for (std::uint64_t k = lo; k <= hi; ++k) {
      expected += n * std::exp(log_pmf(mu, static_cast<double>(k)));
      observed += counts.count(k) ? static_cast<double>(counts[k]) : 0.0;
      if (expected >= 20 || k == hi) {
        chi2 += (observed - expected) * (observed - expected) / expected;
        ++cells;
        expected = observed = 0;
      }
    }
    EXPECT_LT(chi2_as_z(chi2, cells - 1), 5.5) << "mu=" << mu << " chi2=" << chi2 << " cells=" << cells;
  }
}
