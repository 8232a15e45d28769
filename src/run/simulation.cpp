#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <exception>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "grazing/comm.hpp"
#include "grazing/error.hpp"
#include "grazing/parallel.hpp"
#include "grazing/run.hpp"
#include "busy_cores.hpp"
#include "distribution.hpp"

namespace grazing {
namespace {

// Exceptions must not escape an OpenMP region: the first one is kept and rethrown after it. With a
// `halt` flag (the stop flag the models poll), an exception also raises it, so that the other replicas
// stop at their next safe point instead of finishing an interval that may never end.
class FirstError {
 public:
  explicit FirstError(std::atomic<bool>* halt = nullptr) : halt_(halt) {}
  template <class F>
  void guard(F&& f) {
    try {
      f();
    } catch (...) {
      if (halt_) halt_->store(true, std::memory_order_relaxed);
#pragma omp critical(grazing_first_error)
      if (!error_) error_ = std::current_exception();
    }
  }
  void rethrow() {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::exception_ptr error_;
  std::atomic<bool>* halt_;
};

}  // namespace

void initial_state(const RunSpec& spec, std::uint32_t replica, ReplicaState& state) {
  state.replica = replica;
  state.counters = {};
  state.v.resize(spec.N);
  spec.initial->fill(state.v, {spec.seed, Stream::kInitial, replica});
  if (spec.exact_moments) impose_moments(state.v, *spec.initial->exact_moments());
}

namespace {

// This process's range of replica r's initial state (distributed N): particle i is drawn from its own
// counter, as InitialLaw::fill does, so the range needs no other process. A file, or exact_moments
// (which needs the whole sample's moments), is drawn whole and cut.
void initial_range(const RunSpec& spec, std::uint32_t replica, ReplicaState& state, const ParticleLayout& lay) {
  state.replica = replica;
  state.counters = {};
  const std::size_t b = lay.begin(), e = lay.end();
  if (spec.exact_moments || !spec.initial->iid()) {
    ReplicaState whole;
    initial_state(spec, replica, whole);
    state.v.resize(e - b);
    std::copy(whole.v.data() + 3 * b, whole.v.data() + 3 * e, state.v.data());
    return;
  }
  state.v.resize(e - b);
  const RngKey key{spec.seed, Stream::kInitial, replica};
  for (std::size_t i = b; i < e; ++i) {
    CounterRng rng(key, i);
    state.v.set(i - b, spec.initial->draw(rng));
  }
}

}  // namespace

RunState start_run(const RunSpec& spec, int threads, const Comm& comm) {
  const Plan plan = plan_of(spec, comm);
  RunState rs;
  rs.states.resize(spec.replicas);
  rs.initial.resize(spec.replicas);
  if (plan.mode == Distribute::kParticles) {
    for (std::uint32_t r = 0; r < spec.replicas; ++r) {
      initial_range(spec, r, rs.states[r], *plan.layout);
      rs.initial[r] = compute_moments(rs.states[r].v, spec.N, comm);
    }
    return rs;
  }
  FirstError error;
  parallel_for_dynamic(threads, plan.r1 - plan.r0, [&](std::size_t q) {
    const std::size_t r = plan.r0 + q;
    error.guard([&] {
      initial_state(spec, static_cast<std::uint32_t>(r), rs.states[r]);
      rs.initial[r] = compute_moments(rs.states[r].v);
    });
  });
  error.rethrow();
  return rs;
}

namespace {

void check_finite(const RunSpec& spec, std::size_t k, const ReplicaState& s, const Moments& m, std::size_t first = 0) {
  check_replica_finite(spec.output_times[k], s, m, first, first > 0 || s.v.size() < spec.N);
}

}  // namespace

RunSummary simulate(const RunSpec& spec, Progress& progress, RunState& rs, const SimulateHooks& hooks) {
  const auto start = std::chrono::steady_clock::now();
  const Comm& comm = hooks.comm ? *hooks.comm : Comm::world();
  const Plan plan = plan_of(spec, comm);
  const bool spread = plan.mode != Distribute::kNone;
  const std::size_t chunk = spread ? gather_chunk_particles(comm) : spec.N;
  RunSummary sum;
  sum.threads = run_threads(spec);
  const std::size_t R = spec.replicas, r0 = plan.r0, r1 = plan.r1;
  std::vector<ReplicaState>& states = rs.states;
  std::vector<Moments> moments(spec.replicas);
  const std::size_t first = plan.layout ? plan.layout->begin() : 0;
  std::vector<ReplicaState> view;  // what the hook sees of a distributed run
  std::vector<Moments> view_moments;
  auto publish = [&](std::size_t k, const std::vector<Moments>& mo) {
    if (!spread || (hooks.local_states && plan.mode == Distribute::kReplicas)) {
      hooks.on_output(k, states, mo);
    } else {
      gather_outputs(spec, plan, comm, chunk, hooks.needs_states, states, mo, view, view_moments);
      if (comm.root()) hooks.on_output(k, view, view_moments);
    }
    if (hooks.on_velocities)
      for (std::size_t r = 0; r < R; ++r)
        stream_replica(spec, plan, comm, states, r, chunk, [&](std::size_t first, std::size_t n, const double* v) {
          if (comm.root()) hooks.on_velocities(k, static_cast<std::uint32_t>(r), first, n, v);
        });
  };
  if (rs.next_output == 0) {
    for (std::size_t r = r0; r < r1; ++r) check_finite(spec, 0, states[r], rs.initial[r], first);
    publish(0, rs.initial);
    rs.next_output = 1;
    if (hooks.after_output) hooks.after_output(0);
  }

  // Progress: a monitor thread reports the events done against the expected total, so that long
  // output intervals still show progress; it is the only caller of `progress` during the loop.
  std::uint64_t events_before = 0;
  for (std::size_t r = r0; r < r1; ++r) events_before += states[r].counters.events;
  std::atomic<std::uint64_t> events_done{events_before};
  std::atomic<double> t_done{spec.output_times[rs.next_output - 1]};
  for (auto& s : states) s.progress_events = &events_done;
  const double expected_total =
      spec.model->expected_events(spec.N, spec.t_end * spec.time_scale) * static_cast<double>(r1 - r0);
  // When the events cannot be estimated (expected_total < 0: mbc-rate with gamma != 0), the models
  // report the time each replica has reached inside the interval (ReplicaState::progress_time, model
  // clock), and progress is the least of these times over the replicas.
  std::vector<std::atomic<double>> t_reached(states.size());
  for (std::size_t r = 0; r < states.size(); ++r) {
    t_reached[r].store(spec.output_times[rs.next_output - 1] * spec.time_scale);
    states[r].progress_time = &t_reached[r];
  }
  std::mutex mu;
  std::condition_variable cv;
  bool finished = false;
  std::thread monitor([&] {
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return finished; })) {
      const auto e = static_cast<double>(events_done.load(std::memory_order_relaxed));
      double t = t_done.load();
      if (!(expected_total > 0) && r1 > r0) {  // < 0: unknown; the least time the replicas have reached
        double least = t_reached[r0].load(std::memory_order_relaxed);
        for (std::size_t r = r0 + 1; r < r1; ++r) least = std::min(least, t_reached[r].load(std::memory_order_relaxed));
        t = std::max(t, least / spec.time_scale);
      }
      const double frac = expected_total > 0 ? e / expected_total : t / spec.t_end;
      progress.update(std::min(frac, 0.999), fmt::format("t={:.6g}/{:.6g} events={:.4g}", t, spec.t_end, e));
    }
  });
  struct Join {
    std::thread& th; std::mutex& m; std::condition_variable& c; bool& f;
    std::vector<ReplicaState>& st;
    ~Join() {
      { std::lock_guard g(m); f = true; }
      c.notify_all();
      th.join();
      for (auto& s : st) s.progress_events = nullptr, s.progress_time = nullptr;
    }
  } join{monitor, mu, cv, finished, states};

  // Threads go to replicas when there are enough of them, otherwise inside each replica.
  const bool over_replicas = plan.mode != Distribute::kParticles && r1 - r0 >= static_cast<std::size_t>(sum.threads);
  const int outer_threads = over_replicas ? sum.threads : 1;
  const int inner_threads = over_replicas ? 1 : sum.threads;
  const std::size_t K = spec.output_times.size();
  // What the models poll: a signal (hooks.stop, copied in at every poll) or another replica's failure.
  std::atomic<bool> halt{false};
  FirstError error(&halt);
  auto stop_requested = [&] { return hooks.stop && hooks.stop->load(std::memory_order_relaxed); };
  for (std::size_t k = rs.next_output; k < K && !sum.interrupted; ++k) {
    rs.next_output = k;
    // Output times are on the run's clock; the model advances on its own (docs/physics/index.md#the-constant-c-and-the-clocks):
    // native time = run time x time_scale (advance_interval converts).
    // On a busy machine, fewer threads inside a replica for this interval (busy_cores.hpp).
    const int threads_now = inner_threads > 1 && spec.adapt_threads
                                ? threads_for_load(inner_threads, std::max(1, omp_get_num_procs() / comm.local_size()))
                                : inner_threads;
    sum.intervals_fewer_threads += threads_now < inner_threads;
    AdvanceContext ctx{k - 1, spec.seed, threads_now};
    ctx.stop = &halt;
    const std::function<void()> poll = [&] {
      if (hooks.on_stop_poll) hooks.on_stop_poll(k);
      if (stop_requested()) halt.store(true, std::memory_order_relaxed);
    };
    ctx.poll = &poll;
    if (plan.mode == Distribute::kParticles) {  // every process works on every replica, one after another
      ctx.layout = &*plan.layout;
      for (std::size_t r = 0; r < R; ++r) {
        const IntervalResult res = advance_interval(spec, states[r], k, spec.output_times[k - 1], spec.output_times[k], ctx, &comm);
        if (res.non_finite) throw std::runtime_error(non_finite_message(*res.non_finite, spec.time_scale));
        moments[r] = res.moments;
      }
    } else {
      // A step-checked model's non-finite velocity is kept per replica and the lowest replica's reported,
      // whichever thread met one first.
      std::vector<std::optional<NonFiniteVelocity>> bad(R);
      parallel_for_dynamic(outer_threads, r1 - r0, [&](std::size_t q) {
        error.guard([&] {
          const IntervalResult res = advance_interval(spec, states[r0 + q], k, spec.output_times[k - 1], spec.output_times[k], ctx);
          bad[r0 + q] = res.non_finite;
          if (res.finished) moments[r0 + q] = res.moments;
        });
      });
      error.rethrow();
      for (const auto& e : bad)
        if (e)
          throw std::runtime_error(non_finite_message(*e, spec.time_scale));
    }
    bool all_done = true;
    for (std::size_t r = r0; r < r1; ++r) all_done = all_done && states[r].intervals_completed >= k;
    if (!all_done) {  // stopped inside the interval: the state continues it
      sum.interrupted = true;
      break;
    }
    for (std::size_t r = r0; r < r1; ++r) {
      check_finite(spec, k, states[r], moments[r], first);
      const Moments &m = moments[r], &m0 = rs.initial[r];
      const double dE = std::fabs(m.mean_v2 - m0.mean_v2);
      rs.max_rel_energy_drift = std::max(rs.max_rel_energy_drift, m0.mean_v2 > 0 ? dE / m0.mean_v2 : dE);
      rs.max_momentum_drift = std::max(rs.max_momentum_drift, norm(m.mean - m0.mean));
    }
    publish(k, moments);
    rs.next_output = k + 1;
    t_done.store(spec.output_times[k]);
    if (k + 1 < K && stop_requested()) sum.interrupted = true;
    else if (k + 1 < K && hooks.checkpoint_every > 0 && k % hooks.checkpoint_every == 0 && hooks.on_checkpoint)
      hooks.on_checkpoint(rs);
    if (hooks.after_output) hooks.after_output(k);
  }
  sum.max_rel_energy_drift = comm.max(rs.max_rel_energy_drift);
  sum.max_momentum_drift = comm.max(rs.max_momentum_drift);
  for (std::size_t r = r0; r < r1; ++r) sum.counters += states[r].counters;
  if (spread) {  // events and steps of a distributed replica are the same on every process; the rest is per process
    const bool per_replica = plan.mode == Distribute::kReplicas;
    if (per_replica) sum.counters.events = comm.sum(sum.counters.events);
    if (per_replica) sum.counters.steps = comm.sum(sum.counters.steps);
    sum.counters.coincident = comm.sum(sum.counters.coincident);
    sum.counters.uniform_direction = comm.sum(sum.counters.uniform_direction);
    sum.counters.candidates = comm.sum(sum.counters.candidates);
  }
  sum.ranks = comm.size();
  sum.distribute = distribution_name(spec, comm);
  sum.mpi_bytes = comm.sum(comm.bytes_sent());
  sum.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return sum;
}

RunSummary simulate(const RunSpec& spec, Progress& progress,
                    const std::function<void(std::size_t, const std::vector<ReplicaState>&,
                                             const std::vector<Moments>&)>& on_output) {
  RunState rs = start_run(spec, run_threads(spec));
  SimulateHooks hooks;
  hooks.on_output = on_output;
  hooks.needs_states = true;
  return simulate(spec, progress, rs, hooks);
}

}  // namespace grazing
