// Model "nanbu": the cumulative-scattering binary collision algorithm of Nanbu, Phys. Rev. E 55 (1997)
// 4642, doi:10.1103/PhysRevE.55.4642, for any gamma: random pairing each step (binary_pairing.hpp),
// deflection chi with density proportional to exp(A cos chi) on [-1, 1] in cos chi, where
// coth A - 1/A = e^{-s} and s = 2 tau = 4 r^gamma dt (so that E[cos chi] = e^{-2 tau}, the heat
// kernel's, C = 1/2), azimuth uniform. A is solved for to double precision and cos chi sampled by exact
// inversion. docs/models/nanbu.md.
#pragma once
#include <string>

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

// The law of model "nanbu" (binary_collision.hpp).
struct NanbuLaw {
  static constexpr const char* kName = "nanbu";
  static constexpr const char* kSummary =
      "Nanbu (1997) cumulative binary collisions for |z|^(gamma+2): random pairs each step, cos chi ~ "
      "exp(A cos chi) with coth A - 1/A = exp(-4 r^gamma dt), A solved exactly. Converges to Du (1.1), "
      "C = 1/2, as dt -> 0.";
  static Vec3 deflect(Vec3 e, double tau, CounterRng& rng) { return nanbu_deflect(e, tau, rng); }
  static std::string approximation() {
    return "nanbu angular law: density exp(A cos chi) with E[cos chi] = e^(-2 tau) instead of the exact heat kernel "
           "at time tau = 2 r^gamma dt (same first Legendre moment; higher ones differ at O(tau^2))";
  }
};

// The model's registry entry: BinaryCollisionModel<NanbuLaw> (instantiated beside the law, so that the
// deflection inlines into the collision loop).
ModelInfo nanbu_info();

}  // namespace grazing
