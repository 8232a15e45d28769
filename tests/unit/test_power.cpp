// RealPower (r^gamma by products for integer gamma, with a square root for half-integers) against std::pow.
#include <gtest/gtest.h>

#include <cmath>

#include "grazing/power.hpp"

using grazing::RealPower;

TEST(RealPower, MatchesPowToFourUlpAndAtZero) {
  for (double gamma : {-4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, -3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 3.5, 0.3, 1.7, -4.5}) {
    const RealPower p(gamma);
    EXPECT_EQ(p.gamma(), gamma);
    for (double r = 1e-60; r < 1e60; r *= 1.37) {
      ASSERT_NEAR(p(r) / std::pow(r, gamma), 1.0, 1e-15) << "gamma=" << gamma << " r=" << r;
    }
    // r = 0: +inf for gamma < 0 (the Coulomb singularity, which the heat kernel takes as uniform), 0
    // for gamma > 0, 1 for gamma = 0 -- as pow.
    EXPECT_EQ(p(0.0), std::pow(0.0, gamma)) << gamma;
  }
  // Underflow of the product: r^-3 for r = 1e-110 overflows to +inf as pow does.
  EXPECT_EQ(RealPower(-3.0)(1e-110), INFINITY);
}
