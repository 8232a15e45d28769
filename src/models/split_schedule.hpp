// The split schedule of MBC (mbc.cpp) and multi-species MBC (mbc_species.cpp) for two threads inside
// one replica (docs/models/mbc.md): thread 0 draws the events (each event's pair and words, all its
// random numbers) into a ring of blocks, thread 1 runs them in their serial order. Guarantee: every
// event runs in the serial order with its own words, so the result is that of the serial loop, bit for
// bit. Only thread 1 touches the particles, so no particle's cache line moves between the cores; the
// drawn events do, one way, streamed (docs/performance.md, "Issue 18, fourth round").
#pragma once
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "grazing/model.hpp"
#include "grazing/parallel.hpp"
#include "streaming_store.hpp"

namespace grazing {

struct SplitSchedule {
  static constexpr std::uint64_t kBlock = 2048;  // events per block of the ring
  static constexpr std::uint64_t kSlots = 8;     // blocks in the ring
  static constexpr std::size_t kMaxN = std::size_t{1} << 22;  // beyond, MBC's levels (mbc.cpp says why)
  // Whether a replica of N particles on `threads` threads runs this schedule.
  static constexpr bool applies(int threads, std::size_t N) { return threads == 2 && N >= 2048 && N <= kMaxN; }
};

// Events begin .. end - 1 of the interval, or fewer if a stop is requested (checked by thread 0, the
// thread that called advance, between blocks); returns how far it got. draw(c, d) draws event c of
// the interval into d (Drawn: whole aligned cache lines); run_in_order(n, at) runs the n drawn events
// *at(0) .. *at(n - 1) in that order (at(q) for q >= n returns the last). Needs a team of two threads:
// returns nothing, having run nothing, when OpenMP gives fewer.
template <class Drawn, class Draw, class RunInOrder>
std::optional<std::uint64_t> run_split(std::uint64_t begin, std::uint64_t end, std::atomic<std::uint64_t>* progress,
                                       const AdvanceContext& ctx, Draw&& draw, RunInOrder&& run_in_order) {
  constexpr std::uint64_t kBlock = SplitSchedule::kBlock, kSlots = SplitSchedule::kSlots;
  constexpr std::uint64_t kStopped = ~std::uint64_t{0};  // `produced` once thread 0 has stopped early
  std::vector<Drawn> ring(kSlots * kBlock);
  const std::uint64_t blocks = (end - begin + kBlock - 1) / kBlock;
  auto span = [&](std::uint64_t k, std::uint64_t& a, std::uint64_t& n) {
    a = begin + k * kBlock;
    n = std::min(kBlock, end - a);
  };
  std::atomic<std::uint64_t> produced{0}, consumed{0};  // blocks drawn into the ring, and run
  std::uint64_t stopped_at = blocks;                    // blocks drawn, if thread 0 stopped early
  bool team = false;
#pragma omp parallel num_threads(2)
  {
    if (omp_get_num_threads() == 2) {
      if (omp_get_thread_num() == 0) {
        team = true;
        std::uint64_t k = 0;
        for (; k < blocks && !ctx.stop_requested(); ++k) {
          if (k >= kSlots) wait_at_least(consumed, k + 1 - kSlots);  // its slot has been run
          std::uint64_t a, n;
          span(k, a, n);
          Drawn* const slot = &ring[(k % kSlots) * kBlock];
          for (std::uint64_t b = 0; b < n; ++b) {
            Drawn d;
            draw(a + b, d);
            store_streaming(slot[b], d);
          }
          store_fence();
          produced.store(k + 1, std::memory_order_release);
          produced.notify_all();
        }
        if (k < blocks) {  // stopped: thread 1 runs the k blocks drawn and stops
          stopped_at = k;
          produced.store(kStopped, std::memory_order_release);
          produced.notify_all();
        }
      } else {
        for (std::uint64_t k = 0; k < blocks; ++k) {
          wait_at_least(produced, k + 1);
          if (produced.load(std::memory_order_acquire) == kStopped && k >= stopped_at) break;
          std::uint64_t a, n;
          span(k, a, n);
          const Drawn* const slot = &ring[(k % kSlots) * kBlock];
          run_in_order(n, [&](std::uint64_t q) { return &slot[std::min(q, n - 1)]; });
          consumed.store(k + 1, std::memory_order_release);
          consumed.notify_all();
          if (progress) progress->fetch_add(n, std::memory_order_relaxed);
        }
      }
    }
  }
  if (!team) return std::nullopt;
  return std::min(end, begin + stopped_at * kBlock);
}

}  // namespace grazing
