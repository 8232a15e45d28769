// Events drawn ahead of their turn, shared by MBC (mbc_events.hpp) and multi-species MBC
// (mbc_species.cpp): a ring of drawn events kept kAhead + 4 ahead (their particles prefetched by the
// draw; the next four drawn inside each rotation of four, two at each of its two pauses), run in
// order, four at a time when they commute; or events drawn elsewhere run in order.
// Internal linkage, as mbc_events.hpp, so each instantiation is local to its model's file and inlined
// there.
#pragma once
#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "grazing/simd.hpp"

namespace grazing {
namespace {

// Four drawn events can run together when each was drawn from its first words alone (ok) and they
// touch eight distinct particles (then they commute): i_a != i_b and j_a != j_b for a != b (the lanes
// against the lanes one and two places on), and i_a != j_b for a != b (one, two and three places on).
template <class Drawn>
inline bool four_disjoint(const Drawn* const (&d)[4], std::uint64_t lanes) {
  if (lanes != 4 || !(d[0]->ok & d[1]->ok & d[2]->ok & d[3]->ok)) return false;
  const U64x4 i{d[0]->i, d[1]->i, d[2]->i, d[3]->i}, j{d[0]->j, d[1]->j, d[2]->j, d[3]->j};
  const U64x4 i1 = __builtin_shufflevector(i, i, 1, 2, 3, 0), i2 = __builtin_shufflevector(i, i, 2, 3, 0, 1);
  const U64x4 j1 = __builtin_shufflevector(j, j, 1, 2, 3, 0), j2 = __builtin_shufflevector(j, j, 2, 3, 0, 1);
  const U64x4 j3 = __builtin_shufflevector(j, j, 3, 0, 1, 2);
  const Mask4 same = (i == i1) | (i == i2) | (j == j1) | (j == j2) | (i == j1) | (i == j2) | (i == j3);
  return lane_bits(same) == 0;
}

// Events *at(0) .. *at(n - 1) in that order: ahead(k) is called for each k in turn, at least kAhead + 4
// events before event k runs (to draw it, or to prefetch its particles); run_first(d, lanes, between)
// runs the first of the next min(4, n - q) events (four, or one) and returns how many it ran. It may
// call between(0) and between(1) in the middle of its rotation (rotate_pairs_heat_x4): each calls
// ahead() for two of the four events after those (up to kAhead + 8 ahead of d[0]), whose work then
// fills the rotation's waits. at(q) for q >= n must still return an address (its lanes are not looked
// at: run_first's lanes say how many are real).
template <std::uint64_t kAhead, class At, class Ahead, class RunFirst>
inline void run_in_order(std::uint64_t n, At&& at, Ahead&& ahead, RunFirst&& run_first) {
  using Drawn = std::remove_cvref_t<decltype(*at(0))>;
  std::uint64_t fetched = 0;
  for (std::uint64_t q = 0; q < n;) {
    for (; fetched < std::min(n, q + kAhead + 4); ++fetched) ahead(fetched);
    const Drawn* const d[4] = {at(q), at(q + 1), at(q + 2), at(q + 3)};
    auto between = [&](int part) {
      for (; fetched < std::min(n, q + kAhead + 6 + 2 * part); ++fetched) ahead(fetched);
    };
    q += run_first(d, std::min<std::uint64_t>(4, n - q), between);
  }
}

// Events q = 0 .. n - 1 in order, drawn by draw(q, d) into a ring kAhead + 4 to kAhead + 8 events
// ahead of their turn (the four events run hold their slots while the next four are drawn).
template <std::uint64_t kAhead, class Drawn, class Draw, class RunFirst>
inline void run_drawn_ahead(std::uint64_t n, Draw&& draw, RunFirst&& run_first) {
  constexpr std::uint64_t kRing = 16;
  static_assert(kRing >= kAhead + 8);
  Drawn ring[kRing];
  run_in_order<kAhead>(
      n, [&](std::uint64_t q) { return &ring[q % kRing]; }, [&](std::uint64_t k) { draw(k, ring[k % kRing]); },
      run_first);
}

}  // namespace
}  // namespace grazing
