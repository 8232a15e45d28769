#include <fmt/format.h>

#include <filesystem>

#include "commands.hpp"
#include "grazing/config.hpp"
#include "grazing/run.hpp"

namespace grazing {

int run_command(const RunOptions& opts, const std::string& command_line) {
  toml::table config = read_config_file(opts.config);
  for (const auto& o : opts.overrides) apply_override(config, o);
  if (opts.threads >= 0) apply_override(config, "run.threads=" + std::to_string(opts.threads));  // before the checks
  RunSpec spec = build_run_spec(std::move(config), opts.config);
  if (!opts.out_dir.empty()) spec.out_dir = opts.out_dir;
  if (opts.threads >= 0) spec.threads = opts.threads;

  Progress::Mode mode = Progress::Mode::kAuto;
  if (opts.quiet || opts.progress == "none") mode = Progress::Mode::kQuiet;
  else if (opts.progress == "bar") mode = Progress::Mode::kBar;
  else if (opts.progress == "lines") mode = Progress::Mode::kLines;
  Progress progress(mode);

  const nlohmann::json j = run_to_directory(spec, progress, command_line);
  progress.finish(fmt::format("{} events in {} replica(s), max relative energy drift {:.2e}, output in {}",
                              j["events"].get<std::uint64_t>(), spec.replicas, j["max_rel_energy_drift"].get<double>(),
                              std::filesystem::path(spec.out_dir).string()));
  return 0;
}

}  // namespace grazing
