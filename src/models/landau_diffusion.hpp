// Model "landau-diffusion": the N-particle Landau master diffusion, the h -> 0 limit of MBC at fixed
// N (Du section 8, Prop 8.1), with the corrected generator of docs/physics/landau-diffusion.md#the-corrected-generator (not Du's printed (8.1)):
//   L^N_0 = (2/(N-1)) sum_{i<j} r_ij^gamma Delta_{S^2, e_ij}
// simulated by exact pair splitting with tau = 2 r^gamma dt/(N-1). Any gamma; no regularisation.
// Converges to Du (1.1): C = 1/2.
#pragma once
#include "grazing/model.hpp"
#include "pair_splitting.hpp"

namespace grazing {

class LandauDiffusionModel final : public Model {
 public:
  LandauDiffusionModel(double gamma, double dt, Splitting splitting) : gamma_(gamma), dt_(dt), splitting_(splitting) {}
  double gamma() const override { return gamma_; }
  double step() const override { return dt_; }
  std::string name() const override { return "landau-diffusion"; }
  double landau_C() const override { return 0.5; }
  nlohmann::json parameters() const override;
  std::vector<std::string> approximations() const override;
  double expected_events(std::size_t N, double duration) const override {
    return std::ceil(duration / dt_) * static_cast<double>(rotations_per_step(N, splitting_));
  }
  std::string step_key() const override { return "dt"; }
  void advance(ReplicaState& state, double t0, double t1, const AdvanceContext& ctx) const override;
  bool distributes_particles() const override { return true; }
  static ModelInfo info();

 private:
  double gamma_, dt_;
  Splitting splitting_;
};

}  // namespace grazing
