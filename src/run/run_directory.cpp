// The run directory: its lock, its files (moments.csv, particles.h5, run.json, checkpoint.h5), the checks
// of a directory before a resume, and what a run leaves when it ends, stops or fails
// (docs/commands/run.md).
#include <fmt/format.h>
#include <toml++/toml.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <map>
#include <optional>
#include <sstream>

#include "grazing/checkpoint.hpp"
#include "grazing/comm.hpp"
#include "grazing/digest.hpp"
#include "grazing/error.hpp"
#include "grazing/heat_kernel.hpp"
#include "grazing/output.hpp"
#include "grazing/run.hpp"
#include "grazing/plasma.hpp"
#include "grazing/run_lock.hpp"
#include "grazing/version.hpp"

namespace grazing {
namespace {

namespace fs = std::filesystem;

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

nlohmann::json toml_to_json(const toml::table& t) {
  std::ostringstream ss;
  ss << toml::json_formatter{t};
  return nlohmann::json::parse(ss.str());
}

std::string toml_text(const toml::table& t) {
  std::ostringstream ss;
  ss << toml::toml_formatter{t};
  return ss.str();
}

// The files grazing writes into a run directory (--force removes exactly these).
const char* const kRunFiles[] = {"moments.csv", "particles.h5", "run.json", "checkpoint.h5", "moments.csv.part",
                                 "particles.h5.part", "run.json.tmp", "checkpoint.h5.tmp", "moments.png", "histograms.png",
                                 "species.csv", "species.csv.part", "species.png"};

// A new run: the directory is created and locked, then found empty (or emptied with --force).
RunDirLock prepare_new(const RunSpec& spec, const DirectoryOptions& o, const std::string& command) {
  const fs::path dir(spec.out_dir);
  std::error_code ec;
  if (fs::exists(dir) && !fs::is_directory(dir))
    throw InputError("output.dir", fmt::format("'{}' exists and is not a directory", spec.out_dir));
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw InputError("output.dir", fmt::format("cannot create directory '{}': {}", spec.out_dir, ec.message()));
  RunDirLock lock(spec.out_dir, "output.dir", command);
  if (!RunDirLock::empty_but_lock(spec.out_dir)) {
    if (!o.force)
      throw InputError("output.dir", fmt::format("'{}' exists and is not empty: give --force to replace its run, "
                                                 "--resume {} to continue it, or another --out", spec.out_dir, spec.out_dir));
    for (const char* name : kRunFiles) {
      fs::remove(dir / name, ec);
      if (ec) throw InputError("--force", fmt::format("cannot remove {}: {}", (dir / name).string(), ec.message()));
    }
  }
  return lock;
}

// The digests of the tables' rows a resumed run continues.
struct KeptTables {
  Digest moments, species;
};

// A resume: the directory is locked, and its outputs are checked against the checkpoint before anything
// is changed (a refused resume leaves the directory as it was). Returns the digests of the moments.csv
// (and species.csv) rows the run continues.
KeptTables verify_resume(const RunSpec& spec, const CheckpointInfo& info) {
  const fs::path dir(spec.out_dir);
  const std::string& d = spec.out_dir;
  auto pick = [&](const std::string& name) -> fs::path {
    const bool whole = fs::exists(dir / name), part = fs::exists(dir / (name + ".part"));
    if (whole && part)
      throw InputError(d, fmt::format("has both {0} and {0}.part: only one can be the run's; remove the other", name));
    if (!whole && !part) throw InputError(d, fmt::format("has a checkpoint but no {} to continue", name));
    return whole ? dir / name : dir / (name + ".part");
  };
  const std::string cannot = "; the run cannot be continued from this directory (run its config again with --force)";
  // A table (moments.csv, species.csv) must begin with the bytes the checkpoint recorded.
  auto check_table = [&](const char* name, std::uint64_t bytes, std::uint64_t digest) {
    const fs::path table = pick(name);
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(table, ec);
    if (ec || size < bytes)
      throw InputError(d, fmt::format("{} has {} bytes, fewer than the {} its checkpoint recorded: it was cut short after "
                                      "the checkpoint, or the checkpoint belongs to another run{}", table.filename().string(), ec ? 0 : size, bytes,
                                      cannot));
    Digest kept = digest_file_prefix(table.string(), bytes);
    if (kept.value() != digest)
      throw InputError(d, fmt::format("{} does not begin with the rows checkpoint.h5 recorded (digest {}, recorded {}): "
                                      "it was changed after the checkpoint, or the checkpoint belongs to another run{}",
                                      table.filename().string(), kept.hex(), digest_hex(digest), cannot));
    return kept;
  };
  KeptTables kept;
  kept.moments = check_table("moments.csv", info.moments_bytes, info.moments_digest);
  if (spec.plasma) {
    if (!info.species) throw InputError(d, "checkpoint.h5 has no record of species.csv" + cannot);
    kept.species = check_table("species.csv", info.species_bytes, info.species_digest);
  }
  if (spec.particles) {
    const fs::path particles = pick("particles.h5");
    std::uint64_t got = 0;
    try {
      got = particles_frame_digest(particles.string(), info.particles_frame, spec.output_times.size(), spec.replicas, spec.N);
    } catch (const std::runtime_error& e) {
      throw InputError(d, fmt::format("{}: {}{}", particles.filename().string(), e.what(), cannot));
    }
    if (got != info.particles_digest)
      throw InputError(d, fmt::format("{}: frame {} is not the one checkpoint.h5 recorded (digest {}, recorded {}): it "
                                      "was changed after the checkpoint, or the checkpoint belongs to another run{}",
                                      particles.filename().string(), info.particles_frame, digest_hex(got),
                                      digest_hex(info.particles_digest), cannot));
  }
  if (fs::exists(dir / "run.json")) {  // written when the run stopped: it names the run the directory holds
    std::string found;
    try {
      std::ifstream in(dir / "run.json");
      found = nlohmann::json::parse(in).value("config_digest", "");
    } catch (const std::exception&) {
      found = "";
    }
    const std::string want = config_digest(info.config_toml);
    if (found != want)
      throw InputError(d, fmt::format("run.json describes another run than checkpoint.h5 (config digest '{}', the "
                                      "checkpoint's {}): the checkpoint was copied from another run{}",
                                      found, want, cannot));
  }
  return kept;
}

// Test hook (docs/commands/run.md, "Testing hooks"), so that tests interrupt a run at a point it reaches
// instead of after a delay: GRAZING_RAISE=SIGNAL:K makes the process send itself SIGNAL (TERM, INT,
// KILL, STOP or a number) once output K is written (and checkpointed, if due); SIGNAL:K:P at the P-th
// look at the stop flag (by any replica or thread) while advancing from output K to K + 1.
struct RaiseHook {
  int sig = 0;
  std::uint64_t k = 0, polls = 0;
  std::shared_ptr<std::atomic<std::uint64_t>> seen = std::make_shared<std::atomic<std::uint64_t>>(0);
};

std::optional<RaiseHook> raise_hook() {
  const char* env = std::getenv("GRAZING_RAISE");
  if (!env || !*env) return std::nullopt;
  const std::string s = env;
  auto bad = [&] { return InputError("GRAZING_RAISE", fmt::format("'{}' is not SIGNAL:OUTPUT or SIGNAL:OUTPUT:POLL "
                                                                 "(for example TERM:2 or TERM:0:3)", s)); };
  std::vector<std::string> parts;
  for (std::size_t b = 0;;) {
    const std::size_t e = s.find(':', b);
    parts.push_back(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
    if (e == std::string::npos) break;
    b = e + 1;
  }
  auto number = [&](const std::string& t) {
    if (t.empty() || t.size() > 18 || t.find_first_not_of("0123456789") != std::string::npos) throw bad();
    return std::stoull(t);
  };
  if (parts.size() < 2 || parts.size() > 3) throw bad();
  RaiseHook h;
  const std::string& name = parts[0];
  if (name == "TERM") h.sig = SIGTERM;
  else if (name == "INT") h.sig = SIGINT;
  else if (name == "KILL") h.sig = SIGKILL;
  else if (name == "STOP") h.sig = SIGSTOP;
  else h.sig = static_cast<int>(std::min<std::uint64_t>(number(name), 1000));
  if (h.sig <= 0 || h.sig >= 65) throw bad();
  h.k = number(parts[1]);
  h.polls = parts.size() == 3 ? number(parts[2]) : 0;
  if (parts.size() == 3 && h.polls == 0) throw bad();
  return h;
}

void install_raise_hook(const std::optional<RaiseHook>& h, SimulateHooks& hooks) {
  if (!h) return;
  if (h->polls == 0) {
    hooks.after_output = [h = *h](std::size_t k) {
      if (k == h.k) std::raise(h.sig);
    };
  } else {
    hooks.on_stop_poll = [h = *h](std::size_t k) {
      if (k == h.k + 1 && h.seen->fetch_add(1) + 1 == h.polls) std::raise(h.sig);
    };
  }
}

}  // namespace

nlohmann::json run_info(const RunSpec& spec, const RunSummary* sum, const RunState& rs) {
  const Comm& comm = Comm::world();
  nlohmann::json approximations = spec.model->approximations();
  if (spec.exact_moments)
    approximations.push_back("initial.exact_moments: each replica's draw shifted and scaled to the exact mean and "
                             "temperature of f0 (shell-conditioned, not i.i.d.)");
  nlohmann::json j = {{"model", spec.model->name()}, {"N", spec.N}, {"replicas", spec.replicas}, {"seed", spec.seed},
                      {"version", kVersion}};
  j["outputs_written"] = rs.next_output;
  j["parameters"] = {{"model", spec.model->parameters()},
                     {"initial", spec.initial->parameters()},
                     {"run", {{"t_end", spec.t_end}, {"output_every", spec.output_every}}}};
  j["parameters"]["initial"]["kind"] = spec.initial->kind();
  if (spec.plasma) j["plasma"] = spec.plasma->to_json();
  j["parameters"]["initial"]["exact_moments"] = spec.exact_moments;
  j["landau_C"] = spec.landau_C;
  j["native_landau_C"] = spec.model->landau_C();
  j["time_scale"] = spec.time_scale;
  j["threads"] = sum ? sum->threads : 0;
  j["intervals_fewer_threads"] = sum ? sum->intervals_fewer_threads : 0;  // run.adapt_threads on a busy machine
  j["mpi"] = {{"built_with_mpi", have_mpi()},
              {"ranks", comm.size()},
              {"distribute", distribution_name(spec)},
              {"bytes_sent", sum ? sum->mpi_bytes : 0}};  // between processes, all processes, this session
  j["build_arch"] = kArch;  // instruction set of this build; results do not depend on it
  Counters total;  // all processes' (simulate's sum), or this process's when the run failed
  if (sum) total = sum->counters;
  else for (const auto& s : rs.states) total += s.counters;
  j["events"] = total.events;
  j["wall_seconds"] = sum ? sum->wall_seconds : 0.0;  // this session's (a resumed run counts from its resume)
  j["max_rel_energy_drift"] = sum ? sum->max_rel_energy_drift : rs.max_rel_energy_drift;  // all processes
  j["max_momentum_drift"] = sum ? sum->max_momentum_drift : rs.max_momentum_drift;
  j["counters"] = {{"coincident_pair_events", total.coincident},
                   {"uniform_direction_events", total.uniform_direction},
                   {"steps", total.steps},
                   {"candidates", total.candidates}};
  j["approximations"] = approximations;
  j["heat_kernel"] = {
      {"small_tau_max", kSmallTauMax},
      {"images_tau_max", kImagesTauMax},
      {"uniform_tau", kUniformTau},
      {"note", "exact for every tau to double precision: SO(3) Brownian motion for tau <= small_tau_max "
               "(neglected images < 1e-17), the same with the images of the SU(2) kernel up to images_tau_max "
               "(neglected < 1e-50), Legendre-density rejection up to uniform_tau (tail < e^-46), uniform "
               "above (deviation < 1.3e-17)"}};
  j["config"] = toml_to_json(spec.config);
  return j;
}

namespace {

// A run with [[species]]: the mixture's momentum and energy at t = 0 per replica and their largest
// relative drifts since, for run.json.
struct PlasmaWatch {
  std::map<std::uint32_t, PlasmaTotals> initial;
  double max_rel_energy = 0, max_rel_momentum = 0;
  nlohmann::json json() const {
    return {{"max_rel_energy_drift", max_rel_energy}, {"max_rel_momentum_drift", max_rel_momentum},
            {"meaning", "max over replicas and output times of |E(t) - E(0)| / E(0) and |P(t) - P(0)| / sum_i m_i |v_i|(0), "
                        "E and P the mixture's kinetic energy and momentum"}};
  }
};

// species.csv's rows of one replica at time t (seconds), and the conservation check.
void write_species_rows(const Plasma& p, const ReplicaState& s, double t, MomentsCsv& csv, PlasmaWatch& watch) {
  const std::vector<SpeciesRow> rows = species_rows(p, s.v);
  for (std::size_t a = 0; a < rows.size(); ++a) {
    const SpeciesRow& r = rows[a];
    csv.line(fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}", s.replica, t, p.species[a].name, r.density, r.drift.x,
                         r.drift.y, r.drift.z, r.T[0], r.T[1], r.T[2], r.T_par, r.T_perp, r.energy_density));
  }
  const PlasmaTotals now = plasma_totals(p, s.v);
  const auto [it, first] = watch.initial.emplace(s.replica, now);
  if (first) return;
  const PlasmaTotals& t0 = it->second;
  watch.max_rel_energy = std::max(watch.max_rel_energy, std::fabs(now.energy - t0.energy) / t0.energy);
  watch.max_rel_momentum = std::max(watch.max_rel_momentum, norm(now.momentum - t0.momentum) / t0.momentum_scale);
}

// The open outputs of a run on process 0, and where they stood at the last complete output.
struct Outputs {
  explicit Outputs(fs::path d) : dir(std::move(d)) {}
  fs::path dir;
  std::unique_ptr<MomentsCsv> csv;
  std::unique_ptr<MomentsCsv> species;  // species.csv (runs with [[species]])
  std::unique_ptr<ParticlesH5> h5;
  // moments.csv before output `before_k`'s rows: what a checkpoint of a state at t_k records, when the
  // output of k failed (next_output = k).
  std::size_t before_k = 0;
  std::uint64_t bytes_before = 0, species_bytes_before = 0;
  Digest digest_before, species_digest_before;

