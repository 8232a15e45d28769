#include "grazing/stop_signals.hpp"

namespace grazing {
namespace {

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free);  // safe to store from a signal handler

extern "C" void on_stop_signal(int sig) {
  g_signal = sig;
  g_stop.store(true, std::memory_order_relaxed);
}

}  // namespace

StopSignals::StopSignals(std::initializer_list<int> signals, Scope scope) : scope_(scope), signals_(signals) {
  g_stop.store(false);
  g_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART | (scope == Scope::kProcess ? SA_RESETHAND : 0);
  previous_.resize(signals_.size());
  for (std::size_t i = 0; i < signals_.size(); ++i) sigaction(signals_[i], &sa, &previous_[i]);
}

StopSignals::~StopSignals() {
  if (scope_ == Scope::kCall)
    for (std::size_t i = 0; i < signals_.size(); ++i) sigaction(signals_[i], &previous_[i], nullptr);
}

std::atomic<bool>& StopSignals::flag() { return g_stop; }
int StopSignals::last_signal() { return g_signal; }

}  // namespace grazing
