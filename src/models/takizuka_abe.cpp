#include "takizuka_abe.hpp"

#include <cmath>

#include "binary_collision.hpp"
#include "grazing/heat_kernel.hpp"

namespace grazing {

Vec3 takizuka_abe_deflect(Vec3 e, double tau, CounterRng& rng) {
  // Takizuka & Abe (1977) eq. (7): tan(theta/2) = delta ~ N(0, <delta^2>), <delta^2> = tau here, so
  // that E[1 - cos theta] = 2 tau + O(tau^2), as the heat kernel's 1 - e^{-2 tau}.
  const double delta = std::sqrt(tau) * rng.normal();
  double cos_phi, sin_phi;
  detail::uniform_azimuth(rng, cos_phi, sin_phi);
  const double d2 = delta * delta;
  if (!(d2 < 1e300)) return -1.0 * e;  // tau = +inf (r -> 0, gamma < 0): theta -> pi
  // cos theta = (1 - delta^2)/(1 + delta^2), sin theta = 2 delta/(1 + delta^2) (signed: azimuth + pi).
  return deflect<false>(e, (1.0 - d2) / (1.0 + d2), 2.0 * delta / (1.0 + d2), cos_phi, sin_phi);  // rotate_pair corrects the length
}

ModelInfo takizuka_abe_info() { return binary_collision_info<TakizukaAbeLaw>(); }

}  // namespace grazing
