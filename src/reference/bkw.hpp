// The BKW solution of the Landau equation for Maxwell molecules (gamma = 0), docs/physics/references.md#bkw (external:
// Carrillo, Hu, Wang, Wu, J. Comput. Phys. X 7 (2020) 100066), for any Landau constant C
// (Q_C(f) = C div int |z|^gamma (|z|^2 I - z (x) z)(f_* grad f - f grad_* f_*); Du (1.1) is C = 1/2):
//   f(t, v) = (2 pi K)^{-3/2} e^{-|v|^2/(2K)} [A + B |v|^2],  A = (5K-3)/(2K),  B = (1-K)/(2K^2),
//   K(t) = 1 - (1 - K0) e^{-4Ct},  3/5 <= K0 <= 1;  rho = 1, int |v|^2 f = 3, zero mean.
#pragma once
#include "grazing/rng.hpp"
#include "grazing/vec3.hpp"

namespace grazing {

class BkwSolution {
 public:
  BkwSolution(double K0, double C) : K0_(K0), C_(C) {}
  double K(double t) const;
  // Density at |v| = r, time t.
  double density(double r, double t) const;
  // 1-D marginal f_1(x) = (2 pi K)^{-1/2} e^{-x^2/(2K)} [A + B x^2 + 2BK] and its CDF
  // Phi(u) - B K u phi(u), u = x / sqrt(K).
  double marginal(double x, double t) const;
  double marginal_cdf(double x, double t) const;
  // CDF of |v|: P(|V| <= r) = A F_{chi3}(r^2/K) + 3BK F_{chi5}(r^2/K).
  double speed_cdf(double r, double t) const;
  // Moments int |v|^{2k} f: k = 1: 3, k = 2: 30K - 15K^2, k = 3: 315K^2 - 210K^3.
  double moment(int two_k, double t) const;
  // Entropy H = int f log f and Fisher information I = int |grad f|^2 / f (radial quadrature).
  double entropy(double t) const;
  double fisher(double t) const;
  // Exact draw: |v|^2/K ~ chi^2_3 with probability A, chi^2_5 with probability 3BK; direction uniform.
  static Vec3 draw(double K, CounterRng& rng);

 private:
  double K0_, C_;
};

}  // namespace grazing
