// checkpoint.h5: the full state of an unfinished run (docs/commands/run.md, "Checkpoint and resume").
// With counter-based randomness nothing else is needed to continue exactly: particles, counters, each
// replica's progress inside the current output interval, the run's config, and where the outputs were.
// It also records digests: of its own contents (a damaged checkpoint is refused), of moments.csv up to
// the checkpoint and of the last complete frame of particles.h5 (a directory whose outputs were changed,
// truncated or belong to another run is refused), and of the config (the run's identity, also in run.json).
#pragma once
#include <cstdint>
#include <string>

#include "grazing/run.hpp"

namespace grazing {

struct CheckpointInfo {
  std::string config_toml;   // the config as run (overrides applied), TOML text
  std::string config_path;   // where it was read from (relative paths in it are relative to its directory)
  std::string command;       // the command line that started the run
  std::string started_utc;
  std::uint64_t moments_bytes = 0;   // length of moments.csv when the checkpoint was written
  std::uint64_t moments_digest = 0;  // digest of those bytes
  std::uint64_t particles_frame = 0;   // last complete frame of particles.h5 (output index), if written
  std::uint64_t particles_digest = 0;  // its digest (ParticlesH5::frame_digest); 0 without particles.h5
  // Runs with [[species]] (dataset "species", absent otherwise): species.csv's length and digest, and
  // the mixture's largest relative energy and momentum drifts so far (run.json's plasma.conservation).
  bool species = false;
  std::uint64_t species_bytes = 0, species_digest = 0;
  double species_energy_drift = 0, species_momentum_drift = 0;
};

// The run's identity in run.json and the checkpoint: the digest of its config text, 16 hex digits.
std::string config_digest(const std::string& config_toml);

// Write atomically (DIR/checkpoint.h5.tmp, then rename; the temporary is removed when a write fails).
// Throws OutputError on I/O failure.
void write_checkpoint(const std::string& path, const RunSpec& spec, const RunState& rs, const CheckpointInfo& info);

// Read the metadata only (to rebuild the RunSpec before the state).
CheckpointInfo read_checkpoint_info(const std::string& path);

// Read the state, and (info, when not null) the metadata read with it from the same open file; `spec`
// must be the one rebuilt from the checkpoint's config. Throws InputError naming the file when it is
// missing, not a grazing checkpoint, damaged (its digest), or does not match spec.
RunState read_checkpoint_state(const std::string& path, const RunSpec& spec, CheckpointInfo* info = nullptr);

}  // namespace grazing
