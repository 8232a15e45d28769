// `grazing bench`: one process, one invocation: the random-number floor of an MBC collision and the
// real models, as a table (and JSON) of rates with their ratio to the floor (docs/commands/bench.md).
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "commands.hpp"
#include "grazing/config.hpp"
#include "grazing/heat_kernel.hpp"
#include "grazing/rotate_pairs_x4.hpp"
#include "grazing/parallel.hpp"
#include "grazing/version.hpp"
#include "models/landau_diffusion.hpp"
#include "models/mbc.hpp"
#include "models/mbc_rate.hpp"
#include "models/tabary.hpp"

namespace grazing {
namespace {

using Clock = std::chrono::steady_clock;

// Median over `repeats` of items/second of `work` (which returns the number of items it did).
double median_rate(int repeats, const std::function<double()>& work) {
  std::vector<double> rates;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = Clock::now();
    const double items = work();
    rates.push_back(items / std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

ReplicaState maxwellian(std::size_t N, std::uint32_t replica) {
  ReplicaState s;
  s.replica = replica;
  s.v.resize(N);
  for (std::size_t i = 0; i < N; ++i) {
    CounterRng rng({7, Stream::kTest, replica}, i);
    s.v.set(i, {rng.normal(), rng.normal(), rng.normal()});
  }
  return s;
}

// Collisions per second of `threads` independent replicas advanced in parallel by `model` for `span` each.
double model_rate(const Model& model, std::size_t N, int threads, double span, int repeats) {
  std::vector<ReplicaState> st;
  for (int r = 0; r < threads; ++r) st.push_back(maxwellian(N, static_cast<std::uint32_t>(r)));
  std::uint64_t interval = 0;
  double t = 0;
  return median_rate(repeats, [&] {
    std::vector<std::uint64_t> before(st.size());
    for (std::size_t r = 0; r < st.size(); ++r) before[r] = st[r].counters.events;
    parallel_for_dynamic(threads, st.size(), [&](std::size_t r) { model.advance(st[r], t, t + span, {interval, 1, 1}); });
    ++interval;
    t += span;
    double items = 0;
    for (std::size_t r = 0; r < st.size(); ++r) items += static_cast<double>(st[r].counters.events - before[r]);
    return items;
  });
}

// One replica, `threads` threads inside it: pair-updates per second (pairs = true, N(N-1)/2 per step) or
// collisions per second (pairs = false).
double model_rate_inside(const Model& model, std::size_t N, int threads, double span, int repeats, bool pairs) {
  ReplicaState s = maxwellian(N, 0);
  std::uint64_t interval = 0;
  double t = 0;
  return median_rate(repeats, [&] {
    const std::uint64_t before = pairs ? s.counters.steps : s.counters.events;
    model.advance(s, t, t + span, {interval++, 1, threads});
    t += span;
    if (!pairs) return static_cast<double>(s.counters.events - before);
    return static_cast<double>(s.counters.steps - before) * static_cast<double>(N) * static_cast<double>(N - 1) / 2;
  });
}

// Collisions per second of one replica of a run with [[species]] (`config`, TOML), from its initial state.
double plasma_rate(const std::string& config, int repeats, double events) {
  const RunSpec spec = build_run_spec(toml::parse(config), "bench.toml");
  ReplicaState s;
  s.v.resize(spec.N);
  spec.initial->fill(s.v, {1, Stream::kInitial, 0});
  const double span = events / spec.model->expected_events(spec.N, 1.0);
  std::uint64_t interval = 0;
  double t = 0;
  return median_rate(repeats, [&] {
    const std::uint64_t before = s.counters.events;
    spec.model->advance(s, t, t + span, {interval++, 1, 1});
    t += span;
    return static_cast<double>(s.counters.events - before);
  });
}

std::string plasma_config(const std::string& model, bool two) {
  std::string c = "[model]\nname = \"" + model + "\"\n[[species]]\nname = \"e\"\nmass_me = 1\nZ = -1\ndensity = 1e28\nT_eV = 100\n";
  c += two ? "N = 50000\n[[species]]\nname = \"i\"\nmass_me = 1836.15267343\nZ = 1\ndensity = 1e28\nT_eV = 100\nN = 50000\n"
           : "N = 100000\n";
  return c + "[plasma]\ncoulomb_log = 10\n[run]\nt_end = 1e-12\n";
}

}  // namespace

int bench_command(const BenchOptions& o) {
  const int repeats = o.quick ? 1 : 3;
  const double scale = o.quick ? 0.1 : 1.0;
  nlohmann::json rows = nlohmann::json::array();
  std::vector<std::string> lines;
  // The random numbers one MBC collision consumes in its commonest branch (tau <= 0.25): the one Philox
  // block of its stream (computed by philox_blocks, two collisions' blocks at a time), the pair from
  // word 0 (two bounded integers from its halves), three normals from words 1-3 and the six leading bits
  // of the sinc test's uniform from their spare bits; the test's further uniform, which the model draws
  // when those bits leave the test open (1/64 of collisions at small tau: k = 63), and the rare words
  // that need more (a rejected bounded integer or normal), from the stream itself, as the model.
  const std::size_t floor_N = 100000;
  const RngKey floor_key{1, Stream::kTest, 1};
  const PhiloxRoundKeys floor_keys(CounterRng::philox_key(floor_key));
  std::uint64_t floor_base = 0;
  // One collision's numbers from its stream alone.
  auto floor_alone = [&](std::uint64_t k) {
    CounterRng rng(floor_key, k);
    std::size_t i, j;
    mbc_pair(rng, floor_N, i, j);
    unsigned s0, s1, s2;
    double sum = static_cast<double>(i + j) + rng.normal(s0) + rng.normal(s1) + rng.normal(s2);
    if (detail::six_bits(s0, s1, s2) == 63) sum += rng.uniform();
    return sum;
  };
  const double floor_1 = median_rate(repeats, [&] {
    const auto n = static_cast<std::uint64_t>(1e7 * scale);
    double sink = 0;
    for (std::uint64_t k = floor_base; k < floor_base + n; k += 2) {
      std::uint64_t c[2][4] = {{k, 0, 0, 0}, {k + 1, 0, 0, 0}};
      philox_blocks(floor_keys, c);
      for (std::uint64_t q = 0; q < 2; ++q) {
        std::size_t i, j;
        double x, y, z;
        if (mbc_pair_from_word(c[q][0], floor_N, i, j) & CounterRng::normal_from_word(c[q][1], x) &
            CounterRng::normal_from_word(c[q][2], y) & CounterRng::normal_from_word(c[q][3], z)) [[likely]] {
          const unsigned k6 = detail::six_bits(CounterRng::spare_bits(c[q][1]), CounterRng::spare_bits(c[q][2]),
                                               CounterRng::spare_bits(c[q][3]));
          sink += static_cast<double>(i + j + k6) + x + y + z;
          if (k6 == 63) [[unlikely]] sink += floor_alone(k + q);
        } else {
          sink += floor_alone(k + q);
        }
      }
    }
    floor_base += n;
    if (sink == 1.2345) fmt::print(" ");  // keep the loop
    return static_cast<double>(n);
  });
  // The same numbers drawn one stream at a time through CounterRng (how every other consumer draws).
  const double floor_scalar = median_rate(repeats, [&] {
    const auto n = static_cast<std::uint64_t>(5e6 * scale);
    double sink = 0;
    for (std::uint64_t k = floor_base; k < floor_base + n; ++k) sink += floor_alone(k);
    floor_base += n;
    if (sink == 1.2345) fmt::print(" ");
    return static_cast<double>(n);
  });
  auto add = [&](const std::string& what, const std::string& unit, double N, int threads, double rate, double floor) {
    rows.push_back({{"what", what}, {"unit", unit}, {"N", N}, {"threads", threads}, {"rate", rate},
                    {"ratio_to_floor", floor > 0 ? rate / floor : 0.0}});
    lines.push_back(fmt::format("{:<50} {:>7} {:>3}  {:>10.4g} {:<15} {:>7.3f}", what, N > 0 ? fmt::format("{:g}", N) : "-",
                                threads, rate, unit, floor > 0 ? rate / floor : 0.0));
  };
  add("RNG floor of one MBC collision", "collisions/s", 0, 1, floor_1, floor_1);
  add("RNG floor, one CounterRng stream at a time", "collisions/s", 0, 1, floor_scalar, floor_1);
  const int max_threads = std::min(2, omp_get_num_procs());
  for (double tau : {1e-6, 1e-3, 0.1, 0.25, 0.3, 0.5, 0.75, 1.0, 1.2, 1.5, 2.0, 3.0, 10.0, 30.0}) {
    const auto n = static_cast<std::uint64_t>(2e6 * scale);
    std::uint64_t base = 0;
    const double r = median_rate(repeats, [&] {
      Vec3 e{0, 0.6, 0.8};
      for (std::uint64_t k = 0; k < n; ++k) {
        CounterRng rng({1, Stream::kTest, 0}, base + k);
        e = sample_heat_kernel_S2(e, tau, rng);
      }
      base += n;
      if (e.x == 12.0) fmt::print(" ");
      return static_cast<double>(n);
    });
    add(fmt::format("heat kernel sample, tau = {:g}", tau), "samples/s", 0, 1, r, floor_1);
  }
  // The batched sampler of the models (rotate_pairs_x4.hpp): four streams' words by philox_blocks,
  // four samples at once, lanes off its common path redrawn by the scalar sampler.
  const PhiloxRoundKeys hk_keys(CounterRng::philox_key({1, Stream::kTest, 0}));
  for (double tau : {1e-6, 1e-3, 0.1, 0.25}) {
    const auto n = static_cast<std::uint64_t>(4e6 * scale);
    std::uint64_t base = 0;
    const double r = median_rate(repeats, [&] {
      Vec3T<Double4> e{splat<Double4>(0.0), splat<Double4>(0.6), splat<Double4>(0.8)};
      for (std::uint64_t k = base; k < base + n; k += 4) {
        std::uint64_t c01[2][4] = {{k, 0, 0, 0}, {k + 1, 0, 0, 0}}, c23[2][4] = {{k + 2, 0, 0, 0}, {k + 3, 0, 0, 0}};
        philox_blocks(hk_keys, c01);
        philox_blocks(hk_keys, c23);
        const std::uint64_t* const words[4] = {c01[0], c01[1], c23[0], c23[1]};
        Mask4 ok = splat<Double4>(0.0) == splat<Double4>(0.0);
        auto rng_of = [&](int l) { return CounterRng({1, Stream::kTest, 0}, k + static_cast<std::uint64_t>(l)); };
        Vec3T<Double4> ep = heat_kernel_small_tau_x4(e, splat<Double4>(tau), words, rng_of, ok);
        const unsigned done = lane_bits(ok);
        for (int l = 0; l < 4; ++l) {
          if (done >> l & 1) continue;
          CounterRng rng = rng_of(l);
          const Vec3 el = sample_heat_kernel_S2({e.x[l], e.y[l], e.z[l]}, tau, rng);
          ep.x[l] = el.x;
          ep.y[l] = el.y;
          ep.z[l] = el.z;
        }
        e = ep;
      }
      base += n;
      if (e.x[0] == 12.0) fmt::print(" ");
      return static_cast<double>(n);
    });
    add(fmt::format("heat kernel sample, four at a time, tau = {:g}", tau), "samples/s", 0, 1, r, floor_1);
  }
  for (double N : {1e3, 1e5, 1e7}) {
    if (o.quick && N > 1e5) continue;
    const MbcModel mbc(-3.0, 1e-3);
    for (int th = 1; th <= max_threads; ++th)
      add("mbc, gamma = -3, h = 1e-3 (threads: replicas)", "collisions/s", N, th,
          model_rate(mbc, static_cast<std::size_t>(N), th, 2e6 * scale * 1e-3 / N, repeats), floor_1);
    if (max_threads > 1 && N >= 1e5)
      add("mbc, gamma = -3, h = 1e-3 (threads: inside a replica)", "collisions/s", N, max_threads,
          model_rate_inside(mbc, static_cast<std::size_t>(N), max_threads, 2e6 * scale * 1e-3 / N, repeats, false), floor_1);
  }
  // Several species (docs/plasma.md): the multi-species engine (events drawn ahead, four at a time with
  // per-lane tau and masses, one thread), against mbc above; and the pairing models with species.
  add("mbc with [[species]]: one species (electrons)", "collisions/s", 1e5, 1,
      plasma_rate(plasma_config("mbc", false), repeats, 2e6 * scale), floor_1);
  add("mbc with [[species]]: electrons and protons", "collisions/s", 1e5, 1,
      plasma_rate(plasma_config("mbc", true), repeats, 2e6 * scale), floor_1);
  for (const char* model : {"sbm", "takizuka-abe", "nanbu"})
    add(fmt::format("{} with [[species]]: electrons and protons", model), "collisions/s", 1e5, 1,
        plasma_rate(plasma_config(model, true), repeats, 2e6 * scale), floor_1);
  for (double gamma : {1.0, -3.0}) {
    const double N = gamma < 0 ? 1e3 : 1e5;
    const MbcRateModel m(gamma, 1e-3);
    add(fmt::format("mbc-rate, gamma = {:g}, h = 1e-3", gamma), "collisions/s", N, 1,
        model_rate(m, static_cast<std::size_t>(N), 1, (gamma < 0 ? 2e4 : 2e6) * scale * 1e-3 / N, repeats), floor_1);
  }
  const TabaryModel split("tabary", TabaryPotential(-2.5, 1e-3), 1e-3, TabaryModel::Scheme::kPairSplitting,
                          Splitting::kLie, NoiseKind::kAntisymmetricPairs, false);
  const TabaryModel em("tabary", TabaryPotential(-2.5, 1e-3), 1e-3, TabaryModel::Scheme::kEulerMaruyama,
                       Splitting::kLie, NoiseKind::kAntisymmetricPairs, false);
  const LandauDiffusionModel ld(-3.0, 1e-3, Splitting::kLie);
  for (double N : {1e3, 1e4}) {
    if (o.quick && N > 1e3) continue;
    const double span = N < 5e3 ? 5e-3 : 1e-3;
    for (int th = 1; th <= max_threads; ++th) {
      add("tabary pair-splitting (threads: inside a replica)", "pair-updates/s", N, th,
          model_rate_inside(split, static_cast<std::size_t>(N), th, span, repeats, true), floor_1);
      add("tabary euler-maruyama (threads: inside a replica)", "pair-updates/s", N, th,
          model_rate_inside(em, static_cast<std::size_t>(N), th, span, repeats, true), floor_1);
      add("landau-diffusion (threads: inside a replica)", "pair-updates/s", N, th,
          model_rate_inside(ld, static_cast<std::size_t>(N), th, span, repeats, true), floor_1);
    }
  }
  fmt::print("{:<50} {:>7} {:>3}  {:>10} {:<15} {:>7}\n", "benchmark", "N", "thr", "rate", "unit", "/floor");
  for (const auto& l : lines) fmt::print("{}\n", l);
  if (!o.json.empty()) {
    nlohmann::json j = {{"version", kVersion}, {"build_arch", kArch}, {"repeats", repeats}, {"quick", o.quick}, {"rows", rows}};
    std::ofstream out(o.json);
    out << j.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + o.json);
  }
  return 0;
}

}  // namespace grazing
