// The order of the finite-step bias of takizuka-abe and nanbu, from their exact gamma = 0 per-step factor
// (docs/models/takizuka-abe.md#accuracy-what-the-tests-show; matched by simulation in
// tests/statistical/test_binary_collisions.cpp): lambda(dt) = -ln f(dt)/dt with
// f = 1 - kappa (1 - p2(2 dt))/2, kappa = N/(N - 1). Deterministic.
//
// Series, by hand (tau = 2 dt, Z ~ N(0, 1)):
//   Takizuka-Abe: 1 - p2 = E[6 d/(1 + d)^2], d = tau Z^2, = 6 tau - 36 tau^2 + 270 tau^3 + O(tau^4)
//                 (E Z^4 = 3, E Z^6 = 15), so 1 - p2 = 12 dt - 144 dt^2 + ...;
//   Nanbu:        1 - p2 = 3 e^{-s}(1 - e^{-s}), s = 4 dt, = 12 dt - 72 dt^2 + ...;
//   heat kernel:  1 - p2 = 1 - e^{-12 dt} = 12 dt - 72 dt^2 + ...;
// with f = 1 - kappa(6 dt - (b/2) dt^2), -ln f = 6 kappa dt - (b kappa/2 - 18 kappa^2) dt^2 + O(dt^3):
//   lambda(dt) = 6 kappa - c dt + O(dt^2),  c = 72 kappa - 18 kappa^2 (TA), 36 kappa - 18 kappa^2 (Nanbu,
//   heat kernel); c = 54 and 18 as N -> infinity.
// The bias lambda(dt) - 6 kappa is therefore first order in dt and negative (relaxation too slow).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "models/nanbu.hpp"
#include "support/binary_laws.hpp"

using namespace grazing;
using namespace grazing::test;

namespace {

struct Law {
  const char* name;
  double (*one_minus_p2)(double dt);  // 1 - p2 at tau = 2 dt
  double (*c)(double kappa);           // first-order coefficient of the bias
};

const Law kLaws[] = {
    {"takizuka-abe", [](double dt) { return ta_one_minus_p2(2 * dt); }, [](double k) { return 72 * k - 18 * k * k; }},
    {"nanbu", [](double dt) { return 1.0 - nanbu_p2_small_s(4 * dt); }, [](double k) { return 36 * k - 18 * k * k; }},
    {"heat kernel", [](double dt) { return -std::expm1(-12 * dt); }, [](double k) { return 36 * k - 18 * k * k; }},
};

double bias(const Law& law, std::size_t N, double dt) {
  const double kappa = static_cast<double>(N) / static_cast<double>(N - 1);
  return effective_rate(law.one_minus_p2(dt), N, dt) - 6 * kappa;
}

}  // namespace

// The quadrature of Takizuka-Abe's law against its hand series: the series the coefficient rests on.
TEST(BinaryStepBias, TakizukaAbeSecondLegendreMomentSeries) {
  for (double tau : {1e-4, 1e-3, 1e-2}) {
    const double series = 6 * tau - 36 * tau * tau + 270 * tau * tau * tau;
    // the next term, -6 * 4 * 105 tau^4, is -420 tau^3 relative
    EXPECT_NEAR(ta_one_minus_p2(tau) / series, 1.0, 1000 * tau * tau * tau) << "tau=" << tau;
  }
}

// The code's Nanbu law (A solved by nanbu_A) has the closed-form p2 used here.
TEST(BinaryStepBias, NanbuClosedFormMatchesTheCodesA) {
  for (double dt : {1e-5, 1e-4, 1e-3, 2e-3}) {
    const double s = 4 * dt;
    const double from_code = 1.0 - nanbu_p2(nanbu_A(s)), closed = 1.0 - nanbu_p2_small_s(s);
    EXPECT_NEAR(from_code / closed, 1.0, 1e-9) << "s=" << s;
  }
}

// lambda(dt) = 6 kappa - c dt + O(dt^2): bias/dt -> -c, and halving dt halves the bias (ratio -> 2, not 4).
TEST(BinaryStepBias, BiasIsFirstOrderInDtWithTheSeriesCoefficient) {
  for (const Law& law : kLaws) {
    for (std::size_t N : {40u, 1000000000u}) {
      const double kappa = static_cast<double>(N) / static_cast<double>(N - 1);
      const double c = law.c(kappa);
      const double dt = 1e-5;
      EXPECT_NEAR(bias(law, N, dt) / dt / -c, 1.0, 1e-3) << law.name << " N=" << N;
      for (double h : {0.02, 0.01, 0.005, 0.0025, 0.00125}) {
        const double ratio = bias(law, N, h) / bias(law, N, h / 2);
        std::printf("%-12s N = %-10zu dt = %-7g bias %+.5f (-c dt = %+.5f), bias(dt)/bias(dt/2) = %.4f\n", law.name, N, h,
                    bias(law, N, h), -c * h, ratio);
        EXPECT_LT(bias(law, N, h), 0.0) << law.name << ": relaxation not slower";
        // 2 + O(dt): measured |ratio - 2| <= 9.5 dt..13 dt for Takizuka-Abe, less for the others; a
        // second-order bias would give 4.
        EXPECT_LT(std::fabs(ratio - 2), 15 * h) << law.name << " N=" << N << " dt=" << h;
      }
    }
  }
}

// The table of docs/models/takizuka-abe.md (N -> infinity, three decimals).
TEST(BinaryStepBias, DocumentedEffectiveRates) {
  const double dts[] = {1e-3, 1e-2, 3e-2, 0.1};
  const double table[3][4] = {{5.947, 5.521, 4.809, 3.404}, {5.982, 5.817, 5.435, 4.104}, {5.982, 5.820, 5.463, 4.299}};
  const std::size_t N = 1000000000u;
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(effective_rate(ta_one_minus_p2(2 * dts[k]), N, dts[k]), table[0][k], 6e-4) << "takizuka-abe dt=" << dts[k];
    EXPECT_NEAR(effective_rate(1.0 - nanbu_p2(nanbu_A(4 * dts[k])), N, dts[k]), table[1][k], 6e-4) << "nanbu dt=" << dts[k];
    EXPECT_NEAR(effective_rate(-std::expm1(-12 * dts[k]), N, dts[k]), table[2][k], 6e-4) << "heat kernel dt=" << dts[k];
  }
}
