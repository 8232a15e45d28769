// Progress of a long run on stderr: a bar redrawn in place on a terminal, plain lines (at most one
// every 5 seconds, then a final "done:" line) otherwise, nothing when quiet.
#pragma once
#include <chrono>
#include <string>

namespace grazing {

class Progress {
 public:
  enum class Mode { kAuto, kBar, kLines, kQuiet };
  explicit Progress(Mode mode = Mode::kAuto);
  // fraction in [0, 1]; status: a short text such as "t=0.5 events=1.2e7".
  void update(double fraction, const std::string& status);
  void finish(const std::string& status);

 private:
  Mode mode_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

}  // namespace grazing
