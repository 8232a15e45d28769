#include "grazing/velocity_file.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "grazing/config.hpp"
#include "grazing/error.hpp"

namespace grazing {

std::vector<Vec3> read_velocities_csv(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  if (!in) throw InputError(key, fmt::format("cannot open '{}'", path));
  std::vector<Vec3> out;
  std::string line;
  std::size_t lineno = 0;
  bool seen_data = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (auto c = line.find('#'); c != std::string::npos) line.erase(c);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    for (char& ch : line)
      if (ch == ',' || ch == ';' || ch == '\t') ch = ' ';
    std::istringstream ss(line);
    Vec3 v;
    std::string extra;
    if (!(ss >> v.x >> v.y >> v.z) || (ss >> extra)) {
      if (!seen_data && out.empty() && lineno == 1 && line.find_first_of("0123456789") == std::string::npos)
        continue;  // a header line such as "vx,vy,vz"
      throw InputError(key, fmt::format("{}:{}: expected three numbers vx,vy,vz", path, lineno));
    }
    if (!std::isfinite(v.x) || !std::isfinite(v.y) || !std::isfinite(v.z))
      throw InputError(key, fmt::format("{}:{}: velocities must be finite", path, lineno));
    seen_data = true;
    out.push_back(v);
  }
  return out;
}

std::vector<Vec3> read_velocities_h5(const std::string& path, const std::string& dataset, const std::string& key) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported here, not printed by HDF5
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(key, fmt::format("'{}' is not a readable HDF5 file", path));
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw InputError(key, fmt::format("cannot open '{}'", path));
  const hid_t d = H5Dopen2(f, dataset.c_str(), H5P_DEFAULT);
  if (d < 0) {
    H5Fclose(f);
    throw InputError(key, fmt::format("'{}' has no dataset '{}'", path, dataset));
  }
  const hid_t sp = H5Dget_space(d);
  hsize_t dims[8] = {0};
  const int rank = H5Sget_simple_extent_ndims(sp);
  if (rank == 2) H5Sget_simple_extent_dims(sp, dims, nullptr);
  std::vector<Vec3> out;
  std::string problem;
  if (rank != 2 || dims[1] != 3) {
    problem = fmt::format("dataset '{}' in '{}' must have shape (N, 3)", dataset, path);
  } else if (std::string memory = file_memory_problem(dims[0], path); !memory.empty()) {
    problem = std::move(memory);  // the memory guard, on the shape alone: nothing is allocated yet
  } else {
    std::vector<double> buf(dims[0] * 3);
    out.reserve(dims[0]);
    if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0) {
      problem = fmt::format("cannot read dataset '{}' in '{}' as doubles", dataset, path);
    } else {
      for (hsize_t i = 0; i < dims[0]; ++i) out.push_back({buf[3 * i], buf[3 * i + 1], buf[3 * i + 2]});
      for (const Vec3& v : out)
        if (!std::isfinite(v.x) || !std::isfinite(v.y) || !std::isfinite(v.z)) problem = "velocities must be finite";
    }
  }
  H5Sclose(sp);
  H5Dclose(d);
  H5Fclose(f);
  if (!problem.empty()) throw InputError(key, problem);
  return out;
}

std::vector<Vec3> read_velocities(const std::string& path, const std::string& format, const std::string& dataset,
                                  const std::string& key) {
  std::vector<Vec3> v = format == "hdf5" ? read_velocities_h5(path, dataset, key) : read_velocities_csv(path, key);
  if (v.size() < 2) throw InputError(key, fmt::format("'{}' holds {} velocities; at least 2 are needed", path, v.size()));
  return v;
}

std::string velocity_format_of(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return (ext == ".h5" || ext == ".hdf5") ? "hdf5" : "csv";
}

}  // namespace grazing
