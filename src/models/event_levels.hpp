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

  // last(i): a reference to the level of particle i's latest event so far, counted from `floor`: on
  // entry last(i) <= floor for every particle (levels of earlier blocks), on return last(i) = floor +
  // the level of i's last event in this block. A per-particle table then needs no reset between blocks
  // if each block's floor is the previous floor + its levels. prefetch(i): last(i) is needed soon.
  // The B events' pairs are (pi(b), pj(b)).
  template <class Pi, class Pj, class Last, class Prefetch>
  void build(std::size_t B, Pi&& pi, Pj&& pj, Last&& last, Prefetch&& prefetch, std::uint32_t floor = 0) {
    level.resize(B);
    std::uint32_t top = 0;
    for (std::size_t b = 0; b < B; ++b) {
      if (b + 16 < B) {
        prefetch(pi(b + 16));
        prefetch(pj(b + 16));
      }
      std::uint32_t& li = last(pi(b));
      std::uint32_t& lj = last(pj(b));
      const std::uint32_t l = std::max({li, lj, floor}) + 1;
      level[b] = l - floor;
      li = lj = l;
      top = std::max(top, l - floor);
    }
    levels = top;
    count.assign(levels + 2, 0);  // counting sort by level, stable
    for (std::size_t b = 0; b < B; ++b) ++count[level[b] + 1];
    for (std::uint32_t l = 1; l <= levels + 1; ++l) count[l] += count[l - 1];
    order.resize(B);
    pos_.assign(count.begin(), count.end());
    for (std::size_t b = 0; b < B; ++b) order[pos_[level[b]]++] = static_cast<std::uint32_t>(b);
  }

 private:
  std::vector<std::uint32_t> pos_;
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
