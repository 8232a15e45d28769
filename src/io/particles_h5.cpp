#include <hdf5.h>

#include <algorithm>
#include <stdexcept>

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

}  // namespace

ParticlesH5::ParticlesH5(const std::string& path, const std::vector<double>& times, std::uint32_t replicas,
                         std::size_t N, const nlohmann::json& attributes)
    : N_(N) {
  const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0) throw std::runtime_error("cannot create " + path);
  file_ = f;
  for (const auto& [k, v] : attributes.items()) string_attribute(f, k, v.is_string() ? v.get<std::string>() : v.dump());

  const hsize_t tdim = times.size();
  const hid_t tspace = H5Screate_simple(1, &tdim, nullptr);
  // No modification times in object headers: the same run gives the same bytes.
  const hid_t tcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_obj_track_times(tcpl, false);
  const hid_t tset = H5Dcreate2(f, "times", H5T_NATIVE_DOUBLE, tspace, H5P_DEFAULT, tcpl, H5P_DEFAULT);
  H5Pclose(tcpl);
  H5Dwrite(tset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, times.data());
  H5Dclose(tset);
  H5Sclose(tspace);

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
  if (dset_ < 0) throw std::runtime_error("cannot create dataset velocities in " + path);
  flush();  // the file's structure is on disk: a killed run leaves a file that a resume can continue
}

ParticlesH5::ParticlesH5(const std::string& path, std::size_t N) : N_(N) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (f < 0) throw std::runtime_error("cannot open " + path + " to continue it");
  file_ = f;
  dset_ = H5Dopen2(f, "velocities", H5P_DEFAULT);
  if (dset_ < 0) throw std::runtime_error("no dataset velocities in " + path);
}

void ParticlesH5::flush() {
  if (H5Fflush(file_, H5F_SCOPE_GLOBAL) < 0) throw std::runtime_error("cannot flush particles.h5");
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
  const hid_t fspace = H5Dget_space(dset_);
  const hsize_t start[4] = {time_index, replica, first, 0};
  const hsize_t n[4] = {1, 1, count, 3};
  H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, nullptr, n, nullptr);
  const hid_t mspace = H5Screate_simple(4, n, nullptr);
  const herr_t st = H5Dwrite(dset_, H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT, v);
  H5Sclose(mspace);
  H5Sclose(fspace);
  if (st < 0) throw std::runtime_error("write error on particles.h5");
}

}  // namespace grazing
