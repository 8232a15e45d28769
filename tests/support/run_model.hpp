// Test helpers: advance a model over [0, t_end] in equal output intervals.
#pragma once
#include <array>

#include "grazing/model.hpp"

namespace grazing::test {

inline void advance(const Model& m, ReplicaState& s, double t_end, int intervals, std::uint64_t seed, int threads = 1) {
  for (int k = 0; k < intervals; ++k)
    m.advance(s, t_end * k / intervals, t_end * (k + 1) / intervals, {static_cast<std::uint64_t>(k), seed, threads});
}

}  // namespace grazing::test

#include <cmath>
#include <functional>

#include "grazing/moments.hpp"
#include "grazing/rng.hpp"
#include "support/stats.hpp"

namespace grazing::test {

// N velocities drawn from N(0, diag(var)) with a fixed seed (a fixed start shared by all replicas).
inline ReplicaState gaussian_start(std::size_t N, Vec3 var, std::uint64_t seed) {
  ReplicaState s;
  s.v.resize(N);
  for (std::size_t i = 0; i < N; ++i) {
    CounterRng rng({seed, Stream::kInitial, 0}, i);
    s.v.set(i, {std::sqrt(var.x) * rng.normal(), std::sqrt(var.y) * rng.normal(), std::sqrt(var.z) * rng.normal()});
  }
  return s;
}

// Deviatoric part of M: xx, yy, zz, xy, xz, yz.
inline std::array<double, 6> deviatoric(const Moments& m) {
  const double tr = (m.M[0] + m.M[1] + m.M[2]) / 3;
  return {m.M[0] - tr, m.M[1] - tr, m.M[2] - tr, m.M[3], m.M[4], m.M[5]};
}

// Statistics over R replicas started from `start`, each advanced to t in `intervals` output intervals.
struct Ensemble {
  Welford dev[6];   // Dev M components
  Welford v4;       // mean_v4
  Welford energy;   // mean_v2
};

inline Ensemble run_ensemble(const Model& m, const ReplicaState& start, double t, int R, std::uint64_t seed,
                             int intervals = 1, const std::function<void(const ReplicaState&)>& also = {}) {
  Ensemble e;
  for (int r = 0; r < R; ++r) {
    ReplicaState s = start;
    s.replica = static_cast<std::uint32_t>(r);
    advance(m, s, t, intervals, seed);
    const Moments mo = compute_moments(s.v);
    const auto d = deviatoric(mo);
    for (int k = 0; k < 6; ++k) e.dev[k].add(d[k]);
    e.v4.add(mo.mean_v4);
    e.energy.add(mo.mean_v2);
    if (also) also(s);
  }
  return e;
}

}  // namespace grazing::test
