// r^gamma for a gamma fixed at construction, by the cheapest form that is exact up to rounding:
// products (and one division) for integer gamma in [-4, 4] — the Coulomb case gamma = -3 among them —
// std::pow otherwise. pow costs ~20 ns per call, a product a few; the two differ by a couple of ulp,
// the rounding of the products. r = 0 gives +inf for gamma < 0 (as pow does), 0 for gamma > 0, 1 for 0.
#pragma once
#include <cmath>

namespace grazing {

class RealPower {
 public:
  explicit RealPower(double gamma)
      : gamma_(gamma),
        k_(gamma == std::trunc(gamma) && std::fabs(gamma) <= 4.0 ? static_cast<int>(gamma) : kGeneral) {}

  double operator()(double r) const {
    switch (k_) {
      case 0: return 1.0;
      case 1: return r;
      case 2: return r * r;
      case 3: return r * r * r;
      case 4: { const double r2 = r * r; return r2 * r2; }
      case -1: return 1.0 / r;
      case -2: return 1.0 / (r * r);
      case -3: return 1.0 / (r * r * r);
      case -4: { const double r2 = r * r; return 1.0 / (r2 * r2); }
      default: return std::pow(r, gamma_);
    }
  }

  double gamma() const { return gamma_; }

 private:
  static constexpr int kGeneral = 1000;
  double gamma_;
  int k_;
};

}  // namespace grazing
