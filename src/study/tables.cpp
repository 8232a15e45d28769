#include "tables.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <utility>

namespace grazing {
namespace {

namespace fs = std::filesystem;

std::string fmtd(double x) { return std::isfinite(x) ? fmt::format("{:.8g}", x) : "nan"; }

double slope(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

}  // namespace

std::string csv_line(const PointsRow& r) {
  std::string line = fmt::format(
      "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", r.point, r.N, fmtd(r.h),
      r.replicas, fmtd(r.t), fmtd(r.mean_v4), fmtd(r.mean_v4_se), fmtd(r.ref_v4), fmtd(r.w2_speed),
      fmtd(r.w2_speed_se), fmtd(r.w2_speed_iid), fmtd(r.w2_speed_iid_se), fmtd(r.sliced_w2), fmtd(r.sliced_w2_iid),
      fmtd(r.s_m2_mean), fmtd(r.s_m2_median_of_means), fmtd(r.s_m2_truncated), fmtd(r.entropy), fmtd(r.entropy_iid),
      fmtd(r.ref_entropy), fmtd(r.fisher), fmtd(r.fisher_iid), fmtd(r.ref_fisher), fmtd(r.w2_exact),
      fmtd(r.w2_exact_iid));
  for (const PointsRow::Function& f : r.functions)
    line += fmt::format(",{},{},{},{}", fmtd(f.mu), fmtd(f.var), fmtd(f.nvar), fmtd(f.cov2));
  return line + "\n";
}

std::string csv_line(const SummaryRow& r) {
  return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.point, r.N, fmtd(r.h), r.replicas,
                     fmtd(r.sup_w2_speed), fmtd(r.sup_w2_speed_se), fmtd(r.sup_w2_speed_iid),
                     fmtd(r.sup_w2_speed_iid_se), fmtd(r.ratio), fmtd(r.max_nvar_bump), r.events,
                     fmtd(r.wall_seconds), fmtd(r.simulation_seconds));
}

StudyTables::StudyTables(const std::string& dir, const std::vector<TestFunction>& bank, bool fits, bool schedule)
    : dir_(dir), points_(fs::path(dir) / "points.csv"), summary_(fs::path(dir) / "summary.csv"), fits_(fits),
      schedule_(schedule) {
  points_ << "point,N,h,replicas,t,mean_v4,mean_v4_se,ref_v4,w2_speed,w2_speed_se,w2_speed_iid,w2_speed_iid_se,"
             "sliced_w2,sliced_w2_iid,S_m2_mean,S_m2_median_of_means,S_m2_truncated,entropy,entropy_iid,ref_entropy,"
             "fisher,fisher_iid,ref_fisher,w2_exact,w2_exact_iid";
  for (const auto& tf : bank) points_ << fmt::format(",mu_{0},var_{0},Nvar_{0},cov2_{0}", tf.name);
  points_ << "\n";
  summary_ << "point,N,h,replicas,sup_w2_speed,sup_w2_speed_se,sup_w2_speed_iid,sup_w2_speed_iid_se,ratio,"
              "max_Nvar_bump,events,wall_seconds,simulation_seconds\n";
}

void StudyTables::add(PointResult r) {
  const std::size_t point = r.point;
  waiting_.emplace(point, std::move(r));
}

bool StudyTables::write_next() {
  const auto it = waiting_.find(written_);
  if (it == waiting_.end()) return false;
  const PointResult& res = it->second;
  points_ << res.points_rows;
  points_.flush();
  summary_ << res.summary_row;
  summary_.flush();
  if (fits_) {
    auto& g = fit_groups_[schedule_ ? -1.0 : res.h_used];
    g[0].push_back(std::log(static_cast<double>(res.N)));
    g[1].push_back(std::log(res.sup_w2));
    g[2].push_back(std::log(res.sup_w2_iid));
  }
  waiting_.erase(it);
  ++written_;
  return true;
}

void StudyTables::write_fits() const {
  std::ofstream fits(fs::path(dir_) / "fits.csv");
  fits << "quantity,h,exponent,points\n";
  for (const auto& [h, g] : fit_groups_) {
    const bool fit = g[0].size() >= 2 && g[0].front() != g[0].back();
    const std::string hs = h < 0 ? "schedule" : fmtd(h);
    fits << "sup_w2_speed_vs_N," << hs << "," << (fit ? fmtd(slope(g[0], g[1])) : "nan") << "," << g[0].size() << "\n";
    fits << "sup_w2_speed_iid_vs_N," << hs << "," << (fit ? fmtd(slope(g[0], g[2])) : "nan") << "," << g[0].size() << "\n";
  }
}

}  // namespace grazing
