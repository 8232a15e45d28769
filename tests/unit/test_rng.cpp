#include <gtest/gtest.h>

#include <set>

#include <Random123/philox.h>

#include "grazing/rng.hpp"

using namespace grazing;

TEST(CounterRng, SameKeyAndCounterGiveSameStream) {
  CounterRng a({42, Stream::kTest, 3}, 17, 5), b({42, Stream::kTest, 3}, 17, 5);
  for (int k = 0; k < 20; ++k) EXPECT_EQ(a.bits(), b.bits());
}

TEST(CounterRng, EveryKeyAndCounterFieldChangesTheStream) {
  const std::uint64_t ref = CounterRng({42, Stream::kTest, 3}, 17, 5).bits();
  EXPECT_NE(ref, CounterRng({43, Stream::kTest, 3}, 17, 5).bits());
  EXPECT_NE(ref, CounterRng({42, Stream::kInitial, 3}, 17, 5).bits());
  EXPECT_NE(ref, CounterRng({42, Stream::kTest, 4}, 17, 5).bits());
  EXPECT_NE(ref, CounterRng({42, Stream::kTest, 3}, 18, 5).bits());
  EXPECT_NE(ref, CounterRng({42, Stream::kTest, 3}, 17, 6).bits());
}

TEST(CounterRng, BlocksDoNotRepeat) {
  CounterRng a({1, Stream::kTest, 0}, 0);
  std::set<std::uint64_t> seen;
  for (int k = 0; k < 4000; ++k) seen.insert(a.bits());
  EXPECT_EQ(seen.size(), 4000u);
}

