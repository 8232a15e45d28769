#include <gtest/gtest.h>

#include <vector>

#include "study/replica_record.hpp"

using namespace grazing;

// A study's per-replica record as sent to the group's first process (docs/parallel.md#studies): its
// packed size is packed_size, and unpack gives back every field.
TEST(ReplicaRecord, PacksToItsSizeAndBack) {
  ReplicaRecord r;
  r.mean_v4 = 1.5;
  r.mu = {0.1, 0.2, 0.3};
  r.pair = {1.1, 1.2, 1.3};
  r.s_m2_mean = 2, r.s_m2_median_of_means = 3, r.s_m2_truncated = 4;
  r.w2_speed = 5, r.w2_speed_iid = 6, r.sliced_w2 = 7, r.sliced_w2_iid = 8, r.w2_exact = 9, r.w2_exact_iid = 10;
  r.pool = {{1, 2, 3}, {4, 5, 6}};
  r.pool_iid = {{-1, -2, -3}, {-4, -5, -6}};
  std::vector<double> flat = {42.0};  // pack appends
  pack(r, flat);
  ASSERT_EQ(flat.size(), 1 + packed_size(3, 2));
  EXPECT_EQ(packed_size(3, 2), 1u + 2 * 3 + 9 + 6 * 2);
  const ReplicaRecord u = unpack(flat.data() + 1, 3, 2);
  EXPECT_EQ(u.mean_v4, r.mean_v4);
  EXPECT_EQ(u.mu, r.mu);
  EXPECT_EQ(u.pair, r.pair);
  const std::vector<double> scalars = {u.s_m2_mean, u.s_m2_median_of_means, u.s_m2_truncated, u.w2_speed,
                                       u.w2_speed_iid, u.sliced_w2, u.sliced_w2_iid, u.w2_exact, u.w2_exact_iid};
  EXPECT_EQ(scalars, (std::vector<double>{2, 3, 4, 5, 6, 7, 8, 9, 10}));
  ASSERT_EQ(u.pool.size(), 2u);
  ASSERT_EQ(u.pool_iid.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i)
    for (int c = 0; c < 3; ++c) {
      EXPECT_EQ(u.pool[i][c], r.pool[i][c]);
      EXPECT_EQ(u.pool_iid[i][c], r.pool_iid[i][c]);
    }
}
