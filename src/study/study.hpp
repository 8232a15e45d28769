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

// Runs the study. Throws InputError for bad input (before writing).
StudyResult run_study(const StudyOptions& opt);

}  // namespace grazing
