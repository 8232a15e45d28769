#include "grazing/checkpoint.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "grazing/digest.hpp"
#include "grazing/error.hpp"

namespace grazing {
namespace {

// Format 2 added the digests and interval_time; format 1 (grazing before them) is refused.
constexpr const char* kFormat = "grazing-checkpoint-2";

// Scoped HDF5 identifier.
struct Hid {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Hid() {
    if (id >= 0) close(id);
  }
  operator hid_t() const { return id; }
};

void put_string(hid_t obj, const char* name, const std::string& value) {
  Hid type{H5Tcopy(H5T_C_S1), H5Tclose};
  H5Tset_size(type, std::max<std::size_t>(1, value.size()));
  Hid space{H5Screate(H5S_SCALAR), H5Sclose};
  Hid a{H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose};
  if (a < 0 || H5Awrite(a, type, value.c_str()) < 0) throw OutputError(fmt::format("cannot write attribute {}", name));
}

std::string get_string(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) throw std::runtime_error(fmt::format("attribute {} is missing", name));
  Hid a{H5Aopen(obj, name, H5P_DEFAULT), H5Aclose};
  Hid type{H5Aget_type(a), H5Tclose};
  std::string out(H5Tget_size(type), '\0');
  Hid mem{H5Tcopy(H5T_C_S1), H5Tclose};
  H5Tset_size(mem, out.size());
  if (H5Aread(a, mem, out.data()) < 0) throw std::runtime_error(fmt::format("cannot read attribute {}", name));
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return out;
}

// A 2-D dataset (rows, cols) of `type`, written whole from `data` (no time stamps: same state, same bytes).
void put_table(hid_t f, const char* name, hid_t type, std::size_t rows, std::size_t cols, const void* data) {
  const hsize_t dims[2] = {rows, cols};
  Hid space{H5Screate_simple(2, dims, nullptr), H5Sclose};
  Hid dcpl{H5Pcreate(H5P_DATASET_CREATE), H5Pclose};
  H5Pset_obj_track_times(dcpl, false);
  Hid d{H5Dcreate2(f, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose};
  if (d < 0 || H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    throw OutputError(fmt::format("cannot write dataset {}", name));
}

template <class T>
std::vector<T> get_table(hid_t f, const char* name, hid_t type, std::size_t rows, std::size_t cols) {
  if (H5Lexists(f, name, H5P_DEFAULT) <= 0) throw std::runtime_error(fmt::format("dataset {} is missing", name));
  Hid d{H5Dopen2(f, name, H5P_DEFAULT), H5Dclose};
  Hid space{H5Dget_space(d), H5Sclose};
  hsize_t dims[2] = {0, 0};
  if (H5Sget_simple_extent_ndims(space) != 2 || (H5Sget_simple_extent_dims(space, dims, nullptr), dims[0] != rows) ||
      dims[1] != cols)
    throw std::runtime_error(fmt::format("dataset {} has the wrong shape (expected {} x {})", name, rows, cols));
  std::vector<T> out(rows * cols);
  if (H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    throw std::runtime_error(fmt::format("cannot read dataset {}", name));
  return out;
}

constexpr std::size_t kCounters = 8;  // events, coincident, uniform, steps, candidates, interval_done, intervals_completed, interrupted
constexpr std::size_t kReals = 16;    // initial moments (11), shell mean (3), shell theta, interval_time
constexpr std::size_t kRun = 6;       // next_output, moments_bytes, N, moments_digest, particles_frame, particles_digest

// The digest of a checkpoint's contents, in one order for writing and reading.
std::uint64_t contents_digest(const CheckpointInfo& info, const std::uint64_t* run_u, const double* run_x,
                              const std::vector<std::uint64_t>& u, const std::vector<double>& x,
                              const std::vector<const double*>& velocities, std::size_t N) {
  Digest d;
  for (const std::string* s : {&info.config_toml, &info.config_path, &info.command, &info.started_utc}) {
    const std::uint64_t n = s->size();
    d.update(&n, sizeof n);
    d.update(*s);
  }
  d.update(run_u, kRun * sizeof *run_u);
  d.update(run_x, 2 * sizeof *run_x);
  if (info.species) {  // runs with [[species]] only, so that other checkpoints keep their digests
    for (const std::uint64_t w : {info.species_bytes, info.species_digest}) d.update(&w, sizeof w);
    for (const double w : {info.species_energy_drift, info.species_momentum_drift}) d.update(&w, sizeof w);
  }
  d.update(u.data(), u.size() * sizeof(std::uint64_t));
  d.update(x.data(), x.size() * sizeof(double));
  for (const double* v : velocities) d.update(v, 3 * N * sizeof(double));
  return d.value();
}

}  // namespace

std::string config_digest(const std::string& config_toml) {
  Digest d;
  d.update(config_toml);
  return d.hex();
}

void write_checkpoint(const std::string& path, const RunSpec& spec, const RunState& rs, const CheckpointInfo& info) {
  const std::string tmp = path + ".tmp";
  const std::size_t R = rs.states.size(), N = spec.N;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // failures are reported by grazing's messages
  try {
    Hid f{H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose};
    if (f < 0) throw OutputError("cannot create " + tmp);
    std::vector<std::uint64_t> u(R * kCounters);
    std::vector<double> x(R * kReals);
    std::vector<const double*> velocities(R);
    for (std::size_t r = 0; r < R; ++r) {
      const ReplicaState& s = rs.states[r];
      const Counters& c = s.counters;
      const std::uint64_t row[kCounters] = {c.events, c.coincident, c.uniform_direction, c.steps, c.candidates,
                                            s.interval_done, s.intervals_completed, s.interrupted ? 1u : 0u};
      std::copy(row, row + kCounters, u.begin() + static_cast<std::ptrdiff_t>(r * kCounters));
      const Moments& m = rs.initial[r];
      const double xr[kReals] = {m.mean.x, m.mean.y, m.mean.z, m.mean_v2, m.M[0], m.M[1], m.M[2], m.M[3], m.M[4],
                                 m.M[5], m.mean_v4, s.shell_mean.x, s.shell_mean.y, s.shell_mean.z, s.shell_theta,
                                 s.interval_time};
      std::copy(xr, xr + kReals, x.begin() + static_cast<std::ptrdiff_t>(r * kReals));
      velocities[r] = s.v.data();
    }
    const std::uint64_t run_u[kRun] = {rs.next_output,        info.moments_bytes,   N, info.moments_digest,
                                       info.particles_frame, info.particles_digest};
    const double run_x[2] = {rs.max_rel_energy_drift, rs.max_momentum_drift};
    put_string(f, "format", kFormat);
    put_string(f, "config", info.config_toml);
    put_string(f, "config_path", info.config_path);
    put_string(f, "command", info.command);
    put_string(f, "started_utc", info.started_utc);
    put_string(f, "contents_digest", digest_hex(contents_digest(info, run_u, run_x, u, x, velocities, N)));
    put_table(f, "run_counters", H5T_NATIVE_UINT64, 1, kRun, run_u);
    put_table(f, "run_drifts", H5T_NATIVE_DOUBLE, 1, 2, run_x);
    if (info.species) {
      const std::uint64_t su[2] = {info.species_bytes, info.species_digest};
      const double sx[2] = {info.species_energy_drift, info.species_momentum_drift};
      put_table(f, "species_csv", H5T_NATIVE_UINT64, 1, 2, su);
      put_table(f, "species_drifts", H5T_NATIVE_DOUBLE, 1, 2, sx);
    }
    put_table(f, "replica_counters", H5T_NATIVE_UINT64, R, kCounters, u.data());
    put_table(f, "replica_reals", H5T_NATIVE_DOUBLE, R, kReals, x.data());
    // velocities (R, N, 3), one replica at a time from its store (no copy of the whole ensemble).
    const hsize_t dims[3] = {R, N, 3};
    Hid space{H5Screate_simple(3, dims, nullptr), H5Sclose};
    Hid dcpl{H5Pcreate(H5P_DATASET_CREATE), H5Pclose};
    H5Pset_obj_track_times(dcpl, false);
    Hid d{H5Dcreate2(f, "velocities", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose};
    if (d < 0) throw OutputError("cannot create dataset velocities in " + tmp);
    for (std::size_t r = 0; r < R; ++r) {
      const hsize_t start[3] = {r, 0, 0}, count[3] = {1, N, 3};
      Hid fs{H5Dget_space(d), H5Sclose};
      H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, nullptr, count, nullptr);
      Hid ms{H5Screate_simple(3, count, nullptr), H5Sclose};
      if (H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, velocities[r]) < 0)
        throw OutputError("cannot write velocities to " + tmp);
    }
    errno = 0;
    if (H5Fflush(f, H5F_SCOPE_GLOBAL) < 0)
      throw OutputError(fmt::format("write error on {}{}", tmp, errno ? std::string(": ") + std::strerror(errno) : ""));
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw OutputError(fmt::format("cannot rename {} to {}: {}", tmp, path, ec.message()));
  }
}

namespace {

template <class F>
auto with_checkpoint(const std::string& path, F&& body) {
  if (!std::filesystem::is_regular_file(path))
    throw InputError(path, "no checkpoint here (a run writes checkpoint.h5 when interrupted or every run.checkpoint_every outputs)");
  hid_t id = -1;
  H5E_BEGIN_TRY {  // a file HDF5 cannot open is reported below, not printed by the library
    id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  }
  H5E_END_TRY;
  if (id < 0) throw InputError(path, "is not an HDF5 file");
  Hid f{id, H5Fclose};
  try {
    const std::string format = get_string(f, "format");
    if (format == "grazing-checkpoint-1")
      throw std::runtime_error("it was written by an earlier grazing (format grazing-checkpoint-1, without digests) "
                               "and cannot be resumed by this one: run the config again with --force");
    if (format != kFormat) throw std::runtime_error(fmt::format("format is '{}', not {}", format, kFormat));
    return body(hid_t(f));
  } catch (const std::runtime_error& e) {
    throw InputError(path, fmt::format("not a usable grazing checkpoint: {}", e.what()));
  }
}

}  // namespace

namespace {

CheckpointInfo info_of(hid_t f) {
  CheckpointInfo info;
  info.config_toml = get_string(f, "config");
  info.config_path = get_string(f, "config_path");
  info.command = get_string(f, "command");
  info.started_utc = get_string(f, "started_utc");
  const auto run_u = get_table<std::uint64_t>(f, "run_counters", H5T_NATIVE_UINT64, 1, kRun);
  info.moments_bytes = run_u[1];
  info.moments_digest = run_u[3];
  info.particles_frame = run_u[4];
  info.particles_digest = run_u[5];
  if (H5Lexists(f, "species_csv", H5P_DEFAULT) > 0) {
    const auto su = get_table<std::uint64_t>(f, "species_csv", H5T_NATIVE_UINT64, 1, 2);
    const auto sx = get_table<double>(f, "species_drifts", H5T_NATIVE_DOUBLE, 1, 2);
    info.species = true;
    info.species_bytes = su[0], info.species_digest = su[1];
    info.species_energy_drift = sx[0], info.species_momentum_drift = sx[1];
  }
  return info;
}

}  // namespace

CheckpointInfo read_checkpoint_info(const std::string& path) { return with_checkpoint(path, info_of); }

RunState read_checkpoint_state(const std::string& path, const RunSpec& spec, CheckpointInfo* info_out) {
  return with_checkpoint(path, [&](hid_t f) {
    const CheckpointInfo info = info_of(f);  // the metadata of this same open file: the digest covers both
    if (info_out) *info_out = info;
    // Shapes from the file: its digest is checked before anything is compared with the config.
    const auto run_u = get_table<std::uint64_t>(f, "run_counters", H5T_NATIVE_UINT64, 1, kRun);
    const auto run_x = get_table<double>(f, "run_drifts", H5T_NATIVE_DOUBLE, 1, 2);
    if (H5Lexists(f, "velocities", H5P_DEFAULT) <= 0) throw std::runtime_error("dataset velocities is missing");
    Hid d{H5Dopen2(f, "velocities", H5P_DEFAULT), H5Dclose};
    hsize_t dims[3] = {0, 0, 0};
    {
      Hid space{H5Dget_space(d), H5Sclose};
      if (H5Sget_simple_extent_ndims(space) != 3 || (H5Sget_simple_extent_dims(space, dims, nullptr), dims[2] != 3) ||
          dims[1] != run_u[2])
        throw std::runtime_error(fmt::format("dataset velocities has the wrong shape (expected R x {} x 3)", run_u[2]));
    }
    const std::size_t R = dims[0], N = dims[1];
    if (static_cast<double>(R) * static_cast<double>(N) * 24.0 > 0.9 * available_memory_bytes())
      throw std::runtime_error(fmt::format("its velocities ({} x {} x 3) do not fit in memory", R, N));
    const auto u = get_table<std::uint64_t>(f, "replica_counters", H5T_NATIVE_UINT64, R, kCounters);
    const auto x = get_table<double>(f, "replica_reals", H5T_NATIVE_DOUBLE, R, kReals);
    RunState rs;
    rs.states.resize(R);
    std::vector<const double*> velocities(R);
    for (std::size_t r = 0; r < R; ++r) {
      ReplicaState& s = rs.states[r];
      s.v.resize(N);
      const hsize_t start[3] = {r, 0, 0}, count[3] = {1, N, 3};
      Hid fs{H5Dget_space(d), H5Sclose};
      H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, nullptr, count, nullptr);
      Hid ms{H5Screate_simple(3, count, nullptr), H5Sclose};
      if (H5Dread(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, s.v.data()) < 0)
        throw std::runtime_error("cannot read velocities");
      velocities[r] = s.v.data();
    }
    const std::string stored = get_string(f, "contents_digest");
    const std::string computed = digest_hex(contents_digest(info, run_u.data(), run_x.data(), u, x, velocities, N));
    if (stored != computed)
      throw std::runtime_error(fmt::format("its contents do not match the digest written with them ({} stored, {} "
                                           "computed): the file was damaged or edited after it was written",
                                           stored, computed));
    if (N != spec.N) throw std::runtime_error(fmt::format("it holds N = {}, the config gives {}", N, spec.N));
    if (R != spec.replicas)
      throw std::runtime_error(fmt::format("it holds {} replicas, the config gives {}", R, spec.replicas));
    if (run_u[0] < 1 || run_u[0] > spec.output_times.size())
      throw std::runtime_error(fmt::format("output index {} is out of range", run_u[0]));
    rs.next_output = run_u[0];
    rs.max_rel_energy_drift = run_x[0];
    rs.max_momentum_drift = run_x[1];
    rs.initial.resize(R);
    for (std::size_t r = 0; r < R; ++r) {
      ReplicaState& s = rs.states[r];
      const std::uint64_t* c = &u[r * kCounters];
      s.replica = static_cast<std::uint32_t>(r);
      s.counters = {c[0], c[1], c[2], c[3], c[4]};
      s.interval_done = c[5];
      s.intervals_completed = c[6];
      s.interrupted = c[7] != 0;
      const double* q = &x[r * kReals];
      Moments& m = rs.initial[r];
      m.mean = {q[0], q[1], q[2]};
      m.mean_v2 = q[3];
      for (int k = 0; k < 6; ++k) m.M[k] = q[4 + k];
      m.mean_v4 = q[10];
      s.shell_mean = {q[11], q[12], q[13]};
      s.shell_theta = q[14];
      s.interval_time = q[15];
    }
    return rs;
  });
}

}  // namespace grazing
