// Exactly conservative operator splitting over pairs (docs/physics/tabary.md#pair-splitting): every step dt, every
// pair's relative direction is rotated exactly by the heat kernel for tau_ij = kappa(r_ij) dt.
// Used by `tabary` (kappa = 4 alpha(r)/(N-1), Tabary (3) in pair-rotation form, docs/physics/tabary.md#the-system) and
// `landau-diffusion` (kappa = 2 r^gamma/(N-1), the corrected L^N_0 of docs/physics/landau-diffusion.md#the-corrected-generator).
//
// Sweep order: a random round-robin tournament. Each step draws a random relabelling of the
// particles and a random order of the rounds of the circle method (N-1 rounds of N/2 pairs; N rounds
// of (N+1)/2 pairs, one with the bye, when N is odd);
// the pairs of a round are disjoint, so they commute and run in parallel with results independent
// of the thread count. "lie": one sweep with dt. "strang": the sweep with dt/2, then the same rounds
// reversed with dt/2 (the two half-rotations of the middle round merged into one exact rotation).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <type_traits>
#include <vector>

#include "grazing/comm.hpp"
#include "grazing/model.hpp"
#include "grazing/rotate_pairs_x4.hpp"
#include "step_loop.hpp"

namespace grazing {

enum class Splitting { kLie, kStrang };

// Config helpers shared by the pair-splitting models.
Splitting read_splitting(const Section& sec);  // model.splitting: "lie" (default) or "strang"
const char* splitting_name(Splitting s);
std::string splitting_approximation(Splitting s, double dt);  // for run.json "approximations"
double read_dt(const Section& sec);                            // model.dt > 0, default 1e-3

// Steps of equal length <= dt that land exactly on t1: n = ceil((t1 - t0)/dt).
inline std::uint64_t steps_in(double t0, double t1, double dt) {
  const double n = std::ceil((t1 - t0) / dt * (1.0 - 1e-12));
  return static_cast<std::uint64_t>(std::max(1.0, n));
}

// Pair k of round `round` in the circle method on M (even) labels: round-robin tournament.
inline void circle_pair(std::size_t M, std::size_t round, std::size_t k, std::size_t& a, std::size_t& b) {
  if (k == 0) {
    a = M - 1;
    b = round;
  } else {
    a = (round + k) % (M - 1);
    b = (round + (M - 1) - k) % (M - 1);
  }
}

// Rotations in one step: N(N-1)/2 for Lie; for Strang every pair twice except the middle round's.
inline std::uint64_t rotations_per_step(std::size_t N, Splitting s) {
  const std::uint64_t pairs = static_cast<std::uint64_t>(N) * (N - 1) / 2;
  return s == Splitting::kLie ? pairs : 2 * pairs - N / 2;
}

// One kind of particle: every pair rotates for kappa(r) dt about its midpoint.
struct OneKindPairs {
  static constexpr bool kSpecies = false;
};

// Advance `s` over [t0, t1] by pair splitting with rotation time kappa(r) * dt for each pair; with
// several species (`pairs` a rule with kSpecies = true and coefficient(i, j), equal_masses(i, j),
// masses(i, j) for particles i < j, as SpeciesPairs) the time (c_ij kappa(r)) dt about the pair's
// centre of mass.
//
// Distributed N (ctx.layout, docs/parallel.md): every process keeps all N velocities during the call
// (gathered at its start; the O(N^2) pair work, not the O(N) state, is what is split) and rotates a
// contiguous share of each round's pairs; after each round the rotated pairs are exchanged (one
// all-gather, 48 bytes per pair). Same sweep order, same streams: bit-identical to one process.
// kOneByOne (for tests): every pair rotated alone, the definition the batched rotations must equal.
template <class Kappa, class Pairs = OneKindPairs, bool kOneByOne = false>
void pair_splitting_advance(ReplicaState& s, double t0, double t1, double dt_max, Splitting splitting,
                            const AdvanceContext& ctx, Kappa&& kappa, const Pairs& pairs = {}) {
  const ParticleLayout* lay = ctx.layout;
  const std::size_t N = replica_size(s, ctx);
  if (N < 2 || !(t1 > t0)) return;
  const int P = lay ? lay->comm->size() : 1, me = lay ? lay->comm->rank() : 0;
  ParticleStore whole;  // distributed: all N velocities, this process's range written back at the end
  if (lay) {
    const std::vector<char> all = lay->comm->allgather(s.v.data(), 24 * s.v.size());
    whole.resize(N);
    std::memcpy(whole.data(), all.data(), all.size());
  }
  ParticleStore& v = lay ? whole : s.v;
  const std::size_t M = N + (N % 2);  // with a bye when N is odd
  const std::size_t rounds = M - 1, per_round = M / 2;
  const std::uint64_t n_steps = steps_in(t0, t1, dt_max);
  const double dt = (t1 - t0) / static_cast<double>(n_steps);
  const RngKey sweep_key{ctx.seed, Stream::kPairSweep, s.replica};
  const RngKey rot_key{ctx.seed, Stream::kPairRotation, s.replica};
  std::vector<std::size_t> label(M), order(rounds);
  // The step works on a copy of the velocities stored in schedule-label order, so that the pairs a
  // thread handles in a round, (r + k, r - k) for a contiguous block of k, sit in contiguous memory
  // (random particle indices would make the threads write into each other's cache lines).
  ParticleStore work(M);
  std::uint64_t rotations = 0, coincident = 0, uniform = 0;
  const int threads = (N >= 256) ? ctx.threads : 1;

  // Pairs k in [ka, kb) of a round, rotated for kappa(r) * h. They are disjoint, so they go four at
  // a time (the bye skipped) to rotate_pairs_heat_x4, with the first Philox blocks of their four
  // streams computed together; the rest one by one. The same as one by one in order.
  const PhiloxRoundKeys rot_round_keys(CounterRng::philox_key(rot_key));
  auto pairs_k = [&](std::uint64_t c0, std::size_t round, std::size_t ka, std::size_t kb, double h,
                     std::uint64_t& done, RotationCounts& counts) {
    auto tau_of_r = [&](auto r) { return kappa(r) * h; };  // kappa takes a double or a Double4
    auto stream = [&](std::uint64_t c1) { return CounterRng(rot_key, c0, c1); };  // pair c1's rotation
    auto alone = [&](std::size_t a, std::size_t b, std::uint64_t c1) {
      CounterRng rng = stream(c1);
      if constexpr (Pairs::kSpecies) {  // work slots a, b hold particles label[a] < label[b]
        const std::size_t i = label[a], j = label[b];
        const double c = pairs.coefficient(i, j);
        auto tau_ij = [&](double r) { return (c * kappa(r)) * h; };
        if (pairs.equal_masses(i, j)) rotate_pair_heat_counted(work, a, b, tau_ij, rng, counts);
        else rotate_pair_heat_counted(work, a, b, tau_ij, rng, counts, pairs.masses(i, j));
      } else {
        rotate_pair_heat_counted(work, a, b, tau_of_r, rng, counts);
      }
    };
    // Several species: each lane's coefficient and masses.
    struct LaneTau {
      const std::remove_reference_t<Kappa>& kappa;
      Double4 c;
      double h;
      Double4 operator()(Double4 r) const { return (c * kappa(r)) * h; }
      double operator()(double r, int l) const { return (c[l] * kappa(r)) * h; }
    } lane_tau{kappa, Double4{}, h};
    MassFractions4 lane_masses{};
    std::size_t ia[4], ib[4];
    std::uint64_t blocks[2][2][4];  // lane l: blocks[l / 2][l % 2]
    int lanes = 0;
    // circle_pair(M, round, k) for k = ka, ka + 1, ...: (round + k, round - k) mod (M - 1), stepped
    // instead of divided (two integer divisions per pair cost more than the rest of its bookkeeping).
    std::size_t a_k = 0, b_k = 0;
    if (ka < kb) circle_pair(M, round, std::max<std::size_t>(ka, 1), a_k, b_k);
    for (std::size_t k = ka; k < kb; ++k) {
      std::size_t a, b;
      if (k == 0) {
        circle_pair(M, round, 0, a, b);
      } else {
        a = a_k;
        b = b_k;
        a_k = (a_k + 1 == M - 1) ? 0 : a_k + 1;
        b_k = (b_k == 0) ? M - 2 : b_k - 1;
      }
      if (label[a] >= N || label[b] >= N) continue;  // the bye
      if (label[a] > label[b]) std::swap(a, b);     // the pair is (i, j) = (label[a], label[b]), i < j
      ia[lanes] = a;
      ib[lanes] = b;
      if constexpr (Pairs::kSpecies) {
        const MassFractions f = pairs.masses(label[a], label[b]);
        lane_tau.c[lanes] = pairs.coefficient(label[a], label[b]);
        lane_masses.fi[lanes] = f.fi, lane_masses.fj[lanes] = f.fj;
        lane_masses.equal[lanes] = pairs.equal_masses(label[a], label[b]) ? -1 : 0;
      }
      std::uint64_t(&ctr)[4] = blocks[lanes / 2][lanes % 2];  // the counter of the pair's stream, block 0
      ctr[0] = c0;
      ctr[1] = static_cast<std::uint64_t>(label[a]) * N + label[b];
      ctr[2] = ctr[3] = 0;
      ++done;
      if constexpr (kOneByOne) {
        alone(a, b, ctr[1]);
        continue;
      }
      if (++lanes < 4) continue;
      lanes = 0;
      const std::uint64_t c1[4] = {blocks[0][0][1], blocks[0][1][1], blocks[1][0][1], blocks[1][1][1]};
      philox_blocks(rot_round_keys, blocks[0]);
      philox_blocks(rot_round_keys, blocks[1]);
      const std::uint64_t* const words[4] = {blocks[0][0], blocks[0][1], blocks[1][0], blocks[1][1]};
      // A lane that needs its stream resumes it from the block just computed (CounterRng::resumed).
      auto rng_of = [&](int l) { return CounterRng::resumed(rot_key, c0, c1[l], blocks[l / 2][l % 2], 0); };
      if constexpr (Pairs::kSpecies)
        rotate_pairs_heat_x4(work, ia, ib, words, lane_tau, rng_of, counts, lane_masses);
      else
        rotate_pairs_heat_x4(work, ia, ib, words, tau_of_r, rng_of, counts);
    }
    for (int l = 0; l < lanes; ++l) alone(ia[l], ib[l], blocks[l / 2][l % 2][1]);
  };
  // One round: its pairs are disjoint, so they run in parallel (no OpenMP region for one thread).
  // Distributed: this process's share k in [k0, k1), then every share to every process.
  const std::size_t k0 = per_round * me / P, k1 = per_round * (me + 1) / P;
  std::vector<double> mine;
  auto run_round = [&](std::uint64_t c0, std::size_t round, double h) {
    std::uint64_t done = 0, coin = 0, unif = 0;
    if (threads > 1) {
      // Contiguous shares of 64 pairs (the static schedule of the blocks does not change the result).
      const std::size_t blocks = (k1 - k0 + 63) / 64;
#pragma omp parallel for num_threads(threads) schedule(static) reduction(+ : done, coin, unif)
      for (std::size_t q = 0; q < blocks; ++q) {
        RotationCounts c;
        pairs_k(c0, round, k0 + 64 * q, std::min(k1, k0 + 64 * q + 64), h, done, c);
        coin += c.coincident;
        unif += c.uniform;
      }
    } else {
      RotationCounts c;
      pairs_k(c0, round, k0, k1, h, done, c);
      coin += c.coincident;
      unif += c.uniform;
    }
    coincident += coin;
    uniform += unif;
    if (!lay) {
      rotations += done;
      return;
    }
    rotations += per_round - (M != N);  // every process counts every rotation of the round (one bye if N is odd)
    mine.resize(6 * (k1 - k0));
    for (std::size_t k = k0; k < k1; ++k) {
      std::size_t a, b;
      circle_pair(M, round, k, a, b);
      std::memcpy(&mine[6 * (k - k0)], work.data() + 3 * a, 24);
      std::memcpy(&mine[6 * (k - k0) + 3], work.data() + 3 * b, 24);
    }
    const std::vector<char> all = lay->comm->allgather(mine.data(), 8 * mine.size());
    const auto* d = reinterpret_cast<const double*>(all.data());
    for (std::size_t k = 0; k < per_round; ++k) {
      if (k == k0) k = k1;  // this process's own pairs are in place
      if (k >= per_round) break;
      std::size_t a, b;
      circle_pair(M, round, k, a, b);
      std::memcpy(work.data() + 3 * a, d + 6 * k, 24);
      std::memcpy(work.data() + 3 * b, d + 6 * k + 3, 24);
    }
  };

  run_steps(s, n_steps, rotations_per_step(N, splitting), ctx, [&](std::uint64_t step) {
    // Random relabelling (Fisher-Yates) and random round order for this step.
    CounterRng sweep(sweep_key, step);
    std::iota(label.begin(), label.end(), std::size_t{0});
    for (std::size_t k = M - 1; k > 0; --k) std::swap(label[k], label[sweep.below(k + 1)]);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t k = rounds - 1; k > 0; --k) std::swap(order[k], order[sweep.below(k + 1)]);
    for (std::size_t a = 0; a < M; ++a)
      if (label[a] < N) work.set(a, v.get(label[a]));

    if (splitting == Splitting::kLie) {
      for (std::size_t q = 0; q < rounds; ++q) run_round(2 * step, order[q], dt);
    } else {
      for (std::size_t q = 0; q + 1 < rounds; ++q) run_round(2 * step, order[q], 0.5 * dt);
      run_round(2 * step, order[rounds - 1], dt);  // the middle: two half rotations merged exactly
      for (std::size_t q = rounds - 1; q-- > 0;) run_round(2 * step + 1, order[q], 0.5 * dt);
    }
    for (std::size_t a = 0; a < M; ++a)
      if (label[a] < N) v.set(label[a], work.get(a));
  });
  if (lay) std::memcpy(s.v.data(), whole.data() + 3 * lay->begin(), 24 * s.v.size());
  s.counters.events += rotations;
  s.counters.coincident += coincident;
  s.counters.uniform_direction += uniform;
}

}  // namespace grazing
