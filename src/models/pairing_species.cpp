#include "pairing_species.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "grazing/heat_kernel.hpp"
#include "grazing/power.hpp"
#include "nanbu.hpp"
#include "pair_splitting.hpp"
#include "sbm.hpp"
#include "takizuka_abe.hpp"

namespace grazing {

SpeciesPairs::SpeciesPairs(const Plasma& p, SpeciesPairing pairing) : S_(p.species.size()) {
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
      const Species &A = p.species[a], &B = p.species[b], &kb = p.species[k.b];  // the class's own b: its density is in K
      double met;  // partners whose kappa one pair of a step carries: tau = met kappa dt
      if (pairing == SpeciesPairing::kMixture) met = static_cast<double>(N - 1);
      else if (pairing == SpeciesPairing::kAllPairs) met = 1.0;
      else met = a == b ? static_cast<double>(A.N - 1) : static_cast<double>(std::min(A.N, B.N));
      // kappa = 2 K |w|^gamma / (N_b - delta_ab) on the engine's scales.
      const double others = static_cast<double>(kb.N) - (k.a == k.b ? 1.0 : 0.0);
      coefficient_[S_ * a + b] = others > 0 && k.K > 0 ? 2.0 * met * k.K / others : 0.0;
      masses_[S_ * a + b] = MassFractions::of(A.mass, B.mass);
      equal_[S_ * a + b] = A.mass == B.mass;
    }
  if (pairing != SpeciesPairing::kBySpecies) {  // (kAllPairs: unused)
    groups_.push_back({0, N, 0, 0});
    return;
  }
  for (std::size_t a = 0; a < S_; ++a)
    if (p.classes[p.class_of(a, a)].K > 0) groups_.push_back({p.species[a].offset, p.species[a].N, 0, 0});
  for (std::size_t a = 0; a < S_; ++a)
    for (std::size_t b = a + 1; b < S_; ++b) {
      if (!(p.classes[p.class_of(a, b)].K > 0)) continue;
      const Species &big = p.species[a].N >= p.species[b].N ? p.species[a] : p.species[b];
      const Species &small = &big == &p.species[a] ? p.species[b] : p.species[a];
      groups_.push_back({big.offset, big.N, small.offset, small.N});
    }
}

double SpeciesPairs::largest_rate_at_thermal_speed(const Plasma& p) const {
  double most = 0;
  for (const PairClass& k : p.classes)
    most = std::max(most, coefficient_[S_ * k.a + k.b] * std::pow(k.u_thermal, p.gamma));
  return most;
}

namespace {

// sbm, takizuka-abe or nanbu with species: binary_pairing_advance with the law's deflection.
template <class Law>
class PairingSpeciesModel final : public Model {
 public:
  PairingSpeciesModel(const Plasma& p, SpeciesPairing pairing)
      : pairs_(p, pairing), pairing_(pairing), gamma_(p.gamma), tau_(p.tau_target), t_ref_(p.t_ref) {
    dt_ = tau_ / pairs_.largest_rate_at_thermal_speed(p);  // tau at the thermal speed at most model.tau
  }
  std::string name() const override { return Law::kName; }
  double landau_C() const override { return 0.5; }
  nlohmann::json parameters() const override {
    return {{"name", Law::kName}, {"gamma", gamma_}, {"tau", tau_}, {"dt_seconds", dt_ * t_ref_}, {"pairing", pairing_name()}};
  }
  std::vector<std::string> approximations() const override {
    std::vector<std::string> a = {fmt::format(
        "{} with time step dt = {:.6g} s (first order in dt; tau <= {} at every class's thermal speed; "
        "docs/physics/plasma.md#binary-pairing)",
        pairing_ == SpeciesPairing::kMixture ? "random pairing of all particles"
                                             : "Takizuka-Abe pairing (within each species, then between each pair of species, in turn)",
        dt_ * t_ref_, tau_)};
    if (const std::string law = Law::approximation(); !law.empty()) a.push_back(law);
    return a;
  }
  double expected_events(std::size_t N, double duration) const override {
    std::uint64_t per_step = 0;
    for (const PairingGroup& g : pairs_.groups(N)) per_step += g.collisions();
    return std::ceil(duration / dt_) * static_cast<double>(per_step);
  }
  double gamma() const override { return gamma_; }
  double step() const override { return tau_; }
  std::string step_key() const override { return "tau"; }
  void advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const override {
    binary_pairing_advance(s, t0, t1, dt_, gamma_, ctx, Law::deflect, pairs_);
  }

 private:
  const char* pairing_name() const { return pairing_ == SpeciesPairing::kMixture ? "mixture" : "by species"; }
  SpeciesPairs pairs_;
  SpeciesPairing pairing_;
  double gamma_, tau_, dt_ = 0, t_ref_;
};

// landau-diffusion with species: every pair every step (Lie splitting), tau_ij = kappa_ij dt.
class LandauDiffusionSpeciesModel final : public Model {
 public:
  explicit LandauDiffusionSpeciesModel(const Plasma& p)
      : pairs_(p, SpeciesPairing::kAllPairs), gamma_(p.gamma), tau_(p.tau_target), t_ref_(p.t_ref) {
    dt_ = tau_ / (static_cast<double>(p.N() - 1) * pairs_.largest_rate_at_thermal_speed(p));
  }
  std::string name() const override { return "landau-diffusion"; }
  double landau_C() const override { return 0.5; }
  nlohmann::json parameters() const override {
    return {{"name", name()}, {"gamma", gamma_}, {"tau", tau_}, {"dt_seconds", dt_ * t_ref_}, {"splitting", "lie"}};
  }
  std::vector<std::string> approximations() const override {
    return {fmt::format("{} (docs/physics/plasma.md#binary-pairing)", splitting_approximation(Splitting::kLie, dt_ * t_ref_))};
  }
  double expected_events(std::size_t N, double duration) const override {
    return std::ceil(duration / dt_) * static_cast<double>(rotations_per_step(N, Splitting::kLie));
  }
  double gamma() const override { return gamma_; }
  double step() const override { return tau_; }
  std::string step_key() const override { return "tau"; }
  void advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const override {
    const RealPower r_gamma(gamma_);
    pair_splitting_advance(s, t0, t1, dt_, Splitting::kLie, ctx, [&r_gamma](auto r) { return r_gamma(r); }, pairs_);
  }

 private:
  SpeciesPairs pairs_;
  double gamma_, tau_, dt_ = 0, t_ref_;
};

}  // namespace

std::unique_ptr<Model> make_species_pairing(const std::string& name, const Plasma& p) {
  if (name == "sbm") return std::make_unique<PairingSpeciesModel<SbmLaw>>(p, SpeciesPairing::kMixture);
  if (name == "takizuka-abe") return std::make_unique<PairingSpeciesModel<TakizukaAbeLaw>>(p, SpeciesPairing::kBySpecies);
  if (name == "nanbu") return std::make_unique<PairingSpeciesModel<NanbuLaw>>(p, SpeciesPairing::kBySpecies);
  if (name == "landau-diffusion") return std::make_unique<LandauDiffusionSpeciesModel>(p);
  return nullptr;
}

}  // namespace grazing
