// Model "takizuka-abe": the binary collision algorithm of Takizuka & Abe, J. Comput. Phys. 25 (1977)
// 205, doi:10.1016/0021-9991(77)90099-7, for any gamma: random pairing each step (binary_pairing.hpp),
// deflection angle theta with tan(theta/2) ~ N(0, sigma^2), sigma^2 = tau = 2 r^gamma dt (its Landau
// rate in grazing's normalisation, C = 1/2), azimuth uniform. docs/models/takizuka-abe.md.
#pragma once
#include <string>

#include "grazing/model.hpp"
#include "grazing/rng.hpp"
#include "grazing/vec3.hpp"

namespace grazing {

// One Takizuka-Abe deflection of the unit vector e at heat-kernel time tau (tau = +inf: theta = pi,
// the law's limit as sigma -> infinity).
Vec3 takizuka_abe_deflect(Vec3 e, double tau, CounterRng& rng);

// The law of model "takizuka-abe" (binary_collision.hpp).
struct TakizukaAbeLaw {
  static constexpr const char* kName = "takizuka-abe";
  static constexpr const char* kSummary =
      "Takizuka & Abe (1977) binary collisions for |z|^(gamma+2): random pairs each step, tan(theta/2) ~ "
      "N(0, 2 r^gamma dt). Plasma codes' standard; converges to Du (1.1), C = 1/2, as dt -> 0.";
  static Vec3 deflect(Vec3 e, double tau, CounterRng& rng) { return takizuka_abe_deflect(e, tau, rng); }
  static std::string approximation() {
    return "takizuka-abe angular law: tan(theta/2) ~ N(0, tau) instead of the exact heat kernel at time tau = 2 "
           "r^gamma dt (agrees to first order in tau)";
  }
};

// The model's registry entry: BinaryCollisionModel<TakizukaAbeLaw> (instantiated beside the law, so that the
// deflection inlines into the collision loop).
ModelInfo takizuka_abe_info();

}  // namespace grazing
