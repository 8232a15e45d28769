// Reading and writing velocity arrays: CSV (three columns vx,vy,vz; optional header line; '#'
// comments) and HDF5 (a dataset of shape (N, 3), doubles).
#pragma once
#include <string>
#include <vector>

#include "grazing/vec3.hpp"

namespace grazing {

// Throws InputError(key, ...) naming `key` on any problem (missing file, bad row, bad shape).
std::vector<Vec3> read_velocities_csv(const std::string& path, const std::string& key);
std::vector<Vec3> read_velocities_h5(const std::string& path, const std::string& dataset, const std::string& key);
// The format a path's extension implies: "hdf5" for .h5 and .hdf5, else "csv".
std::string velocity_format_of(const std::string& path);
// The velocities of `path` in `format` ("csv", or "hdf5" from `dataset`), at least two of them
// (InputError naming `key` otherwise): initial kind "file" and species[k].velocities.
std::vector<Vec3> read_velocities(const std::string& path, const std::string& format, const std::string& dataset,
                                  const std::string& key);

}  // namespace grazing
