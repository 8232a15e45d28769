// The time step shared by the binary Monte Carlo collision algorithms of plasma codes (Takizuka & Abe,
// J. Comput. Phys. 25 (1977) 205, doi:10.1016/0021-9991(77)90099-7; Nanbu, Phys. Rev. E 55 (1997) 4642,
// doi:10.1103/PhysRevE.55.4642): each step the N particles are paired at random, each particle in one
// pair (N odd: the first three of the random order form a triple whose three pairs collide one after
// the other with half the step each, Takizuka & Abe section 2), and every pair's relative velocity is
// turned by a random angle drawn from the algorithm's angular law, with rotate_pair (momentum and energy
// exact per pair).
//
// Matching to the Landau equation (docs/models/takizuka-abe.md): under the N-particle Landau diffusion
// with constant C, the direction of a pair at distance r diffuses on S^2 at rate 4 C r^gamma/(N-1)
// (docs/physics/landau-diffusion.md#the-corrected-generator with C = 1/2). A particle meets one partner per step instead of all N - 1, so the pair
// of a step carries the angular spread of (N - 1) pair diffusions over dt: the heat-kernel time
// tau = 4 C r^gamma dt = 2 r^gamma dt at C = 1/2, the native constant of these models (as MBC's).
// Each angular law is then fixed by tau: Takizuka-Abe's var(tan(theta/2)) = tau and Nanbu's
// <cos chi> = e^{-2 tau} agree with the heat kernel to first order in tau.
#pragma once
#include <numeric>
#include <vector>

#include "grazing/model.hpp"
#include "grazing/parallel.hpp"
#include "grazing/power.hpp"
#include "grazing/rotate_pair.hpp"
#include "pair_splitting.hpp"
#include "step_loop.hpp"

namespace grazing {

// Collisions per step: N/2, or (N - 3)/2 + 3 for odd N (the triple's three).
inline std::uint64_t binary_collisions_per_step(std::size_t N) { return N % 2 ? (N - 3) / 2 + 3 : N / 2; }

// One species: every pair turns for tau = 2 r^gamma h (C = 1/2) about its midpoint.
struct OneSpeciesPairs {
  bool equal_masses(std::size_t, std::size_t) const { return true; }
  double coefficient(std::size_t, std::size_t) const { return 2.0; }
  MassFractions masses(std::size_t, std::size_t) const { return {}; }
};

// Advance `s` over [t0, t1] in equal steps <= dt_max. law(e, tau, rng) -> e' is the angular law at
// heat-kernel time tau (+inf allowed: r -> 0 with gamma < 0). `pairs` says, for the pair (i, j), the
// coefficient c of tau = c r^gamma h and the pair's masses (OneSpeciesPairs; several species:
// SpeciesPairs, mbc_species.hpp).
template <class Law, class Pairs = OneSpeciesPairs>
void binary_pairing_advance(ReplicaState& s, double t0, double t1, double dt_max, double gamma,
                            const AdvanceContext& ctx, Law&& law, const Pairs& pairs_rule = {}) {
  const std::size_t N = s.v.size();
  if (N < 2 || !(t1 > t0)) return;
  const std::uint64_t n_steps = steps_in(t0, t1, dt_max);
  const double dt = (t1 - t0) / static_cast<double>(n_steps);
  const RealPower r_gamma(gamma);
  const RngKey pairing_key{ctx.seed, Stream::kBinaryPairing, s.replica};
  const RngKey collision_key{ctx.seed, Stream::kBinaryCollision, s.replica};
  const bool triple = N % 2 == 1 && N >= 3;
  const std::size_t first_pair = triple ? 3 : 0, pairs = (N - first_pair) / 2;
  const int threads = (N >= 4096) ? ctx.threads : 1;
  std::vector<std::size_t> order(N);
  std::uint64_t coincident = 0;

  // Collision of (i, j) in slot `slot` of step `step`, rotating for c r^gamma h (one species: c = 2).
  auto collide = [&](std::uint64_t step, std::uint64_t slot, std::size_t i, std::size_t j, double h) {
    CounterRng rng(collision_key, step, slot);
    const double c = pairs_rule.coefficient(i, j);
    auto draw = [&](Vec3 e, double r, CounterRng& g) { return law(e, c * r_gamma(r) * h, g); };
    if (pairs_rule.equal_masses(i, j)) return rotate_pair(s.v, i, j, draw, rng) == PairOutcome::kCoincident ? 1u : 0u;
    return rotate_pair(s.v, i, j, draw, rng, pairs_rule.masses(i, j)) == PairOutcome::kCoincident ? 1u : 0u;
  };

  const std::uint64_t done = run_steps(s, n_steps, binary_collisions_per_step(N), ctx, [&](std::uint64_t step) {
    CounterRng pairing(pairing_key, step);  // a uniform random order (Fisher-Yates)
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t k = N - 1; k > 0; --k) std::swap(order[k], order[pairing.below(k + 1)]);
    if (triple) {  // Takizuka & Abe: (a, b), (b, c), (c, a), each for dt/2
      coincident += collide(step, 0, order[0], order[1], 0.5 * dt);
      coincident += collide(step, 1, order[1], order[2], 0.5 * dt);
      coincident += collide(step, 2, order[2], order[0], 0.5 * dt);
    }
    std::uint64_t coin = 0;
    auto pair_k = [&](std::size_t k) {
      return collide(step, first_pair + k, order[first_pair + 2 * k], order[first_pair + 2 * k + 1], dt);
    };
    if (threads > 1) {
#pragma omp parallel for num_threads(threads) schedule(static) reduction(+ : coin)
      for (std::size_t k = 0; k < pairs; ++k) coin += pair_k(k);
    } else {
      for (std::size_t k = 0; k < pairs; ++k) coin += pair_k(k);
    }
    coincident += coin;
  });
  s.counters.events += done * binary_collisions_per_step(N);
  s.counters.coincident += coincident;
}

}  // namespace grazing
