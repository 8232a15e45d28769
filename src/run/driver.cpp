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

bool finite(const Moments& m) {
  bool ok = std::isfinite(m.mean.x) && std::isfinite(m.mean.y) && std::isfinite(m.mean.z) &&
            std::isfinite(m.mean_v2) && std::isfinite(m.mean_v4);
  for (double c : m.M) ok = ok && std::isfinite(c);
  return ok;
}

}  // namespace

void check_replica_finite(double t, const ReplicaState& s, const Moments& m, std::size_t first, bool partial) {
  if (finite(m)) return;
  for (std::size_t i = 0; i < s.v.size(); ++i) {
    const Vec3 v = s.v.get(i);
    if (!std::isfinite(v.x) || !std::isfinite(v.y) || !std::isfinite(v.z))
      throw std::runtime_error(fmt::format("non-finite velocity ({}, {}, {}) at t = {}, replica {}, particle {} (the "
                                           "first at this output time; it may have spread from another particle "
                                           "since the previous one): the run stops (outputs up to the previous time "
                                           "are kept)", v.x, v.y, v.z, t, s.replica, first + i));
  }
  throw std::runtime_error(fmt::format("non-finite moments at t = {}, replica {} (the velocities {}are finite but "
                                       "their powers overflow): the run stops", t, s.replica,
                                       partial ? "of this process " : ""));
}

std::string non_finite_message(const NonFiniteVelocity& e, double time_scale) {
  return fmt::format("non-finite velocity ({}, {}, {}) at t = {}, replica {}, particle {} (in the step where it "
                     "appeared): the run stops (outputs up to the previous time are kept)", e.v.x, e.v.y, e.v.z,
                     e.t_model / time_scale, e.replica, e.particle);
}

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

// How this run is spread over the processes (layout.hpp).
struct Plan {
  Distribute mode = Distribute::kNone;
  std::size_t r0 = 0, r1 = 0;            // the replicas this process advances
  std::optional<ParticleLayout> layout;  // kParticles
};

Plan plan_of(const RunSpec& spec, const Comm& comm) {
  Plan p;
  p.r1 = spec.replicas;
  const auto P = static_cast<std::size_t>(comm.size()), me = static_cast<std::size_t>(comm.rank());
  if (P == 1) return p;
  const bool particles = spec.distribute == "particles" ||
                         (spec.distribute == "auto" && spec.replicas < P && spec.model->distributes_particles());
  if (particles) {
    p.mode = Distribute::kParticles;
    p.layout.emplace(comm, spec.N);
  } else {
    p.mode = Distribute::kReplicas;
    p.r0 = spec.replicas * me / P;
    p.r1 = spec.replicas * (me + 1) / P;
  }
  return p;
}

// Threads per process: run.threads, or (0) this machine's cores shared by the processes on it.
int threads_of(const RunSpec& spec) {
  return spec.threads > 0 ? spec.threads : std::max(1, omp_get_num_procs() / Comm::world().local_size());
}

}  // namespace

int run_threads(const RunSpec& spec) { return threads_of(spec); }

const char* distribution_name(const RunSpec& spec, const Comm& comm) {
  switch (plan_of(spec, comm).mode) {
    case Distribute::kReplicas: return "replicas";
    case Distribute::kParticles: return "particles";
    default: return "none";
  }
}

std::pair<std::size_t, std::size_t> replica_range(const RunSpec& spec, const Comm& comm) {
  const Plan plan = plan_of(spec, comm);
  return {plan.r0, plan.r1};
}

std::size_t gather_chunk_particles(const Comm& comm) {
  constexpr std::size_t kMax = 89478485;  // 24 bytes each: the most below 2^31 bytes
  std::string s;
  if (comm.root())
    if (const char* e = std::getenv("GRAZING_GATHER_CHUNK")) s = e;
  comm.broadcast(s);  // every process gathers in the same chunks (the environment may differ between nodes)
  std::size_t n = 4194304;
  if (!s.empty()) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    if (end && *end == '\0' && v > 0) n = static_cast<std::size_t>(v);
  }
  return std::min(n, kMax);
}

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

// Replica r's velocities on process 0, in chunks of at most `chunk` particles: emit(first, count, v)
// there, v valid during the call. Collective over `comm`, except that nothing moves (and nobody waits)
// when process 0 holds the replica whole.
template <class Emit>
void stream_replica(const RunSpec& spec, const Plan& plan, const Comm& comm, const std::vector<ReplicaState>& states,
                    std::size_t r, std::size_t chunk, Emit&& emit) {
  const std::size_t N = spec.N;
  if (plan.mode == Distribute::kNone) return emit(std::size_t{0}, N, states[r].v.data());
  if (plan.mode == Distribute::kReplicas) {
    const auto P = static_cast<std::size_t>(comm.size()), R = static_cast<std::size_t>(spec.replicas);
    int owner = 0;  // plan_of: process p holds replicas R p / P ... R (p + 1) / P - 1
    while (R * static_cast<std::size_t>(owner + 1) / P <= r) ++owner;
    if (owner == 0) {
      if (comm.root()) emit(std::size_t{0}, N, states[r].v.data());
      return;
    }
    const bool mine = comm.rank() == owner;
    for (std::size_t c0 = 0; c0 < N; c0 += chunk) {
      const std::size_t n = std::min(chunk, N - c0);
      const std::vector<char> got = comm.gather(mine ? states[r].v.data() + 3 * c0 : nullptr, mine ? 24 * n : 0);
      if (comm.root()) emit(c0, n, reinterpret_cast<const double*>(got.data()));
    }
    return;
  }
  const std::size_t b = plan.layout->begin(), e = plan.layout->end();  // this process's range
  for (std::size_t c0 = 0; c0 < N; c0 += chunk) {
    const std::size_t n = std::min(chunk, N - c0), lo = std::max(b, c0), hi = std::min(e, c0 + n);
    const std::vector<char> got =
        comm.gather(hi > lo ? states[r].v.data() + 3 * (lo - b) : nullptr, hi > lo ? 24 * (hi - lo) : 0);
    if (comm.root()) emit(c0, n, reinterpret_cast<const double*>(got.data()));
  }
}

