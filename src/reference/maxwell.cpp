#include "maxwell.hpp"

#include <cmath>
#include <numbers>

namespace grazing {

Vec3 maxwell_isotropic_flow(Vec3 v0, double E, double C, double t, CounterRng& rng) {
  const double kappa = 2.0 * C, T = E / 3.0;
  const double decay = std::exp(-kappa * t), sd = std::sqrt(T * -std::expm1(-2.0 * kappa * t));
  return decay * v0 + Vec3{sd * rng.normal(), sd * rng.normal(), sd * rng.normal()};
}

MaxwellMoments::MaxwellMoments(std::array<double, 6> P0, double M4_0, double C) : P0_(P0), M4_0_(M4_0), C_(C) {
  E_ = P0[0] + P0[1] + P0[2];
  const double third = E_ / 3.0;
  D2_ = 0;
  for (int k = 0; k < 3; ++k) D2_ += (P0[k] - third) * (P0[k] - third);
  for (int k = 3; k < 6; ++k) D2_ += 2 * P0[k] * P0[k];  // off-diagonal entries count twice in ||.||_F
}

std::array<double, 6> MaxwellMoments::second(double t) const {
  const double third = E_ / 3.0, d = std::exp(-12.0 * C_ * t);
  std::array<double, 6> P{};
  for (int k = 0; k < 3; ++k) P[k] = third + (P0_[k] - third) * d;
  for (int k = 3; k < 6; ++k) P[k] = P0_[k] * d;
  return P;
}

double MaxwellMoments::fourth(double t) const {
  const double inf = 5.0 / 3.0 * E_ * E_;
  return inf + (M4_0_ - inf - D2_ / 2) * std::exp(-8.0 * C_ * t) + D2_ / 2 * std::exp(-24.0 * C_ * t);
}

double coulomb_isotropisation_rate(double theta_par, double theta_perp, double C) {
  const double A = theta_perp / theta_par - 1.0;
  const double pre = C / std::sqrt(std::numbers::pi) * std::pow(theta_par, -1.5);
  if (std::fabs(A) < 1e-4) {
    // series: A^{-2}[-3 + (A+3) g(A)], g = arctan(sqrt A)/sqrt A = 1 - A/3 + A^2/5 - A^3/7 + ...
    // gives 4/15 - 8A/35 + ... ; with the prefactor, nu -> (4/15) pre: d(theta_par - theta_perp)/dt =
    // -3 nu (theta_par - theta_perp) = -(4/5) pre (theta_par - theta_perp), docs/physics/references.md#coulomb-isotropisation-rate's small-anisotropy rate.
    return pre * (4.0 / 15.0 - 8.0 * A / 35.0);
  }
  const double g = A > 0 ? std::atan(std::sqrt(A)) / std::sqrt(A) : std::atanh(std::sqrt(-A)) / std::sqrt(-A);
  return pre / (A * A) * (-3.0 + (A + 3.0) * g);
}

}  // namespace grazing
