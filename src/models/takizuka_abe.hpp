// Model "takizuka-abe": the binary collision algorithm of Takizuka & Abe, J. Comput. Phys. 25 (1977)
// 205, doi:10.1016/0021-9991(77)90099-7, for any gamma: random pairing each step (binary_pairing.hpp),
// deflection angle theta with tan(theta/2) ~ N(0, sigma^2), sigma^2 = tau = 2 r^gamma dt (its Landau
// rate in grazing's normalisation, C = 1/2), azimuth uniform. docs/models/takizuka-abe.md.
#pragma once
#include "grazing/model.hpp"
#include "grazing/rng.hpp"
#include "grazing/vec3.hpp"

namespace grazing {

// One Takizuka-Abe deflection of the unit vector e at heat-kernel time tau (tau = +inf: theta = pi,
// the law's limit as sigma -> infinity).
Vec3 takizuka_abe_deflect(Vec3 e, double tau, CounterRng& rng);

class TakizukaAbeModel final : public Model {
 public:
  TakizukaAbeModel(double gamma, double dt) : gamma_(gamma), dt_(dt) {}
  std::string name() const override { return "takizuka-abe"; }
  double landau_C() const override { return 0.5; }
  nlohmann::json parameters() const override { return {{"gamma", gamma_}, {"dt", dt_}}; }
  std::vector<std::string> approximations() const override;
  double expected_events(std::size_t N, double duration) const override;
  std::string step_key() const override { return "dt"; }
  void advance(ReplicaState& state, double t0, double t1, const AdvanceContext& ctx) const override;
  static ModelInfo info();

 private:
  double gamma_, dt_;
};

}  // namespace grazing
