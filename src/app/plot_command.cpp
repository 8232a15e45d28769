#include <fmt/format.h>

#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <vector>
#include <filesystem>

#include "commands.hpp"
#include "grazing/error.hpp"
#include "grazing/version.hpp"

extern char** environ;

namespace grazing {

// The plot script: $GRAZING_SCRIPTS/plot.py; else, for an installed grazing, plot.py in kScriptsFromBin
// relative to the directory of this executable (share/grazing/scripts beside bin/, docs/install.md);
// else the source tree's scripts/plot.py (the build tree's grazing).
static std::filesystem::path plot_script() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("GRAZING_SCRIPTS")) return fs::path(env) / "plot.py";
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path() / kScriptsFromBin / "plot.py";
    if (fs::is_regular_file(installed, ec)) return installed.lexically_normal();
  }
  return fs::path(kSourceDir) / "scripts" / "plot.py";
}

// Runs the plot script (Debian's python3-matplotlib, by /usr/bin/python3) on a run or study directory.
int plot_directory(const std::string& dir, const std::string& kind) {
  namespace fs = std::filesystem;
  const fs::path script = plot_script();
  if (!fs::is_regular_file(script)) throw std::runtime_error(fmt::format("plot script not found: {}", script.string()));
  // posix_spawn with an argument vector: no shell, so any directory name is passed as it is.
  const std::string python = "/usr/bin/python3", s = script.string();
  std::vector<char*> argv = {const_cast<char*>(python.c_str()), const_cast<char*>(s.c_str()),
                             const_cast<char*>(kind.c_str()), const_cast<char*>(dir.c_str()), nullptr};
  pid_t pid = 0;
  int status = 0;
  const bool spawned = posix_spawn(&pid, python.c_str(), nullptr, nullptr, argv.data(), environ) == 0;
  const bool waited = spawned && waitpid(pid, &status, 0) >= 0;
  if (!waited || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string why = !spawned ? "cannot start /usr/bin/python3"
                            : !waited || !WIFEXITED(status) ? std::string("python did not finish")
                                                            : fmt::format("python exit code {}", WEXITSTATUS(status));
    fmt::print(stderr, "grazing: plotting failed ({}); the data files are written and unchanged. Plots need Debian's "
                       "python3-numpy, python3-matplotlib and python3-h5py (bash scripts/install-deps.sh installs them).\n",
               why);
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
