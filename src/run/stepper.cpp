#include "grazing/stepper.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "grazing/comm.hpp"
#include "grazing/error.hpp"

namespace grazing {
namespace {

bool finite(const Moments& m) {
  bool ok = std::isfinite(m.mean.x) && std::isfinite(m.mean.y) && std::isfinite(m.mean.z) &&
            std::isfinite(m.mean_v2) && std::isfinite(m.mean_v4);
  for (double c : m.M) ok = ok && std::isfinite(c);
  return ok;
}

}  // namespace

void check_interval_events(const RunSpec& spec, double span_model, const std::string& span, const std::string& remedy) {
  // Cap: kMaxEventsPerInterval (model.hpp: why).
  const double per = spec.model->expected_events(spec.N, span_model);
  if (per >= 0 && !(per <= kMaxEventsPerInterval))
    throw InputError("model." + spec.model->step_key(),
                     fmt::format("gives {:.3g} expected events {} (at most 1e13); increase model.{} or {}", per, span,
                                 spec.model->step_key(), remedy));
}

IntervalResult advance_interval(const RunSpec& spec, ReplicaState& s, std::size_t k, double t0, double t1,
                                const AdvanceContext& ctx, const Comm* comm) {
  IntervalResult out;
  try {
    if (s.intervals_completed < k) {  // not already done before an interruption
      s.interrupted = false;
      spec.model->advance(s, t0 * spec.time_scale, t1 * spec.time_scale, ctx);
      if (!s.interrupted) s.intervals_completed = k;
    }
  } catch (const NonFiniteVelocity& e) {
    out.non_finite = e;
    return out;
  }
  out.finished = !s.interrupted;
  if (out.finished) out.moments = comm ? compute_moments(s.v, spec.N, *comm) : compute_moments(s.v);
  return out;
}

void check_replica_finite(double t, const ReplicaState& s, const Moments& m, std::size_t first, bool partial) {
  if (finite(m)) return;
  for (std::size_t i = 0; i < s.v.size(); ++i) {
    const Vec3 v = s.v.get(i);
    if (!std::isfinite(v.x) || !std::isfinite(v.y) || !std::isfinite(v.z))
      throw std::runtime_error(fmt::format("non-finite velocity ({}, {}, {}) at t = {}, replica {}, particle {} (the "
                                           "first at this output time; it may have spread from another particle "
                                           "since the previous one): the run stops (outputs up to the previous time "
                                           "are kept)", v.x, v.y, v.z, t, s.replica, first + i));
  }
  throw std::runtime_error(fmt::format("non-finite moments at t = {}, replica {} (the velocities {}are finite but "
                                       "their powers overflow): the run stops", t, s.replica,
                                       partial ? "of this process " : ""));
}

std::string non_finite_message(const NonFiniteVelocity& e, double time_scale) {
  return fmt::format("non-finite velocity ({}, {}, {}) at t = {}, replica {}, particle {} (in the step where it "
                     "appeared): the run stops (outputs up to the previous time are kept)", e.v.x, e.v.y, e.v.z,
                     e.t_model / time_scale, e.replica, e.particle);
}

}  // namespace grazing
