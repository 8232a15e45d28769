#include "mbc.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "grazing/error.hpp"
#include "grazing/poisson.hpp"
#include "mbc_events.hpp"
#include "mbc_levels.hpp"
#include "mbc_planner.hpp"
#include "split_schedule.hpp"
#include "step_loop.hpp"

namespace grazing {
namespace {

// Events first + begin .. first + end - 1 by the exact parallel schedule (docs/physics/mbc.md#simulation-choices:
// disjoint events commute), or fewer if a stop is requested (between blocks); returns how far it got.
// Blocks of kBlock events are planned (MbcBlockPlanner) and their levels run by all threads
// (MbcLevelRunner): every particle sees its events in the serial order, so the result is that of
// MbcEvents::run_serial. Pipelined: thread 0 plans block k + 1 while the other threads run block k's
// levels, then joins them, so the serial planning costs no wall time.
std::uint64_t run_pipelined(const MbcEvents& events, std::uint64_t first, std::uint64_t begin, std::uint64_t end,
                            ReplicaState& s, const AdvanceContext& ctx, RotationCounts& counts) {
  constexpr std::uint64_t kBlock = MbcBlockPlanner::kBlock;
  MbcBlockPlanner planner(events, first);
  const MbcLevelRunner runner(events);
  std::vector<RotationCounts> thread_counts(static_cast<std::size_t>(std::max(1, ctx.threads)));
  MbcBlock buf[2];
  planner.plan(buf[0], begin, std::min(kBlock, end - begin));
  std::uint64_t reached = begin;
  bool stop = false;
#pragma omp parallel num_threads(ctx.threads)
  {
    const auto t = static_cast<std::size_t>(omp_get_thread_num());
    for (std::uint64_t k = 0;; ++k) {
      MbcBlock& cur = buf[k % 2];
      const std::uint64_t after = cur.c0 + cur.B;
      const bool more = !stop && after < end;  // the same in every thread (stop changes between barriers)
      if (t == 0 && more) planner.plan(buf[(k + 1) % 2], after, std::min(kBlock, end - after));
      runner.run(cur, thread_counts[t]);
#pragma omp barrier
      if (t == 0) {
        reached = after;
        if (s.progress_events) s.progress_events->fetch_add(cur.B, std::memory_order_relaxed);
        stop = ctx.stop_requested();
      }
#pragma omp barrier
      if (!more) break;
    }
  }
  for (const RotationCounts& c : thread_counts) {
    counts.coincident += c.coincident;
    counts.uniform += c.uniform;
  }
  return reached;
}

}  // namespace

nlohmann::json MbcModel::parameters() const { return {{"gamma", gamma_}, {"h", h_}}; }

void MbcModel::advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  if (ctx.layout) return advance_distributed(s, t0, t1, ctx);
  const std::size_t N = s.v.size();
  if (N < 2 || !(t1 > t0)) return;
  // Du section 2: events at the times of a Poisson clock of rate lambda = N/h; the number in
  // (t0, t1] is Poisson(lambda (t1 - t0)), and the events themselves need no times.
  CounterRng clock({ctx.seed, Stream::kMbcPoisson, s.replica}, ctx.interval);
  const std::uint64_t n_events = sample_poisson(static_cast<double>(N) * (t1 - t0) / h_, clock);
  const MbcEvents events(s.v, {ctx.seed, Stream::kMbcEvent, s.replica}, h_, gamma_);
  // Event k of this interval has the stream of cumulative event first + k; a call that resumes an
  // interrupted interval starts at k = interval_done.
  const std::uint64_t first = s.counters.events - s.interval_done;
  RotationCounts counts;
  std::uint64_t c0 = s.interval_done;
  // Two threads: the split schedule while the particles are not much larger than a last-level cache;
  // beyond, the particles come from memory and the levels, on which both threads run events, keep more
  // loads in flight (measured, docs/performance.md: the split 1.4x the levels at N = 1e6, even at 3e6,
  // 0.9x at 1e7).
  if (SplitSchedule::applies(ctx.threads, N) && c0 < n_events) {
    const std::optional<std::uint64_t> reached = run_split<DrawnEvent>(
        c0, n_events, s.progress_events, ctx, [&](std::uint64_t c, DrawnEvent& d) { events.draw(first + c, d); },
        [&](std::uint64_t n, auto&& at) { events.run_drawn(n, at, counts); });
    c0 = reached ? *reached : run_pipelined(events, first, c0, n_events, s, ctx, counts);
  } else if (ctx.threads > 1 && N >= 2048) {
    if (c0 < n_events) c0 = run_pipelined(events, first, c0, n_events, s, ctx, counts);
  } else {
    c0 = run_event_chunks(s, c0, n_events, ctx,
                          [&](std::uint64_t c, std::uint64_t n) { events.run_serial(first + c, n, counts); });
  }
  c0 = std::min(c0, n_events);
  s.counters.events = first + c0;
  s.counters.coincident += counts.coincident;
  s.counters.uniform_direction += counts.uniform;
  end_interval(s, c0, n_events);
}

ModelInfo MbcModel::info() {
  return {
      "mbc",
      "Du's microcanonical binary collisions: Poisson clock N/h, uniform pair, heat-kernel rotation "
      "for tau = h r^gamma (Du sections 1-2). Converges to Du (1.1), Landau C = 1/2.",
      {{"gamma", ParamType::kReal, "required", "kernel exponent gamma of |z|^(gamma+2); any real (theorem: [-3, 1])"},
       {"h", ParamType::kReal, "min(0.01, 1/N)", "collision time step h > 0: each collision runs spherical BM for h r^gamma"}},
      [](const Section& sec, std::size_t N) -> std::unique_ptr<Model> {
        return std::make_unique<MbcModel>(sec.real("gamma"), read_mbc_h(sec, N));
      }};
}

double read_mbc_h(const Section& sec, std::size_t N) {
  const double h = sec.real("h", std::min(0.01, 1.0 / static_cast<double>(N)));  // docs/physics/mbc.md#simulation-choices
  if (!(h > 0.0)) throw InputError(sec.qualified("h"), fmt::format("must be > 0 (got {})", h));
  return h;
}

}  // namespace grazing
