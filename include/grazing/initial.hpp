// Initial distributions f0 and their exact samplers. Draws are i.i.d. (f0^{(x)N}, the theorems'
// setting) unless exact_moments = true, which shifts and scales each replica's draw to the exact
// mean velocity and temperature of f0 (shell-conditioned data, docs/physics/references.md#initial-laws; named in run.json).
// Randomness: stream kInitial, counter c0 = particle index, so each particle's draw is its own.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grazing/params.hpp"
#include "grazing/particles.hpp"
#include "grazing/rng.hpp"

namespace grazing {

// Exact first two moments of f0: mean velocity P and Theta = int |v - P|^2 f0 (docs/physics/references.md#conserved-quantities).
struct ExactMoments {
  Vec3 mean;
  double theta = 0;
};

class InitialLaw {
 public:
  virtual ~InitialLaw() = default;
  virtual std::string kind() const = 0;
  virtual nlohmann::json parameters() const = 0;
  // Draw of one particle's velocity (i.i.d. kinds). rng is private to that particle.
  virtual Vec3 draw(CounterRng& rng) const = 0;
  // Exact moments of f0, when known (needed by exact_moments = true).
  virtual std::optional<ExactMoments> exact_moments() const = 0;
  // Fills `v` (already sized N) for one replica. Default: i.i.d. draws.
  virtual void fill(ParticleStore& v, RngKey key) const;
  // N fixed by the law itself (kind = file), if any.
  virtual std::optional<std::size_t> fixed_size() const { return std::nullopt; }

  // What others ask of f0, answered by the law itself (nothing is read from parameters()):
  // - whether fill() is i.i.d. draw() keyed by particle, so that a process can draw its own range of a
  //   replica (distributed N); false for a velocity file;
  virtual bool iid() const { return true; }
  // - f0 as a function of r = |v| when it is isotropic about 0 (the study's radial reference), else an
  //   empty function and, where the kind could be isotropic with other parameters, what it needs;
  struct Radial {
    std::function<double(double)> density;
    std::string needs;
  };
  virtual Radial radial_density() const { return {}; }
  // - the Fisher information I(f0) = int |grad f0|^2 / f0, where known in closed form;
  virtual std::optional<double> fisher_information() const { return std::nullopt; }
  // - K0 when f0 is the BKW solution's profile at t = 0 (the study's bkw reference).
  virtual std::optional<double> bkw_K0() const { return std::nullopt; }
};

struct InitialInfo {
  std::string kind;
  std::string summary;
  std::vector<ParamSpec> params;  // kind-specific keys (the common ones are common_initial_params())
  std::function<std::unique_ptr<InitialLaw>(const Section& initial_section)> make;
};

const std::vector<ParamSpec>& common_initial_params();  // kind, N, exact_moments
const std::vector<InitialInfo>& initial_registry();
const InitialInfo* find_initial(const std::string& kind);

// Shift and scale v so that its mean is m.mean and (1/N) sum |v - P|^2 = m.theta.
void impose_moments(ParticleStore& v, const ExactMoments& m);

}  // namespace grazing
