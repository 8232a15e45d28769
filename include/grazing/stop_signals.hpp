// Signals that ask a run to stop at its next safe point: one flag, raised by the handler, that the
// models poll (AdvanceContext::stop, SimulateHooks::stop). grazing run installs it for SIGINT and
// SIGTERM for the life of the process, the handler resetting itself so that a second signal ends the
// process at once; Python's run and Simulation.advance install it for SIGINT for one call and restore
// the handler they found (docs/commands/run.md#checkpoint-and-resume, docs/python.md).
#pragma once
#include <atomic>
#include <csignal>
#include <initializer_list>
#include <vector>

namespace grazing {

class StopSignals {
 public:
  enum class Scope { kProcess, kCall };
  // Lowers the flag and installs the handler for `signals`. Interrupted I/O is retried (SA_RESTART).
  StopSignals(std::initializer_list<int> signals, Scope scope);
  ~StopSignals();  // kCall: the previous handlers are restored
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  static std::atomic<bool>& flag();  // raised by the signals (and by anyone who wants the run to stop)
  static int last_signal();          // the last signal received (0: none)

 private:
  Scope scope_;
  std::vector<int> signals_;
  std::vector<struct sigaction> previous_;
};

}  // namespace grazing