// What the output hook sees of a distributed run: on process 0, every replica's moments and events
// (and velocities when the hook needs them, gathered replica by replica in chunks), in replica order.
// Collective.
struct Row {
  Moments m;
  std::uint64_t events;
};
static_assert(std::is_trivially_copyable_v<Row>);

void gather_outputs(const RunSpec& spec, const Plan& plan, const Comm& comm, std::size_t chunk, bool with_velocities,
                    const std::vector<ReplicaState>& states, const std::vector<Moments>& moments,
                    std::vector<ReplicaState>& view, std::vector<Moments>& all) {
  const std::size_t R = spec.replicas;
  view.resize(R);
  all = moments;
  for (std::size_t r = 0; r < R; ++r) view[r].replica = static_cast<std::uint32_t>(r);
  if (plan.mode == Distribute::kReplicas) {
    std::vector<Row> rows;
    for (std::size_t r = plan.r0; r < plan.r1; ++r) rows.push_back({moments[r], states[r].counters.events});
    const std::vector<char> got = comm.gather(rows.data(), rows.size() * sizeof(Row));
    for (std::size_t r = 0; r < got.size() / sizeof(Row); ++r) {
      Row row;
      std::memcpy(&row, got.data() + r * sizeof(Row), sizeof(Row));
      all[r] = row.m;
      view[r].counters.events = row.events;
    }
  } else {  // kParticles: moments and events are the same on every process
    for (std::size_t r = 0; r < R; ++r) view[r].counters.events = states[r].counters.events;
  }
  if (!with_velocities) return;
  for (std::size_t r = 0; r < R; ++r) {
    if (comm.root()) view[r].v.resize(spec.N);
    stream_replica(spec, plan, comm, states, r, chunk, [&](std::size_t first, std::size_t n, const double* v) {
      std::memcpy(view[r].v.data() + 3 * first, v, 24 * n);
    });
  }
}

}  // namespace

RunSummary simulate(const RunSpec& spec, Progress& progress, RunState& rs, const SimulateHooks& hooks) {
  const auto start = std::chrono::steady_clock::now();
  const Comm& comm = hooks.comm ? *hooks.comm : Comm::world();
  const Plan plan = plan_of(spec, comm);
  const bool spread = plan.mode != Distribute::kNone;
  const std::size_t chunk = spread ? gather_chunk_particles(comm) : spec.N;
  RunSummary sum;
  sum.threads = threads_of(spec);
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
    // native time = run time x time_scale.
    const double t0 = spec.output_times[k - 1] * spec.time_scale, t1 = spec.output_times[k] * spec.time_scale;
    AdvanceContext ctx{k - 1, spec.seed, inner_threads};
    ctx.stop = &halt;
    const std::function<void()> poll = [&] {
      if (hooks.on_stop_poll) hooks.on_stop_poll(k);
      if (stop_requested()) halt.store(true, std::memory_order_relaxed);
    };
    ctx.poll = &poll;
    if (plan.mode == Distribute::kParticles) {  // every process works on every replica, one after another
      ctx.layout = &*plan.layout;
      for (std::size_t r = 0; r < R; ++r) {
        ReplicaState& s = states[r];
        s.interrupted = false;
        spec.model->advance(s, t0, t1, ctx);
        s.intervals_completed = k;
        moments[r] = compute_moments(s.v, spec.N, comm);
      }
    } else {
      // A step-checked model's non-finite velocity is kept per replica and the lowest replica's reported,
      // whichever thread met one first.
      std::vector<std::optional<NonFiniteVelocity>> bad(R);
      parallel_for_dynamic(outer_threads, r1 - r0, [&](std::size_t q) {
        error.guard([&] {
          ReplicaState& s = states[r0 + q];
          try {
            if (s.intervals_completed < k) {  // not already done before an interruption
              s.interrupted = false;
              spec.model->advance(s, t0, t1, ctx);
              if (!s.interrupted) s.intervals_completed = k;
            }
          } catch (const NonFiniteVelocity& e) {
            bad[r0 + q] = e;
            return;
          }
          if (!s.interrupted) moments[r0 + q] = compute_moments(s.v);
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
  RunState rs = start_run(spec, threads_of(spec));
  SimulateHooks hooks;
  hooks.on_output = on_output;
  hooks.needs_states = true;
  return simulate(spec, progress, rs, hooks);
}

}  // namespace grazing
