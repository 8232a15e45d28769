#include "study.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <thread>
#include <utility>
#include <filesystem>
#include <fstream>
#include <array>
#include <map>
#include <optional>

#include "grazing/config.hpp"
#include "grazing/comm.hpp"
#include "grazing/error.hpp"
#include "grazing/run_lock.hpp"
#include "grazing/estimators.hpp"
#include "grazing/output.hpp"
#include "grazing/run.hpp"
#include "grazing/version.hpp"
#include "grazing/wasserstein.hpp"
#include "reference_law.hpp"
#include "replica_record.hpp"
#include "study_input.hpp"
#include "tables.hpp"

namespace grazing {
namespace {

namespace fs = std::filesystem;

struct Stat {  // mean and standard error over replicas
  double sum = 0, sum2 = 0;
  long n = 0;
  void add(double x) { sum += x; sum2 += x * x; ++n; }
  double mean() const { return n ? sum / n : NAN; }
  double var() const { return n > 1 ? (sum2 - sum * sum / n) / (n - 1) : NAN; }
  double se() const { return n > 1 ? std::sqrt(var() / n) : NAN; }
};

// The output directory of a study: created when missing, locked (one process per directory, as a run
// directory: RunDirLock), refused when it holds files unless `force` (then the study's own files are
// removed).
RunDirLock prepare_study_directory(const std::string& out, bool force, const std::string& command) {
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out))
    throw InputError("output.dir", fmt::format("cannot create directory '{}': {}", out, ec.message()));
  RunDirLock lock(out, "output.dir", command);
  if (!RunDirLock::empty_but_lock(out)) {
    if (!force)
      throw InputError("output.dir", fmt::format("'{}' exists and is not empty: give --force to replace its study, or another --out", out));
    for (const auto& entry : fs::directory_iterator(out)) {  // the study's own files only
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".csv" || ext == ".png" || entry.path().filename() == "study.json"))
        fs::remove(entry.path(), ec);
    }
  }
  return lock;
}

std::string encode_result(const PointResult& r) {
  std::string s(2 * sizeof(std::size_t) + 3 * sizeof(double) + sizeof(std::uint64_t), '\0');
  char* p = s.data();
  const std::uint64_t rows = r.points_rows.size();
  for (const void* x : {static_cast<const void*>(&r.point), static_cast<const void*>(&r.N)}) {
    std::memcpy(p, x, sizeof(std::size_t));
    p += sizeof(std::size_t);
  }
  for (double x : {r.h_used, r.sup_w2, r.sup_w2_iid}) {
    std::memcpy(p, &x, sizeof x);
    p += sizeof x;
  }
  std::memcpy(p, &rows, sizeof rows);
  return s + r.points_rows + r.summary_row;
}

PointResult decode_result(const std::string& s) {
  PointResult r;
  const char* p = s.data();
  std::memcpy(&r.point, p, sizeof(std::size_t));
  std::memcpy(&r.N, p + sizeof(std::size_t), sizeof(std::size_t));
  p += 2 * sizeof(std::size_t);
  for (double* x : {&r.h_used, &r.sup_w2, &r.sup_w2_iid}) {
    std::memcpy(x, p, sizeof(double));
    p += sizeof(double);
  }
  std::uint64_t rows = 0;
  std::memcpy(&rows, p, sizeof rows);
  p += sizeof rows;
  const std::size_t head = static_cast<std::size_t>(p - s.data());
  r.points_rows = s.substr(head, rows);
  r.summary_row = s.substr(head + rows);
  return r;
}

}  // namespace

PointAssignment assign_points(const std::vector<double>& cost, int P) {
  const std::size_t n = cost.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost[a] > cost[b]; });
  PointAssignment a;
  a.group_of_point.assign(n, 0);
  a.group_of_rank.assign(static_cast<std::size_t>(P), 0);
  if (n >= static_cast<std::size_t>(P)) {
    std::vector<double> load(static_cast<std::size_t>(P), 0.0);
    for (std::size_t pi : order) {
      const auto g = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
      a.group_of_point[pi] = static_cast<int>(g);
      load[g] += cost[pi];
    }
    std::iota(a.group_of_rank.begin(), a.group_of_rank.end(), 0);
    return a;
  }
  const auto G = static_cast<int>(n);
  int rank = 0;
  for (int g = 0; g < G; ++g) {  // group g: the g-th costliest point
    a.group_of_point[order[static_cast<std::size_t>(g)]] = g;
    const int size = P / G + (g < P % G ? 1 : 0);
    for (int i = 0; i < size; ++i) a.group_of_rank[static_cast<std::size_t>(rank++)] = g;
  }
  return a;
}

