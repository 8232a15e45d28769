// checkpoint.h5: the full state of an unfinished run (docs/commands/run.md, "Checkpoint and resume").
// With counter-based randomness nothing else is needed to continue exactly: particles, counters, each
// replica's progress inside the current output interval, the run's config, and where moments.csv was.
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
  std::uint64_t moments_bytes = 0;  // length of moments.csv when the checkpoint was written
};

// Write atomically (DIR/checkpoint.h5.tmp, then rename). Throws std::runtime_error on I/O failure.
void write_checkpoint(const std::string& path, const RunSpec& spec, const RunState& rs, const CheckpointInfo& info);

// Read the metadata only (to rebuild the RunSpec before the state).
CheckpointInfo read_checkpoint_info(const std::string& path);

// Read the state; `spec` must be the one rebuilt from the checkpoint's config. Throws InputError
// naming the file when it is missing, not a grazing checkpoint, or does not match spec.
RunState read_checkpoint_state(const std::string& path, const RunSpec& spec);

}  // namespace grazing
