#include "nanbu.hpp"

#include <algorithm>
#include <cmath>

#include "binary_collision.hpp"
#include "grazing/heat_kernel.hpp"

namespace grazing {
namespace {

constexpr double kIsotropicS = 40.0;

// The Langevin function L(A) = coth A - 1/A and its derivative, without cancellation at small A: for
// A < 0.35 its Taylor series sum_n 2^{2n} B_{2n} A^{2n-1}/(2n)! to n = 10 (the next term is below 1e-19
// relative); above, coth A - 1/A loses at most 1.5 digits to cancellation.
void langevin(double A, double& L, double& dL) {
  if (A < 0.35) {
    static constexpr double c[10] = {1.0 / 3, -1.0 / 45, 2.0 / 945, -1.0 / 4725, 2.0 / 93555, -1382.0 / 638512875,
                                     4.0 / 18243225, -3617.0 / 162820783125, 87734.0 / 38979295480125,
                                     -349222.0 / 1531329465290625};
    const double a2 = A * A;
    double p = 0, dp = 0;
    for (int n = 9; n >= 0; --n) {  // L = A sum c_n a2^n, dL = sum (2n+1) c_n a2^n
      p = p * a2 + c[n];
      dp = dp * a2 + (2 * n + 1) * c[n];
    }
    L = A * p;
    dL = dp;
  } else {
    const double sh = std::sinh(A);
    L = 1.0 / std::tanh(A) - 1.0 / A;
    dL = std::isfinite(sh) ? 1.0 / (A * A) - 1.0 / (sh * sh) : 1.0 / (A * A);
  }
}

}  // namespace

double nanbu_A(double s) {
  // Solve for A in [3q, 1/d], q = e^{-s}, d = 1 - q: L(A) <= A/3 and 1 - L(A) <= 1/A bracket the root.
  const double q = std::exp(-s), d = -std::expm1(-s);
  double lo = 3.0 * q, hi = 1.0 / d;
  if (d < 1e-8) return hi;  // A >= 1e8: 1 - L(A) = 1/A - 2/(e^{2A} - 1) = 1/A to double precision
  double A = q < 0.5 ? 3.0 * q : 1.0 / d;  // the small- and large-A asymptotes
  A = std::clamp(A, lo, hi);
  for (int it = 0; it < 200; ++it) {
    double L, dL;
    langevin(A, L, dL);
    // Residual in the better-conditioned form: L - q where L is small, d - (1 - L) where L is near 1.
    const double f = q < 0.5 ? L - q : d - (1.0 / A - (A < 20 ? 2.0 / std::expm1(2.0 * A) : 0.0));
    if (f > 0) hi = A;
    else lo = A;
    double next = A - f / dL;
    // Converged when the Newton step is within two ulps (checked before the safeguard, which would send
    // a step onto a bracket end into bisection; a tolerance under one ulp never ends a two-value cycle).
    if (f == 0.0 || std::fabs(next - A) <= 4e-16 * A) return next;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);  // safeguard: bisection
    if (hi - lo <= 4e-16 * hi) return next;
    A = next;
  }
  return A;
}

double nanbu_cos(double A, double u) {
  // CDF F(x) = (e^{A x} - e^{-A})/(2 sinh A); F(x) = u solved in the form without overflow or cancellation.
  if (A > 1.0) return 1.0 + std::log(u + (1.0 - u) * std::exp(-2.0 * A)) / A;
  return -1.0 + std::log1p(u * std::expm1(2.0 * A)) / A;
}

Vec3 nanbu_deflect(Vec3 e, double tau, CounterRng& rng) {
  const double s = 2.0 * tau;  // Nanbu's s, matched so that E[cos chi] = e^{-s} = e^{-2 tau}
  const double u = rng.uniform();
  double cos_phi, sin_phi;
  detail::uniform_azimuth(rng, cos_phi, sin_phi);
  const double c = s < kIsotropicS ? nanbu_cos(nanbu_A(s), u) : 2.0 * u - 1.0;
  return deflect<false>(e, c, std::sqrt(std::max(0.0, (1.0 - c) * (1.0 + c))), cos_phi, sin_phi);  // rotate_pair corrects the length
}

ModelInfo nanbu_info() { return binary_collision_info<NanbuLaw>(); }

}  // namespace grazing
