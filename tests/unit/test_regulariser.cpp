// Tabary's regulariser (Remark 2.1; docs/physics/tabary.md#the-regularised-potential): every condition checked on a fine grid.
#include <gtest/gtest.h>

#include <cmath>

#include "models/regulariser.hpp"

using namespace grazing;

TEST(Regulariser, ChiMeetsEveryConditionOfRemark21) {
  double prev = tabary_chi(0.0);
  for (int k = 0; k <= 400000; ++k) {
    const double x = 2.0 * k / 400000.0;
    const double c = tabary_chi(x), cp = tabary_chi_prime(x);
    ASSERT_GT(c, 0.0) << x;                          // chi: R+ -> R+*
    ASSERT_GE(c, prev) << x;                         // increasing
    ASSERT_GE(c, x) << x;                            // chi(r) >= r
    ASSERT_GE(cp, 0.0) << x;                         // 0 <= chi' <= 1
    ASSERT_LE(cp, 1.0) << x;
    if (x <= 0.5) {
      ASSERT_EQ(c, 0.99) << x;  // chi = 0.99 on [0, 1/2]
    }
    if (x >= 1.0) {
      ASSERT_EQ(c, x) << x;  // chi(r) = r for r >= 1
    }
    // chi' is the derivative of chi: centred difference, error O(h^2 chi''') with chi''' <= ~1e6
    if (x > 1e-4 && k < 400000) {
      const double h = 1e-6;
      ASSERT_NEAR((tabary_chi(x + h) - tabary_chi(x - h)) / (2 * h), cp, 1e-5) << x;
    }
    prev = c;
  }
  EXPECT_EQ(tabary_chi(1.0), 1.0);
  // chi(x) = 0.99 + 0.02 int_0^{(x-0.98)/0.02} S, against composite Simpson with 2e5 panels.
  for (double x : {0.981, 0.985, 0.99, 0.995, 0.999}) {
    const double y = (x - 0.98) / 0.02;
    const int n = 200000;
    double sum = smooth_step(0) + smooth_step(y);
    for (int k = 1; k < n; ++k) sum += (k % 2 ? 4.0 : 2.0) * smooth_step(y * k / n);
    EXPECT_NEAR(tabary_chi(x), 0.99 + 0.02 * sum * y / (3.0 * n), 1e-15) << x;
  }
}

TEST(Regulariser, AlphaConditionsAndMonotonicityInEta) {
  for (double gamma : {-3.0, -2.5, -2.0}) {
    for (double eta : {1e-3, 0.1, 1.0}) {
      const TabaryPotential a(gamma, eta), finer(gamma, 0.5 * eta), raw(gamma, 0.0);
      for (int k = 1; k <= 20000; ++k) {
        const double r = 3.0 * eta * k / 20000.0;
        const double al = a.alpha(r);
        ASSERT_GT(al, 0.0);
        ASSERT_LE(al, raw.alpha(r) * (1 + 1e-15)) << r;                 // alpha^N <= r^gamma
        ASSERT_LE(al, std::pow(0.99 * eta, gamma) * (1 + 1e-15)) << r;  // max (0.99 eta)^gamma
        ASSERT_GE(finer.alpha(r), al * (1 - 1e-15)) << r;               // alpha^N increases as eta decreases
        if (r >= eta) {
          ASSERT_NEAR(al / std::pow(r, gamma), 1.0, 1e-15) << r;  // alpha_eta = r^gamma for r >= eta (to ~4 ulp)
        }
        if (r <= 0.98 * eta) {
          ASSERT_NEAR(al / std::pow(0.99 * eta, gamma), 1.0, 1e-15) << r;
        }
        // Condition (2): r |alpha'(r)| / alpha(r) <= -gamma/0.99, with alpha'/alpha = gamma chi'(x)/(eta chi(x)).
        const double x = r / eta;
        const double ratio = std::fabs(gamma) * x * tabary_chi_prime(x) / tabary_chi(x);
        ASSERT_LE(ratio, -gamma / 0.99 + 1e-12) << r;
        // ... and the same by a finite difference of log alpha
        const double h = 1e-7 * r;
        const double fd = r * std::fabs(std::log(a.alpha(r + h)) - std::log(a.alpha(r - h))) / (2 * h);
        ASSERT_LE(fd, -gamma / 0.99 + 1e-5) << r;
      }
    }
  }
}

TEST(Regulariser, DefaultEtaFollowsSpecF5) {
  EXPECT_DOUBLE_EQ(default_tabary_eta(-2.5, 100.0), 0.01);  // N^{-1/(2 * 0.5)} = 1/N
  EXPECT_DOUBLE_EQ(default_tabary_eta(-2.0, 100.0), 0.1);   // N^{-1/2}
  EXPECT_EQ(default_tabary_eta(-3.0, 100.0), 1e-8);
  EXPECT_EQ(default_tabary_eta(0.0, 100.0), 0.0);
}

// A NaN distance (a pair with a non-finite velocity after an Euler-Maruyama step) gives NaN, which the
// driver's guard reports, and never an index into the table of G (it crashed the run before).
TEST(Regulariser, NaNDistanceGivesNaN) {
  const double nan = std::nan("");
  EXPECT_TRUE(std::isnan(tabary_chi(nan)));
  for (double gamma : {-3.0, -2.5, -1.0, 0.5})
    for (double eta : {0.0, 1e-300, 1e-8, 0.3}) EXPECT_TRUE(std::isnan(TabaryPotential(gamma, eta).alpha(nan))) << gamma << " " << eta;
}

// alpha of four distances at once equals alpha of each, bit for bit, with lanes on both sides of eta
// (the table of chi below it), at eta = 0, at r = 0 and NaN.
TEST(Regulariser, FourLanesEqualOneByOne) {
  for (double gamma : {-3.0, -2.5, -2.2, 0.5}) {
    for (double eta : {0.0, 1e-3, 0.3}) {
      const grazing::TabaryPotential a(gamma, eta);
      for (int k = 0; k < 4000; ++k) {
        const double base = std::exp(-12.0 + 0.004 * k);
        const grazing::Double4 r{base, 0.9 * base, (k % 7 == 0) ? 0.0 : 1.3 * base, (k % 11 == 0) ? NAN : 0.5 * base};
        const grazing::Double4 v = a.alpha(r);
        for (int l = 0; l < 4; ++l) {
          const double s = a.alpha(r[l]);
          if (std::isnan(s)) {
            EXPECT_TRUE(std::isnan(v[l]));
          } else {
            EXPECT_EQ(v[l], s) << "gamma " << gamma << " eta " << eta << " r " << r[l];
          }
        }
      }
    }
  }
}
