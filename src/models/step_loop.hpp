// The loop of every step-based model (pair splitting, the binary collision models, Euler-Maruyama):
// the steps of one output interval, resumed where an interrupted call stopped and stopped between
// steps when AdvanceContext::stop is raised. Written once: the step counter, the progress report, the
// step count and the interval's progress (end_interval) live here; the events are the model's.
#pragma once
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

}  // namespace grazing
