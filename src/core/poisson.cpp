#include "grazing/poisson.hpp"

#include <cmath>
#include <stdexcept>

namespace grazing {
namespace {

// log(k!) for k >= 0, via lgamma_r (thread-safe; glibc's lgamma writes the global signgam).
double log_factorial(double k) {
  int sign = 0;
  return ::lgamma_r(k + 1.0, &sign);
}

std::uint64_t poisson_inversion(double mu, CounterRng& rng) {
  const double u = rng.uniform();
  double p = std::exp(-mu);
  double cdf = p;
  std::uint64_t k = 0;
  while (u > cdf) {
    ++k;
    p *= mu / static_cast<double>(k);
    const double next = cdf + p;
    if (next == cdf) break;  // the remaining tail is below double resolution
    cdf = next;
  }
  return k;
}

std::uint64_t poisson_ptrs(double mu, CounterRng& rng) {
  const double smu = std::sqrt(mu);
  const double b = 0.931 + 2.53 * smu;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  const double log_mu = std::log(mu);
  for (;;) {
    const double u = rng.uniform() - 0.5;
    const double v = rng.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mu + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mu + k * log_mu - log_factorial(k))
      return static_cast<std::uint64_t>(k);
  }
}

}  // namespace

std::uint64_t sample_poisson(double mu, CounterRng& rng) {
  if (!(mu >= 0.0) || !std::isfinite(mu)) throw std::invalid_argument("sample_poisson: mean must be finite and >= 0");
  if (mu == 0.0) return 0;
  return mu < 10.0 ? poisson_inversion(mu, rng) : poisson_ptrs(mu, rng);
}

}  // namespace grazing
