#include "mbc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "grazing/error.hpp"
#include "grazing/poisson.hpp"
#include "grazing/rotate_pair.hpp"

namespace grazing {

nlohmann::json MbcModel::parameters() const { return {{"gamma", gamma_}, {"h", h_}}; }

void MbcModel::advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  const std::uint64_t seed = ctx.seed;
  const std::size_t N = s.v.size();
  if (N < 2 || !(t1 > t0)) return;
  // Du section 2: events at the times of a Poisson clock of rate lambda = N/h; the number in
  // (t0, t1] is Poisson(lambda (t1 - t0)), and the events themselves need no times.
  CounterRng clock({seed, Stream::kMbcPoisson, s.replica}, ctx.interval);
  const std::uint64_t n_events = sample_poisson(static_cast<double>(N) * (t1 - t0) / h_, clock);

  const RngKey event_key{seed, Stream::kMbcEvent, s.replica};
  const double h = h_, gamma = gamma_;
  const bool maxwell = (gamma == 0.0);
  std::uint64_t coincident = 0, uniform = 0;
  // tau_ij = h r_ij^gamma (Du (2.4)); pow may overflow to +inf for gamma < 0 and r -> 0, which the
  // sampler takes as "uniform direction" -- never inf or NaN in the velocities.
  auto tau_of_r = [&](double r) {
    const double tau = maxwell ? h : h * std::pow(r, gamma);
    uniform += (tau > kUniformTau);
    return tau;
  };
  const std::uint64_t first = s.counters.events;
  constexpr std::uint64_t kChunk = 1 << 16;  // progress granularity
  for (std::uint64_t c0 = 0; c0 < n_events; c0 += kChunk) {
    const std::uint64_t c1 = std::min(n_events, c0 + kChunk);
    for (std::uint64_t k = c0; k < c1; ++k) {
      CounterRng rng(event_key, first + k);
      // Unordered pair uniform among N(N-1)/2 (SPEC.md A.11.1): i uniform, j uniform among the others.
      const std::size_t i = rng.below(N);
      std::size_t j = rng.below(N - 1);
      j += (j >= i);
      if (rotate_pair_heat(s.v, i, j, tau_of_r, rng) == PairOutcome::kCoincident) ++coincident;
    }
    if (s.progress_events) s.progress_events->fetch_add(c1 - c0, std::memory_order_relaxed);
  }
  s.counters.events += n_events;
  s.counters.coincident += coincident;
  s.counters.uniform_direction += uniform;
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
