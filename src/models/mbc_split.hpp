// MBC's schedule for two threads inside one replica (docs/physics/mbc.md#simulation-choices): thread 0
// draws the events (MbcEvents::draw: each event's pair and words, all its random numbers) into a ring
// of blocks, thread 1 runs them in their serial order (MbcEvents::run_drawn). Guarantee: every event
// runs in the serial order with its own words, so the result is that of MbcEvents::run_serial, bit for
// bit. Only thread 1 touches the particles, so no particle's cache line moves between the cores; the
// drawn events do, one way, streamed (docs/performance.md, "Threads inside one replica").
#pragma once
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "grazing/model.hpp"
#include "grazing/parallel.hpp"
#include "mbc_events.hpp"
#include "mbc_planner.hpp"

namespace grazing {
namespace {  // internal linkage: mbc_events.hpp says why

class MbcSplit {
 public:
  static constexpr std::uint64_t kBlock = 2048;  // events per block of the ring
  static constexpr std::uint64_t kSlots = 8;     // blocks in the ring (1 MiB of drawn events)

  explicit MbcSplit(const MbcEvents& events) : events_(events), ring_(kSlots * kBlock) {}

  // Events first + begin .. first + end - 1, or fewer if a stop is requested (checked by thread 0, the
  // thread that called advance, between blocks); returns how far it got. Needs a team of two threads:
  // returns nothing, having run nothing, when OpenMP gives fewer.
  std::optional<std::uint64_t> run(std::uint64_t first, std::uint64_t begin, std::uint64_t end, std::atomic<std::uint64_t>* progress,
                    const AdvanceContext& ctx, RotationCounts& counts) {
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
            DrawnEvent* const slot = &ring_[(k % kSlots) * kBlock];
            for (std::uint64_t b = 0; b < n; ++b) {
              DrawnEvent d;
              events_.draw(first + a + b, d);
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
            const DrawnEvent* const slot = &ring_[(k % kSlots) * kBlock];
            events_.run_drawn(n, [&](std::uint64_t q) { return &slot[std::min(q, n - 1)]; }, counts);
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

 private:
  static constexpr std::uint64_t kStopped = ~std::uint64_t{0};  // `produced` once thread 0 has stopped early
  const MbcEvents& events_;
  std::vector<DrawnEvent> ring_;
};

}  // namespace
}  // namespace grazing
