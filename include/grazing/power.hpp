// r^gamma for a gamma fixed at construction, by the cheapest form that is exact up to rounding:
// products (and one division) for integer gamma in [-4, 4] -- the Coulomb case gamma = -3 among them --
// the same times one square root for half-integer |gamma| < 4 (Tabary's gamma = -2.5, say), std::pow
// otherwise. pow costs ~20 ns per call, a product a few; the forms differ from pow by a couple of ulp,
// the rounding of the products. r = 0 gives +inf for gamma < 0 (as pow does), 0 for gamma > 0, 1 for 0.
#pragma once
#include <cmath>

#include "grazing/simd.hpp"

namespace grazing {

class RealPower {
 public:
  explicit RealPower(double gamma)
      : gamma_(gamma),
        k_(gamma == std::trunc(gamma) && std::fabs(gamma) <= 4.0 ? static_cast<int>(gamma) : kGeneral),
        half_(k_ == kGeneral && 2.0 * gamma == std::trunc(2.0 * gamma) && std::fabs(gamma) < 4.0
                  ? static_cast<int>(std::trunc(std::fabs(gamma)))
                  : -1) {}

  // T = double, or Double4 for four values at once (the same operations lane by lane).
  template <class T>
  T operator()(T r) const {
    switch (k_) {
      case 0: return splat<T>(1.0);
      case 1: return r;
      case 2: return r * r;
      case 3: return r * r * r;
      case 4: { const T r2 = r * r; return r2 * r2; }
      case -1: return 1.0 / r;
      case -2: return 1.0 / (r * r);
      case -3: return 1.0 / (r * r * r);
      case -4: { const T r2 = r * r; return 1.0 / (r2 * r2); }
      default: break;
    }
    if (half_ >= 0) {  // |gamma| = half_ + 1/2: r^half_ sqrt(r), or its inverse
      T p = sqrt_of(r);
      for (int k = 0; k < half_; ++k) p *= r;
      return gamma_ > 0 ? p : 1.0 / p;
    }
    if constexpr (kIsDouble4<T>) {
      return T{std::pow(r[0], gamma_), std::pow(r[1], gamma_), std::pow(r[2], gamma_), std::pow(r[3], gamma_)};
    } else {
      return std::pow(r, gamma_);
    }
  }

  double gamma() const { return gamma_; }

 private:
  static constexpr int kGeneral = 1000;
  double gamma_;
  int k_;
  int half_;  // |gamma| - 1/2 for half-integer |gamma| < 4, else -1
};

}  // namespace grazing
