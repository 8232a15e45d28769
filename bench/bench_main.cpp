// Micro-benchmarks: the heat-kernel sampler (ns per sample at several tau) and MBC collisions per
// second at several N. Run: bash bench/run.sh (see bench/README.md).
#include <benchmark/benchmark.h>

#include "grazing/heat_kernel.hpp"
#include "grazing/initial.hpp"
#include "grazing/poisson.hpp"
#include "models/landau_diffusion.hpp"
#include "models/mbc.hpp"
#include "models/mbc_rate.hpp"
#include "models/tabary.hpp"

namespace {

using namespace grazing;


void heat_kernel(benchmark::State& st, double tau) {
  Vec3 e{0.0, 0.6, 0.8};
  std::uint64_t k = 0;
  for (auto _ : st) {
    CounterRng rng({1, Stream::kTest, 0}, k++);
    e = sample_heat_kernel_S2(e, tau, rng);
    benchmark::DoNotOptimize(e);
  }
  st.SetItemsProcessed(st.iterations());
}

// The two exact branches either side of kImagesTauMax, each forced at the same tau (the pair moves'
// form, unrenormalised): the SO(3) method with the SU(2) images, and the Legendre rejection with its
// azimuth. Where the first is slower, sample_heat_kernel_S2 takes the second (docs/performance.md).
void heat_kernel_branch(benchmark::State& st, double tau, bool legendre) {
  Vec3 e{0.0, 0.6, 0.8};
  std::uint64_t k = 0;
  for (auto _ : st) {
    CounterRng rng({1, Stream::kTest, 0}, k++);
    const Vec3 ep = legendre ? detail::heat_kernel_legendre<false>(e, tau, rng)
                             : detail::heat_kernel_so3<true, true, false>(e, tau, rng);
    e = (1.0 / norm(ep)) * ep;
    benchmark::DoNotOptimize(e);
  }
  st.SetItemsProcessed(st.iterations());
}

void mbc_collisions(benchmark::State& st) {
  const auto N = static_cast<std::size_t>(st.range(0));
  const double gamma = static_cast<double>(st.range(1));
  const double h = 0.01;
  MbcModel model(gamma, h);
  ReplicaState s;
  s.v.resize(N);
  for (std::size_t i = 0; i < N; ++i) {
    CounterRng rng({7, Stream::kInitial, 0}, i);
    s.v.set(i, {rng.normal(), rng.normal(), rng.normal()});
  }
  // One advance of length dt carries about N dt / h = 1e6 collisions.
  const double dt = 1e6 * h / static_cast<double>(N);
  std::uint64_t interval = 0;
  double t = 0;
  std::uint64_t before = s.counters.events;
  for (auto _ : st) {
    model.advance(s, t, t + dt, {interval++, 1});
    t += dt;
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(s.counters.events - before));
  st.counters["collisions_per_s"] =
      benchmark::Counter(static_cast<double>(s.counters.events - before), benchmark::Counter::kIsRate);
}

ReplicaState maxwellian_state(std::size_t N) {
  ReplicaState s;
  s.v.resize(N);
  for (std::size_t i = 0; i < N; ++i) {
    CounterRng rng({7, Stream::kInitial, 0}, i);
    s.v.set(i, {rng.normal(), rng.normal(), rng.normal()});
  }
  return s;
}

// One time step of an O(N^2) model per iteration; pair updates per second. args: N, threads.
void pair_model_step(benchmark::State& st, const Model& model) {
  const auto N = static_cast<std::size_t>(st.range(0));
  const int threads = static_cast<int>(st.range(1));
  ReplicaState s = maxwellian_state(N);
  const double dt = 1e-3;
  std::uint64_t interval = 0;
  for (auto _ : st) {
    model.advance(s, interval * dt, (interval + 1) * dt, {interval, 1, threads});
    ++interval;
  }
  const double pairs = static_cast<double>(N) * static_cast<double>(N - 1) / 2 * static_cast<double>(interval);
  st.counters["pair_updates_per_s"] = benchmark::Counter(pairs, benchmark::Counter::kIsRate);
}

const TabaryModel kTabarySplit("tabary", TabaryPotential(-2.5, 1e-3), 1e-3, TabaryModel::Scheme::kPairSplitting,
                               Splitting::kLie, NoiseKind::kAntisymmetricPairs, false);
const TabaryModel kTabaryStrang("tabary", TabaryPotential(-2.5, 1e-3), 1e-3, TabaryModel::Scheme::kPairSplitting,
                                Splitting::kStrang, NoiseKind::kAntisymmetricPairs, false);
const TabaryModel kTabaryEm("tabary", TabaryPotential(-2.5, 1e-3), 1e-3, TabaryModel::Scheme::kEulerMaruyama,
                            Splitting::kLie, NoiseKind::kAntisymmetricPairs, false);
const LandauDiffusionModel kLandauDiffusion(-3.0, 1e-3, Splitting::kLie);

void mbc_rate_collisions(benchmark::State& st) {
  const auto N = static_cast<std::size_t>(st.range(0));
  const double gamma = static_cast<double>(st.range(1));
  const MbcRateModel model(gamma, 0.01);
  ReplicaState s = maxwellian_state(N);
  const double dt = 1e4 * 0.01 / static_cast<double>(N);
  std::uint64_t interval = 0;
  const std::uint64_t before = s.counters.events;
  for (auto _ : st) {
    model.advance(s, interval * dt, (interval + 1) * dt, {interval, 1, 1});
    ++interval;
  }
  st.counters["collisions_per_s"] =
      benchmark::Counter(static_cast<double>(s.counters.events - before), benchmark::Counter::kIsRate);
}

void poisson(benchmark::State& st, double mu) {
  std::uint64_t k = 0, acc = 0;
  for (auto _ : st) {
    CounterRng rng({1, Stream::kTest, 0}, k++);
    acc += sample_poisson(mu, rng);
  }
  benchmark::DoNotOptimize(acc);
  st.SetItemsProcessed(st.iterations());
}

}  // namespace