StudyResult run_study(const StudyOptions& opt) {
  const StudyInput in = read_study_input(opt);
  const std::vector<RunSpec>& specs = in.points;
  const std::string& out = in.out_dir;
  const std::string& ref_kind = in.reference.kind;
  const bool schedule = in.schedule;
  const DiagnosticSettings& d = in.diagnostics;
  // Process 0 owns the directory (several MPI processes: the others compute and write nothing); its
  // verdict reaches every process.
  const Comm& comm = Comm::world();
  std::string refused;
  RunDirLock lock;  // held until the study returns
  if (comm.root()) {
    try {
      lock = prepare_study_directory(out, opt.force, "grazing study " + opt.study_path);
    } catch (const InputError& e) {
      if (comm.size() == 1) throw;
      refused = e.what();
    }
  }
  comm.broadcast(refused);
  if (!refused.empty()) throw InputError("", refused);

  const auto& bank = default_test_functions();
  const bool root = comm.root();
  std::optional<StudyTables> tables;  // process 0 writes every table
  if (root) tables.emplace(out, bank, ref_kind != "none", schedule);
  Progress progress(root ? opt.progress : Progress::Mode::kQuiet);
  // Several processes (docs/parallel.md): the points are spread over groups of processes, each point
  // run and diagnosed by its group, and its rows sent to process 0, which writes them in point order.
  std::vector<double> cost(specs.size());
  for (std::size_t pi = 0; pi < specs.size(); ++pi) {
    const RunSpec& sp = specs[pi];
    const double e = sp.model->expected_events(sp.N, sp.t_end * sp.time_scale);
    cost[pi] = (e > 0 ? e : static_cast<double>(sp.N)) * sp.replicas;
  }
  const PointAssignment plan = assign_points(cost, comm.size());
  const Comm group = comm.size() == 1 ? comm : comm.split(plan.group_of_rank[comm.rank()]);
  const int my_group = plan.group_of_rank[comm.rank()];

  auto write_ready = [&] {  // process 0: the points whose earlier points are all written
    while (tables->write_next())
      progress.update(static_cast<double>(tables->written()) / specs.size(),
                      fmt::format("{}/{} points", tables->written(), specs.size()));
  };
  auto receive_results = [&](bool wait) {  // process 0: results sent by the other groups
    int source = 0, tag = 0;
    while (tables->received() < specs.size()) {
      if (!comm.probe(source, tag, false)) {
        if (!wait) return;
        // polled, not a blocking probe: MPI's blocking calls spin, taking a core from the processes
        // still computing when the job has more processes than cores
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        continue;
      }
      tables->add(decode_result(comm.receive(source, tag)));
    }
  };

  for (std::size_t pi = 0; pi < specs.size(); ++pi) {
    if (plan.group_of_point[pi] != my_group) continue;
    const RunSpec& spec = specs[pi];
    const double h_used = spec.model->step();
    auto ref = in.reference.make(spec);
    const std::size_t R = spec.replicas, B = bank.size();
    // Whole replicas per process: each diagnoses its own and sends the values to the group's first
    // process; distributed N: the group's first process gets every replica whole and diagnoses them.
    const bool whole = std::string(distribution_name(spec, group)) != "particles";
    const auto [r0, r1] = whole ? replica_range(spec, group) : std::pair<std::size_t, std::size_t>{0, R};
    const std::size_t per = std::max<std::size_t>(1, d.pooled_max / R), n_pool = std::min(per, spec.N);
    const bool exact = d.exact_w2 && spec.N <= 3000;
    std::vector<double> sup_w(R, 0.0), sup_w_iid(R, 0.0);
    double max_nvar = 0;
    std::string rows;
    Progress quiet(Progress::Mode::kQuiet);
    double diagnostics_seconds = 0;  // spent in this callback: the rest of the run is the simulation
    SimulateHooks hooks;
    hooks.comm = &group;
    hooks.needs_states = true;
    hooks.local_states = true;
    hooks.on_output = [&](std::size_t k, const std::vector<ReplicaState>& st, const std::vector<Moments>& mo) {
      const auto diag_start = std::chrono::steady_clock::now();
      struct AddTime {
        std::chrono::steady_clock::time_point t0;
        double& total;
        ~AddTime() { total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); }
      } add_time{diag_start, diagnostics_seconds};
      const double t = spec.output_times[k];
      std::vector<double> Q;
      if (ref) {
        ref->advance_to(t);
        Q = ref->speed_quantiles(d.quantile_cells);
      }
      std::vector<ReplicaRecord> records;  // this process's replicas', in replica order
      records.reserve(r1 - r0);
      for (std::size_t r = r0; r < r1; ++r) {
        const ParticleStore& v = st[r].v;
        ReplicaRecord& rec = records.emplace_back();
        rec.mean_v4 = mo[r].mean_v4;
        TestFunctionValues tv = test_function_values(v, bank);
        rec.mu = std::move(tv.mean);
        rec.pair = std::move(tv.pair);
        const RngKey diag{spec.seed, Stream::kDiagnostics, static_cast<std::uint32_t>(r)};
        const PairStatistic ps = pair_u_statistic(v, -2.0, 1e4, d.near_diagonal_pairs, diag, 2 * k + 1);
        rec.s_m2_mean = ps.mean;
        rec.s_m2_median_of_means = ps.median_of_means;
        rec.s_m2_truncated = ps.truncated_mean;
        rec.pool.resize(n_pool);
        rec.pool_iid.resize(n_pool);
        for (std::size_t i = 0; i < n_pool; ++i) rec.pool[i] = v.get(i);
        if (!ref) continue;
        // i.i.d. samples of f_t of the same size: A (the floor) and B (the sliced reference).
        ParticleStore a(v.size()), b(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) {
          CounterRng ra({spec.seed, Stream::kReference, static_cast<std::uint32_t>(r)}, k, 2 * i);
          CounterRng rb({spec.seed, Stream::kReference, static_cast<std::uint32_t>(r)}, k, 2 * i + 1);
          a.set(i, ref->draw(ra));
          b.set(i, ref->draw(rb));
        }
        std::vector<double> sp(v.size()), spa(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) {
          sp[i] = norm(v.get(i));  // the empirical measure itself (references have zero mean)
          spa[i] = norm(a.get(i));
        }
        rec.w2_speed = w2_1d_quantiles(sp, Q);
        rec.w2_speed_iid = w2_1d_quantiles(spa, Q);
        rec.sliced_w2 = sliced_w2(v, b, d.sliced_directions, diag, 2 * k);
        rec.sliced_w2_iid = sliced_w2(a, b, d.sliced_directions, diag, 2 * k);
        if (exact) {
          rec.w2_exact = w2_exact_3d(v, b);
          rec.w2_exact_iid = w2_exact_3d(a, b);
        }
        for (std::size_t i = 0; i < n_pool; ++i) rec.pool_iid[i] = a.get(i);
      }
      if (whole && group.size() > 1) {  // every replica's record on the group's first process
        const std::size_t L = packed_size(B, n_pool);
        std::vector<double> flat;
        flat.reserve(records.size() * L);
        for (const ReplicaRecord& r : records) pack(r, flat);
        const std::vector<char> got = group.gather(flat.data(), sizeof(double) * flat.size());
        if (!group.root()) return;
        flat.resize(got.size() / sizeof(double));
        std::memcpy(flat.data(), got.data(), got.size());
        records.clear();
        for (std::size_t at = 0; at + L <= flat.size(); at += L) records.push_back(unpack(flat.data() + at, B, n_pool));
      }
      // The group's first process: the point's row, from the records in replica order.
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
        if (!ref) continue;
        w2s.add(x.w2_speed);
        w2i.add(x.w2_speed_iid);
        sup_w[r] = std::max(sup_w[r], x.w2_speed);
        sup_w_iid[r] = std::max(sup_w_iid[r], x.w2_speed_iid);
        sl.add(x.sliced_w2);
        sli.add(x.sliced_w2_iid);
        if (exact) {
          wx.add(x.w2_exact);
          wxi.add(x.w2_exact_iid);
        }
        pooled_iid.insert(pooled_iid.end(), x.pool_iid.begin(), x.pool_iid.end());
      }
      double H = NAN, Hi = NAN, I = NAN, Ii = NAN, bw = 0;
      if (d.entropy_fisher) {
        H = kl_entropy(pooled);
        I = kde_fisher(pooled, 0, &bw);
        if (ref) {
          Hi = kl_entropy(pooled_iid);
          Ii = kde_fisher(pooled_iid, bw);
        }
      }
      PointsRow row;
      row.point = pi;
      row.N = spec.N;
      row.h = h_used;
      row.replicas = R;
      row.t = t;
      row.mean_v4 = v4.mean();
      row.mean_v4_se = v4.se();
      row.ref_v4 = ref ? ref->moment4() : NAN;
      row.w2_speed = w2s.mean();
      row.w2_speed_se = w2s.se();
      row.w2_speed_iid = w2i.mean();
      row.w2_speed_iid_se = w2i.se();
      row.sliced_w2 = sl.mean();
      row.sliced_w2_iid = sli.mean();
      row.s_m2_mean = sm.mean();
      row.s_m2_median_of_means = smm.mean();
      row.s_m2_truncated = stt.mean();
      row.entropy = H;
      row.entropy_iid = Hi;
      row.ref_entropy = ref ? ref->entropy() : NAN;
      row.fisher = I;
      row.fisher_iid = Ii;
      row.ref_fisher = ref ? ref->fisher() : NAN;
      row.w2_exact = wx.mean();
      row.w2_exact_iid = wxi.mean();
      const double n = static_cast<double>(spec.N);
      for (std::size_t b = 0; b < B; ++b) {
        const double var = mu[b].var(), m = mu[b].mean();
        // E[mean(mu)^2] = E[mu]^2 + Var(mu)/R: the covariance estimate adds Var/R back (unbiased)
        row.functions.push_back({m, var, n * var, pair[b].mean() - m * m + var / static_cast<double>(R)});
        if (b == 0) max_nvar = std::max(max_nvar, n * var);
      }
      rows += csv_line(row);
      if (root)
        progress.update((tables->written() + static_cast<double>(k + 1) / spec.output_times.size()) / specs.size(),
                        fmt::format("point {}/{} (N={}) t={:.4g}", pi + 1, specs.size(), spec.N, t));
    };
    RunState state = start_run(spec, run_threads(spec), group);
    const RunSummary rs = simulate(spec, quiet, state, hooks);
    if (group.root()) {
      Stat sw, swi;
      for (std::size_t r = 0; r < R; ++r) {
        sw.add(sup_w[r]);
        swi.add(sup_w_iid[r]);
      }
      const double nan = std::nan("");
      PointResult res;
      res.point = pi;
      res.N = spec.N;
      res.h_used = h_used;
      res.sup_w2 = sw.mean();
      res.sup_w2_iid = swi.mean();
      res.points_rows = std::move(rows);
      SummaryRow srow;
      srow.point = pi;
      srow.N = spec.N;
      srow.h = h_used;
      srow.replicas = R;
      srow.sup_w2_speed = ref ? sw.mean() : nan;
      srow.sup_w2_speed_se = ref ? sw.se() : nan;
      srow.sup_w2_speed_iid = ref ? swi.mean() : nan;
      srow.sup_w2_speed_iid_se = ref ? swi.se() : nan;
      srow.ratio = ref ? sw.mean() / swi.mean() : nan;
      srow.max_nvar_bump = max_nvar;
      srow.events = rs.counters.events;
      srow.wall_seconds = rs.wall_seconds;
      srow.simulation_seconds = rs.wall_seconds - diagnostics_seconds;
      res.summary_row = csv_line(srow);
      if (root) tables->add(std::move(res));
      else comm.send(0, 0, encode_result(res));
    }
    if (root) {
      receive_results(false);
      write_ready();
    }
  }
  if (root) {
    receive_results(true);
    write_ready();
  }
  comm.finish_sends();
  if (root) tables->write_fits();
  // I(f0), the bound of docs/physics/references.md#the-near-diagonal-bound on S_-2
  const double fisher0 = in.base.initial->fisher_information().value_or(NAN);
  nlohmann::json j = {{"study", opt.study_path}, {"base", in.base_path}, {"reference", ref_kind},
                      {"smoke", opt.smoke},
                      {"fisher_f0", std::isfinite(fisher0) ? nlohmann::json(fisher0) : nlohmann::json()},
                      {"landau_C", in.base.landau_C}, {"gamma", in.base.model->gamma()},
                      {"points", specs.size()}, {"version", kVersion},
                      {"files", {"points.csv", "summary.csv", "fits.csv"}}};
  if (root) write_json_file((fs::path(out) / "study.json").string(), j);
  progress.finish(fmt::format("{} study point(s), tables in {}", specs.size(), out));
  return {out, root && opt.plots && in.plots};
}

}  // namespace grazing
