#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "commands.hpp"
#include "grazing/error.hpp"
#include "grazing/version.hpp"

namespace grazing {

// Runs scripts/plot.py (Debian's python3-matplotlib, by /usr/bin/python3) on a run or study directory.
int plot_directory(const std::string& dir, const std::string& kind) {
  namespace fs = std::filesystem;
  const char* env = std::getenv("GRAZING_SCRIPTS");
  const fs::path script = fs::path(env ? env : (fs::path(kSourceDir) / "scripts").string()) / "plot.py";
  if (!fs::is_regular_file(script)) throw std::runtime_error(fmt::format("plot script not found: {}", script.string()));
  const std::string cmd = fmt::format("/usr/bin/python3 '{}' {} '{}'", script.string(), kind, dir);
  const int rc = std::system(cmd.c_str());
  if (rc != 0) {
    fmt::print(stderr, "grazing: plotting failed (exit {}); the tables are written. Plots need Debian's "
                       "python3-matplotlib and python3-h5py (bash scripts/install-deps.sh installs them).\n", rc);
    return 1;
  }
  return 0;
}

int plot_command(const std::string& dir) {
  namespace fs = std::filesystem;
  if (fs::is_regular_file(fs::path(dir) / "study.json")) return plot_directory(dir, "study");
  if (fs::is_regular_file(fs::path(dir) / "run.json")) return plot_directory(dir, "run");
  throw InputError(dir, "is not a finished run or study directory (no run.json or study.json)");
}

}  // namespace grazing
