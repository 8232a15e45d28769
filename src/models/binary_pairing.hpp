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
#include <algorithm>
#include <numeric>
#include <vector>

#include "grazing/model.hpp"
#include "grazing/parallel.hpp"
#include "grazing/power.hpp"
#include "grazing/rotate_pair.hpp"
#include "pair_splitting.hpp"
#include "step_loop.hpp"

namespace grazing {

// Collisions per step of a random perfect matching of n particles: n/2, or (n - 3)/2 + 3 for odd n
// (the triple's three); none for n < 2.
inline std::uint64_t binary_collisions_per_step(std::size_t n) {
  if (n < 2) return 0;
  return n % 2 ? (n - 3) / 2 + 3 : n / 2;
}

// The particles paired in one step, in groups done one after the other, each drawing its own random
// order from the step's pairing stream (counter (step, group)). A group is either
//   within: the particles [first, first + n) matched at random among themselves (odd n: a triple), or
//   between: the particles [first, first + n) each paired with one of [other, other + n_other),
//            n >= n_other >= 1, in a random order of each: the k-th of the first with the (k mod n_other)-th
//            of the second, so that each of the second meets floor or ceil of n / n_other (Takizuka &
//            Abe's inter-species pairing, J. Comput. Phys. 25 (1977) 205, section 2), in rounds of
//            n_other disjoint pairs.
struct PairingGroup {
  std::size_t first = 0, n = 0, other = 0, n_other = 0;  // n_other = 0: within
  bool within() const { return n_other == 0; }
  std::uint64_t collisions() const { return within() ? binary_collisions_per_step(n) : n; }
};

// One species: every pair turns for tau = 2 r^gamma h (C = 1/2) about its midpoint; one group of all.
struct OneSpeciesPairs {
  bool equal_masses(std::size_t, std::size_t) const { return true; }
  double coefficient(std::size_t, std::size_t) const { return 2.0; }
  MassFractions masses(std::size_t, std::size_t) const { return {}; }
  std::vector<PairingGroup> groups(std::size_t N) const { return {{0, N, 0, 0}}; }
};

// Advance `s` over [t0, t1] in equal steps <= dt_max. law(e, tau, rng) -> e' is the angular law at
// heat-kernel time tau (+inf allowed: r -> 0 with gamma < 0). `pairs` gives the groups of a step and,
// for the pair (i, j), the coefficient c of tau = c r^gamma h and the pair's masses (OneSpeciesPairs;
// several species: SpeciesPairs, pairing_species.hpp). A step's collisions are numbered through its
// groups (the slot of the collision stream), so one group of all N draws exactly as before groups.
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
  const std::vector<PairingGroup> groups = pairs_rule.groups(N);
  std::uint64_t per_step = 0;
  for (const PairingGroup& g : groups) per_step += g.collisions();
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
  // Collisions k in [k0, k1) of pair(k) -> (slot, i, j), disjoint: in parallel for large groups.
  auto disjoint = [&](std::uint64_t step, std::size_t k0, std::size_t k1, std::size_t group_size, auto&& pair) {
    std::uint64_t coin = 0;
    if (group_size >= 4096 && ctx.threads > 1) {
#pragma omp parallel for num_threads(ctx.threads) schedule(static) reduction(+ : coin)
      for (std::size_t k = k0; k < k1; ++k) coin += pair(step, k);
    } else {
      for (std::size_t k = k0; k < k1; ++k) coin += pair(step, k);
    }
    coincident += coin;
  };
  // A uniform random order (Fisher-Yates) of [first, first + n) into order[at, at + n).
  auto shuffle = [&](CounterRng& pairing, std::size_t at, std::size_t first, std::size_t n) {
    std::iota(order.begin() + at, order.begin() + at + n, first);
    for (std::size_t k = n - 1; k > 0; --k) std::swap(order[at + k], order[at + pairing.below(k + 1)]);
  };

  const std::uint64_t done = run_steps(s, n_steps, per_step, ctx, [&](std::uint64_t step) {
    std::uint64_t slot = 0;
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
      const PairingGroup& g = groups[gi];
      CounterRng pairing(pairing_key, step, gi);
      if (g.within() && g.n >= 2) {
        shuffle(pairing, 0, g.first, g.n);
        const bool triple = g.n % 2 == 1;
        if (triple) {  // Takizuka & Abe: (a, b), (b, c), (c, a), each for dt/2
          coincident += collide(step, slot + 0, order[0], order[1], 0.5 * dt);
          coincident += collide(step, slot + 1, order[1], order[2], 0.5 * dt);
          coincident += collide(step, slot + 2, order[2], order[0], 0.5 * dt);
        }
        const std::size_t first_pair = triple ? 3 : 0;
        disjoint(step, 0, (g.n - first_pair) / 2, g.n, [&](std::uint64_t st, std::size_t k) {
          return collide(st, slot + first_pair + k, order[first_pair + 2 * k], order[first_pair + 2 * k + 1], dt);
        });
      } else if (!g.within()) {
        shuffle(pairing, 0, g.first, g.n);
        shuffle(pairing, g.n, g.other, g.n_other);
        for (std::size_t k0 = 0; k0 < g.n; k0 += g.n_other)  // rounds of n_other disjoint pairs
          disjoint(step, k0, std::min(g.n, k0 + g.n_other), g.n_other, [&](std::uint64_t st, std::size_t k) {
            return collide(st, slot + k, order[k], order[g.n + k % g.n_other], dt);
          });
      }
      slot += g.collisions();
    }
  });
  s.counters.events += done * per_step;
  s.counters.coincident += coincident;
}

}  // namespace grazing
