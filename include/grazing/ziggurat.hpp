// Tables of the ziggurat method for the standard normal (G. Marsaglia, W. W. Tsang, "The Ziggurat
// Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000, doi:10.18637/jss.v005.i08),
// 256 layers of equal area v under f(x) = exp(-x^2/2): X[0] = v/f(r) (the base layer's width including
// its tail), X[1] = r, X[i+1] = f^{-1}(f(X[i]) + v/X[i]), X[256] = 0. Sampling (CounterRng::normal):
// layer i, sign and x = u X[i] from one 64-bit word; accept at once when x < X[i+1]; the base layer's
// overhang is the exact tail x > r (Marsaglia's tail method); other overhangs are accepted when a
// uniform height in [f(X[i]), f(X[i+1])] falls below f(x). Exact rejection sampling: the only
// approximation is the tables' double rounding (relative 1e-16 in the layer areas).
#pragma once
#include <array>
#include <cmath>
#include <numbers>

namespace grazing {

struct ZigguratTables {
  static constexpr double kR = 3.6541528853610088;
  // v is the base layer's area, r f(r) + int_r^inf f = r f(r) + sqrt(pi/2) erfc(r/sqrt 2) (computed, not
  // the 12-digit literature value, so that the layers close at the top to double precision).
  const double kV = kR * std::exp(-0.5 * kR * kR) + std::sqrt(std::numbers::pi / 2) * std::erfc(kR / std::numbers::sqrt2);
  std::array<double, 257> x{};  // layer widths X[i]
  std::array<double, 257> f{};  // f(X[i])
  ZigguratTables() {
    auto pdf = [](double t) { return std::exp(-0.5 * t * t); };
    x[0] = kV / pdf(kR);
    x[1] = kR;
    for (int i = 1; i < 256; ++i) {
      const double y = pdf(x[i]) + kV / x[i];
      x[i + 1] = y >= 1.0 ? 0.0 : std::sqrt(-2.0 * std::log(y));
    }
    x[256] = 0.0;
    for (int i = 0; i <= 256; ++i) f[i] = pdf(x[i]);
  }
};

// Built once at program start (a namespace-scope object: reading it needs no initialisation guard,
// which a function-local static would check on every normal draw).
inline const ZigguratTables kZigguratTables;

inline const ZigguratTables& ziggurat_tables() { return kZigguratTables; }

}  // namespace grazing
