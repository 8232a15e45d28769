#include "mbc.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <thread>
#include <vector>

#include "grazing/error.hpp"
#include "grazing/parallel.hpp"
#include "grazing/poisson.hpp"
#include "grazing/power.hpp"
#include "grazing/rotate_pairs_x4.hpp"
#include "event_levels.hpp"

namespace grazing {
namespace {

// An MBC event drawn ahead of its turn (MbcModel::advance).
struct DrawnEvent {
  std::uint64_t event;  // cumulative event index: the counter of its stream
  std::size_t i, j;     // its pair
  std::uint64_t w[4];   // the next four words of its stream: the rotation's
  bool ok;              // the pair came from words 0 and 1 alone (else only event_alone runs it)
};

}  // namespace

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

  const RngKey event_key{seed, Stream::kMbcEvent, s.replica};
  const double h = h_;
  const RealPower r_gamma(gamma_);
  // Event k of this interval has the stream of cumulative event first + k; a call that resumes an
  // interrupted interval starts at k = interval_done.
  const std::uint64_t first = s.counters.events - s.interval_done;
  auto pair_of_event = [&](CounterRng& rng, std::size_t& i, std::size_t& j) { mbc_pair(rng, N, i, j); };
  // tau_ij = h r_ij^gamma (Du (2.4)); it may overflow to +inf for gamma < 0 and r -> 0, which the
  // sampler takes as "uniform direction".
  auto tau_of_r = [&](auto r) { return h * r_gamma(r); };  // double, or Double4 (four pairs)
  // The stream of event e after its pair (i, j) is drawn: positioned at the rotation's first word.
  auto rotation_stream = [&](std::uint64_t e, std::size_t& i, std::size_t& j) {
    CounterRng rng(event_key, e);
    pair_of_event(rng, i, j);
    return rng;
  };
  // Event e from its own stream alone (the definition; every other path gives its bits).
  auto event_alone = [&](std::uint64_t e, RotationCounts& counts) {
    std::size_t i, j;
    CounterRng rng = rotation_stream(e, i, j);
    rotate_pair_heat_counted(s.v, i, j, tau_of_r, rng, counts);
  };
  // An event drawn ahead: its stream's first two Philox blocks computed together (philox_blocks), the
  // pair from words 0 and 1 (mbc_pair_from_words), the rotation's words 2-5 kept.
  const PhiloxRoundKeys round_keys(CounterRng::philox_key(event_key));
  auto draw = [&](std::uint64_t e, DrawnEvent& d) {
    d.event = e;
    std::uint64_t b[2][4] = {{e, 0, 0, 0}, {e, 0, 1, 0}};  // the stream's blocks 0 and 1
    philox_blocks(round_keys, b);
    d.ok = mbc_pair_from_words(b[0][0], b[0][1], N, d.i, d.j);
    d.w[0] = b[0][2];
    d.w[1] = b[0][3];
    d.w[2] = b[1][0];
    d.w[3] = b[1][1];
  };
  auto prefetch = [&](const DrawnEvent& d) {
    if (!d.ok) return;
    s.v.prefetch(d.i);
    s.v.prefetch(d.j);
  };
  // The first events of d[0..lanes): four of them together when they touch eight distinct particles
  // (they commute) and were drawn from their words, as one rotate_pairs_heat_x4; else d[0] alone.
  // Returns how many it ran.
  auto run_first = [&](const DrawnEvent* const (&d)[4], std::uint64_t lanes, RotationCounts& counts) -> std::uint64_t {
    bool together = lanes == 4;
    for (std::uint64_t a = 0; together && a < 4; ++a) {
      together &= d[a]->ok;
      for (std::uint64_t b = a + 1; b < 4; ++b)
        together &= d[a]->i != d[b]->i && d[a]->i != d[b]->j && d[a]->j != d[b]->i && d[a]->j != d[b]->j;
    }
    if (!together) {
      event_alone(d[0]->event, counts);
      return 1;
    }
    const std::size_t i[4] = {d[0]->i, d[1]->i, d[2]->i, d[3]->i}, j[4] = {d[0]->j, d[1]->j, d[2]->j, d[3]->j};
    const std::uint64_t* const words[4] = {d[0]->w, d[1]->w, d[2]->w, d[3]->w};
    auto rng_of = [&](int l) {
      std::size_t a, b;
      return rotation_stream(d[l]->event, a, b);
    };
    rotate_pairs_heat_x4(s.v, i, j, words, tau_of_r, rng_of, counts);
    return 4;
  };
  constexpr std::uint64_t kAhead = 8;  // events drawn (and their particles prefetched) ahead of their turn
  // Serial: the events first + c0 + q, q = 0 .. n-1, in order, drawn kAhead ahead into a ring.
  auto run_serial = [&](std::uint64_t c0, std::uint64_t n, RotationCounts& counts) {
    constexpr std::uint64_t kRing = 16;  // >= kAhead + 4
    DrawnEvent ring[kRing];
    std::uint64_t drawn = 0;
    for (std::uint64_t q = 0; q < n;) {
      for (; drawn < std::min(n, q + kAhead + 4); ++drawn) {
        draw(first + c0 + drawn, ring[drawn % kRing]);
        prefetch(ring[drawn % kRing]);
      }
      const DrawnEvent* const d[4] = {&ring[q % kRing], &ring[(q + 1) % kRing], &ring[(q + 2) % kRing],
                                      &ring[(q + 3) % kRing]};
      q += run_first(d, std::min<std::uint64_t>(4, n - q), counts);
    }
  };
  // Parallel (exact): blocks of kBlock events, each drawn ahead and sorted into dependency levels
  // (event_levels.hpp: the events of a level touch disjoint particles, so they commute); the levels of
  // a block run in order, each level's events handed out in chunks to the threads, a level starting
  // when the previous one is finished. Every particle sees its events in the serial order: identical to
  // run_serial. Thread 0 plans block k+1 (draws its events, builds its levels) while the other threads
  // run block k's levels, then joins them, so the serial level pass costs no wall time.
  constexpr std::uint64_t kBlock = 8192;  // events per block: its drawn events (512 kB) stay in L2
  constexpr std::uint32_t kChunkEvents = 64;
  const bool parallel = ctx.threads > 1 && N >= 2048;
  std::vector<std::uint32_t> last;  // level table per particle, when N is small enough to hold one
  std::uint32_t level_floor = 0;    // levels in `last` of earlier blocks are <= level_floor
  BlockLevelTable table;            // else a hash table on the block's particles
  const bool per_particle = N <= 64 * kBlock;  // the table fits in L2 (2 MiB)
  std::vector<RotationCounts> thread_counts(static_cast<std::size_t>(std::max(1, ctx.threads)));
  struct PlannedBlock {
    std::uint64_t c0 = 0, B = 0;  // events first + c0 .. first + c0 + B - 1
    std::vector<DrawnEvent> ev;
    EventLevels lv;
    std::unique_ptr<std::atomic<std::uint32_t>[]> next, done;  // per level: chunks handed out, events run
    std::uint32_t capacity = 0;
  };
  auto plan = [&](PlannedBlock& p, std::uint64_t c0, std::uint64_t B) {
    p.c0 = c0;
    p.B = B;
    p.ev.resize(B);
    for (std::uint64_t b = 0; b < B; ++b) draw(first + c0 + b, p.ev[b]);
    auto pi = [&](std::size_t b) { return p.ev[b].i; };
    auto pj = [&](std::size_t b) { return p.ev[b].j; };
    if (per_particle) {
      if (last.size() != N || level_floor > (1u << 31)) {
        last.assign(N, 0);
        level_floor = 0;
      }
      p.lv.build(B, pi, pj, [&](std::size_t i) -> std::uint32_t& { return last[i]; },
                 [&](std::size_t i) { prefetch_line(&last[i]); }, level_floor);
      level_floor += p.lv.levels;  // the next block's levels start above this block's: no reset
    } else {
      table.reset(B);
      p.lv.build(B, pi, pj, table, [](std::size_t) {});
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
  };
  // This thread's part of block p: chunks of each level as long as there are any, then a wait for the
  // level's last events (run by other threads) before the next level.
  auto run_levels = [&](PlannedBlock& p, RotationCounts& counts) {
    const EventLevels& lv = p.lv;
    for (std::uint32_t l = 1; l <= lv.levels; ++l) {
      const std::uint32_t lo = lv.count[l], hi = lv.count[l + 1], chunks = (hi - lo + kChunkEvents - 1) / kChunkEvents;
      for (std::uint32_t c; (c = p.next[l].fetch_add(1, std::memory_order_relaxed)) < chunks;) {
        const std::uint64_t a = lo + c * kChunkEvents, e = std::min<std::uint64_t>(hi, a + kChunkEvents);
        // Two stages ahead: the drawn events (written by the planning thread, read here in level order)
        // 2 kAhead events ahead, their particles kAhead ahead.
        for (std::uint64_t q = a; q < e; ++q) prefetch_line(&p.ev[lv.order[q]]);
        for (std::uint64_t q = a; q < std::min(e, a + kAhead); ++q) prefetch(p.ev[lv.order[q]]);
        std::uint64_t fetched = std::min(e, a + kAhead);
        auto at = [&](std::uint64_t k) { return &p.ev[lv.order[std::min(k, e - 1)]]; };
        for (std::uint64_t q = a; q < e;) {
          for (; fetched < std::min(e, q + kAhead + 4); ++fetched) prefetch(p.ev[lv.order[fetched]]);
          const DrawnEvent* const d[4] = {at(q), at(q + 1), at(q + 2), at(q + 3)};
          q += run_first(d, std::min<std::uint64_t>(4, e - q), counts);
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
    PlannedBlock buf[2];
    plan(buf[0], begin, std::min(kBlock, end - begin));
    std::uint64_t reached = begin;
    bool stop = false;
#pragma omp parallel num_threads(ctx.threads)
    {
      const auto t = static_cast<std::size_t>(omp_get_thread_num());
      for (std::uint64_t k = 0;; ++k) {
        PlannedBlock& cur = buf[k % 2];
        const std::uint64_t after = cur.c0 + cur.B;
        const bool more = !stop && after < end;  // the same in every thread (stop changes between barriers)
        if (t == 0 && more) plan(buf[(k + 1) % 2], after, std::min(kBlock, end - after));
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
      run_serial(c0, c1 - c0, counts);
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
