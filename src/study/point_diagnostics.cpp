#include "point_diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>
#include <utility>

#include "grazing/wasserstein.hpp"

namespace grazing {
namespace {

struct Stat {  // mean and standard error over replicas
  double sum = 0, sum2 = 0;
  long n = 0;
  void add(double x) { sum += x; sum2 += x * x; ++n; }
  double mean() const { return n ? sum / n : NAN; }
  double var() const { return n > 1 ? (sum2 - sum * sum / n) / (n - 1) : NAN; }
  double se() const { return n > 1 ? std::sqrt(var() / n) : NAN; }
};

// Every process's records, concatenated in rank order (so in replica order), on the group's first
// process; empty on the others.
std::vector<ReplicaRecord> gather_records(const Comm& group, const std::vector<ReplicaRecord>& mine,
                                          std::size_t functions, std::size_t pool) {
  const std::size_t L = packed_size(functions, pool);
  std::vector<double> flat;
  flat.reserve(mine.size() * L);
  for (const ReplicaRecord& r : mine) pack(r, flat);
  const std::vector<char> got = group.gather(flat.data(), sizeof(double) * flat.size());
  std::vector<ReplicaRecord> all;
  if (!group.root()) return all;
  flat.resize(got.size() / sizeof(double));
  std::memcpy(flat.data(), got.data(), got.size());
  for (std::size_t at = 0; at + L <= flat.size(); at += L) all.push_back(unpack(flat.data() + at, functions, pool));
  return all;
}

}  // namespace

PointDiagnostics::PointDiagnostics(const StudyInput& in, std::size_t point, const Comm& group)
    : settings_(in.diagnostics), spec_(in.points[point]), bank_(default_test_functions()), group_(group),
      point_(point), h_used_(spec_.model->step()), ref_(in.reference.make(spec_)) {
  const std::size_t R = spec_.replicas;
  // Whole replicas per process: each diagnoses its own and sends the values to the group's first
  // process; distributed N: the group's first process gets every replica whole and diagnoses them.
  whole_ = std::string(distribution_name(spec_, group)) != "particles";
  std::tie(r0_, r1_) = whole_ ? replica_range(spec_, group) : std::pair<std::size_t, std::size_t>{0, R};
  n_pool_ = std::min(std::max<std::size_t>(1, settings_.pooled_max / R), spec_.N);
  exact_ = settings_.exact_w2 && spec_.N <= 3000;
  sup_w_.assign(R, 0.0);
  sup_w_iid_.assign(R, 0.0);
}

bool PointDiagnostics::at_output(std::size_t k, const std::vector<ReplicaState>& st, const std::vector<Moments>& mo) {
  std::vector<double> Q;
  if (ref_) {
    ref_->advance_to(spec_.output_times[k]);
    Q = ref_->speed_quantiles(settings_.quantile_cells);
  }
  std::vector<ReplicaRecord> records;  // this process's replicas', in replica order
  records.reserve(r1_ - r0_);
  for (std::size_t r = r0_; r < r1_; ++r) records.push_back(diagnose(k, r, st[r].v, mo[r].mean_v4, Q));
  if (whole_ && group_.size() > 1) {  // every replica's record on the group's first process
    records = gather_records(group_, records, bank_.size(), n_pool_);
    if (!group_.root()) return false;
  }
  rows_ += csv_line(add_up(k, records));
  return true;
}

ReplicaRecord PointDiagnostics::diagnose(std::size_t k, std::size_t r, const ParticleStore& v, double mean_v4,
                                         const std::vector<double>& Q) const {
  ReplicaRecord rec;
  rec.mean_v4 = mean_v4;
  TestFunctionValues tv = test_function_values(v, bank_);
  rec.mu = std::move(tv.mean);
  rec.pair = std::move(tv.pair);
  const RngKey diag{spec_.seed, Stream::kDiagnostics, static_cast<std::uint32_t>(r)};
  const PairStatistic ps = pair_u_statistic(v, -2.0, 1e4, settings_.near_diagonal_pairs, diag, 2 * k + 1);
  rec.s_m2_mean = ps.mean;
  rec.s_m2_median_of_means = ps.median_of_means;
  rec.s_m2_truncated = ps.truncated_mean;
  rec.pool.resize(n_pool_);
  rec.pool_iid.resize(n_pool_);
  for (std::size_t i = 0; i < n_pool_; ++i) rec.pool[i] = v.get(i);
  if (!ref_) return rec;
  // i.i.d. samples of f_t of the same size: A (the floor) and B (the sliced reference).
  ParticleStore a(v.size()), b(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    CounterRng ra({spec_.seed, Stream::kReference, static_cast<std::uint32_t>(r)}, k, 2 * i);
    CounterRng rb({spec_.seed, Stream::kReference, static_cast<std::uint32_t>(r)}, k, 2 * i + 1);
    a.set(i, ref_->draw(ra));
    b.set(i, ref_->draw(rb));
  }
  std::vector<double> sp(v.size()), spa(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    sp[i] = norm(v.get(i));  // the empirical measure itself (references have zero mean)
    spa[i] = norm(a.get(i));
  }
  rec.w2_speed = w2_1d_quantiles(sp, Q);
  rec.w2_speed_iid = w2_1d_quantiles(spa, Q);
  rec.sliced_w2 = sliced_w2(v, b, settings_.sliced_directions, diag, 2 * k);
  rec.sliced_w2_iid = sliced_w2(a, b, settings_.sliced_directions, diag, 2 * k);
  if (exact_) {
    rec.w2_exact = w2_exact_3d(v, b);
    rec.w2_exact_iid = w2_exact_3d(a, b);
  }
  for (std::size_t i = 0; i < n_pool_; ++i) rec.pool_iid[i] = a.get(i);
  return rec;
}

PointsRow PointDiagnostics::add_up(std::size_t k, const std::vector<ReplicaRecord>& records) {
  const std::size_t R = spec_.replicas, B = bank_.size();
  Stat v4, w2s, w2i, sl, sli, sm, smm, stt, wx, wxi;
  std::vector<Stat> mu(B), pair(B);
  std::vector<Vec3> pooled, pooled_iid;
  for (std::size_t r = 0; r < R; ++r) {
    const ReplicaRecord& x = records[r];
    v4.add(x.mean_v4);
    for (std::size_t b = 0; b < B; ++b) {
      mu[b].add(x.mu[b]);
      pair[b].add(x.pair[b]);
    }
    sm.add(x.s_m2_mean);
    smm.add(x.s_m2_median_of_means);
    stt.add(x.s_m2_truncated);
    pooled.insert(pooled.end(), x.pool.begin(), x.pool.end());
    if (!ref_) continue;
    w2s.add(x.w2_speed);
    w2i.add(x.w2_speed_iid);
    sup_w_[r] = std::max(sup_w_[r], x.w2_speed);
    sup_w_iid_[r] = std::max(sup_w_iid_[r], x.w2_speed_iid);
    sl.add(x.sliced_w2);
    sli.add(x.sliced_w2_iid);
    if (exact_) {
      wx.add(x.w2_exact);
      wxi.add(x.w2_exact_iid);
    }
    pooled_iid.insert(pooled_iid.end(), x.pool_iid.begin(), x.pool_iid.end());
  }
  PointsRow row;
  row.entropy = row.entropy_iid = row.fisher = row.fisher_iid = NAN;
  if (settings_.entropy_fisher) {
    double bw = 0;
    row.entropy = kl_entropy(pooled);
    row.fisher = kde_fisher(pooled, 0, &bw);
    if (ref_) {
      row.entropy_iid = kl_entropy(pooled_iid);
      row.fisher_iid = kde_fisher(pooled_iid, bw);
    }
  }
  row.point = point_;
  row.N = spec_.N;
  row.h = h_used_;
  row.replicas = R;
  row.t = spec_.output_times[k];
  row.mean_v4 = v4.mean();
  row.mean_v4_se = v4.se();
  row.ref_v4 = ref_ ? ref_->moment4() : NAN;
  row.w2_speed = w2s.mean();
  row.w2_speed_se = w2s.se();
  row.w2_speed_iid = w2i.mean();
  row.w2_speed_iid_se = w2i.se();
  row.sliced_w2 = sl.mean();
  row.sliced_w2_iid = sli.mean();
  row.s_m2_mean = sm.mean();
  row.s_m2_median_of_means = smm.mean();
  row.s_m2_truncated = stt.mean();
  row.ref_entropy = ref_ ? ref_->entropy() : NAN;
  row.ref_fisher = ref_ ? ref_->fisher() : NAN;
  row.w2_exact = wx.mean();
  row.w2_exact_iid = wxi.mean();
  const double n = static_cast<double>(spec_.N);
  for (std::size_t b = 0; b < B; ++b) {
    const double var = mu[b].var(), m = mu[b].mean();
    // E[mean(mu)^2] = E[mu]^2 + Var(mu)/R: the covariance estimate adds Var/R back (unbiased)
    row.functions.push_back({m, var, n * var, pair[b].mean() - m * m + var / static_cast<double>(R)});
    if (b == 0) max_nvar_ = std::max(max_nvar_, n * var);
  }
  return row;
}

PointResult PointDiagnostics::result(const RunSummary& rs, double diagnostics_seconds) const {
  const std::size_t R = spec_.replicas;
  Stat sw, swi;
  for (std::size_t r = 0; r < R; ++r) {
    sw.add(sup_w_[r]);
    swi.add(sup_w_iid_[r]);
  }
  const double nan = std::nan("");
  SummaryRow s;
  s.point = point_;
  s.N = spec_.N;
  s.h = h_used_;
  s.replicas = R;
  s.sup_w2_speed = ref_ ? sw.mean() : nan;
  s.sup_w2_speed_se = ref_ ? sw.se() : nan;
  s.sup_w2_speed_iid = ref_ ? swi.mean() : nan;
  s.sup_w2_speed_iid_se = ref_ ? swi.se() : nan;
  s.ratio = ref_ ? sw.mean() / swi.mean() : nan;
  s.max_nvar_bump = max_nvar_;
  s.events = rs.counters.events;
  s.wall_seconds = rs.wall_seconds;
  s.simulation_seconds = rs.wall_seconds - diagnostics_seconds;
  return {point_, spec_.N, h_used_, sw.mean(), swi.mean(), rows_, csv_line(s)};
}

}  // namespace grazing
