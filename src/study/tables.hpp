// The tables of a study (docs/study.md#output-files): points.csv and summary.csv, written by process 0
// in point order as the points end, then fits.csv.
#pragma once
#include <array>
#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "grazing/estimators.hpp"

namespace grazing {

// One row of points.csv: a point at one output time (docs/study.md#pointscsv).
struct PointsRow {
  std::size_t point = 0, N = 0, replicas = 0;
  double h = 0, t = 0;
  double mean_v4 = 0, mean_v4_se = 0, ref_v4 = 0;
  double w2_speed = 0, w2_speed_se = 0, w2_speed_iid = 0, w2_speed_iid_se = 0, sliced_w2 = 0, sliced_w2_iid = 0;
  double s_m2_mean = 0, s_m2_median_of_means = 0, s_m2_truncated = 0;
  double entropy = 0, entropy_iid = 0, ref_entropy = 0, fisher = 0, fisher_iid = 0, ref_fisher = 0;
  double w2_exact = 0, w2_exact_iid = 0;
  struct Function {
    double mu = 0, var = 0, nvar = 0, cov2 = 0;
  };
  std::vector<Function> functions;  // per test function of the bank, in its order
};

// One row of summary.csv: a point (docs/study.md#summarycsv).
struct SummaryRow {
  std::size_t point = 0, N = 0, replicas = 0;
  double h = 0;
  double sup_w2_speed = 0, sup_w2_speed_se = 0, sup_w2_speed_iid = 0, sup_w2_speed_iid_se = 0, ratio = 0;
  double max_nvar_bump = 0;
  std::uint64_t events = 0;
  double wall_seconds = 0, simulation_seconds = 0;
};

// The row as a line of its table (numbers to 8 significant digits, non-finite ones as nan).
std::string csv_line(const PointsRow& r);
std::string csv_line(const SummaryRow& r);

// A point's lines and what fits.csv needs of it, sent to process 0 by the group that ran it.
struct PointResult {
  std::size_t point = 0, N = 0;
  double h_used = 0, sup_w2 = 0, sup_w2_iid = 0;
  std::string points_rows, summary_row;
};

// Process 0's tables.
class StudyTables {
 public:
  // Opens points.csv and summary.csv in `dir` and writes their headers (four columns per function of
  // `bank`). fits: fits.csv gets the fits (there is a reference); schedule: the points make one group
  // of fits instead of one per step h.
  StudyTables(const std::string& dir, const std::vector<TestFunction>& bank, bool fits, bool schedule);
  // A point's result, written once every earlier point's is.
  void add(PointResult r);
  // Writes (and flushes) the next point's lines if its result has arrived: true; else false.
  bool write_next();
  std::size_t written() const { return written_; }
  std::size_t received() const { return written_ + waiting_.size(); }
  // fits.csv: least-squares exponents of E sup_t W2 against N (log-log), particles and the i.i.d. floor.
  void write_fits() const;

 private:
  std::string dir_;
  std::ofstream points_, summary_;
  bool fits_, schedule_;
  std::map<std::size_t, PointResult> waiting_;
  std::size_t written_ = 0;  // the first `written_` points are in the tables
  // log N, log E sup W2 (particles, i.i.d.) per step value (the h list), or one group for a schedule
  std::map<double, std::array<std::vector<double>, 3>> fit_groups_;
};

}  // namespace grazing
