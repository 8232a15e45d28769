#include "mbc_rate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "grazing/error.hpp"
#include "grazing/power.hpp"
#include "grazing/rotate_pair.hpp"
#include "mbc.hpp"
#include "sum_tree.hpp"

namespace grazing {

namespace {

// More clock draws than kMaxEventsPerInterval (model.hpp) in one output interval are refused at run
// time: the interval's time is a sum of that many exponential waiting times, whose round-off (about
// 1e13 x 2^-53 ~ 1e-3 relative at worst) would no longer be negligible.
constexpr double kMaxDrawsPerInterval = kMaxEventsPerInterval;

// Draws between two stop polls of the sum tree (the thinning polls when it tightens its bound).
constexpr std::uint64_t kTreePollDraws = 4096;

[[noreturn]] void too_many_draws(double rate, double t, double t1, double gamma, double h, std::uint32_t replica) {
  throw std::runtime_error(fmt::format(
      "mbc-rate: the clock rate {:.3g} at model time t = {:.6g} (replica {}) would need about {:.3g} draws to reach the "
      "output time {:.6g} (at most 1e13 per output interval); gamma = {} is too extreme for these velocities and "
      "h = {}: use a smaller |gamma| or a larger model.h",
      rate, t, replica, rate * (t1 - t), t1, gamma, h));
}

// Closes a call of advance: stopped at a poll (the draws of the interval so far and the time of the
// last one kept for the next call, which continues from them), or the interval done.
void close_interval(ReplicaState& s, bool stopped, std::uint64_t interval_draws, double t, double t1) {
  s.interrupted = stopped;
  s.interval_done = stopped ? interval_draws : 0;
  s.interval_time = stopped ? t : 0.0;
  if (s.progress_time) s.progress_time->store(stopped ? t : t1, std::memory_order_relaxed);
}

// The time a call starts from: t0, or (continuing a stopped interval) the time of its last draw, which
// lies inside (t0, t1] (every draw adds a positive waiting time).
double start_time(const ReplicaState& s, double t0, double t1) {
  if (s.interval_done == 0) return t0;
  if (!(s.interval_time > t0 && s.interval_time <= t1))
    throw std::runtime_error(fmt::format("mbc-rate: cannot continue the output interval [{}, {}] from model time {}, "
                                         "which is outside it (a checkpoint without the time reached?)",
                                         t0, t1, s.interval_time));
  return s.interval_time;
}

}  // namespace

void MbcRateModel::advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  if (s.v.size() < 2 || !(t1 > t0)) return;
  if (gamma_ >= 0.0) advance_thinning(s, t0, t1, ctx);
  else advance_tree(s, t0, t1, ctx);
}

// Stopping (AdvanceContext::stop) and continuing: the state inside an interval is the velocities, the
// draw counter (counters.candidates) and the time of the last draw (interval_time, with interval_done
// > 0 the draws of the interval so far). A call that continues starts at that time with that counter;
// its next draw adds its exponential to the same t as the uninterrupted run would, so the continuation
// is the same realisation, bit for bit, provided that everything else the loop carries is a function of
// the velocities at the stop:
//   thinning: it stops only right after tightening its bound, where P and M are computed afresh from
//             the velocities (as at the start of a call) and the candidate count restarts;
//   sum tree: every leaf holds the rate of the current velocities (the pair that collided is updated
//             too), and the tree is built from its leaves, so the tree rebuilt at the start of a call
//             is the one the uninterrupted run holds.
void MbcRateModel::advance_thinning(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  const std::size_t N = s.v.size();
  Vec3 P{};
  double M = 0;
  // The bound is inflated by 1e-12 relative so that round-off in |v - P| never makes r > 2M.
  auto tighten = [&] {
    P = Vec3{};
    for (std::size_t i = 0; i < N; ++i) P = P + s.v.get(i);
    P = (1.0 / static_cast<double>(N)) * P;
    double m = 0;
    for (std::size_t i = 0; i < N; ++i) m = std::max(m, norm(s.v.get(i) - P));
    M = m * (1 + 1e-12);
  };
  tighten();
  const RngKey key{ctx.seed, Stream::kMbcRateClock, s.replica};
  const double h = h_, gamma = gamma_;
  auto tau_of_r = [h](double) { return h; };
  const std::uint64_t c_first = s.counters.candidates - s.interval_done;  // the interval's first draw
  std::uint64_t c = s.counters.candidates, events = 0, coincident = 0, since_tighten = 0;
  double t = start_time(s, t0, t1);
  bool stopped = false;
  for (;;) {
    const double rate = static_cast<double>(N) * (gamma == 0.0 ? 1.0 : std::pow(2.0 * M, gamma)) / h;
    if (!(rate > 0.0)) break;  // all velocities equal: nothing ever happens
    if (!std::isfinite(rate))
      throw std::runtime_error("mbc-rate: the candidate rate N (2M)^gamma / h overflowed (gamma too large)");
    if (rate * (t1 - t) > kMaxDrawsPerInterval) too_many_draws(rate, t, t1, gamma, h, s.replica);
    CounterRng rng(key, c++);
    t += -std::log(rng.uniform()) / rate;
    if (t > t1) break;  // memoryless: the next interval draws afresh
    const std::size_t i = rng.below(N);
    std::size_t j = rng.below(N - 1);
    j += (j >= i);
    const double r = norm(s.v.get(i) - s.v.get(j));
    const double accept = gamma == 0.0 ? 1.0 : std::pow(r / (2.0 * M), gamma);
    if (rng.uniform() < accept) {
      ++events;
      if (rotate_pair_heat(s.v, i, j, tau_of_r, rng) == PairOutcome::kCoincident) ++coincident;
      M = std::max({M, norm(s.v.get(i) - P) * (1 + 1e-12), norm(s.v.get(j) - P) * (1 + 1e-12)});
    }
    if ((c & 0xffff) == 0) {
      if (s.progress_events) s.progress_events->fetch_add(0x10000, std::memory_order_relaxed);
      if (s.progress_time) s.progress_time->store(t, std::memory_order_relaxed);
    }
    if (++since_tighten >= N) {
      tighten();
      since_tighten = 0;
      if (ctx.stop_requested()) {  // a safe point: what follows depends only on (v, c, t)
        stopped = true;
        break;
      }
    }
  }
  s.counters.candidates = c;
  s.counters.events += events;
  s.counters.coincident += coincident;
  close_interval(s, stopped, c - c_first, t, t1);
}