TEST(CounterRng, UniformIsInOpenUnitInterval) {
  CounterRng a({1, Stream::kTest, 0}, 0);
  for (int k = 0; k < 100000; ++k) {
    const double u = a.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

// below(n) is exactly uniform: chi-square over n = 7 cells, 7e5 draws. The statistic has 6 degrees
// of freedom; P(chi2_6 > 40) = 4.6e-7 is the false-failure rate.
TEST(CounterRng, BelowIsUniform) {
  CounterRng a({5, Stream::kTest, 0}, 0);
  const int n = 7, draws = 700000;
  std::vector<int> count(n, 0);
  for (int k = 0; k < draws; ++k) {
    const auto x = a.below(n);
    ASSERT_LT(x, static_cast<std::uint64_t>(n));
    ++count[x];
  }
  double chi2 = 0;
  const double expect = static_cast<double>(draws) / n;
  for (int c : count) chi2 += (c - expect) * (c - expect) / expect;
  EXPECT_LT(chi2, 40.0);
}

// The ziggurat normal against N(0, 1): the tables close (the top layer ends at 0 with area v, to 3e-15), KS on
// 1e6 draws, moments 1, 3, 15 (|z| < 5.5 with exact standard errors), and the tail beyond r = 3.654
// (the exact tail branch) and beyond 4.5 by z-scores of binomial counts.
#include "grazing/ziggurat.hpp"
#include "support/stats.hpp"

TEST(CounterRng, ZigguratTablesClose) {
  const ZigguratTables& z = ziggurat_tables();
  // the last computed layer top is within rounding of f = 1
  const double closure = std::exp(-0.5 * z.x[255] * z.x[255]) + z.kV / z.x[255] - 1.0;
  std::printf("ziggurat closure residual %.3e, v = %.17g\n", closure, z.kV);
  EXPECT_LT(std::fabs(closure), 1e-14);  // measured 3.3e-15
  for (int i = 1; i < 256; ++i) EXPECT_GT(z.x[i], z.x[i + 1]);
}

TEST(CounterRng, ZigguratNormalIsStandardNormal) {
  using grazing::test::Welford;
  const int n = 1000000;
  std::vector<double> x(n);
  Welford m2, m4, m6;
  long beyond_r = 0, beyond_45 = 0;
  for (int k = 0; k < n; ++k) {
    CounterRng rng({31, Stream::kTest, 0}, static_cast<std::uint64_t>(k));
    x[k] = rng.normal();
    const double q = x[k] * x[k];
    m2.add(q);
    m4.add(q * q);
    m6.add(q * q * q);
    beyond_r += std::fabs(x[k]) > ZigguratTables::kR;
    beyond_45 += std::fabs(x[k]) > 4.5;
  }
  const double D = grazing::test::ks_statistic(x, grazing::test::normal_cdf);
  EXPECT_GT(grazing::test::ks_pvalue(D, x.size()), 1e-6);
  // exact standard errors: Var(Z^2) = 2, Var(Z^4) = 105 - 9 = 96, Var(Z^6) = 10395 - 225 = 10170
  EXPECT_LT(std::fabs(m2.mean() - 1) / std::sqrt(2.0 / n), 5.5);
  EXPECT_LT(std::fabs(m4.mean() - 3) / std::sqrt(96.0 / n), 5.5);
  EXPECT_LT(std::fabs(m6.mean() - 15) / std::sqrt(10170.0 / n), 5.5);
  for (auto [count, t] : {std::pair{beyond_r, ZigguratTables::kR}, std::pair{beyond_45, 4.5}}) {
    const double p = 2 * (1 - grazing::test::normal_cdf(t));
    EXPECT_LT(std::fabs(count - n * p) / std::sqrt(n * p * (1 - p)), 5.5) << t;
  }
}

// peek4 shows the next four words of bits() from every position in a block and consumes nothing.
TEST(CounterRng, Peek4ShowsTheNextFourWords) {
  for (int skip = 0; skip < 9; ++skip) {
    CounterRng a({3, Stream::kMbcEvent, 1}, 77, 5);
    for (int k = 0; k < skip; ++k) a.bits();
    std::uint64_t w[4];
    a.peek4(w);
    for (int k = 0; k < 4; ++k) EXPECT_EQ(w[k], a.bits()) << "skip " << skip << " word " << k;
  }
}

// philox4x64_10 and philox_blocks give Random123's Philox4x64 bit for bit, on counters and keys with
// every word in use (and all-ones words, where carries run through), and CounterRng draws those blocks.
TEST(Philox, BothFormsEqualRandom123) {
  CounterRng g({12, Stream::kTest, 0}, 0);
  for (int trial = 0; trial < 20000; ++trial) {
    const PhiloxKey key{{trial % 7 == 0 ? ~0ull : g.bits(), g.bits()}};
    PhiloxCtr c[2];
    for (auto& x : c) x = {{g.bits(), trial % 5 == 0 ? ~0ull : g.bits(), g.bits(), g.bits()}};
    const PhiloxCtr r0 = r123::Philox4x64()(c[0], key), r1 = r123::Philox4x64()(c[1], key);
    ASSERT_EQ(philox4x64_10(c[0], key), r0);
    std::uint64_t x[2][4];
    for (int l = 0; l < 2; ++l)
      for (int k = 0; k < 4; ++k) x[l][k] = c[l].v[k];
    philox_blocks(PhiloxRoundKeys(key), x);
    for (int k = 0; k < 4; ++k) {
      ASSERT_EQ(x[0][k], r0.v[k]);
      ASSERT_EQ(x[1][k], r1.v[k]);
    }
  }
  const RngKey key{11, Stream::kPairRotation, 4};
  for (std::uint64_t block = 0; block < 3; ++block) {
    CounterRng a(key, 1000, 3);
    for (std::uint64_t k = 0; k < 4 * block; ++k) a.bits();
    const PhiloxCtr r = r123::Philox4x64()({{1000, 3, block, 0}}, CounterRng::philox_key(key));
    for (int k = 0; k < 4; ++k) EXPECT_EQ(a.bits(), r.v[k]);
  }
}

// below_from_word agrees with below() whenever it claims the word suffices, and refuses exactly when
// the multiply-shift's low half falls below n (below() then checks its threshold).
TEST(CounterRng, BelowFromWordAgreesWithBelow) {
  for (std::uint64_t n : {2ull, 7ull, 100000ull, (1ull << 63) + 12345}) {
    for (std::uint64_t k = 0; k < 20000; ++k) {
      CounterRng a({8, Stream::kTest, 0}, k);
      std::uint64_t w[4];
      a.peek4(w);
      std::uint64_t x;
      const bool ok = CounterRng::below_from_word(w[0], n, x);
      const std::uint64_t low = w[0] * n;  // mod 2^64
      EXPECT_EQ(ok, low >= n);
      if (ok) {
        EXPECT_EQ(x, a.below(n));
      }
    }
  }
}
