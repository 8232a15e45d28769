#include "busy_cores.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace grazing {
namespace {

// Runnable tasks of the machine now (the "running" of /proc/loadavg's "running/total"), or -1.
int running_tasks() {
  std::ifstream f("/proc/loadavg");
  double l1, l5, l15;
  std::string ratio;
  if (!(f >> l1 >> l5 >> l15 >> ratio)) return -1;
  try {
    return std::stoi(ratio.substr(0, ratio.find('/')));
  } catch (...) {
    return -1;
  }
}

// This process's threads in state R now (the third field of /proc/self/task/<tid>/stat, after the
// command name in parentheses).
int own_running_threads() {
  int n = 0;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::ifstream f(task.path() / "stat");
    std::string line;
    if (!std::getline(f, line)) continue;
    const auto close = line.rfind(')');
    if (close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'R') ++n;
  }
  return n;
}

}  // namespace

int cores_busy_elsewhere() {
  // The least of ten looks 1 ms apart (one look when it finds nothing): a process that keeps a core
  // busy is runnable in all of them; a short-lived one, or this process's own thread caught between
  // the reads, in few.
  int least = -1;
  for (int look = 0; look < 10 && least != 0; ++look) {
    if (look) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const int own_before = own_running_threads(), running = running_tasks(), own_after = own_running_threads();
    if (running < 0) return 0;
    const int elsewhere = std::max(0, running - std::max(own_before, own_after));
    least = least < 0 ? elsewhere : std::min(least, elsewhere);
  }
  return least;
}

int threads_for_load(int want, int cores) {
  if (want <= 1) return want;
  return std::clamp(cores - cores_busy_elsewhere(), 1, want);
}

}  // namespace grazing
