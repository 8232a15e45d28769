// Model "sbm": the random-grouping (stochastic binary) method of Du, Li, Xie and Yu, J. Comput. Phys.
// 543 (2025) 114387 ([DLXY25] in Du): each step a random perfect matching (N odd: a triple, as
// takizuka-abe), and each pair's relative direction moved by the exact heat kernel on S^2 for the pair's
// time on the common clock, tau = 2 r^gamma dt (C = 1/2, as the other binary collision models). Exact in
// the angle for every pair, however close (tau = +inf: a uniform direction); only the pairing's time
// step is an approximation. docs/models/sbm.md.
#pragma once
#include <string>

#include "grazing/heat_kernel.hpp"
#include "grazing/model.hpp"

namespace grazing {

struct SbmLaw {
  static constexpr const char* kName = "sbm";
  static constexpr const char* kSummary =
      "Du, Li, Xie & Yu (2025) random grouping: random pairs each step, each pair's direction moved by the "
      "exact heat kernel for tau = 2 r^gamma dt. Converges to Du (1.1), C = 1/2, as dt -> 0.";
  // Not renormalised: rotate_pair's length correction uses |e'|^2 - 1 itself (heat_kernel.hpp).
  static Vec3 deflect(Vec3 e, double tau, CounterRng& rng) { return sample_heat_kernel_S2<false>(e, tau, rng); }
  static std::string approximation() { return ""; }
};

ModelInfo sbm_info();

}  // namespace grazing
