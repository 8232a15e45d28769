// The law f_t a study compares the particles with: exact (BKW), or the radial Landau solver for any
// gamma from an isotropic f0 (maxwellian with zero mean, two-maxwellians with zero means, or bkw).
// Each gives the CDF of |v| and exact i.i.d. draws of f_t (of the solver's piecewise-constant density for "radial").
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grazing/config.hpp"
#include "grazing/rng.hpp"

namespace grazing {

class ReferenceLaw {
 public:
  virtual ~ReferenceLaw() = default;
  virtual std::string name() const = 0;
  virtual void advance_to(double t) = 0;  // run time t (the run's clock, Landau constant spec.landau_C)
  virtual double speed_cdf(double r) const = 0;
  virtual Vec3 draw(CounterRng& rng) const = 0;
  virtual double moment4() const = 0;     // int |v|^4 f_t
  virtual double entropy() const = 0;     // int f_t log f_t
  virtual double fisher() const = 0;      // int |grad f_t|^2 / f_t
  // Quantiles of |v| at u = (j + 1/2)/J, j < J (by bisection on speed_cdf unless overridden).
  virtual std::vector<double> speed_quantiles(std::size_t J) const;
};

// kind: "bkw" (needs gamma = 0 and initial.kind = "bkw"), "radial" (initial kind maxwellian with zero
// mean, two-maxwellians with zero means, or bkw; options cells, r_max, dt), or "none" (returns nullptr). Throws InputError("study.reference").
std::unique_ptr<ReferenceLaw> make_reference(const std::string& kind, const RunSpec& spec, double gamma,
                                             int cells, double r_max, double dt);

}  // namespace grazing
