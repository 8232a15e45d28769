// Dependency levels of a block of pair events (MBC's exact parallel schedules): the level of event b is
// 1 + the largest level of an earlier event of the block on particle i or j. Events of one level touch
// disjoint particles and commute; running the levels in order gives every particle its events in the
// serial order, so the result is bit-identical to the serial loop.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

namespace grazing {

struct EventLevels {
  std::vector<std::uint32_t> level;  // of each event, >= 1
  std::vector<std::uint32_t> count;  // events of level l are order[count[l] .. count[l + 1])
  std::vector<std::uint32_t> order;  // events sorted by level, stable (serial order within a level)
  std::uint32_t levels = 0;

  // last(i): a reference to the level of particle i's latest event so far (0 on entry for every
  // particle of the block); prefetch(i): a hint that last(i) is needed soon.
  template <class Last, class Prefetch>
  void build(const std::vector<std::size_t>& pi, const std::vector<std::size_t>& pj, Last&& last, Prefetch&& prefetch) {
    const std::size_t B = pi.size();
    level.assign(B, 0);
    levels = 0;
    for (std::size_t b = 0; b < B; ++b) {
      if (b + 16 < B) {
        prefetch(pi[b + 16]);
        prefetch(pj[b + 16]);
      }
      std::uint32_t& li = last(pi[b]);
      std::uint32_t& lj = last(pj[b]);
      level[b] = std::max(li, lj) + 1;
      li = lj = level[b];
      levels = std::max(levels, level[b]);
    }
    count.assign(levels + 2, 0);  // counting sort by level, stable
    for (std::size_t b = 0; b < B; ++b) ++count[level[b] + 1];
    for (std::uint32_t l = 1; l <= levels + 1; ++l) count[l] += count[l - 1];
    order.resize(B);
    std::vector<std::uint32_t> pos(count.begin(), count.end());
    for (std::size_t b = 0; b < B; ++b) order[pos[level[b]]++] = static_cast<std::uint32_t>(b);
  }
};

// last() for particles of a block when N is too large for a table per particle and process: open
// addressing on the block's particles (at most 2B keys), cleared in O(B).
class BlockLevelTable {
 public:
  void reset(std::size_t B) {
    std::size_t cap = 1;
    while (cap < 4 * B) cap <<= 1;
    if (keys_.size() != cap) {
      keys_.assign(cap, kEmpty);
      vals_.assign(cap, 0);
    } else {
      for (std::size_t s : used_) keys_[s] = kEmpty, vals_[s] = 0;
    }
    used_.clear();
  }
  std::uint32_t& operator()(std::size_t i) {
    const std::size_t mask = keys_.size() - 1;
    std::size_t s = (i * 0x9E3779B97F4A7C15ull) >> 20 & mask;
    while (keys_[s] != kEmpty && keys_[s] != i) s = (s + 1) & mask;
    if (keys_[s] == kEmpty) {
      keys_[s] = i;
      used_.push_back(s);
    }
    return vals_[s];
  }

 private:
  static constexpr std::size_t kEmpty = ~std::size_t{0};
  std::vector<std::size_t> keys_, used_;
  std::vector<std::uint32_t> vals_;
};

}  // namespace grazing
