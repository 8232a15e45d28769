// The loop of every step-based model (pair splitting, the binary collision models, Euler-Maruyama):
// the steps of one output interval, resumed where an interrupted call stopped and stopped between
// steps when AdvanceContext::stop is raised. Written once: the step counter, the progress report, the
// step count and the interval's progress (end_interval) live here; the events are the model's. And
// the serial loop of the event-based models (mbc, mbc with species): events in chunks.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>

#include "grazing/model.hpp"

namespace grazing {

// Runs step(k) for the steps interval_done, ..., n_steps - 1 of the interval, k being the step's
// counter (steps since t = 0: the key of its randomness), and adds `progress_per_step` to the progress
// counter after each. Returns the steps done by this call.
template <class Step>
std::uint64_t run_steps(ReplicaState& s, std::uint64_t n_steps, std::uint64_t progress_per_step,
                        const AdvanceContext& ctx, Step&& step) {
  const std::uint64_t base = s.counters.steps - s.interval_done;  // resume after an interruption
  const std::uint64_t first = s.interval_done;
  std::uint64_t n = first;
  for (; n < n_steps && !ctx.stop_requested(); ++n) {
    step(base + n);
    if (s.progress_events) s.progress_events->fetch_add(progress_per_step, std::memory_order_relaxed);
  }
  s.counters.steps = base + n;
  end_interval(s, n, n_steps);
  return n - first;
}

// Events c0 .. n_events - 1 of an interval, one thread: run(c, n) runs the n events from event c of the
// interval on, in chunks of kEventChunk, the progress reported and a stop honoured between chunks.
// Returns how far it got (n_events, or the end of the last chunk run before a stop).
inline constexpr std::uint64_t kEventChunk = 1 << 16;  // progress and stop granularity
template <class Run>
std::uint64_t run_event_chunks(ReplicaState& s, std::uint64_t c0, std::uint64_t n_events, const AdvanceContext& ctx,
                               Run&& run) {
  for (; c0 < n_events && !ctx.stop_requested(); c0 += kEventChunk) {
    const std::uint64_t c1 = std::min(n_events, c0 + kEventChunk);
    run(c0, c1 - c0);
    if (s.progress_events) s.progress_events->fetch_add(c1 - c0, std::memory_order_relaxed);
  }
  return std::min(c0, n_events);
}

}  // namespace grazing
