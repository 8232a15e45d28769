#include "study.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <optional>

#include "grazing/comm.hpp"
#include "grazing/error.hpp"
#include "grazing/output.hpp"
#include "grazing/run_lock.hpp"
#include "grazing/version.hpp"
#include "study_input.hpp"
#include "sweep.hpp"
#include "tables.hpp"

namespace grazing {
namespace {

namespace fs = std::filesystem;

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

// Process 0 owns the directory (several MPI processes: the others compute and write nothing); its
// verdict reaches every process.
RunDirLock lock_study_directory(const std::string& out, const StudyOptions& opt, const Comm& comm) {
  std::string refused;
  RunDirLock lock;
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
  return lock;
}

// study.json, last (docs/study.md#studyjson): its presence means the tables are complete.
void write_study_json(const StudyOptions& opt, const StudyInput& in) {
  // I(f0), the bound of docs/physics/references.md#the-near-diagonal-bound on S_-2
  const double fisher0 = in.base.initial->fisher_information().value_or(NAN);
  nlohmann::json j = {{"study", opt.study_path}, {"base", in.base_path}, {"reference", in.reference.kind},
                      {"smoke", opt.smoke},
                      {"fisher_f0", std::isfinite(fisher0) ? nlohmann::json(fisher0) : nlohmann::json()},
                      {"landau_C", in.base.landau_C}, {"gamma", in.base.model->gamma()},
                      {"points", in.points.size()}, {"version", kVersion},
                      {"files", {"points.csv", "summary.csv", "fits.csv"}}};
  write_json_file((fs::path(in.out_dir) / "study.json").string(), j);
}

}  // namespace

StudyResult run_study(const StudyOptions& opt) {
  const StudyInput in = read_study_input(opt);
  const Comm& comm = Comm::world();
  const RunDirLock lock = lock_study_directory(in.out_dir, opt, comm);  // held until the study returns
  std::optional<StudyTables> tables;  // process 0 writes every table
  if (comm.root()) tables.emplace(in.out_dir, default_test_functions(), in.reference.kind != "none", in.schedule);
  Progress progress(comm.root() ? opt.progress : Progress::Mode::kQuiet);
  run_sweep(in, comm, tables ? &*tables : nullptr, progress);
  if (tables) {
    tables->write_fits();
    write_study_json(opt, in);
  }
  progress.finish(fmt::format("{} study point(s), tables in {}", in.points.size(), in.out_dir));
  return {in.out_dir, comm.root() && opt.plots && in.plots};
}

}  // namespace grazing
