// One replica's diagnostics at one output time (docs/study.md#the-diagnostics): computed by the process
// that holds the replica, added up over replicas by its group's first process (docs/parallel.md#studies).
#pragma once
#include <cstddef>
#include <vector>

#include "grazing/vec3.hpp"

namespace grazing {

struct ReplicaRecord {
  double mean_v4 = 0;
  // Per test function of the bank: mu^N(phi) and the pair U-statistic U(phi).
  std::vector<double> mu, pair;
  // S_-2: mean, median of means, truncated mean (docs/study.md#the-near-diagonal-statistic-s_-2).
  double s_m2_mean = 0, s_m2_median_of_means = 0, s_m2_truncated = 0;
  // With a reference (else 0): W2 of |v| for the particles and the i.i.d. sample A, the sliced W2 of
  // the particles and of A to the i.i.d. sample B, and (exact_w2) the exact 3-D W2 of both to B.
  double w2_speed = 0, w2_speed_iid = 0, sliced_w2 = 0, sliced_w2_iid = 0, w2_exact = 0, w2_exact_iid = 0;
  // The replica's share of the pooled samples of the entropy and Fisher estimates: its first particles
  // and (with a reference, else zeros) as many draws of A. Both have the same length.
  std::vector<Vec3> pool, pool_iid;
};

// A record as doubles, for the gather to the group's first process: 1 + 2 functions + 9 + 6 pool
// doubles, in the order of the fields.
std::size_t packed_size(std::size_t functions, std::size_t pool);
// Appends `r` (r.mu and r.pair of `functions`, r.pool and r.pool_iid of `pool` entries) to `out`.
void pack(const ReplicaRecord& r, std::vector<double>& out);
// The record packed at `p` (packed_size(functions, pool) doubles).
ReplicaRecord unpack(const double* p, std::size_t functions, std::size_t pool);

}  // namespace grazing