void MbcRateModel::advance_tree(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  const std::size_t N = s.v.size();
  const std::size_t pairs = N * (N - 1) / 2;
  const double c = 2.0 / (static_cast<double>(N - 1) * h_);
  const RealPower r_gamma(gamma_);
  auto rate = [&](std::size_t i, std::size_t j) {
    const double r = norm(s.v.get(i) - s.v.get(j));
    return r > 0.0 ? c * r_gamma(r) : 0.0;
  };
  SumTree tree(pairs);
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = i + 1; j < N; ++j) tree.set_leaf(pair_index(N, i, j), rate(i, j));
  tree.build();
  // Every draw of the clock gets a fresh counter (also the one that overshoots t1 and is discarded).
  const RngKey key{ctx.seed, Stream::kMbcRateClock, s.replica};
  const double h = h_;
  auto tau_of_r = [h](double) { return h; };
  std::uint64_t e = s.counters.events, draws = s.counters.candidates, coincident = 0;
  const std::uint64_t first = draws - s.interval_done, polled = draws;  // the interval's first draw; this call's
  double t = start_time(s, t0, t1);
  bool stopped = false;
  for (;;) {
    const double total = tree.total();
    if (!(total > 0.0)) break;
    if (!std::isfinite(total))
      throw std::runtime_error("mbc-rate: the total collision rate overflowed (a pair at r ~ 0 with gamma < 0)");
    if (total * (t1 - t) > kMaxDrawsPerInterval) too_many_draws(total, t, t1, gamma_, h, s.replica);
    CounterRng rng(key, draws++);
    t += -std::log(rng.uniform()) / total;
    if (t > t1) break;
    std::size_t i, j;
    pair_of(N, tree.find(rng.uniform() * total), i, j);
    ++e;
    if (rotate_pair_heat(s.v, i, j, tau_of_r, rng) == PairOutcome::kCoincident) ++coincident;
    for (std::size_t k = 0; k < N; ++k) {
      if (k == i || k == j) continue;
      tree.update(pair_index(N, std::min(i, k), std::max(i, k)), rate(i, k));
      tree.update(pair_index(N, std::min(j, k), std::max(j, k)), rate(j, k));
    }
    // r_ij is unchanged in exact arithmetic; its leaf is recomputed from the new velocities all the same,
    // so that every leaf is the rate of the current state (what a rebuilt tree holds: stop and resume).
    tree.update(pair_index(N, i, j), rate(i, j));
    if ((e & 0xfff) == 0 && s.progress_events) s.progress_events->fetch_add(0x1000, std::memory_order_relaxed);
    if ((draws - polled) % kTreePollDraws == 0) {
      if (s.progress_time) s.progress_time->store(t, std::memory_order_relaxed);
      if (ctx.stop_requested()) {  // any point between draws is safe: the tree is a function of v
        stopped = true;
        break;
      }
    }
  }
  s.counters.candidates = draws;
  s.counters.events = e;
  s.counters.coincident += coincident;
  close_interval(s, stopped, draws - first, t, t1);
}

double MbcRateModel::memory_per_replica(std::size_t N) const {
  if (gamma_ >= 0.0) return 0.0;
  double leaves = 1;
  while (leaves < static_cast<double>(N) * static_cast<double>(N - 1) / 2) leaves *= 2;
  return 16.0 * leaves;
}

ModelInfo MbcRateModel::info() {
  return {"mbc-rate",
          "Du Remark 1.2: pair rate 2 r^gamma/((N-1) h), heat-kernel rotation for the fixed time h. Exact: "
          "thinning (gamma >= 0) or a sum tree over pairs (gamma < 0; O(N^2) memory). C = 1/2 as h -> 0.",
          {{"gamma", ParamType::kReal, "required", "kernel exponent gamma; any real"},
           {"h", ParamType::kReal, "min(0.01, 1/N)", "rotation time h > 0 of each collision"}},
          [](const Section& sec, std::size_t N) -> std::unique_ptr<Model> {
            return std::make_unique<MbcRateModel>(sec.real("gamma"), read_mbc_h(sec, N));
          }};
}

}  // namespace grazing
