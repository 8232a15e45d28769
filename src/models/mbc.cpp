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
#include "grazing/rotate_pairs_x4.hpp"
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
  // tau_ij = h r_ij^gamma (Du (2.4)); it may overflow to +inf for gamma < 0 and r -> 0, which the
  // sampler takes as "uniform direction".
  auto tau_of_r = [&](auto r) { return h * r_gamma(r); };  // double, or Double4 (four pairs)
  // The stream of event e, positioned after its pair (the rotation's first word).
  auto rotation_stream = [&](std::uint64_t e) {
    CounterRng rng(event_key, e);
    std::size_t i, j;
    pair_of_event(rng, i, j);
    return rng;
  };
  // Event e from its own stream alone (the definition; every other path gives its bits).
  auto event_alone = [&](std::uint64_t e, RotationCounts& counts) {
    CounterRng rng(event_key, e);
    std::size_t i, j;
    pair_of_event(rng, i, j);
    rotate_pair_heat_counted(s.v, i, j, tau_of_r, rng, counts);
  };
  // Run the events event_of(0), ..., event_of(n-1) in this order (event indices within the interval).
  // Events are drawn four at a time, kAhead events early: their streams' first two Philox blocks
  // computed together (philox_blocks), the pair taken from words 0 and 1 (mbc_pair), the rotation's
  // words 2-5 kept, the particles prefetched so that their cache misses (N large) overlap the
  // collisions in between. Four consecutive events on eight distinct particles commute and run as one
  // rotate_pairs_heat_x4; otherwise the first runs alone. Same streams, same order on every particle:
  // identical to running the events one by one with event_alone.
  const std::uint64_t n_minus_1 = N - 1;
  const PhiloxRoundKeys round_keys(CounterRng::philox_key(event_key));
  auto run_events = [&](std::uint64_t n, auto&& event_of, RotationCounts& counts) {
    constexpr std::uint64_t kAhead = 8, kRing = 16;  // kRing >= kAhead + 4 and a multiple of 4
    struct Drawn {
      std::uint64_t event;
      std::size_t i, j;
      std::uint64_t w[4];
      bool ok;  // the pair came from words 0 and 1 (else only event_alone may run it)
    };
    Drawn ring[kRing];
    auto draw4 = [&](std::uint64_t q) {  // events q .. q+3 (those < n)
      for (std::uint64_t l = 0; l < 4 && q + l < n; ++l) {
        Drawn& d = ring[(q + l) % kRing];
        d.event = first + event_of(q + l);
        std::uint64_t b[2][4] = {{d.event, 0, 0, 0}, {d.event, 0, 1, 0}};  // the stream's blocks 0 and 1
        philox_blocks(round_keys, b);
        std::uint64_t i, j;
        d.ok = CounterRng::below_from_word(b[0][0], N, i) & CounterRng::below_from_word(b[0][1], n_minus_1, j);
        j += (j >= i);  // mbc_pair
        d.i = i;
        d.j = j;
        d.w[0] = b[0][2];
        d.w[1] = b[0][3];
        d.w[2] = b[1][0];
        d.w[3] = b[1][1];
        if (d.ok) {
          s.v.prefetch(d.i);
          s.v.prefetch(d.j);
        }
      }
    };
    std::uint64_t drawn = 0;
    for (std::uint64_t q = 0; q < n;) {
      for (; drawn < std::min(n, q + kAhead + 4); drawn += 4) draw4(drawn);
      Drawn* d[4];
      const std::uint64_t lanes = std::min<std::uint64_t>(4, n - q);
      for (std::uint64_t l = 0; l < lanes; ++l) d[l] = &ring[(q + l) % kRing];
      bool together = lanes == 4;
      for (std::uint64_t a = 0; together && a < 4; ++a) {
        together &= d[a]->ok;
        for (std::uint64_t b = a + 1; b < 4; ++b)
          together &= d[a]->i != d[b]->i && d[a]->i != d[b]->j && d[a]->j != d[b]->i && d[a]->j != d[b]->j;
      }
      if (together) {
        const std::size_t i[4] = {d[0]->i, d[1]->i, d[2]->i, d[3]->i}, j[4] = {d[0]->j, d[1]->j, d[2]->j, d[3]->j};
        const std::uint64_t* const words[4] = {d[0]->w, d[1]->w, d[2]->w, d[3]->w};
        rotate_pairs_heat_x4(s.v, i, j, words, tau_of_r, [&](int l) { return rotation_stream(d[l]->event); }, counts);
        q += 4;
      } else {
        event_alone(d[0]->event, counts);
        q += 1;
      }
    }
  };
  RotationCounts counts;
  constexpr std::uint64_t kChunk = 1 << 16;  // progress granularity and parallel block size
  const bool parallel = ctx.threads > 1 && N >= 2048;
  std::vector<std::uint32_t> last;
  EventLevels lv;
  std::vector<std::size_t> pi, pj;
  std::uint64_t c0 = s.interval_done;
  for (; c0 < n_events && !ctx.stop_requested(); c0 += kChunk) {
    const std::uint64_t c1 = std::min(n_events, c0 + kChunk);
    if (!parallel) {
      run_events(c1 - c0, [c0](std::uint64_t q) { return c0 + q; }, counts);
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
        auto share = [&](std::uint32_t a, std::uint32_t b, std::uint64_t& co, std::uint64_t& un) {
          RotationCounts c;
          run_events(b - a, [&](std::uint64_t q) { return c0 + order[a + q]; }, c);
          co += c.coincident;
          un += c.uniform;
        };
        if (hi - lo < 64) {
          share(lo, hi, coin, unif);
        } else {
#pragma omp parallel num_threads(ctx.threads) reduction(+ : coin, unif)
          {
            const auto T = static_cast<std::uint32_t>(omp_get_num_threads()), t = static_cast<std::uint32_t>(omp_get_thread_num());
            share(lo + (hi - lo) * t / T, lo + (hi - lo) * (t + 1) / T, coin, unif);
          }
        }
        counts.coincident += coin;
        counts.uniform += unif;
      }
    }
    if (s.progress_events) s.progress_events->fetch_add(c1 - c0, std::memory_order_relaxed);
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
  const double h = sec.real("h", std::min(0.01, 1.0 / static_cast<double>(N)));  // SPEC.md F.6
  if (!(h > 0.0)) throw InputError(sec.qualified("h"), fmt::format("must be > 0 (got {})", h));
  return h;
}

}  // namespace grazing
