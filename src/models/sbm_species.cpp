#include "sbm_species.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "binary_pairing.hpp"
#include "grazing/heat_kernel.hpp"

namespace grazing {

SpeciesPairs::SpeciesPairs(const Plasma& p) : S_(p.species.size()) {
  const std::size_t N = p.N();
  species_.resize(N);
  for (std::size_t a = 0; a < S_; ++a)
    std::fill(species_.begin() + static_cast<std::ptrdiff_t>(p.species[a].offset),
              species_.begin() + static_cast<std::ptrdiff_t>(p.species[a].offset + p.species[a].N), static_cast<std::uint16_t>(a));
  coefficient_.assign(S_ * S_, 0.0);
  masses_.assign(S_ * S_, MassFractions{});
  equal_.assign(S_ * S_, 1);
  for (std::size_t a = 0; a < S_; ++a)
    for (std::size_t b = 0; b < S_; ++b) {
      const PairClass& k = p.classes[p.class_of(a, b)];
      const Species& B = p.species[k.b];  // the class's own b: its density is in K
      // tau = (N - 1) kappa dt with kappa = 2 K |w|^gamma / (N_b - delta_ab) on the engine's scales.
      const double others = static_cast<double>(B.N) - (k.a == k.b ? 1.0 : 0.0);
      coefficient_[S_ * a + b] = others > 0 ? 2.0 * static_cast<double>(N - 1) * k.K / others : 0.0;
      masses_[S_ * a + b] = MassFractions::of(p.species[a].mass, p.species[b].mass);
      equal_[S_ * a + b] = p.species[a].mass == p.species[b].mass;
    }
}

double SpeciesPairs::largest_rate_at_thermal_speed(const Plasma& p) const {
  double most = 0;
  for (const PairClass& k : p.classes)
    most = std::max(most, coefficient_[S_ * k.a + k.b] * std::pow(k.u_thermal, p.gamma));
  return most;
}

SbmSpeciesModel::SbmSpeciesModel(const Plasma& p) : pairs_(p), gamma_(p.gamma), tau_(p.tau_target), t_ref_(p.t_ref) {
  // The step: tau at the thermal speed at most model.tau for every class.
  dt_ = tau_ / pairs_.largest_rate_at_thermal_speed(p);
}

nlohmann::json SbmSpeciesModel::parameters() const {
  return {{"name", "sbm"}, {"gamma", gamma_}, {"tau", tau_}, {"dt_seconds", dt_ * t_ref_}};
}

std::vector<std::string> SbmSpeciesModel::approximations() const {
  return {fmt::format("random pairing with time step dt = {:.6g} s (first order in dt; tau <= {} at every class's thermal "
                      "speed), and each pair's heat kernel exact (docs/physics/plasma.md#random-grouping)",
                      dt_ * t_ref_, tau_)};
}

double SbmSpeciesModel::expected_events(std::size_t N, double duration) const {
  return std::ceil(duration / dt_) * static_cast<double>(binary_collisions_per_step(N));
}

void SbmSpeciesModel::advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  binary_pairing_advance(s, t0, t1, dt_, gamma_, ctx,
                         [](Vec3 e, double tau, CounterRng& rng) { return sample_heat_kernel_S2(e, tau, rng); }, pairs_);
}

std::unique_ptr<Model> make_species_sbm(const Plasma& plasma) { return std::make_unique<SbmSpeciesModel>(plasma); }

}  // namespace grazing
