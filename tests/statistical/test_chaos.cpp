// Propagation of chaos at the sampling floor (docs/physics/references.md#the-sampling-floor, docs/physics/references.md#the-sampling-floor): MBC at gamma = 0 from BKW data; at
// each time the W2 of the particles' |v| to the exact f_t equals, within statistical error, the W2 of an
// i.i.d. sample of f_t of the same size (the sampling floor): chaos error below the floor at N <= 1e4.
// Difference of two means over 24 replicas each: |z| < 5.5 with the combined standard error.
#include <gtest/gtest.h>

#include "grazing/wasserstein.hpp"
#include "models/mbc.hpp"
#include "reference/bkw.hpp"
#include "support/run_model.hpp"

using namespace grazing;
using namespace grazing::test;

TEST(Chaos, MbcFromBkwSitsAtTheSamplingFloor) {
  const BkwSolution bkw(0.6, 0.5);
  const MbcModel model(0.0, 0.002);
  for (const std::size_t N : {1000u, 10000u}) {
    const double t = 0.3;
    // reference quantiles of |v| at t (bisection on the exact CDF)
    std::vector<double> Q(16384);
    for (std::size_t j = 0; j < Q.size(); ++j) {
      const double u = (j + 0.5) / Q.size();
      double a = 0, b = 20;
      for (int it = 0; it < 80; ++it) {
        const double m = 0.5 * (a + b);
        (bkw.speed_cdf(m, t) < u ? a : b) = m;
      }
      Q[j] = 0.5 * (a + b);
    }
    Welford particles, iid;
    for (int r = 0; r < 24; ++r) {
      ReplicaState s;
      s.replica = static_cast<std::uint32_t>(r);
      s.v.resize(N);
      std::vector<double> sp(N), spi(N);
      for (std::size_t i = 0; i < N; ++i) {
        CounterRng rng({7, Stream::kInitial, static_cast<std::uint32_t>(r)}, i);
        s.v.set(i, BkwSolution::draw(0.6, rng));
        CounterRng rr({7, Stream::kReference, static_cast<std::uint32_t>(r)}, i);
        spi[i] = norm(BkwSolution::draw(bkw.K(t), rr));
      }
      advance(model, s, t, 1, 8);
      for (std::size_t i = 0; i < N; ++i) sp[i] = norm(s.v.get(i));
      particles.add(w2_1d_quantiles(sp, Q));
      iid.add(w2_1d_quantiles(spi, Q));
    }
    const double z = (particles.mean() - iid.mean()) /
                     std::sqrt(particles.variance() / particles.n() + iid.variance() / iid.n());
    std::printf("N=%zu: W2(|v|) particles %.5f +- %.5f, i.i.d. floor %.5f +- %.5f\n", N, particles.mean(),
                particles.stderr_of_mean(), iid.mean(), iid.stderr_of_mean());
    EXPECT_LT(std::fabs(z), 5.5) << "N=" << N;
  }
}
