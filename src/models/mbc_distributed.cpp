// MBC with a replica's particles spread over MPI processes (docs/parallel.md), bit-identical to one
// process. Every process draws every event's pair (a few ns each, from the event's own stream) and
// builds the same dependency levels of each block (event_levels.hpp). Within a level the pairs are
// disjoint; the event runs on the process that holds its particle i. Per level, one exchange sends
// each v_j held elsewhere to that process and one sends the new v_j back: two all-to-all messages per
// level, 48 bytes per event whose pair straddles two processes.
#include <vector>

#include "event_levels.hpp"
#include "grazing/parallel.hpp"
#include "grazing/poisson.hpp"
#include "grazing/power.hpp"
#include "grazing/rotate_pair.hpp"
#include "mbc.hpp"

namespace grazing {

void MbcModel::advance_distributed(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  const ParticleLayout& lay = *ctx.layout;
  const Comm& comm = *lay.comm;
  const int P = comm.size(), me = comm.rank();
  const std::size_t N = lay.N, base = lay.begin();
  if (N < 2 || !(t1 > t0)) return;
  // The same clock and streams as MbcModel::advance (Du section 2).
  CounterRng clock({ctx.seed, Stream::kMbcPoisson, s.replica}, ctx.interval);
  const std::uint64_t n_events = sample_poisson(static_cast<double>(N) * (t1 - t0) / h_, clock);
  const RngKey event_key{ctx.seed, Stream::kMbcEvent, s.replica};
  const RealPower r_gamma(gamma_);
  const double h = h_;
  const std::uint64_t first = s.counters.events;  // a distributed run is not resumed mid-interval
  std::uint64_t coincident = 0, uniform = 0;
  auto tau_of_r = [&](double r) {  // Du (2.4), as in MbcModel::advance
    const double tau = h * r_gamma(r);
    uniform += (tau > kUniformTau);
    return tau;
  };

  constexpr std::uint64_t kChunk = 1 << 16;
  std::vector<std::size_t> pi, pj;
  std::vector<int> oi, oj;  // the processes holding each event's i and j
  EventLevels lv;
  BlockLevelTable table;
  std::vector<double> out, in;
  std::vector<int> scount(P), sdispl(P), rcount(P), rdispl(P), cur(P);
  ParticleStore pair(2);
  // Particles are prefetched a few events ahead in every pass over a level (N large: cache misses).
  constexpr std::uint32_t kAhead = 8;
  auto prefetch_j_sent = [&](std::uint32_t q, std::uint32_t hi) {  // v_j this process sends away
    if (q + kAhead >= hi) return;
    const std::uint32_t b = lv.order[q + kAhead];
    if (oj[b] == me && oi[b] != me) s.v.prefetch(pj[b] - base);
  };
  for (std::uint64_t c0 = 0; c0 < n_events; c0 += kChunk) {
    const std::uint64_t c1 = std::min(n_events, c0 + kChunk);
    const std::size_t B = c1 - c0;
    pi.resize(B);
    pj.resize(B);
    oi.resize(B);
    oj.resize(B);
    parallel_for(ctx.threads, B, [&](std::size_t b) {
      CounterRng rng(event_key, first + c0 + b);
      mbc_pair(rng, N, pi[b], pj[b]);
      oi[b] = lay.owner(pi[b]);
      oj[b] = lay.owner(pj[b]);
    });
    table.reset(B);
    lv.build(B, [&](std::size_t b) { return pi[b]; }, [&](std::size_t b) { return pj[b]; }, table, [](std::size_t) {});
    for (std::uint32_t l = 1; l <= lv.levels; ++l) {
      const std::uint32_t lo = lv.count[l], hi = lv.count[l + 1];
      // Sizes of the exchange, known to every process: v_j (3 doubles) from j's process to i's.
      std::fill(scount.begin(), scount.end(), 0);
      std::fill(rcount.begin(), rcount.end(), 0);
      bool cross = false;
      for (std::uint32_t q = lo; q < hi; ++q) {
        const std::uint32_t b = lv.order[q];
        if (oi[b] == oj[b]) continue;
        cross = true;
        if (oj[b] == me) scount[oi[b]] += 3;
        if (oi[b] == me) rcount[oj[b]] += 3;
      }
      if (cross) {
        for (int p = 0, so = 0, ro = 0; p < P; ++p) {
          sdispl[p] = so;
          rdispl[p] = ro;
          so += scount[p];
          ro += rcount[p];
        }
        out.resize(static_cast<std::size_t>(sdispl[P - 1] + scount[P - 1]));
        in.resize(static_cast<std::size_t>(rdispl[P - 1] + rcount[P - 1]));
        cur = sdispl;
        for (std::uint32_t q = lo; q < hi; ++q) {  // in level order: the receiver reads them in that order
          prefetch_j_sent(q, hi);
          const std::uint32_t b = lv.order[q];
          if (oj[b] != me || oi[b] == me) continue;
          const Vec3 v = s.v.get(pj[b] - base);
          double* d = out.data() + cur[oi[b]];
          d[0] = v.x, d[1] = v.y, d[2] = v.z;
          cur[oi[b]] += 3;
        }
        comm.alltoallv(out.data(), scount, sdispl, in.data(), rcount, rdispl);
      }
      // This process's events of the level (disjoint pairs: any order gives the same result).
      cur = rdispl;
      auto prefetch = [&](std::uint32_t q) {
        const std::uint32_t b = lv.order[q];
        if (oi[b] == me) s.v.prefetch(pi[b] - base);
        if (oj[b] == me) s.v.prefetch(pj[b] - base);
      };
      for (std::uint32_t q = lo; q < std::min(hi, lo + kAhead); ++q) prefetch(q);
      for (std::uint32_t q = lo; q < hi; ++q) {
        if (q + kAhead < hi) prefetch(q + kAhead);
        const std::uint32_t b = lv.order[q];
        if (oi[b] != me) continue;
        double* remote = nullptr;
        pair.set(0, s.v.get(pi[b] - base));
        if (oj[b] == me) {
          pair.set(1, s.v.get(pj[b] - base));
        } else {
          remote = in.data() + cur[oj[b]];
          cur[oj[b]] += 3;
          pair.set(1, {remote[0], remote[1], remote[2]});
        }
        CounterRng rng(event_key, first + c0 + b);
        std::size_t i, j;
        mbc_pair(rng, N, i, j);  // the event's stream, past its pair as in the serial loop
        coincident += rotate_pair_heat(pair, 0, 1, tau_of_r, rng) == PairOutcome::kCoincident;
        s.v.set(pi[b] - base, pair.get(0));
        const Vec3 w = pair.get(1);
        if (remote) remote[0] = w.x, remote[1] = w.y, remote[2] = w.z;
        else s.v.set(pj[b] - base, w);
      }
      if (!cross) continue;
      comm.alltoallv(in.data(), rcount, rdispl, out.data(), scount, sdispl);  // the new v_j back
      cur = sdispl;
      for (std::uint32_t q = lo; q < hi; ++q) {
        prefetch_j_sent(q, hi);
        const std::uint32_t b = lv.order[q];
        if (oj[b] != me || oi[b] == me) continue;
        const double* d = out.data() + cur[oi[b]];
        cur[oi[b]] += 3;
        s.v.set(pj[b] - base, {d[0], d[1], d[2]});
      }
    }
    if (s.progress_events) s.progress_events->fetch_add(B, std::memory_order_relaxed);
  }
  s.counters.events = first + n_events;
  s.counters.coincident += coincident;
  s.counters.uniform_direction += uniform;
  end_interval(s, n_events, n_events);
}

}  // namespace grazing
