// The sweep of a study over the processes of the job (docs/parallel.md#studies): the points spread
// over groups of processes, each point run and diagnosed by its group, and its lines sent to process 0,
// which writes them in point order.
#pragma once
#include <vector>

#include "grazing/comm.hpp"
#include "grazing/progress.hpp"
#include "study_input.hpp"
#include "tables.hpp"

namespace grazing {

// Which processes of an MPI job run which sweep points (docs/parallel.md#studies). P processes form
// G = min(points, P) groups of consecutive ranks. With at least as many points as processes, every
// group is one process and the points go, costliest first, to the least loaded process (ties: the
// lower rank). With fewer points, each point has a group of its own, of P / G or P / G + 1 processes
// (the larger groups for the costlier points), which spreads its replicas (or particles) as
// `grazing run` does. The tables do not depend on it.
struct PointAssignment {
  std::vector<int> group_of_point;  // group running point i
  std::vector<int> group_of_rank;   // group of process p (group g's first process writes its rows)
};
PointAssignment assign_points(const std::vector<double>& cost, int processes);

// Runs every point of `in` on the processes of `comm`. tables: process 0's (it writes every point's
// lines), nullptr on the other processes.
void run_sweep(const StudyInput& in, const Comm& comm, StudyTables* tables, Progress& progress);

}  // namespace grazing
