// The level runner of MBC's exact parallel schedule (docs/physics/mbc.md#simulation-choices: disjoint
// events commute). The threads run a planned block's levels (MbcBlockPlanner, mbc_planner.hpp) in
// order; a level's events are handed out in chunks of kChunkEvents, and a thread starts level l + 1
// when level l's completion count says that all its events have run (no barrier). Guarantee: the
// events of a level touch disjoint particles, and none of level l + 1 starts before every one of level
// l has finished (release/acquire on the count), so every particle meets its events in the serial
// order with the same random numbers: the result equals MbcEvents::run_serial, bit for bit, for any
// number of threads.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>

#include "grazing/parallel.hpp"
#include "grazing/particles.hpp"
#include "mbc_planner.hpp"

namespace grazing {
namespace {  // internal linkage: mbc_events.hpp says why

class MbcLevelRunner {
 public:
  static constexpr std::uint32_t kChunkEvents = 64;

  explicit MbcLevelRunner(const MbcEvents& events) : events_(events) {}

  // This thread's part of block p: chunks of each level as long as there are any, then a wait for the
  // level's last events (run by other threads) before the next level.
  void run(MbcBlock& p, RotationCounts& counts) const {
    const EventLevels& lv = p.lv;
    for (std::uint32_t l = 1; l <= lv.levels; ++l) {
      const std::uint32_t lo = lv.count[l], hi = lv.count[l + 1], chunks = (hi - lo + kChunkEvents - 1) / kChunkEvents;
      for (std::uint32_t c; (c = p.next[l].fetch_add(1, std::memory_order_relaxed)) < chunks;) {
        const std::uint64_t a = lo + c * kChunkEvents, e = std::min<std::uint64_t>(hi, a + kChunkEvents);
        // The chunk's drawn events (written by the planning thread, read here in level order) first,
        // then run_drawn prefetches their particles kAhead events ahead.
        for (std::uint64_t q = a; q < e; ++q) prefetch_line(&p.ev[lv.order[q]]);
        events_.run_drawn(e - a, [&](std::uint64_t k) { return &p.ev[lv.order[std::min(a + k, e - 1)]]; }, counts);
        p.done[l].fetch_add(static_cast<std::uint32_t>(e - a), std::memory_order_release);
        p.done[l].notify_all();  // a futex wake only when a thread sleeps in the wait below
      }
      // The level's last events run on other threads (a short spin, then sleep).
      wait_at_least(p.done[l], hi - lo);
    }
  }

 private:
  const MbcEvents& events_;
};

}  // namespace
}  // namespace grazing
