#include <gtest/gtest.h>

#include <set>

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
