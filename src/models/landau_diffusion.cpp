#include "landau_diffusion.hpp"

#include <fmt/format.h>

#include "grazing/error.hpp"
#include "grazing/power.hpp"

namespace grazing {

nlohmann::json LandauDiffusionModel::parameters() const {
  return {{"gamma", gamma_}, {"dt", dt_}, {"splitting", splitting_name(splitting_)}};
}

std::vector<std::string> LandauDiffusionModel::approximations() const {
  return {splitting_approximation(splitting_, dt_)};
}

void LandauDiffusionModel::advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  // docs/physics/landau-diffusion.md#the-corrected-generator: every pair's direction diffuses at rate 2 r^gamma/(N-1).
  const double c = 2.0 / static_cast<double>(replica_size(s, ctx) - 1);
  const RealPower r_gamma(gamma_);
  pair_splitting_advance(s, t0, t1, dt_, splitting_, ctx, [c, r_gamma](auto r) { return c * r_gamma(r); });
}

ModelInfo LandauDiffusionModel::info() {
  return {"landau-diffusion",
          "N-particle Landau diffusion, the h -> 0 limit of MBC (Du section 8, corrected as docs/physics/landau-diffusion.md#the-corrected-generator): exact "
          "pair splitting with tau = 2 r^gamma dt/(N-1). Converges to Du (1.1), C = 1/2.",
          {{"gamma", ParamType::kReal, "required", "kernel exponent gamma; any real (Du: [-3, 1])"},
           {"dt", ParamType::kReal, "1e-3", "time step dt > 0 (intervals are cut into equal steps <= dt)"},
           {"splitting", ParamType::kString, "\"lie\"", "\"lie\" (one random sweep per step) or \"strang\" (symmetric)"}},
          [](const Section& sec, std::size_t) -> std::unique_ptr<Model> {
            return std::make_unique<LandauDiffusionModel>(sec.real("gamma"), read_dt(sec), read_splitting(sec));
          }};
}

}  // namespace grazing
