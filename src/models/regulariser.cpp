#include "regulariser.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace grazing {
namespace {

// G(y) = int_0^y S(x) dx on [0, 1/2], tabulated once at kCells + 1 nodes by 8-point Gauss-Legendre
// per cell and evaluated by cubic Hermite interpolation (derivative S known exactly): error < 1e-14.
// On [1/2, 1], G(y) = y - 1/2 + G(1 - y) by the symmetry S(1 - x) = 1 - S(x), so G(1) = 1/2 exactly.
constexpr int kCells = 1024;
constexpr double kHalf = 0.5;

struct Table {
  std::array<double, kCells + 1> g{};
  Table() {
    static constexpr double node[4] = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
    static constexpr double weight[4] = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};
    const double h = kHalf / kCells;
    g[0] = 0.0;
    for (int c = 0; c < kCells; ++c) {
      const double mid = (c + 0.5) * h, half = 0.5 * h;
      double sum = 0.0;
      for (int k = 0; k < 4; ++k)
        sum += weight[k] * (smooth_step(mid - half * node[k]) + smooth_step(mid + half * node[k]));
      g[c + 1] = g[c] + half * sum;
    }
  }
};

const Table& table() {
  static const Table t;
  return t;
}

double G_low(double y) {  // y in [0, 1/2]
  const double h = kHalf / kCells;
  const double u = y / h;
  int c = static_cast<int>(u);
  if (c >= kCells) return table().g[kCells];
  const double s = u - c;
  const double g0 = table().g[c], g1 = table().g[c + 1];
  const double d0 = smooth_step(c * h) * h, d1 = smooth_step((c + 1) * h) * h;
  const double s2 = s * s, s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * g0 + (s3 - 2 * s2 + s) * d0 + (-2 * s3 + 3 * s2) * g1 + (s3 - s2) * d1;
}

double G(double y) {
  if (std::isnan(y)) return y;  // not a table index (UB): NaN in, NaN out
  if (y <= 0.0) return 0.0;
  if (y >= 1.0) return 0.5 + (y - 1.0);
  return y <= kHalf ? G_low(y) : y - 0.5 + G_low(1.0 - y);
}

}  // namespace

double smooth_step(double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  // psi(x)/(psi(x)+psi(1-x)) = 1/(1 + exp(1/x - 1/(1-x)))
  return 1.0 / (1.0 + std::exp(1.0 / x - 1.0 / (1.0 - x)));
}

double tabary_chi(double x) {
  if (x >= 1.0) return x;
  if (x <= 0.98) return 0.99;
  return 0.99 + 0.02 * G((x - 0.98) / 0.02);
}

double tabary_chi_prime(double x) {
  if (x >= 1.0) return 1.0;
  if (x <= 0.98) return 0.0;
  return smooth_step((x - 0.98) / 0.02);
}

double default_tabary_eta(double gamma, double N) {
  if (gamma >= 0.0) return 0.0;
  if (gamma <= -3.0) return 1e-8;
  return std::max(1e-8, std::pow(N, -1.0 / (2.0 * (gamma + 3.0))));
}

}  // namespace grazing
