// The events of MBC (docs/physics/mbc.md#the-process) as MbcModel::advance runs them. Event e, its
// cumulative index, has its own stream CounterRng(key, e): its pair (mbc_pair), then its rotation for
// tau = h r^gamma. Guarantee: every way of running an event here (drawn ahead from its words, four at
// once) gives the bits of run_alone(e), the definition; run_serial runs events in their serial order.
#pragma once
#include <algorithm>
#include <cstdint>

#include "grazing/power.hpp"
#include "drawn_ahead.hpp"
#include "grazing/rotate_pairs_x4.hpp"
#include "mbc.hpp"

namespace grazing {
// Internal linkage, here and in mbc_planner.hpp and mbc_levels.hpp (headers of mbc.cpp alone): so the
// templates instantiated for them are local to mbc.cpp and GCC inlines heat_kernel_small_tau_x4, called
// once, into run_first, as it did when these were lambdas of MbcModel::advance. With external linkage
// it stayed an out-of-line call (over GCC's max-inline-insns-single).
namespace {

// An MBC event drawn ahead of its turn (MbcEvents::draw): one cache line (mbc_planner.hpp streams it).
struct alignas(64) DrawnEvent {
  std::uint64_t event;  // cumulative event index: the counter of its stream
  std::size_t i, j;     // its pair
  std::uint64_t w[4];   // its stream's first block: word 0 the pair, words 1-3 the rotation's three normals
  bool ok;              // the pair came from word 0 alone (else it came from the stream, and only run_alone runs the event)
};

class MbcEvents {
 public:
  static constexpr std::uint64_t kAhead = 8;  // events drawn (and their particles prefetched) ahead of their turn

  MbcEvents(ParticleStore& v, const RngKey& key, double h, double gamma)
      : v_(v), N_(v.size()), key_(key), round_keys_(CounterRng::philox_key(key)), tau_of_r_{h, RealPower(gamma)} {}
  MbcEvents(const MbcEvents&) = delete;  // keys_ points into the object
  MbcEvents& operator=(const MbcEvents&) = delete;

  std::size_t N() const { return N_; }

  // Event e from its own stream alone (the definition; every other path gives its bits).
  void run_alone(std::uint64_t e, RotationCounts& counts) const {
    std::size_t i, j;
    CounterRng rng = rotation_stream(e, i, j);
    rotate_pair_heat_counted(v_, i, j, tau_of_r_, rng, counts);
  }

  // Event e drawn ahead: its stream's first Philox block (philox_blocks), kept, and the pair from word 0
  // (mbc_pair_from_word). When word 0 does not give the pair (a half rejected: probability < 2N / 2^32,
  // about once per 2e4 events at N = 1e5), the pair from the stream (mbc_pair): the parallel schedule's
  // levels are built from d.i and d.j, which must be the event's.
  void draw(std::uint64_t e, DrawnEvent& d) const {
    d.event = e;
    std::uint64_t b[1][4] = {{e, 0, 0, 0}};  // the stream's block 0
    philox_blocks(*keys_, b);
    d.ok = mbc_pair_from_word(b[0][0], N_, d.i, d.j);
    if (!d.ok) [[unlikely]] rotation_stream(e, d.i, d.j);
    for (int k = 0; k < 4; ++k) d.w[k] = b[0][k];
  }

  void prefetch(const DrawnEvent& d) const {
    if (!d.ok) return;
    v_.prefetch(d.i);
    v_.prefetch(d.j);
  }

  // The first events of d[0..lanes): four of them together when they touch eight distinct particles
  // (they commute) and were drawn from their words, as one rotate_pairs_heat_x4 (which calls between()
  // in its middle); else d[0] alone. Returns how many it ran.
  template <class Between>
  std::uint64_t run_first(const DrawnEvent* const (&d)[4], std::uint64_t lanes, RotationCounts& counts,
                          Between&& between) const {
    if (!four_disjoint(d, lanes)) {
      run_alone(d[0]->event, counts);
      return 1;
    }
    const std::size_t i[4] = {d[0]->i, d[1]->i, d[2]->i, d[3]->i}, j[4] = {d[0]->j, d[1]->j, d[2]->j, d[3]->j};
    const std::uint64_t* const words[4] = {d[0]->w + 1, d[1]->w + 1, d[2]->w + 1, d[3]->w + 1};
    // A lane's stream at its rotation's first word: word 1 of the kept block (each lane's pair came
    // from word 0 alone), so a lane that needs its stream does not compute the block and pair again.
    auto rng_of = [&](int l) { return CounterRng::resumed(key_, d[l]->event, 0, d[l]->w, 1); };
    rotate_pairs_heat_x4(v_, i, j, words, tau_of_r_, rng_of, counts, EqualMasses{}, between);
    return 4;
  }

  // Drawn events *at(0) .. *at(n - 1) in that order (they must be in their serial order, or commute):
  // four at a time where run_first can, their particles prefetched kAhead events ahead. at(k) for
  // k >= n must still return a drawn event (it is looked at, not run).
  template <class At>
  void run_drawn(std::uint64_t n, At&& at, RotationCounts& counts) const {
    run_in_order<kAhead>(
        n, at, [&](std::uint64_t k) { prefetch(*at(k)); },
        [&](const DrawnEvent* const (&d)[4], std::uint64_t lanes, auto&& between) {
          return run_first(d, lanes, counts, between);
        });
  }

  // Events e0 .. e0 + n - 1 in order, drawn kAhead + 4 to kAhead + 8 ahead into a ring (the next four
  // inside each rotation of four: run_in_order's between).
  void run_serial(std::uint64_t e0, std::uint64_t n, RotationCounts& counts) const {
    run_drawn_ahead<kAhead, DrawnEvent>(
        n,
        [&](std::uint64_t q, DrawnEvent& d) {
          draw(e0 + q, d);
          prefetch(d);
        },
        [&](const DrawnEvent* const (&d)[4], std::uint64_t lanes, auto&& between) {
          return run_first(d, lanes, counts, between);
        });
  }

 private:
  // tau_ij = h r_ij^gamma (Du (2.4)); it may overflow to +inf for gamma < 0 and r -> 0, which the
  // sampler takes as "uniform direction".
  struct TauOfR {
    double h;
    RealPower r_gamma;
    auto operator()(auto r) const { return h * r_gamma(r); }  // double, or Double4 (four pairs)
  };

  // The stream of event e after its pair (i, j) is drawn: positioned at the rotation's first word.
  CounterRng rotation_stream(std::uint64_t e, std::size_t& i, std::size_t& j) const {
    CounterRng rng(key_, e);
    mbc_pair(rng, N_, i, j);
    return rng;
  }

  ParticleStore& v_;
  std::size_t N_;
  RngKey key_;
  PhiloxRoundKeys round_keys_;
  // draw reads the round keys through this pointer, as the lambda did through its capture, so GCC reads
  // them from memory in each draw. Read from the member, GCC hoisted the 20 keys out of run_serial's
  // draw loop into stack slots and, as the out-of-line run_first takes `this`, copied them again after
  // every call: 22 loads and 22 stores more per 1-4 events, which with a cache and TLB miss per particle
  // (N = 1e7) cost 30 % of the serial rate.
  const PhiloxRoundKeys* const keys_ = &round_keys_;
  TauOfR tau_of_r_;
};

}  // namespace
}  // namespace grazing
