// How a run is spread over the processes of a job (docs/parallel.md): which replicas or which range of
// every replica's particles a process advances, and how process 0 gets what the output hooks need.
// Internal to src/run (simulation.cpp); the public face is run.hpp's replica_range and distribution_name.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "grazing/comm.hpp"
#include "grazing/config.hpp"
#include "grazing/layout.hpp"
#include "grazing/model.hpp"
#include "grazing/moments.hpp"

namespace grazing {

// How this run is spread over the processes (layout.hpp).
struct Plan {
  Distribute mode = Distribute::kNone;
  std::size_t r0 = 0, r1 = 0;            // the replicas this process advances
  std::optional<ParticleLayout> layout;  // kParticles
};

Plan plan_of(const RunSpec& spec, const Comm& comm);

// Receives particles first .. first + count - 1 of a replica (v: 3 count doubles, valid during the call).
using ChunkSink = std::function<void(std::size_t first, std::size_t count, const double* v)>;

// Replica r's velocities on process 0, in chunks of at most `chunk` particles: emit(first, count, v)
// there. Collective over `comm`, except that nothing moves (and nobody waits) when process 0 holds the
// replica whole.
void stream_replica(const RunSpec& spec, const Plan& plan, const Comm& comm, const std::vector<ReplicaState>& states,
                    std::size_t r, std::size_t chunk, const ChunkSink& emit);

// What the output hook sees of a distributed run: on process 0, every replica's moments and events
// (and velocities when `with_velocities`, gathered replica by replica in chunks), in replica order, in
// `view` and `all`. Collective.
void gather_outputs(const RunSpec& spec, const Plan& plan, const Comm& comm, std::size_t chunk, bool with_velocities,
                    const std::vector<ReplicaState>& states, const std::vector<Moments>& moments,
                    std::vector<ReplicaState>& view, std::vector<Moments>& all);

}  // namespace grazing
