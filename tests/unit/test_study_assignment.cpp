#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "study/sweep.hpp"

using namespace grazing;

// The sweep points of a study over P processes (docs/parallel.md#studies).
TEST(StudyAssignment, OneProcessRunsEverything) {
  const PointAssignment a = assign_points({3, 1, 2}, 1);
  EXPECT_EQ(a.group_of_point, (std::vector<int>{0, 0, 0}));
  EXPECT_EQ(a.group_of_rank, (std::vector<int>{0}));
}

TEST(StudyAssignment, MorePointsThanProcessesCostliestFirstToTheLeastLoaded) {
  // costs 8 (point 2), 5 (3), 4 (0), 3 (4), 1 (1): 8 -> 0, 5 -> 1, 4 -> 1 (5 < 8), 3 -> 0 (8 < 9), 1 -> 1 (9 < 11)
  const PointAssignment a = assign_points({4, 1, 8, 5, 3}, 2);
  EXPECT_EQ(a.group_of_rank, (std::vector<int>{0, 1}));
  EXPECT_EQ(a.group_of_point, (std::vector<int>{1, 1, 0, 1, 0}));  // loads 8 + 3 = 11 and 5 + 4 + 1 = 10
  // equal costs: round robin from the lowest rank
  EXPECT_EQ(assign_points({1, 1, 1, 1, 1, 1}, 3).group_of_point, (std::vector<int>{0, 1, 2, 0, 1, 2}));
}

TEST(StudyAssignment, FewerPointsThanProcessesGroupsOfConsecutiveRanks) {
  // 2 points over 5 processes: the costlier point (1) gets group 0 of 3 processes, point 0 group 1 of 2
  const PointAssignment a = assign_points({1, 2}, 5);
  EXPECT_EQ(a.group_of_point, (std::vector<int>{1, 0}));
  EXPECT_EQ(a.group_of_rank, (std::vector<int>{0, 0, 0, 1, 1}));
  const PointAssignment b = assign_points({5}, 3);
  EXPECT_EQ(b.group_of_point, (std::vector<int>{0}));
  EXPECT_EQ(b.group_of_rank, (std::vector<int>{0, 0, 0}));
}
