#include <gtest/gtest.h>

#include "models/sum_tree.hpp"

using namespace grazing;

TEST(SumTree, PairIndexIsABijection) {
  for (std::size_t N : {2u, 3u, 7u, 64u, 1001u}) {
    std::size_t expect = 0;
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t j = i + 1; j < N; ++j) {
        ASSERT_EQ(pair_index(N, i, j), expect);
        std::size_t a, b;
        pair_of(N, expect, a, b);
        ASSERT_EQ(a, i);
        ASSERT_EQ(b, j);
        ++expect;
      }
  }
}

TEST(SumTree, FindReturnsTheLeafOfEachPrefixInterval) {
  const std::vector<double> w = {0.5, 0.0, 2.0, 1.5, 0.0, 0.25, 3.0};
  SumTree t(w.size());
  for (std::size_t k = 0; k < w.size(); ++k) t.set_leaf(k, w[k]);
  t.build();
  EXPECT_DOUBLE_EQ(t.total(), 7.25);
  double prefix = 0;
  for (std::size_t k = 0; k < w.size(); ++k) {
    if (w[k] > 0) {
      EXPECT_EQ(t.find(prefix), k);
      EXPECT_EQ(t.find(prefix + 0.999 * w[k]), k);
    }
    prefix += w[k];
  }
  t.update(6, 0.0);
  EXPECT_DOUBLE_EQ(t.total(), 4.25);
  EXPECT_EQ(t.find(4.2499999), 5u);  // never a zero-weight leaf
  SumTree one(1);
  one.update(0, 2.0);
  EXPECT_EQ(one.total(), 2.0);
  EXPECT_EQ(one.find(1.0), 0u);
}