BENCHMARK_CAPTURE(heat_kernel, tau_1e-8, 1e-8);
BENCHMARK_CAPTURE(heat_kernel, tau_1e-3, 1e-3);
BENCHMARK_CAPTURE(heat_kernel, tau_0.1, 0.1);
BENCHMARK_CAPTURE(heat_kernel, tau_0.25, 0.25);
BENCHMARK_CAPTURE(heat_kernel, tau_0.3, 0.3);
BENCHMARK_CAPTURE(heat_kernel, tau_1, 1.0);
BENCHMARK_CAPTURE(heat_kernel, tau_3, 3.0);
BENCHMARK_CAPTURE(heat_kernel, tau_30, 30.0);
BENCHMARK_CAPTURE(heat_kernel_branch, images_tau_0.6, 0.6, false);
BENCHMARK_CAPTURE(heat_kernel_branch, legendre_tau_0.6, 0.6, true);
BENCHMARK_CAPTURE(heat_kernel_branch, images_tau_0.75, 0.75, false);
BENCHMARK_CAPTURE(heat_kernel_branch, legendre_tau_0.75, 0.75, true);
BENCHMARK_CAPTURE(heat_kernel_branch, images_tau_0.85, 0.85, false);
BENCHMARK_CAPTURE(heat_kernel_branch, legendre_tau_0.85, 0.85, true);
BENCHMARK_CAPTURE(heat_kernel_branch, images_tau_1.0, 1.0, false);
BENCHMARK_CAPTURE(heat_kernel_branch, legendre_tau_1.0, 1.0, true);
BENCHMARK_CAPTURE(heat_kernel_branch, images_tau_1.2, 1.2, false);
BENCHMARK_CAPTURE(heat_kernel_branch, legendre_tau_1.2, 1.2, true);
BENCHMARK_CAPTURE(poisson, mu_5, 5.0);
BENCHMARK_CAPTURE(poisson, mu_1e6, 1e6);
// args: N, gamma
BENCHMARK(mbc_collisions)->ArgsProduct({{1000, 100000, 10000000}, {-3, 0, 1}})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(pair_model_step, tabary_pair_splitting_lie, kTabarySplit)
    ->ArgsProduct({{1000, 10000}, {1, 2}})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
BENCHMARK_CAPTURE(pair_model_step, tabary_pair_splitting_strang, kTabaryStrang)
    ->ArgsProduct({{1000, 10000}, {1, 2}})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
BENCHMARK_CAPTURE(pair_model_step, tabary_euler_maruyama, kTabaryEm)
    ->ArgsProduct({{1000, 10000}, {1, 2}})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(pair_model_step, landau_diffusion, kLandauDiffusion)
    ->ArgsProduct({{1000}, {1, 2}})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
// args: N, gamma
BENCHMARK(mbc_rate_collisions)->ArgsProduct({{100, 1000}, {-3, 1}})->Unit(benchmark::kMillisecond);
