#include <hdf5.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "grazing/error.hpp"
#include "grazing/output.hpp"

namespace grazing {
namespace {

void string_attribute(hid_t obj, const std::string& name, const std::string& value) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, std::max<std::size_t>(1, value.size()));
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, type, value.c_str());
  H5Aclose(a);
  H5Sclose(space);
  H5Tclose(type);
}

// HDF5 reports a failed write through its own error stack; the system's reason is in errno.
std::string io_error(const std::string& what) {
  const int err = errno;
  return err ? what + ": " + std::strerror(err) : what;
}

}  // namespace

ParticlesH5::ParticlesH5(const std::string& path, const std::vector<double>& times, std::uint32_t replicas,
                         std::size_t N, const nlohmann::json& attributes)
    : N_(N) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // failures are reported by grazing's messages
  const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0) throw OutputError("cannot create " + path);
  file_ = f;
  for (const auto& [k, v] : attributes.items()) string_attribute(f, k, v.is_string() ? v.get<std::string>() : v.dump());

  const hsize_t tdim = times.size();
  const hid_t tspace = H5Screate_simple(1, &tdim, nullptr);
  // No modification times in object headers: the same run gives the same bytes.
  const hid_t tcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_obj_track_times(tcpl, false);
  const hid_t tset = H5Dcreate2(f, "times", H5T_NATIVE_DOUBLE, tspace, H5P_DEFAULT, tcpl, H5P_DEFAULT);
  H5Pclose(tcpl);
  const herr_t written = H5Dwrite(tset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, times.data());
  H5Dclose(tset);
  H5Sclose(tspace);
  if (written < 0) throw OutputError("write error on " + path);

  const hsize_t dims[4] = {times.size(), replicas, N, 3};
  const hid_t space = H5Screate_simple(4, dims, nullptr);
  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_layout(dcpl, H5D_CONTIGUOUS);
  H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY);
  H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER);  // frames not yet written read as zeros (a sparse file)
  H5Pset_obj_track_times(dcpl, false);
  dset_ = H5Dcreate2(f, "velocities", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Pclose(dcpl);
  H5Sclose(space);
  if (dset_ < 0) throw OutputError("cannot create dataset velocities in " + path);
  flush();  // the file's structure is on disk: a killed run leaves a file that a resume can continue
}

ParticlesH5::ParticlesH5(const std::string& path, std::size_t N, std::size_t frame, std::uint64_t digest)
    : N_(N), prev_frame_(frame), prev_digest_(digest), have_prev_(true) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // failures are reported by grazing's messages
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (f < 0) throw OutputError("cannot open " + path + " to continue it");
  file_ = f;
  dset_ = H5Dopen2(f, "velocities", H5P_DEFAULT);
  if (dset_ < 0) throw OutputError("no dataset velocities in " + path);
}

void ParticlesH5::flush() {
  errno = 0;
  if (H5Fflush(file_, H5F_SCOPE_GLOBAL) < 0) throw OutputError(io_error("write error on particles.h5"));
}

std::uint64_t ParticlesH5::frame_digest(std::size_t k) const {
  if (have_frame_ && k == frame_) return digest_.value();
  if (have_prev_ && k == prev_frame_) return prev_digest_;
  throw std::logic_error(fmt::format("particles.h5: no digest of frame {}", k));
}

ParticlesH5::~ParticlesH5() {
  if (dset_ >= 0) H5Dclose(dset_);
  if (file_ >= 0) H5Fclose(file_);
}

void ParticlesH5::write(std::size_t time_index, std::uint32_t replica, const ParticleStore& v) {
  write(time_index, replica, 0, N_, v.data());
}

void ParticlesH5::write(std::size_t time_index, std::uint32_t replica, std::size_t first, std::size_t count,
                        const double* v) {
  if (first + count > N_) throw std::logic_error("particles.h5: particles beyond N");
  if (!have_frame_ || time_index != frame_) {  // a new frame: the one before it is complete
    if (have_frame_) {
      prev_frame_ = frame_;
      prev_digest_ = digest_.value();
      have_prev_ = true;
    }
    frame_ = time_index;
    have_frame_ = true;
    digest_ = Digest();
  }
  digest_.update(v, count * 3 * sizeof(double));
  const hid_t fspace = H5Dget_space(dset_);
  const hsize_t start[4] = {time_index, replica, first, 0};
  const hsize_t n[4] = {1, 1, count, 3};
  H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, nullptr, n, nullptr);
  const hid_t mspace = H5Screate_simple(4, n, nullptr);
  errno = 0;
  const herr_t st = H5Dwrite(dset_, H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT, v);
  H5Sclose(mspace);
  H5Sclose(fspace);
  if (st < 0) throw OutputError(io_error("write error on particles.h5"));
}

std::uint64_t particles_frame_digest(const std::string& path, std::size_t k, std::size_t T, std::size_t R,
                                     std::size_t N) {
  hid_t f = -1;
  H5E_BEGIN_TRY { f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT); }
  H5E_END_TRY;
  if (f < 0) throw std::runtime_error("it does not open as an HDF5 file (truncated or damaged)");
  hid_t d = -1;
  H5E_BEGIN_TRY { d = H5Dopen2(f, "velocities", H5P_DEFAULT); }
  H5E_END_TRY;
  auto close = [&] {
    if (d >= 0) H5Dclose(d);
    H5Fclose(f);
  };
  if (d < 0) {
    close();
    throw std::runtime_error("it has no dataset velocities");
  }
  const hid_t space = H5Dget_space(d);
  hsize_t dims[4] = {0, 0, 0, 0};
  const bool shape_ok = H5Sget_simple_extent_ndims(space) == 4 && H5Sget_simple_extent_dims(space, dims, nullptr) == 4 &&
                        dims[0] == T && dims[1] == R && dims[2] == N && dims[3] == 3;
  H5Sclose(space);
  if (!shape_ok) {
    close();
    throw std::runtime_error(fmt::format("its velocities are not {} x {} x {} x 3", T, R, N));
  }
  Digest dg;
  std::vector<double> buf;
  const std::size_t chunk = std::min<std::size_t>(N, 1 << 18);
  buf.resize(3 * chunk);
  herr_t st = 0;
  for (std::size_t r = 0; r < R && st >= 0; ++r)
    for (std::size_t first = 0; first < N && st >= 0; first += chunk) {
      const std::size_t n = std::min(chunk, N - first);
      const hid_t fspace = H5Dget_space(d);
      const hsize_t start[4] = {k, r, first, 0}, cnt[4] = {1, 1, n, 3};
      H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, nullptr, cnt, nullptr);
      const hid_t mspace = H5Screate_simple(4, cnt, nullptr);
      H5E_BEGIN_TRY { st = H5Dread(d, H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT, buf.data()); }
      H5E_END_TRY;
      H5Sclose(mspace);
      H5Sclose(fspace);
      if (st >= 0) dg.update(buf.data(), n * 3 * sizeof(double));
    }
  close();
  if (st < 0) throw std::runtime_error(fmt::format("frame {} cannot be read", k));
  return dg.value();
}

}  // namespace grazing
