#include "mbc.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "grazing/error.hpp"
#include "grazing/parallel.hpp"
#include "grazing/poisson.hpp"
#include "mbc_events.hpp"
#include "mbc_planner.hpp"

namespace grazing {
nlohmann::json MbcModel::parameters() const { return {{"gamma", gamma_}, {"h", h_}}; }

void MbcModel::advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  if (ctx.layout) return advance_distributed(s, t0, t1, ctx);
  const std::uint64_t seed = ctx.seed;
  const std::size_t N = s.v.size();
  if (N < 2 || !(t1 > t0)) return;
  // Du section 2: events at the times of a Poisson clock of rate lambda = N/h; the number in
  // (t0, t1] is Poisson(lambda (t1 - t0)), and the events themselves need no times.
  CounterRng clock({seed, Stream::kMbcPoisson, s.replica}, ctx.interval);
  const std::uint64_t n_events = sample_poisson(static_cast<double>(N) * (t1 - t0) / h_, clock);

  // Event k of this interval has the stream of cumulative event first + k; a call that resumes an
  // interrupted interval starts at k = interval_done.
  const std::uint64_t first = s.counters.events - s.interval_done;
  const MbcEvents events(s.v, {seed, Stream::kMbcEvent, s.replica}, h_, gamma_);
  constexpr std::uint64_t kAhead = MbcEvents::kAhead;
  // Parallel (exact): blocks of kBlock events, each drawn ahead and sorted into dependency levels
  // (event_levels.hpp: the events of a level touch disjoint particles, so they commute); the levels of
  // a block run in order, each level's events handed out in chunks to the threads, a level starting
  // when the previous one is finished. Every particle sees its events in the serial order: identical to
  // MbcEvents::run_serial. Thread 0 plans block k+1 (MbcBlockPlanner: draws its events, builds its
  // levels) while the other threads run block k's levels, then joins them, so the serial level pass
  // costs no wall time.
  constexpr std::uint64_t kBlock = MbcBlockPlanner::kBlock;
  constexpr std::uint32_t kChunkEvents = 64;
  const bool parallel = ctx.threads > 1 && N >= 2048;
  std::vector<RotationCounts> thread_counts(static_cast<std::size_t>(std::max(1, ctx.threads)));
  // This thread's part of block p: chunks of each level as long as there are any, then a wait for the
  // level's last events (run by other threads) before the next level.
  auto run_levels = [&](MbcBlock& p, RotationCounts& counts) {
    const EventLevels& lv = p.lv;
    for (std::uint32_t l = 1; l <= lv.levels; ++l) {
      const std::uint32_t lo = lv.count[l], hi = lv.count[l + 1], chunks = (hi - lo + kChunkEvents - 1) / kChunkEvents;
      for (std::uint32_t c; (c = p.next[l].fetch_add(1, std::memory_order_relaxed)) < chunks;) {
        const std::uint64_t a = lo + c * kChunkEvents, e = std::min<std::uint64_t>(hi, a + kChunkEvents);
        // Two stages ahead: the drawn events (written by the planning thread, read here in level order)
        // 2 kAhead events ahead, their particles kAhead ahead.
        for (std::uint64_t q = a; q < e; ++q) prefetch_line(&p.ev[lv.order[q]]);
        for (std::uint64_t q = a; q < std::min(e, a + kAhead); ++q) events.prefetch(p.ev[lv.order[q]]);
        std::uint64_t fetched = std::min(e, a + kAhead);
        auto at = [&](std::uint64_t k) { return &p.ev[lv.order[std::min(k, e - 1)]]; };
        for (std::uint64_t q = a; q < e;) {
          for (; fetched < std::min(e, q + kAhead + 4); ++fetched) events.prefetch(p.ev[lv.order[fetched]]);
          const DrawnEvent* const d[4] = {at(q), at(q + 1), at(q + 2), at(q + 3)};
          q += events.run_first(d, std::min<std::uint64_t>(4, e - q), counts);
        }
        p.done[l].fetch_add(static_cast<std::uint32_t>(e - a), std::memory_order_release);
      }
      for (int spins = 0; p.done[l].load(std::memory_order_acquire) < hi - lo; ++spins) {
        if (spins < 4096) cpu_relax(); else std::this_thread::yield();
      }
    }
  };
  // Events first + begin .. first + end - 1 in order, or fewer if a stop is requested (between blocks);
  // returns how far it got.
  auto run_parallel = [&](std::uint64_t begin, std::uint64_t end) {
    MbcBlockPlanner planner(events, first);
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
        run_levels(cur, thread_counts[t]);
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
    return reached;
  };
  RotationCounts counts;
  std::uint64_t c0 = s.interval_done;
  if (parallel) {
    if (c0 < n_events) c0 = run_parallel(c0, n_events);
  } else {
    constexpr std::uint64_t kChunk = 1 << 16;  // progress and stop granularity
    for (; c0 < n_events && !ctx.stop_requested(); c0 += kChunk) {
      const std::uint64_t c1 = std::min(n_events, c0 + kChunk);
      events.run_serial(first + c0, c1 - c0, counts);
      if (s.progress_events) s.progress_events->fetch_add(c1 - c0, std::memory_order_relaxed);
    }
  }
  for (const RotationCounts& c : thread_counts) {
    counts.coincident += c.coincident;
    counts.uniform += c.uniform;
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
