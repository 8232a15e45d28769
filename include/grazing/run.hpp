// The run driver: sample the initial state of every replica, advance all replicas interval by
// interval (in parallel over replicas), write the outputs at each output time, then run.json.
#pragma once
#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "grazing/config.hpp"
#include "grazing/moments.hpp"
#include "grazing/progress.hpp"

namespace grazing {

struct RunSummary {
  double wall_seconds = 0;
  double max_rel_energy_drift = 0;  // max over replicas and output times of |E(t) - E(0)| / E(0), E = mean_v2
  double max_momentum_drift = 0;    // max over replicas and output times of |P(t) - P(0)|
  int threads = 1;
  Counters counters;                // summed over replicas
};

// Sample the initial state of replica r (i.i.d. draws, then exact_moments if asked).
void initial_state(const RunSpec& spec, std::uint32_t replica, ReplicaState& state);

// Run in memory, calling `on_output(k, states)` after each output time k (including t = 0).
RunSummary simulate(const RunSpec& spec, Progress& progress,
                    const std::function<void(std::size_t, const std::vector<ReplicaState>&,
                                             const std::vector<Moments>&)>& on_output);

// Run and write the run directory (moments.csv, run.json, particles.h5). Returns run.json's content.
nlohmann::json run_to_directory(const RunSpec& spec, Progress& progress, const std::string& command_line);

}  // namespace grazing
