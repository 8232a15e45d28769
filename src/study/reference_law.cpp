#include "reference_law.hpp"

#include <fmt/format.h>

#include <vector>

#include "grazing/error.hpp"
#include "reference/bkw.hpp"
#include "reference/radial_solver.hpp"

namespace grazing {
namespace {

class BkwReference final : public ReferenceLaw {
 public:
  BkwReference(double K0, double C) : bkw_(K0, C) {}
  std::string name() const override { return "bkw"; }
  void advance_to(double t) override { t_ = t; }
  double speed_cdf(double r) const override { return bkw_.speed_cdf(r, t_); }
  Vec3 draw(CounterRng& rng) const override { return BkwSolution::draw(bkw_.K(t_), rng); }
  double moment4() const override { return bkw_.moment(4, t_); }
  double entropy() const override { return bkw_.entropy(t_); }
  double fisher() const override { return bkw_.fisher(t_); }

 private:
  BkwSolution bkw_;
  double t_ = 0;
};

class RadialReference final : public ReferenceLaw {
 public:
  RadialReference(const RadialSolverOptions& o, const std::function<double(double)>& f0) : solver_(o, f0) {}
  std::string name() const override { return "radial"; }
  void advance_to(double t) override { solver_.advance_to(t); }
  double speed_cdf(double r) const override { return solver_.speed_cdf(r); }
  Vec3 draw(CounterRng& rng) const override { return solver_.draw(rng); }
  double moment4() const override { return solver_.moment(4) / solver_.mass(); }
  double entropy() const override { return solver_.entropy(); }
  double fisher() const override { return solver_.fisher(); }

 private:
  RadialLandauSolver solver_;
};

}  // namespace

std::vector<double> ReferenceLaw::speed_quantiles(std::size_t J) const {
  std::vector<double> q(J);
  double hi = 1;
  while (speed_cdf(hi) < 1 - 1e-15 && hi < 1e6) hi *= 2;
  for (std::size_t j = 0; j < J; ++j) {
    const double u = (j + 0.5) / static_cast<double>(J);
    double a = j ? q[j - 1] : 0.0, b = hi;
    for (int it = 0; it < 100 && b - a > 1e-13 * b; ++it) {
      const double m = 0.5 * (a + b);
      (speed_cdf(m) < u ? a : b) = m;
    }
    q[j] = 0.5 * (a + b);
  }
  return q;
}

std::unique_ptr<ReferenceLaw> make_reference(const std::string& kind, const RunSpec& spec, double gamma, int cells,
                                             double r_max, double dt) {
  if (kind == "none") return nullptr;
  if (spec.exact_moments)
    throw InputError("study.reference", "needs i.i.d. initial data (initial.exact_moments = false)");
  if (kind == "bkw") {
    const std::optional<double> K0 = spec.initial->bkw_K0();
    if (!K0 || gamma != 0.0)
      throw InputError("study.reference", "\"bkw\" needs initial.kind = \"bkw\" and model.gamma = 0");
    return std::make_unique<BkwReference>(*K0, spec.landau_C);
  }
  if (kind == "radial") {
    if (!(gamma >= -3.0 && gamma <= 1.0)) throw InputError("study.reference", "\"radial\" needs model.gamma in [-3, 1]");
    RadialSolverOptions o;
    o.gamma = gamma;
    o.C = spec.landau_C;
    o.cells = cells;
    o.r_max = r_max;
    o.dt = dt;
    if (o.cells < 4 || !(o.r_max > 0) || !(o.dt > 0))
      throw InputError("study.radial_cells", "the radial solver needs radial_cells >= 4, radial_r_max > 0, radial_dt > 0");
    InitialLaw::Radial f0 = spec.initial->radial_density();
    if (f0.density) return std::make_unique<RadialReference>(o, std::move(f0.density));
    if (!f0.needs.empty()) throw InputError("study.reference", "\"radial\" needs an isotropic f0: " + f0.needs);
    throw InputError("study.reference", fmt::format("\"radial\" needs an isotropic initial kind (bkw, maxwellian "
                                                    "with zero mean, or two-maxwellians with zero means), not '{}'",
                                                    spec.initial->kind()));
  }
  throw InputError("study.reference", fmt::format("unknown reference '{}' (allowed: bkw, radial, none)", kind));
}

}  // namespace grazing
