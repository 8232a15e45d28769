// The planner of MBC's exact parallel schedule (docs/physics/mbc.md#simulation-choices: disjoint events
// commute). It takes a block of consecutive events, draws them ahead of their turn with their words
// (MbcEvents::draw) and sorts them into dependency levels (event_levels.hpp). Guarantee: the events of
// one level touch disjoint particles, and each particle's events lie in increasing levels in their
// serial order. So running the levels in order (MbcLevelRunner, mbc_levels.hpp), a level's events in
// any order, gives the result of the events one by one in the serial order, bit for bit.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "event_levels.hpp"
#include "grazing/particles.hpp"
#include "mbc_events.hpp"
#include "streaming_store.hpp"

namespace grazing {
namespace {  // internal linkage: mbc_events.hpp says why

// A planned block: events first + c0 .. first + c0 + B - 1 of the interval, drawn, with their levels.
struct MbcBlock {
  std::uint64_t c0 = 0, B = 0;
  std::vector<DrawnEvent> ev;  // ev[b]: event first + c0 + b
  EventLevels lv;
  // Per level l = 1 .. lv.levels, for the level runner: its chunks handed out and its events run (zero
  // when planned).
  std::unique_ptr<std::atomic<std::uint32_t>[]> next, done;
  std::uint32_t capacity = 0;  // of next and done
};

// The blocks of one interval (first: its first event), planned in order: each block's levels are
// counted from those of the blocks planned before it by the same planner.
class MbcBlockPlanner {
 public:
  static constexpr std::uint64_t kBlock = 8192;  // events per block: its drawn events (512 kB) stay in L2

  MbcBlockPlanner(const MbcEvents& events, std::uint64_t first)
      : events_(events), first_(first), per_particle_(events.N() <= 64 * kBlock) {}

  // Plans events first + c0 .. first + c0 + B - 1 into p.
  // The drawn events are written with non-temporal stores (streaming_store.hpp; DrawnEvent is one
  // aligned cache line): the other threads read them, and read the same lines in the block before.
  void plan(MbcBlock& p, std::uint64_t c0, std::uint64_t B) {
    p.c0 = c0;
    p.B = B;
    p.ev.resize(B);
    for (std::uint64_t b = 0; b < B; ++b) {
      DrawnEvent d;
      events_.draw(first_ + c0 + b, d);
      store_streaming(p.ev[b], d);
    }
    store_fence();
    auto pi = [&](std::size_t b) { return p.ev[b].i; };
    auto pj = [&](std::size_t b) { return p.ev[b].j; };
    if (per_particle_) {
      if (last_.size() != events_.N() || level_floor_ > (1u << 31)) {
        last_.assign(events_.N(), 0);
        level_floor_ = 0;
      }
      p.lv.build(B, pi, pj, [&](std::size_t i) -> std::uint32_t& { return last_[i]; },
                 [&](std::size_t i) { prefetch_line(&last_[i]); }, level_floor_);
      level_floor_ += p.lv.levels;  // the next block's levels start above this block's: no reset
    } else {
      table_.reset(B);
      p.lv.build(B, pi, pj, table_, [](std::size_t) {});
    }
    const std::uint32_t L = p.lv.levels + 1;
    if (p.capacity < L) {
      p.capacity = 2 * L;
      p.next.reset(new std::atomic<std::uint32_t>[p.capacity]);
      p.done.reset(new std::atomic<std::uint32_t>[p.capacity]);
    }
    for (std::uint32_t l = 1; l < L; ++l) {
      p.next[l].store(0, std::memory_order_relaxed);
      p.done[l].store(0, std::memory_order_relaxed);
    }
  }

 private:
  const MbcEvents& events_;
  std::uint64_t first_;
  bool per_particle_;                // a level table per particle: it fits in L2 (2 MiB)
  std::vector<std::uint32_t> last_;  // that table
  std::uint32_t level_floor_ = 0;    // levels in last_ of earlier blocks are <= level_floor_
  BlockLevelTable table_;            // else a hash table on the block's particles
};

}  // namespace
}  // namespace grazing
