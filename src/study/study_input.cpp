#include "study_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "grazing/error.hpp"

namespace grazing {
namespace {

namespace fs = std::filesystem;

const std::vector<ParamSpec>& study_params() {
  static const std::vector<ParamSpec> p = {
      {"base", ParamType::kString, "required", "run config swept by the study (path relative to the study file)"},
      {"reference", ParamType::kString, "\"none\"", "reference law f_t: \"bkw\", \"radial\" or \"none\""},
      {"N", ParamType::kRealList, "[base N]", "particle numbers to sweep"},
      {"h", ParamType::kRealList, "[base step]", "steps to sweep (model.h, or model.dt for step-based models)"},
      {"h_c", ParamType::kReal, "unset", "with h_beta: the schedule h_N = h_c N^(-h_beta) instead of the list h"},
      {"h_beta", ParamType::kReal, "unset", "exponent of the h_N schedule"},
      {"replicas", ParamType::kRealList, "[base replicas]", "replicas, one value for all points or one per N"},
      {"sliced_directions", ParamType::kInteger, "32", "directions of the sliced W2"},
      {"quantile_cells", ParamType::kInteger, "65536", "cells of the reference quantile table for the W2 of |v|"},
      {"pooled_max", ParamType::kInteger, "5000", "particles pooled over replicas for entropy and Fisher information"},
      {"entropy_fisher", ParamType::kBool, "true", "estimate entropy (k-NN) and Fisher information (KDE)"},
      {"exact_w2", ParamType::kBool, "false", "also the exact 3-D W2 (optimal assignment, O(N^2) memory) to an i.i.d. sample of f_t, for N <= 3000"},
      {"near_diagonal_pairs", ParamType::kInteger, "200000", "pairs for S_-2 per replica (all pairs if fewer)"},
      {"radial_cells", ParamType::kInteger, "200", "cells of the radial solver (reference = \"radial\")"},
      {"radial_r_max", ParamType::kReal, "10", "outer radius of the radial solver"},
      {"radial_dt", ParamType::kReal, "1e-3", "time step of the radial solver"},
  };
  return p;
}

// A key given either as one number or as a non-empty array of numbers (an empty one would sweep
// nothing and write empty tables).
std::vector<double> one_or_many(const Section& sec, const std::string& key) {
  std::vector<double> values;
  try {
    values = sec.reals(key);
  } catch (const InputError&) {
    return {sec.real(key)};
  }
  if (values.empty()) throw InputError(sec.qualified(key), "is an empty array: give at least one value");
  return values;
}

struct Point {
  std::size_t N;
  double h;  // < 0: the base value
  std::uint32_t replicas;
};

struct Sweep {
  std::vector<Point> points;
  bool schedule = false;
  double h_c = 0;  // checked with the diagnostics' keys (check_settings)
};

// The sweep points (docs/study.md#the-sweep-points); with --smoke, N capped at 200 and replicas at 3.
Sweep read_sweep(const Section& sec, const RunSpec& base, bool smoke) {
  Sweep sweep;
  std::vector<double> Ns = sec.has("N") ? one_or_many(sec, "N") : std::vector<double>{static_cast<double>(base.N)};
  for (double n : Ns)
    if (!(n >= 2 && n == std::floor(n))) throw InputError("study.N", fmt::format("every N must be an integer >= 2 (got {})", n));
  std::vector<double> hs = sec.has("h") ? one_or_many(sec, "h") : std::vector<double>{-1.0};
  sweep.schedule = sec.has("h_c") || sec.has("h_beta");
  if (sweep.schedule && sec.has("h")) throw InputError("study.h", "give either the list h or the schedule h_c, h_beta, not both");
  sweep.h_c = sweep.schedule ? sec.real("h_c") : 0;
  const double hb = sweep.schedule ? sec.real("h_beta") : 0;
  for (double h : hs)
    if (sec.has("h") && !(h > 0)) throw InputError("study.h", fmt::format("every step must be > 0 (got {})", h));
  std::vector<double> reps = sec.has("replicas") ? one_or_many(sec, "replicas") : std::vector<double>{static_cast<double>(base.replicas)};
  if (reps.size() != 1 && reps.size() != Ns.size())
    throw InputError("study.replicas", "give one value, or one per N");
  const bool exact_w2 = sec.boolean("exact_w2", false);
  for (std::size_t a = 0; a < Ns.size(); ++a) {
    double R = reps.size() == 1 ? reps[0] : reps[a];
    if (smoke) {
      Ns[a] = std::min(Ns[a], 200.0);
      R = std::min(R, 3.0);
      if (a > 0 && Ns[a] == Ns[a - 1]) continue;  // capped points that would repeat
    }
    if (exact_w2 && Ns[a] > 3000) throw InputError("study.exact_w2", fmt::format("needs every N <= 3000 (got {})", Ns[a]));
    if (!(R >= 2 && R == std::floor(R))) throw InputError("study.replicas", "replicas must be integers >= 2 (variances need two)");
    if (sweep.schedule) sweep.points.push_back({static_cast<std::size_t>(Ns[a]), sweep.h_c / std::pow(Ns[a], hb), static_cast<std::uint32_t>(R)});
    else
      for (double h : hs) sweep.points.push_back({static_cast<std::size_t>(Ns[a]), h, static_cast<std::uint32_t>(R)});
  }
  return sweep;
}

// The reference's and the diagnostics' keys, read (types) and then checked, in this order.
void read_settings(const Section& sec, const Sweep& sweep, StudyInput& in) {
  ReferenceChoice& ref = in.reference;
  DiagnosticSettings& d = in.diagnostics;
  ref.kind = sec.string("reference", "none");
  ref.gamma = in.base.model->gamma();
  d.exact_w2 = sec.boolean("exact_w2", false);
  d.sliced_directions = static_cast<int>(sec.integer("sliced_directions", 32));
  d.quantile_cells = static_cast<std::size_t>(sec.integer("quantile_cells", 65536));
  d.pooled_max = static_cast<std::size_t>(sec.integer("pooled_max", 5000));
  d.entropy_fisher = sec.boolean("entropy_fisher", true);
  d.near_diagonal_pairs = static_cast<std::uint64_t>(sec.integer("near_diagonal_pairs", 200000));
  ref.cells = static_cast<int>(sec.integer("radial_cells", 200));
  ref.r_max = sec.real("radial_r_max", 10);
  ref.dt = sec.real("radial_dt", 1e-3);
  if (d.sliced_directions < 1) throw InputError("study.sliced_directions", "must be >= 1");
  if (sweep.schedule && !(sweep.h_c > 0)) throw InputError("study.h_c", fmt::format("must be > 0 (got {})", sweep.h_c));
  if (sec.integer("near_diagonal_pairs", 200000) < 1) throw InputError("study.near_diagonal_pairs", "must be >= 1");
  if (sec.integer("pooled_max", 5000) < 10) throw InputError("study.pooled_max", "must be >= 10");
  if (ref.cells < 4) throw InputError("study.radial_cells", "must be >= 4");
  if (!(ref.r_max > 0)) throw InputError("study.radial_r_max", "must be > 0");
  if (!(ref.dt > 0)) throw InputError("study.radial_dt", "must be > 0");
  if (d.quantile_cells < 16) throw InputError("study.quantile_cells", "must be >= 16");
}

}  // namespace

StudyInput read_study_input(const StudyOptions& opt) {
  toml::table study = read_config_file(opt.study_path);
  for (const auto& [k, v] : study) {
    const std::string s(k.str());
    if (s != "study" && s != "output") throw InputError(s, "unknown section (allowed: [study], [output])");
  }
  const std::string base_dir = fs::path(opt.study_path).parent_path().string();
  const Section sec("study", study["study"].as_table(), base_dir);
  sec.check_known(study_params(), "[study]");
  const Section out_sec("output", study["output"].as_table(), base_dir);
  out_sec.check_known({{"dir", ParamType::kString, "", ""}, {"plots", ParamType::kBool, "", ""}}, "[output] of a study");
  out_sec.boolean("plots", true);  // type-checked now, before anything runs

  StudyInput in;
  fs::path base_path = sec.string("base");
  if (base_path.is_relative()) base_path = fs::path(base_dir) / base_path;
  in.base_path = base_path.string();
  toml::table base = read_config_file(in.base_path);
  for (const auto& o : opt.overrides) apply_override(base, o);
  if (opt.smoke) {  // checks a study file end to end in seconds; the numbers mean nothing
    const RunSpec probe = build_run_spec(base, in.base_path);
    apply_override(base, fmt::format("run.t_end={}", probe.t_end / 10));
    apply_override(base, fmt::format("run.output_every={}", probe.output_every / 10));
  }
  in.base = build_run_spec(base, in.base_path);  // validates the base

  const Sweep sweep = read_sweep(sec, in.base, opt.smoke);
  in.schedule = sweep.schedule;
  read_settings(sec, sweep, in);
  in.reference.make(in.base);  // validates the reference

  // Every point's run spec, validated before anything is written.
  const std::string step_key = in.base.model->step_key();
  for (const Point& p : sweep.points) {
    toml::table cfg = base;
    apply_override(cfg, fmt::format("initial.N={}", p.N));
    apply_override(cfg, fmt::format("run.replicas={}", p.replicas));
    if (p.h > 0) apply_override(cfg, fmt::format("model.{}={}", step_key, p.h));
    if (opt.threads >= 0) apply_override(cfg, fmt::format("run.threads={}", opt.threads));
    in.points.push_back(build_run_spec(cfg, in.base_path));
  }

  const std::string name = fs::path(opt.study_path).stem().string();
  in.out_dir = !opt.out_dir.empty() ? opt.out_dir : out_sec.string("dir", (fs::path("runs/studies") / name).string());
  in.plots = out_sec.boolean("plots", true);
  return in;
}

}  // namespace grazing
