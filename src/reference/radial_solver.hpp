// Deterministic solver of the isotropic Landau equation for any gamma in [-3, 1] (a reference for the
// particle systems): for radial f(t, |v|),
//   d_t f = (1/r^2) d_r [ r^2 ( alpha(r) f' - b(r) f ) ],
//   alpha(r) = e.A e, A(v) = C int |z|^{gamma+2} Pi(z) f(w) dw,  b(r) e = C int (div a)(v - w) f(w) dw,
// (a(z) = |z|^{gamma+2} Pi(z), div a = -2 |z|^gamma z; the normalisation Q_C of docs/physics/index.md#the-landau-equation). With
// mu = e.w/|w|, u = |v - w|^2, the angular integrals over |w| = s are closed forms in
// U(q) = int_{(r-s)^2}^{(r+s)^2} u^q du (derived here):
//   K_alpha(r, s) = pi/(4 r^3 s) [ -(r^2 - s^2)^2 U(p) + 2 (r^2 + s^2) U(p+1) - U(p+2) ],   p = gamma/2,
//   K_b(r, s)     = pi/(2 r^2 s) [ (r^2 - s^2) U(p) + U(p+1) ],
//   alpha(r) = C int f(s) s^2 K_alpha(r, s) ds,  b(r) = -2 C int f(s) s^2 K_b(r, s) ds.
// Discretisation: finite volumes on M cells of [0, R]; Scharfetter-Gummel fluxes at the faces
//   J = (alpha/dr) [B(P) f_right - B(-P) f_left],  P = b dr / alpha,  B(x) = x / (e^x - 1),
// zero flux at r = 0 and r = R; linearly implicit Euler in time (coefficients from the current f, then
// one tridiagonal solve). Mass is conserved exactly (to round-off), f stays positive (M-matrix);
// energy is conserved to discretisation error (measured in the tests). The kernels are tabulated
// once (M^2 entries each), so a step costs O(M^2).
#pragma once
#include <functional>
#include <vector>

#include "grazing/rng.hpp"
#include "grazing/vec3.hpp"

namespace grazing {

struct RadialSolverOptions {
  double gamma = 0;     // kernel exponent, in [-3, 1]
  double C = 0.5;       // Landau constant (Du (1.1): 1/2)
  double r_max = 8;     // outer radius R (zero flux there)
  int cells = 200;      // M
  double dt = 1e-3;     // time step
};

class RadialLandauSolver {
 public:
  // f0: radial density f0(|v|) (integrating to the mass over R^3).
  RadialLandauSolver(const RadialSolverOptions& opt, const std::function<double(double)>& f0);

  void advance_to(double t);
  double time() const { return t_; }
  const std::vector<double>& values() const { return f_; }   // cell averages f_i
  double cell_center(int i) const { return (i + 0.5) * dr_; }

  double mass() const;          // int f dv
  double moment(int p) const;   // int |v|^p f dv (cell-exact for the piecewise-constant f)
  double entropy() const;       // int f log f dv
  double fisher() const;        // int |f'|^2/f dv, centred differences of the cell values (O(dr^2))
  double density(double r) const;     // piecewise constant
  double speed_cdf(double r) const;   // P(|V| <= r) / mass
  // Exact draw from the normalised piecewise-constant density: a cell by its mass, then r^3 uniform
  // within the cell, direction uniform.
  Vec3 draw(CounterRng& rng) const;

 private:
  void step(double h);
  void build_cumulative() const;
  RadialSolverOptions opt_;
  double dr_, t_ = 0;
  std::vector<double> f_, vol_, area_;      // cells; faces 0..M
  std::vector<double> Ka_, Kb_;             // (M+1) x M tables of s^2 ds K(r_face, s_cell)
  mutable bool cdf_valid_ = false;
  mutable std::vector<double> cum_;
};

}  // namespace grazing
