#include "sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <numeric>
#include <optional>
#include <thread>
#include <utility>

#include "grazing/run.hpp"
#include "point_diagnostics.hpp"

namespace grazing {
namespace {

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

// Runs point `pi` on `group`, its diagnostics at every output time, calling `on_row(k)` on the group's
// first process once the line of output time k is made. Returns the point's result there, nothing on
// the group's other processes.
std::optional<PointResult> run_point(const StudyInput& in, std::size_t pi, const Comm& group,
                                     const std::function<void(std::size_t k)>& on_row) {
  const RunSpec& spec = in.points[pi];
  PointDiagnostics diagnostics(in, pi, group);
  double diagnostics_seconds = 0;  // spent in this callback: the rest of the run is the simulation
  SimulateHooks hooks;
  hooks.comm = &group;
  hooks.needs_states = true;
  hooks.local_states = true;
  hooks.on_output = [&](std::size_t k, const std::vector<ReplicaState>& st, const std::vector<Moments>& mo) {
    const auto t0 = std::chrono::steady_clock::now();
    if (diagnostics.at_output(k, st, mo)) on_row(k);
    diagnostics_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  Progress quiet(Progress::Mode::kQuiet);
  RunState state = start_run(spec, run_threads(spec), group);
  const RunSummary rs = simulate(spec, quiet, state, hooks);
  if (!group.root()) return std::nullopt;
  return diagnostics.result(rs, diagnostics_seconds);
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

void run_sweep(const StudyInput& in, const Comm& comm, StudyTables* tables, Progress& progress) {
  const std::size_t points = in.points.size();
  std::vector<double> cost(points);
  for (std::size_t pi = 0; pi < points; ++pi) {
    const RunSpec& sp = in.points[pi];
    const double e = sp.model->expected_events(sp.N, sp.t_end * sp.time_scale);
    cost[pi] = (e > 0 ? e : static_cast<double>(sp.N)) * sp.replicas;
  }
  const PointAssignment plan = assign_points(cost, comm.size());
  const Comm group = comm.size() == 1 ? comm : comm.split(plan.group_of_rank[comm.rank()]);
  const int my_group = plan.group_of_rank[comm.rank()];

  auto write_ready = [&] {  // process 0: the points whose earlier points are all written
    while (tables->write_next())
      progress.update(static_cast<double>(tables->written()) / points,
                      fmt::format("{}/{} points", tables->written(), points));
  };
  auto receive_results = [&](bool wait) {  // process 0: results sent by the other groups
    int source = 0, tag = 0;
    while (tables->received() < points) {
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

  for (std::size_t pi = 0; pi < points; ++pi) {
    if (plan.group_of_point[pi] != my_group) continue;
    const RunSpec& spec = in.points[pi];
    std::optional<PointResult> res = run_point(in, pi, group, [&](std::size_t k) {
      if (tables)
        progress.update((tables->written() + static_cast<double>(k + 1) / spec.output_times.size()) / points,
                        fmt::format("point {}/{} (N={}) t={:.4g}", pi + 1, points, spec.N, spec.output_times[k]));
    });
    if (res && tables) tables->add(std::move(*res));
    else if (res) comm.send(0, 0, encode_result(*res));
    if (tables) {
      receive_results(false);
      write_ready();
    }
  }
  if (tables) {
    receive_results(true);
    write_ready();
  }
  comm.finish_sends();
}

}  // namespace grazing
