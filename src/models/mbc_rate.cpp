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

void MbcRateModel::advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  if (s.v.size() < 2 || !(t1 > t0)) return;
  if (gamma_ >= 0.0) advance_thinning(s, t0, t1, ctx);
  else advance_tree(s, t0, t1, ctx);
}

void MbcRateModel::advance_thinning(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  const std::size_t N = s.v.size();
  Vec3 P{};
  for (std::size_t i = 0; i < N; ++i) P = P + s.v.get(i);
  P = (1.0 / static_cast<double>(N)) * P;
  auto max_speed = [&] {
    double m = 0;
    for (std::size_t i = 0; i < N; ++i) m = std::max(m, norm(s.v.get(i) - P));
    return m;
  };
  // The bound is inflated by 1e-12 relative so that round-off in |v - P| never makes r > 2M.
  double M = max_speed() * (1 + 1e-12);
  const RngKey key{ctx.seed, Stream::kMbcRateClock, s.replica};
  const double h = h_, gamma = gamma_;
  auto tau_of_r = [h](double) { return h; };
  std::uint64_t c = s.counters.candidates, events = 0, coincident = 0, since_tighten = 0;
  double t = t0;
  for (;;) {
    const double rate = static_cast<double>(N) * (gamma == 0.0 ? 1.0 : std::pow(2.0 * M, gamma)) / h;
    if (!(rate > 0.0)) break;  // all velocities equal: nothing ever happens
    if (!std::isfinite(rate))
      throw std::runtime_error("mbc-rate: the candidate rate N (2M)^gamma / h overflowed (gamma too large)");
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
    if (++since_tighten >= N) {
      M = max_speed() * (1 + 1e-12);
      since_tighten = 0;
    }
    if ((c & 0xffff) == 0 && s.progress_events) s.progress_events->fetch_add(0x10000, std::memory_order_relaxed);
  }
  s.counters.candidates = c;
  s.counters.events += events;
  s.counters.coincident += coincident;
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
  double t = t0;
  for (;;) {
    const double total = tree.total();
    if (!(total > 0.0)) break;
    if (!std::isfinite(total))
      throw std::runtime_error("mbc-rate: the total collision rate overflowed (a pair at r ~ 0 with gamma < 0)");
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
    if ((e & 0xfff) == 0 && s.progress_events) s.progress_events->fetch_add(0x1000, std::memory_order_relaxed);
  }
  s.counters.candidates = draws;
  s.counters.events = e;
  s.counters.coincident += coincident;
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
