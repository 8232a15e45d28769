// The replica stepper: the one place where a replica is advanced over an output interval, for
// grazing run and grazing study (through simulate, run.hpp) and Python's run and Simulation. It owns
// the cap on events per interval, the model's advance with the stop flag, a step-checked model's
// non-finite velocity, the moments and the numerical guard (docs/internals.md#the-run-driver).
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "grazing/config.hpp"
#include "grazing/model.hpp"
#include "grazing/moments.hpp"

namespace grazing {

class Comm;

// InputError naming model.<step key> when the model expects more than kMaxEventsPerInterval events of
// one replica over `span_model` (model clock). `span` says which span in the message ("per output
// interval", "from t = 0 to 1") and `remedy` what else to shorten ("decrease run.output_every").
void check_interval_events(const RunSpec& spec, double span_model, const std::string& span, const std::string& remedy);

struct IntervalResult {
  bool finished = false;                        // false: stopped at a safe point; the state continues it
  std::optional<NonFiniteVelocity> non_finite;  // a step-checked model's first non-finite velocity
  Moments moments;                              // when finished without a non-finite velocity
};

// Advance replica `s` over output interval k, from run time t0 to t1 (the model's clock is run time x
// spec.time_scale), unless it finished the interval before an interruption (s.intervals_completed >= k;
// then nothing moves and only the moments are computed). With `comm`, `s` is this process's range of a
// replica split over the processes (the moments are collective). Throws what the model throws, except
// NonFiniteVelocity, which is returned so that a caller running replicas in parallel reports the
// lowest replica's.
IntervalResult advance_interval(const RunSpec& spec, ReplicaState& s, std::size_t k, double t0, double t1,
                                const AdvanceContext& ctx, const Comm* comm = nullptr);

// The numerical guard: after an interval ending at run time t, a non-finite moment means a non-finite
// velocity; throws std::runtime_error naming the first one (`first`: the global index of the state's
// particle 0 when the state is a range of the replica; `partial`: the state is such a range), or the
// overflow of |v|^4.
void check_replica_finite(double t, const ReplicaState& s, const Moments& m, std::size_t first = 0,
                          bool partial = false);
// The guard's message for a velocity a step-checked model found non-finite (time_scale: run time =
// model time / time_scale).
std::string non_finite_message(const NonFiniteVelocity& e, double time_scale);

}  // namespace grazing
