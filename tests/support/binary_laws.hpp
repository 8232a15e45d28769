// Test-side exact results for the binary collision models (takizuka-abe, nanbu; docs/models/takizuka-abe.md),
// written independently of src/models: the second Legendre moment p2 = E[P_2(cos theta)] of each angular
// law, and the exact gamma = 0 per-step factor of E[Dev M] with its effective relaxation rate.
#pragma once
#include <cmath>

#include "support/stats.hpp"

namespace grazing::test {

// Langevin function L(A) = coth A - 1/A in long double (three more digits than the code under test):
// below A = 0.35 its series, with the Bernoulli coefficients 2^{2n} B_{2n}/(2n)! recomputed here from
// B_{2n} themselves.
inline long double langevin_ld(long double A) {
  if (A >= 0.35L) return 1 / std::tanh(A) - 1 / A;
  static const long double B[11] = {1.0L, 1.0L / 6, -1.0L / 30, 1.0L / 42, -1.0L / 30, 5.0L / 66, -691.0L / 2730,
                                    7.0L / 6, -3617.0L / 510, 43867.0L / 798, -174611.0L / 330};
  long double sum = 0, pow4 = 1, fact = 1, apow = 1 / A;
  for (int n = 1; n <= 10; ++n) {
    pow4 *= 4;
    fact *= (2 * n - 1) * (2 * n);
    apow *= A * A;
    sum += pow4 * B[n] / fact * apow;
  }
  return sum;
}

// E[P_2(cos theta)] of Takizuka-Abe at tau (Takizuka & Abe 1977 eq. (7): tan(theta/2) = delta,
// delta ~ N(0, tau)), by the trapezoidal rule on [-12, 12] in delta/sqrt(tau) (spectrally accurate for
// this smooth, Gaussian-weighted integrand).
inline double ta_p2(double tau) {
  const int n = 24000;
  const double a = -12.0, h = 24.0 / n;
  double sum = 0;
  for (int k = 0; k <= n; ++k) {
    const double z = a + k * h, d2 = tau * z * z, c = (1 - d2) / (1 + d2);
    sum += (k == 0 || k == n ? 0.5 : 1.0) * 0.5 * (3 * c * c - 1) * normal_pdf(z);
  }
  return sum * h;
}

// 1 - p2 of Takizuka-Abe at tau without cancellation: 1 - P_2(c) = (3/2)(1 - c^2), and with
// d = delta^2, 1 - c^2 = 4 d/(1 + d)^2. Same quadrature as ta_p2.
inline double ta_one_minus_p2(double tau) {
  const int n = 24000;
  const double a = -12.0, h = 24.0 / n;
  double sum = 0;
  for (int k = 0; k <= n; ++k) {
    const double z = a + k * h, d = tau * z * z;
    sum += (k == 0 || k == n ? 0.5 : 1.0) * 6.0 * d / ((1 + d) * (1 + d)) * normal_pdf(z);
  }
  return sum * h;
}

// E[P_2(cos chi)] of Nanbu's law at A (Nanbu 1997: density A e^{A x}/(2 sinh A) of x = cos chi):
// E[x^2] = 1 - 2 L(A)/A, so p2 = 1 - 3 L(A)/A.
inline double nanbu_p2(double A) { return 1.0 - 3.0 * static_cast<double>(langevin_ld(A)) / A; }

// Nanbu's p2 at scattering parameter s for small s, without solving for A: L(A) = e^{-s} and
// 1 - L(A) = 1/A - 2/(e^{2A} - 1), so 1/A = 1 - e^{-s} up to 2/(e^{2A} - 1) < 1e-80 when s < 0.01
// (A > 99). Then 1 - p2 = 3 e^{-s} (1 - e^{-s}).
inline double nanbu_p2_small_s(double s) { return 1.0 + 3.0 * std::exp(-s) * std::expm1(-s); }

// gamma = 0, even N: one step maps E[Dev M] to f Dev M, f = 1 - (1 - p2) N / (2 (N - 1)), p2 of the
// angular law at tau = 2 dt (docs/models/takizuka-abe.md#accuracy-what-the-tests-show). The effective
// rate is lambda(dt) = -ln f / dt, whose dt -> 0 limit is 6 N/(N - 1) (rate 12 C, C = 1/2).
inline double per_step_factor(double one_minus_p2, std::size_t N) {
  return 1.0 - one_minus_p2 * static_cast<double>(N) / (2.0 * static_cast<double>(N - 1));
}
inline double effective_rate(double one_minus_p2, std::size_t N, double dt) {
  return -std::log1p(-one_minus_p2 * static_cast<double>(N) / (2.0 * static_cast<double>(N - 1))) / dt;
}

}  // namespace grazing::test
