#include "radial_solver.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "grazing/heat_kernel.hpp"

namespace grazing {
namespace {

constexpr double kPi = std::numbers::pi;

// U(q) = int_{(r-s)^2}^{(r+s)^2} u^q du
double U(double q, double r, double s) {
  const double hi = r + s, lo = std::fabs(r - s);
  if (q == -1.0) return 2.0 * std::log(hi / lo);
  return (std::pow(hi, 2 * q + 2) - std::pow(lo, 2 * q + 2)) / (q + 1);
}

double K_alpha(double gamma, double r, double s) {
  const double p = gamma / 2, d = r * r - s * s;
  return kPi / (4 * r * r * r * s) * (-d * d * U(p, r, s) + 2 * (r * r + s * s) * U(p + 1, r, s) - U(p + 2, r, s));
}

double K_b(double gamma, double r, double s) {
  const double p = gamma / 2;
  return kPi / (2 * r * r * s) * ((r * r - s * s) * U(p, r, s) + U(p + 1, r, s));
}

// B(x) = x / (e^x - 1), with its limit 1 at 0.
double bern(double x) {
  if (std::fabs(x) < 1e-8) return 1.0 - 0.5 * x;
  return x / std::expm1(x);
}

}  // namespace

RadialLandauSolver::RadialLandauSolver(const RadialSolverOptions& opt, const std::function<double(double)>& f0)
    : opt_(opt) {
  if (!(opt.gamma >= -3.0 && opt.gamma <= 1.0)) throw std::invalid_argument("radial solver: gamma must lie in [-3, 1]");
  if (opt.cells < 4 || !(opt.r_max > 0) || !(opt.dt > 0) || !(opt.C > 0))
    throw std::invalid_argument("radial solver: need cells >= 4, r_max > 0, dt > 0, C > 0");
  const int M = opt.cells;
  dr_ = opt.r_max / M;
  f_.resize(M);
  vol_.resize(M);
  area_.resize(M + 1);
  for (int k = 0; k <= M; ++k) area_[k] = 4 * kPi * (k * dr_) * (k * dr_);
  // Cell averages of f0 by 8-point Gauss-Legendre on each cell (weight 4 pi r^2).
  static constexpr double xg[4] = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
  static constexpr double wg[4] = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};
  for (int i = 0; i < M; ++i) {
    const double a = i * dr_, b = (i + 1) * dr_, mid = 0.5 * (a + b), half = 0.5 * dr_;
    vol_[i] = 4.0 / 3.0 * kPi * (b * b * b - a * a * a);
    double m = 0;
    for (int q = 0; q < 4; ++q)
      for (double sgn : {-1.0, 1.0}) {
        const double r = mid + sgn * half * xg[q];
        m += wg[q] * 4 * kPi * r * r * f0(r);
      }
    f_[i] = m * half / vol_[i];
  }
  // Kernel tables at the interior faces: the s-integral over cell j with the midpoint value of K and
  // the exact weight int s^2 ds = vol_j / (4 pi).
  Ka_.assign(static_cast<std::size_t>(M + 1) * M, 0.0);
  Kb_.assign(static_cast<std::size_t>(M + 1) * M, 0.0);
  for (int k = 1; k < M; ++k) {
    const double r = k * dr_;
    for (int j = 0; j < M; ++j) {
      const double s = (j + 0.5) * dr_, w = vol_[j] / (4 * kPi);
      Ka_[static_cast<std::size_t>(k) * M + j] = w * K_alpha(opt.gamma, r, s);
      Kb_[static_cast<std::size_t>(k) * M + j] = w * K_b(opt.gamma, r, s);
    }
  }
}

