// Model "nanbu": the cumulative-scattering binary collision algorithm of Nanbu, Phys. Rev. E 55 (1997)
// 4642, doi:10.1103/PhysRevE.55.4642, for any gamma: random pairing each step (binary_pairing.hpp),
// deflection chi with density proportional to exp(A cos chi) on [-1, 1] in cos chi, where
// coth A - 1/A = e^{-s} and s = 2 tau = 4 r^gamma dt (so that E[cos chi] = e^{-2 tau}, the heat
// kernel's, C = 1/2), azimuth uniform. A is solved for to double precision and cos chi sampled by exact
// inversion. docs/models/nanbu.md.
#pragma once
#include "grazing/model.hpp"
#include "grazing/rng.hpp"
#include "grazing/vec3.hpp"

namespace grazing {

// A(s) > 0 with coth A - 1/A = e^{-s}, s > 0 (Nanbu (1997) eq. (13)); relative error ~1e-15.
double nanbu_A(double s);
// cos chi for the uniform u in (0, 1), density A e^{A x}/(2 sinh A) on [-1, 1], by inverting its CDF.
double nanbu_cos(double A, double u);
// One Nanbu deflection of the unit vector e at heat-kernel time tau (s = 2 tau; s > 40: uniform, the
// law's distance from uniform being below A ~ 3 e^{-s} < 1e-17 there).
Vec3 nanbu_deflect(Vec3 e, double tau, CounterRng& rng);

class NanbuModel final : public Model {
 public:
  NanbuModel(double gamma, double dt) : gamma_(gamma), dt_(dt) {}
  std::string name() const override { return "nanbu"; }
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
