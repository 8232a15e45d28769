// `grazing study STUDY.toml`: a base run config swept over N (and h or an h_N schedule), every
// replica's particles compared with a reference law f_t at every output time, and the results written
// as CSV tables (points.csv, summary.csv, fits.csv) plus PNG plots (scripts/plot.py). See docs/study.md.
#pragma once
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "grazing/progress.hpp"

namespace grazing {

struct StudyOptions {
  std::string study_path;
  std::string out_dir;                // "" = [output] dir or runs/studies/<name>
  std::vector<std::string> overrides; // --set on the base run config
  int threads = -1;
  bool plots = true;
  bool smoke = false;  // shortened sweep to check a study file: N <= 200, replicas <= 3, times / 10
  bool force = false;  // replace the study in an existing, non-empty output directory
  Progress::Mode progress = Progress::Mode::kAuto;
};

struct StudyResult {
  std::string dir;
  bool plots = true;  // the command line's --no-plots and the study's [output] plots
};

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

// Runs the study. Throws InputError for bad input (before writing).
StudyResult run_study(const StudyOptions& opt);

}  // namespace grazing
