#include "grazing/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace grazing {

Progress::Progress(Mode mode) : mode_(mode), start_(std::chrono::steady_clock::now()), last_(start_) {
  if (mode_ == Mode::kAuto) mode_ = ::isatty(STDERR_FILENO) ? Mode::kBar : Mode::kLines;
}

void Progress::update(double fraction, const std::string& status) {
  if (mode_ == Mode::kQuiet) return;
  const auto now = std::chrono::steady_clock::now();
  const double since_last = std::chrono::duration<double>(now - last_).count();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  fraction = std::clamp(fraction, 0.0, 1.0);
  const std::string eta = fraction > 0 ? fmt::format("{:.0f}s left", elapsed * (1 - fraction) / fraction) : "";
  if (mode_ == Mode::kBar) {
    if (since_last < 0.1 && drawn_) return;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    fmt::print(stderr, "\r[{}{}] {:5.1f}% {} {}\x1b[K", std::string(filled, '#'), std::string(kWidth - filled, '.'),
               100 * fraction, status, eta);
    std::fflush(stderr);
    drawn_ = true;
  } else {
    if (since_last < 5.0) return;
    fmt::print(stderr, "progress: {:5.1f}% {} ({:.1f}s elapsed, {})\n", 100 * fraction, status, elapsed, eta);
  }
  last_ = now;
}

void Progress::finish(const std::string& status) {
  if (mode_ == Mode::kQuiet) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (mode_ == Mode::kBar && drawn_) fmt::print(stderr, "\r\x1b[K");
  fmt::print(stderr, "done: {} ({:.2f}s)\n", status, elapsed);
}

}  // namespace grazing
