#include "mbc_planner.hpp"

#include "grazing/particles.hpp"

namespace grazing {

void MbcBlockPlanner::plan(MbcBlock& p, std::uint64_t c0, std::uint64_t B) {
  p.c0 = c0;
  p.B = B;
  p.ev.resize(B);
  for (std::uint64_t b = 0; b < B; ++b) events_.draw(first_ + c0 + b, p.ev[b]);
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

}  // namespace grazing
