// Test-side statistics: exact laws and test statistics, written independently of the code under test.
#pragma once
#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <vector>

namespace grazing::test {

// Running mean and unbiased variance (Welford).
class Welford {
 public:
  void add(double x) {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
  }
  double mean() const { return mean_; }
  double variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }
  double stderr_of_mean() const { return std::sqrt(variance() / static_cast<double>(n_)); }
  long n() const { return n_; }

 private:
  long n_ = 0;
  double mean_ = 0, m2_ = 0;
};

// z-score of a sample mean against an exact expectation, with the measured standard error.
inline double zscore(const Welford& w, double expected) {
  const double se = w.stderr_of_mean();
  return se > 0 ? (w.mean() - expected) / se : (w.mean() == expected ? 0.0 : INFINITY);
}

// Legendre polynomial P_l(x) by the three-term recurrence.
inline double legendre(int l, double x) {
  double p0 = 1.0, p1 = x;
  if (l == 0) return p0;
  for (int k = 1; k < l; ++k) {
    const double p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
    p0 = p1;
    p1 = p2;
  }
  return p1;
}

// P_l(1 - y) - 1 computed without cancellation for small y:
// P_l(x) = sum_k C(l,k) C(l+k,k) ((x-1)/2)^k.
inline double legendre_minus_one(int l, double y) {
  double sum = 0.0, term = 1.0;
  for (int k = 1; k <= l; ++k) {
    term *= static_cast<double>((l - k + 1) * (l + k)) / static_cast<double>(k * k) * (-y / 2.0);
    sum += term;
  }
  return sum;
}

// CDF of x = e.e' under the heat kernel on S^2 at time tau (generator Delta), docs/physics/mbc.md#the-heat-kernel:
// F(x) = (x+1)/2 + 1/2 sum_{l>=1} e^{-l(l+1) tau} [P_{l+1}(x) - P_{l-1}(x)].
inline double heat_kernel_cdf(double x, double tau) {
  double F = 0.5 * (x + 1.0);
  double pm1 = 1.0, p = x;  // P_{l-1}, P_l at l = 1
  for (int l = 1;; ++l) {
    const double w = std::exp(-static_cast<double>(l) * (l + 1) * tau);
    const double pp1 = ((2 * l + 1) * x * p - l * pm1) / (l + 1);
    if (w < 1e-19) break;
    F += 0.5 * w * (pp1 - pm1);
    pm1 = p;
    p = pp1;
  }
  return std::clamp(F, 0.0, 1.0);
}

// Kolmogorov-Smirnov: statistic D_n of a sample against a continuous CDF, and the asymptotic
// p-value with Stephens' finite-n correction (Stephens 1970).
inline double ks_statistic(std::vector<double> xs, const std::function<double(double)>& cdf) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0.0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double F = cdf(xs[i]);
    d = std::max({d, F - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - F});
  }
  return d;
}

inline double ks_pvalue(double d, std::size_t n_samples) {
  const double sn = std::sqrt(static_cast<double>(n_samples));
  const double lambda = (sn + 0.12 + 0.11 / sn) * d;
  if (lambda < 0.2) return 1.0;
  double p = 0.0;
  for (int k = 1; k < 100; ++k) p += 2.0 * ((k % 2) ? 1.0 : -1.0) * std::exp(-2.0 * k * k * lambda * lambda);
  return std::clamp(p, 0.0, 1.0);
}

// Standard normal CDF and density.
inline double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }
inline double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi); }

// Upper tail of chi-square with k degrees of freedom as a z-score (Wilson-Hilferty transform).
inline double chi2_as_z(double chi2, double k) {
  const double c = 2.0 / (9.0 * k);
  return (std::cbrt(chi2 / k) - (1.0 - c)) / std::sqrt(c);
}

// CDF of Beta(3/2, n+1) for integer n >= 0, exactly: with s = u^2,
// int_0^u 2 t^2 (1-t^2)^n dt = 2 sum_k C(n,k) (-1)^k u^{2k+3}/(2k+3), normalised at u = 1.
inline double beta_three_halves_cdf(double s, int n) {
  if (s <= 0) return 0.0;
  if (s >= 1) return 1.0;
  const double u = std::sqrt(s);
  auto prim = [n](double x) {
    double sum = 0.0, binom = 1.0;
    for (int k = 0; k <= n; ++k) {
      sum += ((k % 2) ? -1.0 : 1.0) * binom * std::pow(x, 2 * k + 3) / (2 * k + 3);
      binom = binom * (n - k) / (k + 1);
    }
    return sum;
  };
  return prim(u) / prim(1.0);
}

}  // namespace grazing::test
