// The run driver: sample the initial state of every replica, advance all replicas interval by
// interval (in parallel over replicas), write the outputs at each output time, then run.json.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "grazing/comm.hpp"
#include "grazing/config.hpp"
#include "grazing/moments.hpp"
#include "grazing/progress.hpp"
#include "grazing/stepper.hpp"

namespace grazing {

struct CheckpointInfo;  // checkpoint.hpp

struct RunSummary {
  double wall_seconds = 0;
  double max_rel_energy_drift = 0;  // max over replicas and output times of |E(t) - E(0)| / E(0), E = mean_v2
  double max_momentum_drift = 0;    // max over replicas and output times of |P(t) - P(0)|
  int threads = 1;
  std::uint64_t intervals_fewer_threads = 0;  // output intervals run on fewer threads inside a replica (busy machine)
  Counters counters;                // summed over replicas
  bool interrupted = false;         // stopped early (SimulateHooks::stop); the RunState continues it
  int ranks = 1;                    // MPI processes (docs/parallel.md)
  std::string distribute = "none";  // "none", "replicas" or "particles"
  std::uint64_t mpi_bytes = 0;      // bytes sent between processes, all processes
};

// Everything a run needs to continue from where it is: what a checkpoint holds (src/io/checkpoint.cpp).
struct RunState {
  // Output time being computed: 0 before the initial output is written, then k while advancing from
  // t_{k-1} to t_k (replicas record their own progress inside the interval).
  std::size_t next_output = 0;
  std::vector<ReplicaState> states;
  std::vector<Moments> initial;  // each replica's moments at t = 0, for the drift maxima
  double max_rel_energy_drift = 0, max_momentum_drift = 0;
};

struct SimulateHooks {
  // After each output time k (including t = 0), with every replica's state and moments. In a run of
  // several processes only process 0 calls it, with every replica's moments and events gathered, and
  // the velocities only when needs_states is set (each replica gathered in chunks of
  // gather_chunk_particles(comm), so no message reaches 2 GiB).
  std::function<void(std::size_t, const std::vector<ReplicaState>&, const std::vector<Moments>&)> on_output;
  // After on_output, on process 0 only: each replica's velocities at output k, in chunks of at most
  // gather_chunk_particles(comm) particles (particles first .. first + count - 1; v holds 3 count doubles),
  // replica after replica. Process 0 then needs one chunk of memory beyond its own replicas. Every
  // process of the run must set it or none (the others take part in the gathers).
  std::function<void(std::size_t k, std::uint32_t replica, std::size_t first, std::size_t count, const double* v)>
      on_velocities;
  // With several processes and whole replicas per process: call on_output on every process with the
  // replicas it holds (replica_range; the other entries are empty) instead of gathering to process 0.
  // With distributed N it changes nothing (process 0 gets every replica whole).
  bool local_states = false;
  // After output k whenever checkpoint_every > 0 divides k (and k is not the last output).
  std::function<void(const RunState&)> on_checkpoint;
  // On every process, once output k is written and checkpointed if due, after the stop flag was looked
  // at (so a stop requested here lands inside the next interval): run_to_directory's test hook
  // (GRAZING_RAISE).
  std::function<void(std::size_t k)> after_output;
  // Each time a model looks at the stop flag while advancing to output k (from any thread): the test
  // hook that stops a run inside an interval, at a point it reaches (GRAZING_RAISE=SIGNAL:K:P).
  std::function<void(std::size_t k)> on_stop_poll;
  std::size_t checkpoint_every = 0;
  bool needs_states = false;
  // Raised to stop at the next safe point: the models stop between blocks of events or steps.
  const std::atomic<bool>* stop = nullptr;
  // The processes of the run (null: every process of the job, Comm::world()). Process 0 is its rank 0.
  const Comm* comm = nullptr;
};

// Particles per message when velocities are gathered to process 0 (4,194,304, i.e. 96 MiB; the
// environment variable GRAZING_GATHER_CHUNK, read on process 0 of `comm` and broadcast, overrides it,
// from 1 up to 89,478,485, the most below 2 GiB). Collective; simulate calls it once per run.
std::size_t gather_chunk_particles(const Comm& comm = Comm::world());

// Threads of each process: run.threads, or (0) this machine's cores shared by its processes.
int run_threads(const RunSpec& spec);

// Sample the initial state of every replica this process advances (nothing is output yet:
// next_output = 0); with distributed N, this process's range of every replica.
RunState start_run(const RunSpec& spec, int threads, const Comm& comm = Comm::world());

// Advance `rs` to t_end (or until hooks.stop is raised), calling the hooks. Throws std::runtime_error
// naming the time, replica and particle when a velocity becomes NaN or infinite.
RunSummary simulate(const RunSpec& spec, Progress& progress, RunState& rs, const SimulateHooks& hooks);

// Sample the initial state of replica r (i.i.d. draws, then exact_moments if asked).
void initial_state(const RunSpec& spec, std::uint32_t replica, ReplicaState& state);

// How `spec` is spread over the processes of `comm`: "none" (one process), "replicas" or "particles".
const char* distribution_name(const RunSpec& spec, const Comm& comm = Comm::world());
// The replicas [first, second) this process of `comm` advances whole (all of them with one process or
// with distributed N, where it holds a range of each).
std::pair<std::size_t, std::size_t> replica_range(const RunSpec& spec, const Comm& comm = Comm::world());

// Run in memory, calling `on_output(k, states)` after each output time k (including t = 0), with the
// velocities (on process 0 only, in a run of several processes).
RunSummary simulate(const RunSpec& spec, Progress& progress,
                    const std::function<void(std::size_t, const std::vector<ReplicaState>&,
                                             const std::vector<Moments>&)>& on_output);

// What run.json says of a run apart from its directory (model, parameters, clock, events, counters,
// drift maxima, approximations, the config as JSON); `sum` is null for a run that failed.
nlohmann::json run_info(const RunSpec& spec, const RunSummary* sum, const RunState& rs);

struct DirectoryOptions {
  bool force = false;             // an existing run directory is emptied of grazing's files first
  std::size_t checkpoint_every = 0;
  const std::atomic<bool>* stop = nullptr;
  RunState* resume = nullptr;     // continue this state (read from the directory's checkpoint.h5)
  const CheckpointInfo* resume_info = nullptr;  // its metadata, read with it (else read again)
};

// Run and write the run directory (moments.csv, run.json, particles.h5, and checkpoint.h5 while the
// run is unfinished), holding the directory's lock (RunDirLock) throughout. Outputs are written as
// NAME.part and renamed when the run ends, finished or interrupted, or fails in its computation; run.json
// (status "complete", "interrupted" or "failed") last. When a write fails (OutputError), the outputs keep
// their .part names and the state reached is checkpointed if it can be. A resume first checks the
// directory's outputs against the checkpoint (InputError when they differ). Returns run.json's content.
nlohmann::json run_to_directory(const RunSpec& spec, Progress& progress, const std::string& command_line,
                                const DirectoryOptions& options = {});

}  // namespace grazing