void RadialLandauSolver::step(double h) {
  const int M = opt_.cells;
  // Coefficients at the interior faces, and the flux weights J_k = cR_k f_k - cL_k f_{k-1}.
  std::vector<double> cL(M + 1, 0.0), cR(M + 1, 0.0);
  for (int k = 1; k < M; ++k) {
    double a = 0, b = 0;
    const double* ka = &Ka_[static_cast<std::size_t>(k) * M];
    const double* kb = &Kb_[static_cast<std::size_t>(k) * M];
    for (int j = 0; j < M; ++j) {
      a += ka[j] * f_[j];
      b += kb[j] * f_[j];
    }
    a *= opt_.C;
    b *= -2.0 * opt_.C;
    if (a <= 0) a = 1e-300;
    const double P = b * dr_ / a;
    cR[k] = a / dr_ * bern(P) * area_[k];
    cL[k] = a / dr_ * bern(-P) * area_[k];
  }
  // (V_i/h)(f_i' - f_i) = A_{i+1} J_{i+1} - A_i J_i,  J_{i+1} = cR_{i+1} f'_{i+1} - cL_{i+1} f'_i.
  std::vector<double> lo(M, 0.0), di(M, 0.0), up(M, 0.0), rhs(M);
  for (int i = 0; i < M; ++i) {
    di[i] = vol_[i] / h + cL[i + 1] + cR[i];
    if (i + 1 < M) up[i] = -cR[i + 1];
    if (i > 0) lo[i] = -cL[i];
    rhs[i] = vol_[i] / h * f_[i];
  }
  // Thomas algorithm (diagonally dominant M-matrix: stable, positive).
  for (int i = 1; i < M; ++i) {
    const double m = lo[i] / di[i - 1];
    di[i] -= m * up[i - 1];
    rhs[i] -= m * rhs[i - 1];
  }
  f_[M - 1] = rhs[M - 1] / di[M - 1];
  for (int i = M - 2; i >= 0; --i) f_[i] = (rhs[i] - up[i] * f_[i + 1]) / di[i];
  t_ += h;
  cdf_valid_ = false;
}

void RadialLandauSolver::advance_to(double t) {
  while (t_ < t - 1e-12 * std::max(1.0, t)) step(std::min(opt_.dt, t - t_));
}

double RadialLandauSolver::mass() const {
  double m = 0;
  for (std::size_t i = 0; i < f_.size(); ++i) m += f_[i] * vol_[i];
  return m;
}

double RadialLandauSolver::moment(int p) const {
  double m = 0;
  for (std::size_t i = 0; i < f_.size(); ++i) {
    const double a = i * dr_, b = (i + 1) * dr_;
    m += f_[i] * 4 * kPi * (std::pow(b, p + 3) - std::pow(a, p + 3)) / (p + 3);
  }
  return m;
}

double RadialLandauSolver::entropy() const {
  double h = 0;
  for (std::size_t i = 0; i < f_.size(); ++i)
    if (f_[i] > 0) h += f_[i] * std::log(f_[i]) * vol_[i];
  return h;
}

double RadialLandauSolver::fisher() const {
  double I = 0;
  const std::size_t M = f_.size();
  for (std::size_t i = 0; i + 1 < M; ++i) {  // at the faces between cells i and i+1
    const double r = (i + 1) * dr_, d = (f_[i + 1] - f_[i]) / dr_, f = 0.5 * (f_[i] + f_[i + 1]);
    if (f > 0) I += d * d / f * 4 * kPi * r * r * dr_;
  }
  return I;
}

double RadialLandauSolver::density(double r) const {
  const auto i = static_cast<std::size_t>(r / dr_);
  return i < f_.size() ? f_[i] : 0.0;
}

double RadialLandauSolver::speed_cdf(double r) const {
  if (r <= 0) return 0.0;
  build_cumulative();
  const auto i = static_cast<std::size_t>(r / dr_);
  if (i >= f_.size()) return 1.0;
  const double a = i * dr_;
  const double below = i ? cum_[i - 1] : 0.0;
  return (below + f_[i] * 4.0 / 3.0 * kPi * (r * r * r - a * a * a)) / cum_.back();
}

void RadialLandauSolver::build_cumulative() const {
  if (cdf_valid_) return;
  cum_.resize(f_.size());
  double m = 0;
  for (std::size_t i = 0; i < f_.size(); ++i) cum_[i] = (m += f_[i] * vol_[i]);
  cdf_valid_ = true;
}

Vec3 RadialLandauSolver::draw(CounterRng& rng) const {
  build_cumulative();
  const double u = rng.uniform() * cum_.back();
  const auto i = static_cast<std::size_t>(std::upper_bound(cum_.begin(), cum_.end(), u) - cum_.begin());
  const std::size_t c = std::min(i, cum_.size() - 1);
  const double a = c * dr_, b = (c + 1) * dr_;
  const double r = std::cbrt(a * a * a + rng.uniform() * (b * b * b - a * a * a));
  return r * uniform_direction(rng);
}

}  // namespace grazing
