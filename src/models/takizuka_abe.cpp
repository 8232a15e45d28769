#include "takizuka_abe.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "binary_pairing.hpp"
#include "grazing/heat_kernel.hpp"

namespace grazing {

Vec3 takizuka_abe_deflect(Vec3 e, double tau, CounterRng& rng) {
  // Takizuka & Abe (1977) eq. (7): tan(theta/2) = delta ~ N(0, <delta^2>), <delta^2> = tau here, so
  // that E[1 - cos theta] = 2 tau + O(tau^2), as the heat kernel's 1 - e^{-2 tau}.
  const double delta = std::sqrt(tau) * rng.normal();
  const double phi = 2.0 * std::numbers::pi * rng.uniform();
  const double d2 = delta * delta;
  if (!(d2 < 1e300)) return -1.0 * e;  // tau = +inf (r -> 0, gamma < 0): theta -> pi
  // cos theta = (1 - delta^2)/(1 + delta^2), sin theta = 2 delta/(1 + delta^2) (signed: azimuth + pi).
  return deflect(e, (1.0 - d2) / (1.0 + d2), 2.0 * delta / (1.0 + d2), phi);
}

std::vector<std::string> TakizukaAbeModel::approximations() const {
  return {fmt::format("takizuka-abe angular law: tan(theta/2) ~ N(0, tau) instead of the exact heat kernel at time tau "
                      "= 2 r^gamma dt (agrees to first order in tau); random pairing with time step dt = {} "
                      "(first-order in dt)", dt_)};
}

double TakizukaAbeModel::expected_events(std::size_t N, double duration) const {
  return std::ceil(duration / dt_) * static_cast<double>(binary_collisions_per_step(N));
}

void TakizukaAbeModel::advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  binary_pairing_advance(s, t0, t1, dt_, gamma_, ctx, takizuka_abe_deflect);
}

ModelInfo TakizukaAbeModel::info() {
  return {"takizuka-abe",
          "Takizuka & Abe (1977) binary collisions for |z|^(gamma+2): random pairs each step, tan(theta/2) ~ "
          "N(0, 2 r^gamma dt). Plasma codes' standard; converges to Du (1.1), C = 1/2, as dt -> 0.",
          {{"gamma", ParamType::kReal, "required", "kernel exponent gamma of |z|^(gamma+2); any real (Coulomb: -3)"},
           {"dt", ParamType::kReal, "1e-3", "time step dt > 0 (intervals are cut into equal steps <= dt)"}},
          [](const Section& sec, std::size_t) -> std::unique_ptr<Model> {
            return std::make_unique<TakizukaAbeModel>(sec.real("gamma"), read_dt(sec));
          }};
}

}  // namespace grazing