  std::string part(const char* name) const { return (dir / (std::string(name) + ".part")).string(); }

  // The checkpoint's record of the outputs for a state whose next output is `next`.
  void describe(std::size_t next, CheckpointInfo& info) const {
    const bool mid = next == before_k;  // output `next` was begun but not finished
    info.moments_bytes = mid ? bytes_before : csv->bytes();
    info.moments_digest = mid ? digest_before.value() : csv->digest().value();
    info.particles_frame = next - 1;
    info.particles_digest = h5 ? h5->frame_digest(next - 1) : 0;
    info.species = species != nullptr;
    if (species) {
      info.species_bytes = mid ? species_bytes_before : species->bytes();
      info.species_digest = mid ? species_digest_before.value() : species->digest().value();
    }
  }
};

}  // namespace

nlohmann::json run_to_directory(const RunSpec& spec, Progress& progress, const std::string& command_line,
                                const DirectoryOptions& options) {
  const Comm& comm = Comm::world();
  if (comm.size() > 1 && options.resume)
    throw InputError("--resume", "a run of several MPI processes has no checkpoint to resume (docs/parallel.md)");
  if (comm.size() > 1 && options.checkpoint_every > 0)
    throw InputError("run.checkpoint_every", "checkpoints are not written by a run of several MPI processes; set it "
                                             "to 0 or run one process (docs/parallel.md)");
  const fs::path dir(spec.out_dir);
  const std::optional<RaiseHook> raise_at = raise_hook();
  CheckpointInfo info;
  if (options.resume)
    info = options.resume_info ? *options.resume_info : read_checkpoint_info((dir / "checkpoint.h5").string());
  // Process 0 owns the directory; its verdict reaches every process, so all stop with the same error.
  std::string refused;
  RunDirLock lock;
  std::optional<KeptTables> kept;
  if (comm.root()) {
    try {
      if (options.resume) {
        lock = RunDirLock(spec.out_dir, "--resume", command_line);
        kept = verify_resume(spec, info);
      } else {
        lock = prepare_new(spec, options, command_line);
      }
    } catch (const InputError& e) {
      refused = e.what();
      if (comm.size() == 1) throw;
    }
  }
  comm.broadcast(refused);
  if (!refused.empty()) throw InputError("", refused);
  if (!comm.root()) {  // the other processes compute; process 0 writes everything
    SimulateHooks hooks;
    hooks.on_output = [](std::size_t, const std::vector<ReplicaState>&, const std::vector<Moments>&) {};
    if (spec.particles) hooks.on_velocities = [](std::size_t, std::uint32_t, std::size_t, std::size_t, const double*) {};
    install_raise_hook(raise_at, hooks);
    RunState rs = start_run(spec, run_threads(spec));
    const RunSummary sum = simulate(spec, progress, rs, hooks);
    return {{"status", "complete"}, {"events", sum.counters.events}, {"max_rel_energy_drift", sum.max_rel_energy_drift}};
  }
  if (options.resume) {  // checked: the finished names go back to .part while the run goes on
    std::error_code ec;
    for (const char* name : {"moments.csv", "particles.h5", "species.csv"})
      if (fs::exists(dir / name)) fs::rename(dir / name, dir / (std::string(name) + ".part"));
    fs::remove(dir / "run.json", ec);
  } else {
    info.config_toml = toml_text(spec.config);
    std::error_code ec;
    info.config_path = spec.config_path.empty() ? "" : fs::absolute(spec.config_path, ec).string();
    info.command = command_line;
    info.started_utc = utc_now();
  }
  const nlohmann::json meta = {
      {"model", spec.model->name()}, {"N", spec.N}, {"replicas", spec.replicas}, {"seed", spec.seed}, {"version", kVersion}};
  const std::size_t resumed_from = options.resume ? options.resume->next_output : 0;
  Outputs out(dir);
  PlasmaWatch plasma_watch;  // the mixture's conservation, runs with [[species]]
  const std::string ckpt = (dir / "checkpoint.h5").string();
  bool checkpointed = options.resume != nullptr;  // a usable checkpoint.h5 is in the directory

  // Close the outputs and give them their final names (also when the run stops early or fails in its
  // computation, so that what was computed is in place); run.json last. `keep_part`: a write failed, and
  // the files keep their .part names (they may end in a partial row or frame).
  auto finish = [&](const std::string& status, const RunSummary* sum, const RunState& rs, const std::string& error,
                    bool keep_part) {
    out.csv.reset();
    out.species.reset();
    out.h5.reset();
    if (!keep_part) {
      fs::rename(out.part("moments.csv"), dir / "moments.csv");
      if (spec.plasma) fs::rename(out.part("species.csv"), dir / "species.csv");
      if (spec.particles) fs::rename(out.part("particles.h5"), dir / "particles.h5");
    }
    nlohmann::json j = run_info(spec, sum, rs);
    j["status"] = status;
    if (!error.empty()) j["error"] = error;
    j["config_digest"] = config_digest(info.config_toml);
    j["output_times"] = spec.output_times.size();
    j["out_dir"] = spec.out_dir;
    const char* suffix = fs::exists(out.part("moments.csv")) ? ".part" : "";
    nlohmann::json files = {std::string("moments.csv") + suffix};
    if (spec.plasma) {
      files.push_back(std::string("species.csv") + suffix);
      j["plasma"]["conservation"] = plasma_watch.json();
    }
    if (spec.particles) files.push_back(std::string("particles.h5") + suffix);
    if (status != "complete" && checkpointed && fs::exists(ckpt)) files.push_back("checkpoint.h5");
    files.push_back("run.json");
    j["files"] = files;
    j["config_path"] = spec.config_path;
    j["command"] = command_line;
    if (options.resume) j["resumed_from_output"] = resumed_from;
    j["started_utc"] = info.started_utc;
    j["finished_utc"] = utc_now();
    write_json_file((dir / "run.json").string(), j);
    return j;
  };

  RunState rs;
  auto checkpoint = [&](const RunState& state) {
    if (out.h5) out.h5->flush();
    out.describe(state.next_output, info);
    info.species_energy_drift = plasma_watch.max_rel_energy;
    info.species_momentum_drift = plasma_watch.max_rel_momentum;
    write_checkpoint(ckpt, spec, state, info);
    checkpointed = true;
  };
  try {
    if (options.resume) {
      out.csv = std::make_unique<MomentsCsv>(out.part("moments.csv"), info.moments_bytes, kept->moments);
      if (spec.plasma) {
        out.species = std::make_unique<MomentsCsv>(out.part("species.csv"), info.species_bytes, kept->species);
        // The drifts so far, and each replica's totals at t = 0 from its initial state (drawn again: the
        // draws are keyed by particle, so it is the same state).
        plasma_watch.max_rel_energy = info.species_energy_drift;
        plasma_watch.max_rel_momentum = info.species_momentum_drift;
        for (std::uint32_t r = 0; r < spec.replicas; ++r) {
          ReplicaState s0;
          initial_state(spec, r, s0);
          plasma_watch.initial.emplace(r, plasma_totals(*spec.plasma, s0.v));
        }
      }
      if (spec.particles)
        out.h5 = std::make_unique<ParticlesH5>(out.part("particles.h5"), spec.N, info.particles_frame, info.particles_digest);
    } else {
      out.csv = std::make_unique<MomentsCsv>(out.part("moments.csv"));
      if (spec.plasma) out.species = std::make_unique<MomentsCsv>(out.part("species.csv"), species_csv_header());
      if (spec.particles)
        out.h5 = std::make_unique<ParticlesH5>(out.part("particles.h5"), spec.output_times, spec.replicas, spec.N, meta);
    }
    SimulateHooks hooks;
    hooks.on_output = [&](std::size_t k, const std::vector<ReplicaState>& states, const std::vector<Moments>& moments) {
      out.before_k = k;
      out.bytes_before = out.csv->bytes();
      out.digest_before = out.csv->digest();
      if (out.species) out.species_bytes_before = out.species->bytes(), out.species_digest_before = out.species->digest();
      for (const auto& s : states) out.csv->row(s.replica, spec.output_times[k], s.counters.events, moments[s.replica]);
      out.csv->commit();
      if (out.species) {
        for (const auto& s : states) write_species_rows(*spec.plasma, s, spec.output_times[k], *out.species, plasma_watch);
        out.species->commit();
      }
    };
    hooks.needs_states = spec.plasma != nullptr;  // species.csv needs every replica's velocities
    if (out.h5)  // replica by replica, chunk by chunk: process 0 holds one chunk of another process's velocities
      hooks.on_velocities = [&](std::size_t k, std::uint32_t r, std::size_t first, std::size_t n, const double* v) {
        out.h5->write(k, r, first, n, v);
      };
    hooks.on_checkpoint = checkpoint;
    hooks.checkpoint_every = options.checkpoint_every;
    hooks.stop = comm.size() > 1 ? nullptr : options.stop;  // several processes: a signal ends the job
    install_raise_hook(raise_at, hooks);

    rs = options.resume ? std::move(*options.resume) : start_run(spec, run_threads(spec));
    RunSummary sum;
    try {
      sum = simulate(spec, progress, rs, hooks);
    } catch (const OutputError&) {
      throw;
    } catch (const std::exception& e) {  // the computation failed: what was written is complete
      try {
        finish("failed", nullptr, rs, e.what(), false);
      } catch (...) {
      }
      throw;
    }
    if (sum.interrupted) {
      checkpoint(rs);
      return finish("interrupted", &sum, rs, "", false);
    }
    // Finished: the outputs are renamed and run.json written first, then the checkpoint (nothing left to
    // continue) removed, so that a crash in between still leaves a resumable directory.
    nlohmann::json j = finish("complete", &sum, rs, "", false);
    std::error_code ec;
    fs::remove(ckpt, ec);
    return j;
  } catch (const OutputError& e) {
    // A write failed (a full disk, a quota): the outputs keep their .part names. The state reached is
    // checkpointed if it can be (single process, at or after an output time), so that the run continues
    // from there once space is freed; otherwise the last periodic checkpoint stays.
    std::string how;
    if (comm.size() == 1 && out.csv && rs.next_output >= 1 && !rs.states.empty()) {
      try {
        checkpoint(rs);
      } catch (const std::exception&) {
      }
    }
    if (checkpointed && fs::exists(ckpt))
      how = fmt::format("free space, then continue with: grazing run --resume {}", spec.out_dir);
    else
      how = "no checkpoint could be written: run the config again with --force once space is free";
    const std::string kept_as = fs::exists(out.part("moments.csv")) ? "; the outputs keep their .part names" : "";
    const std::string msg = fmt::format("{}{} in {}; {}", e.what(), kept_as, spec.out_dir, how);
    try {
      finish("failed", nullptr, rs, msg, true);
    } catch (const std::exception&) {
    }
    throw OutputError(msg);
  }
}

}  // namespace grazing
