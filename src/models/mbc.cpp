#include "mbc.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "grazing/error.hpp"
#include "grazing/parallel.hpp"
#include "grazing/poisson.hpp"
#include "grazing/power.hpp"
#include "grazing/rotate_pair.hpp"
#include "event_levels.hpp"

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

  const RngKey event_key{seed, Stream::kMbcEvent, s.replica};
  const double h = h_;
  const RealPower r_gamma(gamma_);
  // Event k of this interval has the stream of cumulative event first + k; a call that resumes an
  // interrupted interval starts at k = interval_done.
  const std::uint64_t first = s.counters.events - s.interval_done;
  auto pair_of_event = [&](CounterRng& rng, std::size_t& i, std::size_t& j) { mbc_pair(rng, N, i, j); };
  // The rest of event k once its stream `rng` has given the pair (i, j); returns 1 if the pair was
  // coincident. tau_ij = h r_ij^gamma (Du (2.4)); it may overflow to +inf for gamma < 0 and r -> 0,
  // which the sampler takes as "uniform direction".
  auto collide = [&](CounterRng& rng, std::size_t i, std::size_t j, std::uint64_t& uniform) -> std::uint64_t {
    auto tau_of_r = [&](double r) {
      const double tau = h * r_gamma(r);
      uniform += (tau > kUniformTau);
      return tau;
    };
    return rotate_pair_heat(s.v, i, j, tau_of_r, rng) == PairOutcome::kCoincident ? 1 : 0;
  };
  // Run the events event_of(0), ..., event_of(n-1) in this order (event indices within the interval).
  // Each event's pair is drawn kAhead events early and its particles prefetched, so that their cache
  // misses (N large) overlap the collisions in between. Same streams, same order: identical to running
  // them one by one.
  auto run_events = [&](std::uint64_t n, auto&& event_of, std::uint64_t& uniform) -> std::uint64_t {
    constexpr std::uint64_t kAhead = 4;
    struct Drawn {
      CounterRng rng;
      std::size_t i, j;
    };
    std::optional<Drawn> ring[kAhead];
    auto draw = [&](std::uint64_t q) {
      auto& d = ring[q % kAhead];
      d.emplace(Drawn{CounterRng(event_key, first + event_of(q)), 0, 0});
      pair_of_event(d->rng, d->i, d->j);
      s.v.prefetch(d->i);
      s.v.prefetch(d->j);
    };
    for (std::uint64_t q = 0; q < std::min(n, kAhead); ++q) draw(q);
    std::uint64_t coin = 0;
    for (std::uint64_t q = 0; q < n; ++q) {
      Drawn& d = *ring[q % kAhead];
      coin += collide(d.rng, d.i, d.j, uniform);
      if (q + kAhead < n) draw(q + kAhead);
    }
    return coin;
  };
  std::uint64_t coincident = 0, uniform = 0;
  constexpr std::uint64_t kChunk = 1 << 16;  // progress granularity and parallel block size
  const bool parallel = ctx.threads > 1 && N >= 2048;
  std::vector<std::uint32_t> last;
  EventLevels lv;
  std::vector<std::size_t> pi, pj;
  std::uint64_t c0 = s.interval_done;
  for (; c0 < n_events && !ctx.stop_requested(); c0 += kChunk) {
    const std::uint64_t c1 = std::min(n_events, c0 + kChunk);
    if (!parallel) {
      coincident += run_events(c1 - c0, [c0](std::uint64_t q) { return c0 + q; }, uniform);
    } else {
      // Exact parallel schedule (event_levels.hpp): events of one level touch disjoint particles and
      // run in parallel, levels run in order; each event's randomness is keyed by its index.
      const std::size_t B = c1 - c0;
      pi.resize(B);
      pj.resize(B);
      // The pairs, drawn ahead (in parallel) and again by the event: keeping each event's stream
      // instead (88 bytes per event) was measured slower, its memory traffic costing more than a block.
      parallel_for(ctx.threads, B, [&](std::size_t b) {
        CounterRng rng(event_key, first + c0 + b);
        std::size_t i, j;
        pair_of_event(rng, i, j);
        pi[b] = i;
        pj[b] = j;
      });
      last.resize(N, 0);  // zero on entry; reset below for the particles this block touched
      lv.build(pi, pj, [&](std::size_t i) -> std::uint32_t& { return last[i]; },
               [&](std::size_t i) { __builtin_prefetch(&last[i]); });  // N entries: prefetch ahead
      for (std::size_t b = 0; b < B; ++b) last[pi[b]] = last[pj[b]] = 0;  // O(B), not O(N), per block
      const std::uint32_t levels = lv.levels;
      const std::vector<std::uint32_t>&count = lv.count, &order = lv.order;
      for (std::uint32_t l = 1; l <= levels; ++l) {
        const std::uint32_t lo = count[l], hi = count[l + 1];
        std::uint64_t coin = 0, unif = 0;
        // Events of one level, in order within each thread's contiguous share.
        auto share = [&](std::uint32_t a, std::uint32_t b, std::uint64_t& u) {
          return run_events(b - a, [&](std::uint64_t q) { return c0 + order[a + q]; }, u);
        };
        if (hi - lo < 64) {
          coin += share(lo, hi, unif);
        } else {
#pragma omp parallel num_threads(ctx.threads) reduction(+ : coin, unif)
          {
            const auto T = static_cast<std::uint32_t>(omp_get_num_threads()), t = static_cast<std::uint32_t>(omp_get_thread_num());
            coin += share(lo + (hi - lo) * t / T, lo + (hi - lo) * (t + 1) / T, unif);
          }
        }
        coincident += coin;
        uniform += unif;
      }
    }
    if (s.progress_events) s.progress_events->fetch_add(c1 - c0, std::memory_order_relaxed);
  }
  c0 = std::min(c0, n_events);
  s.counters.events = first + c0;
  s.counters.coincident += coincident;
  s.counters.uniform_direction += uniform;
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
  const double h = sec.real("h", std::min(0.01, 1.0 / static_cast<double>(N)));  // SPEC.md F.6
  if (!(h > 0.0)) throw InputError(sec.qualified("h"), fmt::format("must be > 0 (got {})", h));
  return h;
}

}  // namespace grazing
