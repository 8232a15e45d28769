// Test helpers: advance a model over [0, t_end] in equal output intervals.
#pragma once
#include "grazing/model.hpp"

namespace grazing::test {

inline void advance(const Model& m, ReplicaState& s, double t_end, int intervals, std::uint64_t seed, int threads = 1) {
  for (int k = 0; k < intervals; ++k)
    m.advance(s, t_end * k / intervals, t_end * (k + 1) / intervals, {static_cast<std::uint64_t>(k), seed, threads});
}

}  // namespace grazing::test
