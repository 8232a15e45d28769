// A model advances one replica's particles from t0 to t1. Models are chosen by name from a registry
// (src/models/registry.cpp); adding one is a file pair, one registry line and one doc page
// (ARCHITECTURE.md). The virtual call is per output interval, never per collision.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grazing/layout.hpp"
#include "grazing/params.hpp"
#include "grazing/particles.hpp"

namespace grazing {

// Per-replica counters, summed into run.json.
struct Counters {
  std::uint64_t events = 0;             // clock events (collisions attempted), cumulative
  std::uint64_t coincident = 0;         // events on a pair with v_i == v_j: nothing done
  std::uint64_t uniform_direction = 0;  // events whose tau exceeded kUniformTau (new direction uniform)
  std::uint64_t steps = 0;              // time steps taken (step-based models), cumulative
  std::uint64_t candidates = 0;         // candidate events of a thinned clock (mbc-rate), cumulative

  Counters& operator+=(const Counters& o) {
    events += o.events;
    coincident += o.coincident;
    uniform_direction += o.uniform_direction;
    steps += o.steps;
    candidates += o.candidates;
    return *this;
  }
};

struct ReplicaState {
  std::uint32_t replica = 0;
  ParticleStore v;
  Counters counters;
  // Optional: events done so far, summed over all replicas, for progress reports during long
  // intervals. Models add to it every few thousand events (relaxed atomics; never read by models).
  std::atomic<std::uint64_t>* progress_events = nullptr;
  // Optional: the time (model clock) this replica has reached, for progress reports of models whose
  // events cannot be estimated in advance (expected_events < 0: mbc-rate with gamma != 0). Such models
  // store it every few thousand draws and at the end of advance() (relaxed; never read by models).
  std::atomic<double>* progress_time = nullptr;
  // Shell of the initial state, kept by models that project onto it (theta < 0: not yet set).
  Vec3 shell_mean{};
  double shell_theta = -1.0;
  // Resumable intervals (signals, checkpoints): the work units (MBC events, time steps) of the current
  // output interval already done, and whether the last advance() stopped early because AdvanceContext::
  // stop was raised. A model that returns early leaves a state from which advance() over the same
  // interval continues exactly where it stopped: the randomness is keyed by counters, not by history.
  std::uint64_t interval_done = 0;
  // Models whose progress inside an interval is a time, not a count (mbc-rate's exact clock): the time
  // of the last event done before stopping (memoryless clocks restart from it with the same counter).
  double interval_time = 0.0;
  bool interrupted = false;
  std::uint64_t intervals_completed = 0;  // output intervals this replica has finished (the driver's)
};

// The most events (or clock draws) one replica may take in one output interval, checked by the input
// validation (src/io/config.cpp), Python's Simulation.advance and mbc-rate's clock at run time. The
// Poisson sampler's acceptance test loses its exactness when its log terms (~ mu log mu) leave too few
// digits (measured: Var((X - mu)/sqrt(mu)) = 1.004 up to mu = 1e13, 1.023 at 3e13), and a sum of more
// exponential waiting times than this loses the interval's time to round-off. Messages say "1e13".
inline constexpr double kMaxEventsPerInterval = 1e13;

// Thrown by a model that checks its velocities at every step (Euler-Maruyama): the first non-finite
// velocity, in the step where it appeared, before it spreads to other particles. The driver words it.
struct NonFiniteVelocity : std::runtime_error {
  NonFiniteVelocity(double t_model, std::uint32_t replica, std::size_t particle, Vec3 v)
      : std::runtime_error("non-finite velocity"), t_model(t_model), replica(replica), particle(particle), v(v) {}
  double t_model;  // on the model's clock
  std::uint32_t replica;
  std::size_t particle;
  Vec3 v;
};

// Close an interval of `total` work units after `done` of them (done < total: stopped early).
inline void end_interval(ReplicaState& s, std::uint64_t done, std::uint64_t total) {
  s.interrupted = done < total;
  s.interval_done = s.interrupted ? done : 0;
}

// What a model needs besides the state to advance one replica over one output interval.
struct AdvanceContext {
  std::uint64_t interval = 0;  // index of this output interval (0, 1, ...): a counter for randomness
  std::uint64_t seed = 0;      // the run's seed
  int threads = 1;             // threads the model may use inside one replica (1 when the driver
                               // already runs replicas in parallel); results never depend on it
  // Raised (by SIGINT/SIGTERM) to ask the model to stop at its next safe point; models that support it
  // poll it between blocks of events or between steps and then call end_interval with their progress.
  const std::atomic<bool>* stop = nullptr;
  // Optional: called by every stop_requested() (between blocks of events or steps, on the thread that
  // called advance()) before `stop` is read; it may raise `stop` (grazing.Simulation's progress callback,
  // the CLI's test hook SimulateHooks::on_stop_poll).
  const std::function<void()>* poll = nullptr;
  bool stop_requested() const {
    if (poll) (*poll)();
    return stop && stop->load(std::memory_order_relaxed);
  }
  // Distributed N (docs/parallel.md): the state holds only this process's range of the replica's
  // particles, and every process of layout->comm calls advance() for the same interval. Null: the
  // state holds the whole replica. Only models whose distributes_particles() is true get one.
  const ParticleLayout* layout = nullptr;
};

// N of the replica (its state may hold only this process's range of it: AdvanceContext::layout).
inline std::size_t replica_size(const ReplicaState& s, const AdvanceContext& ctx) {
  return ctx.layout ? ctx.layout->N : s.v.size();
}

class Model {
 public:
  virtual ~Model() = default;
  virtual std::string name() const = 0;
  // C of the Landau equation Q_C(f) = C div int |z|^gamma (|z|^2 I - z (x) z)(f_* grad f - f grad_* f_*)
  // that the model converges to on its own clock (docs/physics/index.md#the-constant-c-and-the-clocks).
  virtual double landau_C() const = 0;
  // Effective parameters, defaults filled in, for run.json.
  virtual nlohmann::json parameters() const = 0;
  // Approximations the model makes, named for run.json ("approximations"); empty when exact.
  virtual std::vector<std::string> approximations() const { return {}; }
  // Expected number of clock events (collisions attempted) of one replica of N particles over a time
  // span `duration`; used for input checks and progress. Negative when not known in advance.
  virtual double expected_events(std::size_t N, double duration) const = 0;
  // The kernel exponent gamma of |z|^(gamma+2).
  virtual double gamma() const = 0;
  // The model's step, the value of step_key(): MBC's h, the step-based models' dt.
  virtual double step() const = 0;
  // The [model] key that sets the model's step (named by input errors about the event count).
  virtual std::string step_key() const { return "h"; }
  // Memory the model allocates per replica while advancing it (bytes), for the memory check.
  virtual double memory_per_replica(std::size_t /*N*/) const { return 0.0; }
  // Whether advance() accepts a ParticleLayout (AdvanceContext::layout), with results bit-identical to
  // one process for any number of processes.
  virtual bool distributes_particles() const { return false; }
  // Advance from t0 to t1 (times on the model's own clock).
  virtual void advance(ReplicaState& state, double t0, double t1, const AdvanceContext& ctx) const = 0;
};

struct ModelInfo {
  std::string name;
  std::string summary;
  std::vector<ParamSpec> params;  // excluding "name"
  std::function<std::unique_ptr<Model>(const Section& model_section, std::size_t N)> make;
};

const std::vector<ModelInfo>& model_registry();
const ModelInfo* find_model(const std::string& name);

}  // namespace grazing
