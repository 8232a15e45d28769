#include <fmt/format.h>

#include <csignal>
#include <filesystem>
#include <optional>

#include "commands.hpp"
#include "grazing/checkpoint.hpp"
#include "grazing/comm.hpp"
#include "grazing/config.hpp"
#include "grazing/error.hpp"
#include "grazing/run.hpp"
#include "grazing/stop_signals.hpp"

namespace grazing {
namespace {

Progress make_progress(const RunOptions& opts) {
  Progress::Mode mode = Progress::Mode::kAuto;
  if (opts.quiet || opts.progress == "none") mode = Progress::Mode::kQuiet;
  else if (opts.progress == "bar") mode = Progress::Mode::kBar;
  else if (opts.progress == "lines") mode = Progress::Mode::kLines;
  return Progress(mode);
}

}  // namespace

// The config of a run: from the file and overrides, or (--resume) from the directory's checkpoint.
RunSpec resolve_run_spec(const RunOptions& opts) {
  if (!opts.resume.empty()) {
    if (!opts.config.empty()) throw InputError("--resume", "takes the config from the checkpoint: give no CONFIG");
    if (!opts.overrides.empty()) throw InputError("--set", "cannot change a run being resumed (its config is in its checkpoint)");
    if (!opts.out_dir.empty()) throw InputError("--out", "cannot be combined with --resume (the run continues in its directory)");
    if (opts.force) throw InputError("--force", "cannot be combined with --resume");
    const std::string ckpt = (std::filesystem::path(opts.resume) / "checkpoint.h5").string();
    const CheckpointInfo info = read_checkpoint_info(ckpt);
    toml::table config;
    try {
      config = toml::parse(info.config_toml);
    } catch (const toml::parse_error& e) {
      throw InputError(ckpt, fmt::format("its stored config does not parse: {}", e.description()));
    }
    if (opts.threads >= 0) apply_override(config, "run.threads=" + std::to_string(opts.threads));
    RunSpec spec = build_run_spec(std::move(config), info.config_path);
    spec.out_dir = opts.resume;
    return spec;
  }
  if (opts.config.empty()) throw InputError("CONFIG", "give a config file, or --resume DIR");
  toml::table config = read_config_file(opts.config);
  for (const auto& o : opts.overrides) apply_override(config, o);
  if (opts.threads >= 0) apply_override(config, "run.threads=" + std::to_string(opts.threads));  // before the checks
  RunSpec spec = build_run_spec(std::move(config), opts.config);
  if (!opts.out_dir.empty()) spec.out_dir = opts.out_dir;
  return spec;
}

int run_command(const RunOptions& opts, const std::string& command_line) {
  RunSpec spec = resolve_run_spec(opts);
  DirectoryOptions dir_opts;
  dir_opts.force = opts.force;
  dir_opts.checkpoint_every = spec.checkpoint_every;
  dir_opts.stop = &StopSignals::flag();
  RunState resumed;
  CheckpointInfo resumed_info;
  if (!opts.resume.empty()) {
    const std::string ckpt = (std::filesystem::path(opts.resume) / "checkpoint.h5").string();
    resumed = read_checkpoint_state(ckpt, spec, &resumed_info);
    dir_opts.resume = &resumed;
    dir_opts.resume_info = &resumed_info;
  }
  const Comm& comm = Comm::world();
  Progress progress = comm.root() ? make_progress(opts) : Progress(Progress::Mode::kQuiet);
  // SIGINT/SIGTERM stop the run at its next safe point (it then writes a checkpoint and its outputs and
  // exits with 128 + the signal); a second signal ends the process at once (the last checkpoint, written
  // atomically, stays usable). Several processes: mpirun's signal ends the job.
  std::optional<StopSignals> signals;
  if (comm.size() == 1) signals.emplace(std::initializer_list<int>{SIGINT, SIGTERM}, StopSignals::Scope::kProcess);
  const nlohmann::json j = run_to_directory(spec, progress, command_line, dir_opts);
  if (!comm.root()) return 0;
  if (j["status"] == "interrupted") {
    const int sig = StopSignals::last_signal();
    const auto written = j["outputs_written"].get<std::size_t>();
    const std::string msg = fmt::format("stopped by signal {} at t = {:.6g} ({} of {} output times written); checkpoint in {}; "
                                        "continue with: grazing run --resume {}",
                                        sig, spec.output_times[written - 1], written, spec.output_times.size(),
                                        (std::filesystem::path(spec.out_dir) / "checkpoint.h5").string(), spec.out_dir);
    // Said in every progress mode (also -q): the user must learn how to continue.
    if (opts.quiet || opts.progress == "none") fmt::print(stderr, "grazing: {}\n", msg);
    else progress.finish(msg);
    return 128 + (sig > 0 ? sig : SIGINT);
  }
  progress.finish(fmt::format("{} events in {} replica(s), max relative energy drift {:.2e}, output in {}",
                              j["events"].get<std::uint64_t>(), spec.replicas, j["max_rel_energy_drift"].get<double>(),
                              std::filesystem::path(spec.out_dir).string()));
  return 0;
}

}  // namespace grazing
