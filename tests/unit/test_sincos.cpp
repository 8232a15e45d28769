// The inline sinc and cos of the heat kernel's small-angle branch against libm on [0, pi/4].
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "grazing/heat_kernel.hpp"

using grazing::detail::sinc_cos_quarter_pi;

namespace {
// Distance in units in the last place of the reference value.
double ulps(double got, double ref) {
  return std::fabs(got - ref) / (std::nextafter(std::fabs(ref), INFINITY) - std::fabs(ref));
}
}  // namespace

TEST(SincCosQuarterPi, WithinTwoUlpOfLibmOnTheWholeRange) {
  const double top = 0.25 * std::numbers::pi;
  double worst_sinc = 0, worst_cos = 0;
  // sin(x)/x from libm carries its own rounding (the division's): the reference is formed in long
  // double. A uniform grid of 1e6 points, plus tiny arguments from 1e-300 to 1e-2.
  auto check = [&](double x) {
    double sinc, c;
    sinc_cos_quarter_pi(x * x, sinc, c);
    const long double lx = x * x == 0.0 ? 1.0L : static_cast<long double>(x);
    const double ref = x * x == 0.0 ? 1.0 : static_cast<double>(std::sin(lx) / lx);
    worst_sinc = std::max(worst_sinc, ulps(sinc, ref));
    worst_cos = std::max(worst_cos, ulps(c, std::cos(x)));
  };
  for (int k = 0; k <= 1000000; ++k) check(top * k / 1e6);
  for (double x = 1e-300; x < 1e-2; x *= 1.01) check(x);
  EXPECT_LE(worst_sinc, 2.0);
  EXPECT_LE(worst_cos, 2.0);
  double sinc, c;
  sinc_cos_quarter_pi(0.0, sinc, c);
  EXPECT_EQ(sinc, 1.0);
  EXPECT_EQ(c, 1.0);
}
