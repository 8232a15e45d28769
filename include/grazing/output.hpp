// The files of a run directory: moments.csv, run.json, particles.h5.
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grazing/model.hpp"
#include "grazing/moments.hpp"

namespace grazing {

// moments.csv: header exactly
// replica,t,events,mean_vx,mean_vy,mean_vz,mean_v2,Mxx,Myy,Mzz,Mxy,Mxz,Myz,mean_v4
class MomentsCsv {
 public:
  explicit MomentsCsv(const std::string& path);
  // Continue an existing file from its first `keep_bytes` bytes (a resumed run: the rows up to its
  // checkpoint; anything after them is dropped).
  MomentsCsv(const std::string& path, std::uint64_t keep_bytes);
  ~MomentsCsv();
  MomentsCsv(const MomentsCsv&) = delete;
  MomentsCsv& operator=(const MomentsCsv&) = delete;
  void row(std::uint32_t replica, double t, std::uint64_t events, const Moments& m);
  void flush();
  std::uint64_t bytes() const;  // length written so far (after flush)

 private:
  std::FILE* f_ = nullptr;
  std::string path_;
};

// particles.h5: /times (T), /velocities (T, R, N, 3) float64; attributes on the root group.
class ParticlesH5 {
 public:
  // Create the file with the whole dataset allocated (contiguous, no fill): later writes change data
  // only, so a run resumed into the file leaves the same bytes as one that never stopped.
  ParticlesH5(const std::string& path, const std::vector<double>& times, std::uint32_t replicas, std::size_t N,
              const nlohmann::json& attributes);
  // Reopen a file created as above to write further frames.
  ParticlesH5(const std::string& path, std::size_t N);
  ~ParticlesH5();
  ParticlesH5(const ParticlesH5&) = delete;
  ParticlesH5& operator=(const ParticlesH5&) = delete;
  void write(std::size_t time_index, std::uint32_t replica, const ParticleStore& v);
  // Particles first .. first + count - 1 of one replica (v: 3 count doubles, x y z interleaved).
  void write(std::size_t time_index, std::uint32_t replica, std::size_t first, std::size_t count, const double* v);
  void flush();  // to the operating system (a checkpoint refers to what is written)

 private:
  long long file_ = -1, dset_ = -1;
  std::size_t N_;
};

// Writes `j` to `path` atomically (temporary file + rename).
void write_json_file(const std::string& path, const nlohmann::json& j);

}  // namespace grazing
