// Events drawn ahead of their turn, shared by MBC (mbc_events.hpp) and multi-species MBC
// (mbc_species.cpp): a ring of drawn events kept kAhead + 4 ahead (their particles prefetched by the
// draw), run in order, four at a time when they commute. Internal linkage, as mbc_events.hpp, so each
// instantiation is local to its model's file and inlined there.
#pragma once
#include <algorithm>
#include <cstdint>

namespace grazing {
namespace {

// Four drawn events can run together when each was drawn from its first words alone (ok) and they
// touch eight distinct particles (then they commute).
template <class Drawn>
inline bool four_disjoint(const Drawn* const (&d)[4], std::uint64_t lanes) {
  bool together = lanes == 4;
  for (std::uint64_t a = 0; together && a < 4; ++a) {
    together &= d[a]->ok;
    for (std::uint64_t b = a + 1; b < 4; ++b)
      together &= d[a]->i != d[b]->i && d[a]->i != d[b]->j && d[a]->j != d[b]->i && d[a]->j != d[b]->j;
  }
  return together;
}

// Events q = 0 .. n - 1 in order: draw(q, d) fills the ring kAhead + 4 events ahead; run_first(d, lanes)
// runs the first of the next min(4, n - q) drawn events (four, or one) and returns how many it ran.
template <std::uint64_t kAhead, class Drawn, class Draw, class RunFirst>
inline void run_drawn_ahead(std::uint64_t n, Draw&& draw, RunFirst&& run_first) {
  constexpr std::uint64_t kRing = 16;
  static_assert(kRing >= kAhead + 4);
  Drawn ring[kRing];
  std::uint64_t drawn = 0;
  for (std::uint64_t q = 0; q < n;) {
    for (; drawn < std::min(n, q + kAhead + 4); ++drawn) draw(drawn, ring[drawn % kRing]);
    const Drawn* const d[4] = {&ring[q % kRing], &ring[(q + 1) % kRing], &ring[(q + 2) % kRing], &ring[(q + 3) % kRing]};
    q += run_first(d, std::min<std::uint64_t>(4, n - q));
  }
}

}  // namespace
}  // namespace grazing
