#include "bkw.hpp"

#include <cmath>
#include <numbers>

#include "grazing/heat_kernel.hpp"

namespace grazing {
namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }
double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi); }

// CDFs of chi^2 with 3 and 5 degrees of freedom at q (closed forms).
double chi3_cdf(double q) {
  const double y = std::sqrt(q);
  return std::erf(y / std::numbers::sqrt2) - std::sqrt(2 / std::numbers::pi) * y * std::exp(-q / 2);
}
double chi5_cdf(double q) { return chi3_cdf(q) - std::sqrt(2 / std::numbers::pi) * q * std::sqrt(q) / 3 * std::exp(-q / 2); }

// int_0^inf g(r) 4 pi r^2 dr by the trapezoidal rule on [0, 40 sqrt(K)] with 20000 panels (the
// integrands are smooth and decay like e^{-r^2/2K}: the rule converges spectrally; error < 1e-12).
template <class G>
double radial_integral(G&& g, double K) {
  const int n = 20000;
  const double rmax = 40 * std::sqrt(K), h = rmax / n;
  double s = 0;
  for (int k = 1; k < n; ++k) {
    const double r = k * h;
    s += g(r) * r * r;
  }
  return 4 * std::numbers::pi * h * s;
}

}  // namespace

double BkwSolution::K(double t) const { return 1.0 - (1.0 - K0_) * std::exp(-4.0 * C_ * t); }

double BkwSolution::density(double r, double t) const {
  const double k = K(t), A = (5 * k - 3) / (2 * k), B = (1 - k) / (2 * k * k);
  return std::pow(2 * std::numbers::pi * k, -1.5) * std::exp(-r * r / (2 * k)) * (A + B * r * r);
}

double BkwSolution::marginal(double x, double t) const {
  const double k = K(t), A = (5 * k - 3) / (2 * k), B = (1 - k) / (2 * k * k);
  return std::exp(-x * x / (2 * k)) / std::sqrt(2 * std::numbers::pi * k) * (A + B * x * x + 2 * B * k);
}

double BkwSolution::marginal_cdf(double x, double t) const {
  const double k = K(t), B = (1 - k) / (2 * k * k), u = x / std::sqrt(k);
  return normal_cdf(u) - B * k * u * normal_pdf(u);
}

double BkwSolution::speed_cdf(double r, double t) const {
  if (r <= 0) return 0.0;
  const double k = K(t), A = (5 * k - 3) / (2 * k), B = (1 - k) / (2 * k * k), q = r * r / k;
  return A * chi3_cdf(q) + 3 * B * k * chi5_cdf(q);
}

double BkwSolution::moment(int two_k, double t) const {
  const double k = K(t);
  switch (two_k) {
    case 0: return 1.0;
    case 2: return 3.0;
    case 4: return 30 * k - 15 * k * k;
    case 6: return 315 * k * k - 210 * k * k * k;
    default: return std::nan("");
  }
}

double BkwSolution::entropy(double t) const {
  return radial_integral([&](double r) { const double f = density(r, t); return f > 0 ? f * std::log(f) : 0.0; }, K(t));
}

double BkwSolution::fisher(double t) const {
  const double k = K(t), A = (5 * k - 3) / (2 * k), B = (1 - k) / (2 * k * k);
  // d/dr log f = -r/K + 2 B r / (A + B r^2)
  return radial_integral([&](double r) {
    const double f = density(r, t), dl = -r / k + 2 * B * r / (A + B * r * r);
    return f * dl * dl;
  }, k);
}

Vec3 BkwSolution::draw(double K, CounterRng& rng) {
  const double pA = (5.0 * K - 3.0) / (2.0 * K);
  const int dof = rng.uniform() < pA ? 3 : 5;
  double chi2 = 0.0;
  for (int k = 0; k < dof; ++k) {
    const double g = rng.normal();
    chi2 += g * g;
  }
  return std::sqrt(K * chi2) * uniform_direction(rng);
}

}  // namespace grazing
