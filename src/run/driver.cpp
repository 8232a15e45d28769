#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <ctime>
#include <exception>
#include <filesystem>
#include <sstream>

#include "grazing/error.hpp"
#include "grazing/heat_kernel.hpp"
#include "grazing/output.hpp"
#include "grazing/parallel.hpp"
#include "grazing/run.hpp"
#include "grazing/version.hpp"

namespace grazing {
namespace {

// Exceptions must not escape an OpenMP region: the first one is kept and rethrown after it.
class FirstError {
 public:
  template <class F>
  void guard(F&& f) {
    try {
      f();
    } catch (...) {
#pragma omp critical(grazing_first_error)
      if (!error_) error_ = std::current_exception();
    }
  }
  void rethrow() {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::exception_ptr error_;
};

}  // namespace

void initial_state(const RunSpec& spec, std::uint32_t replica, ReplicaState& state) {
  state.replica = replica;
  state.counters = {};
  state.v.resize(spec.N);
  spec.initial->fill(state.v, {spec.seed, Stream::kInitial, replica});
  if (spec.exact_moments) impose_moments(state.v, *spec.initial->exact_moments());
}

RunSummary simulate(const RunSpec& spec, Progress& progress,
                    const std::function<void(std::size_t, const std::vector<ReplicaState>&,
                                             const std::vector<Moments>&)>& on_output) {
  const auto start = std::chrono::steady_clock::now();
  RunSummary sum;
  sum.threads = spec.threads > 0 ? spec.threads : omp_get_num_procs();
  const auto R = static_cast<std::int64_t>(spec.replicas);
  std::vector<ReplicaState> states(spec.replicas);
  std::vector<Moments> moments(spec.replicas), initial(spec.replicas);

  FirstError error;
  parallel_for_dynamic(sum.threads, spec.replicas, [&](std::size_t r) {
    error.guard([&] {
      initial_state(spec, static_cast<std::uint32_t>(r), states[r]);
      moments[r] = initial[r] = compute_moments(states[r].v);
    });
  });
  error.rethrow();
  on_output(0, states, moments);

  // Progress: a monitor thread reports the events done against the expected total, so that long
  // output intervals still show progress; it is the only caller of `progress` during the loop.
  std::atomic<std::uint64_t> events_done{0};
  std::atomic<double> t_done{0.0};
  for (auto& s : states) s.progress_events = &events_done;
  const double expected_total = spec.model->expected_events(spec.N, spec.t_end * spec.time_scale) * spec.replicas;
  std::mutex mu;
  std::condition_variable cv;
  bool finished = false;
  std::thread monitor([&] {
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return finished; })) {
      const auto e = static_cast<double>(events_done.load(std::memory_order_relaxed));
      const double frac = expected_total > 0 ? e / expected_total : t_done.load() / spec.t_end;  // < 0: unknown
      progress.update(std::min(frac, 0.999), fmt::format("t={:.6g}/{:.6g} events={:.4g}", t_done.load(), spec.t_end, e));
    }
  });
  struct Join {
    std::thread& th; std::mutex& m; std::condition_variable& c; bool& f;
    ~Join() {
      { std::lock_guard g(m); f = true; }
      c.notify_all();
      th.join();
    }
  } join{monitor, mu, cv, finished};

  // Threads go to replicas when there are enough of them, otherwise inside each replica.
  const bool over_replicas = R >= sum.threads;
  const int outer_threads = over_replicas ? sum.threads : 1;
  const int inner_threads = over_replicas ? 1 : sum.threads;
  const std::size_t K = spec.output_times.size();
  for (std::size_t k = 1; k < K; ++k) {
    // Output times are on the run's clock; the model advances on its own (SPEC.md section R):
    // native time = run time x time_scale.
    const double t0 = spec.output_times[k - 1] * spec.time_scale, t1 = spec.output_times[k] * spec.time_scale;
    const AdvanceContext ctx{k - 1, spec.seed, inner_threads};
    parallel_for_dynamic(outer_threads, spec.replicas, [&](std::size_t r) {
      error.guard([&] {
        spec.model->advance(states[r], t0, t1, ctx);
        moments[r] = compute_moments(states[r].v);
      });
    });
    error.rethrow();
    for (std::int64_t r = 0; r < R; ++r) {
      const Moments &m = moments[r], &m0 = initial[r];
      const double dE = std::fabs(m.mean_v2 - m0.mean_v2);
      sum.max_rel_energy_drift = std::max(sum.max_rel_energy_drift, m0.mean_v2 > 0 ? dE / m0.mean_v2 : dE);
      sum.max_momentum_drift = std::max(sum.max_momentum_drift, norm(m.mean - m0.mean));
    }
    on_output(k, states, moments);
    t_done.store(spec.output_times[k]);
  }
  for (const auto& s : states) sum.counters += s.counters;
  sum.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return sum;
}

namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

nlohmann::json toml_to_json(const toml::table& t) {
  std::ostringstream ss;
  ss << toml::json_formatter{t};
  return nlohmann::json::parse(ss.str());
}

}  // namespace

nlohmann::json run_to_directory(const RunSpec& spec, Progress& progress, const std::string& command_line) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(spec.out_dir, ec);
  if (ec || !fs::is_directory(spec.out_dir))
    throw InputError("output.dir", fmt::format("cannot create directory '{}': {}", spec.out_dir, ec.message()));
  const fs::path dir(spec.out_dir);
  fs::remove(dir / "run.json", ec);  // a run.json present means the run finished

  nlohmann::json meta = {
      {"model", spec.model->name()},
      {"N", spec.N},
      {"replicas", spec.replicas},
      {"seed", spec.seed},
      {"version", kVersion},
  };
  MomentsCsv csv((dir / "moments.csv").string());
  std::unique_ptr<ParticlesH5> h5;
  if (spec.particles)
    h5 = std::make_unique<ParticlesH5>((dir / "particles.h5").string(), spec.output_times, spec.replicas, spec.N, meta);
  else
    fs::remove(dir / "particles.h5", ec);

  const std::string started = utc_now();
  RunSummary sum = simulate(spec, progress, [&](std::size_t k, const std::vector<ReplicaState>& states,
                                                const std::vector<Moments>& moments) {
    for (const auto& s : states) {
      csv.row(s.replica, spec.output_times[k], s.counters.events, moments[s.replica]);
      if (h5) h5->write(k, s.replica, s.v);
    }
    csv.flush();
  });

  nlohmann::json approximations = spec.model->approximations();
  if (spec.exact_moments)
    approximations.push_back("initial.exact_moments: each replica's draw shifted and scaled to the exact mean and "
                             "temperature of f0 (shell-conditioned, not i.i.d.)");
  nlohmann::json j = meta;
  j["parameters"] = {{"model", spec.model->parameters()},
                     {"initial", spec.initial->parameters()},
                     {"run", {{"t_end", spec.t_end}, {"output_every", spec.output_every}}}};
  j["parameters"]["initial"]["kind"] = spec.initial->kind();
  j["parameters"]["initial"]["exact_moments"] = spec.exact_moments;
  j["landau_C"] = spec.landau_C;
  j["native_landau_C"] = spec.model->landau_C();
  j["time_scale"] = spec.time_scale;
  j["threads"] = sum.threads;
  j["build_arch"] = kArch;  // instruction set of this build; results do not depend on it
  j["events"] = sum.counters.events;
  j["wall_seconds"] = sum.wall_seconds;
  j["max_rel_energy_drift"] = sum.max_rel_energy_drift;
  j["max_momentum_drift"] = sum.max_momentum_drift;
  j["counters"] = {{"coincident_pair_events", sum.counters.coincident},
                   {"uniform_direction_events", sum.counters.uniform_direction},
                   {"steps", sum.counters.steps},
                   {"candidates", sum.counters.candidates}};
  j["approximations"] = approximations;
  j["heat_kernel"] = {
      {"small_tau_max", kSmallTauMax},
      {"uniform_tau", kUniformTau},
      {"note", "exact for every tau to double precision: SO(3) Brownian motion for tau <= 0.25 (neglected "
               "images < 1e-17), Legendre-density rejection up to tau = 20 (tail < e^-46), uniform above "
               "(deviation < 1.3e-17)"}};
  j["output_times"] = spec.output_times.size();
  j["out_dir"] = spec.out_dir;
  j["files"] = spec.particles ? nlohmann::json{"moments.csv", "particles.h5", "run.json"}
                              : nlohmann::json{"moments.csv", "run.json"};
  j["config"] = toml_to_json(spec.config);
  j["config_path"] = spec.config_path;
  j["command"] = command_line;
  j["started_utc"] = started;
  j["finished_utc"] = utc_now();
  write_json_file((dir / "run.json").string(), j);
  return j;
}

}  // namespace grazing
