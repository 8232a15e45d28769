// The files of a run directory: moments.csv, run.json, particles.h5.
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grazing/digest.hpp"
#include "grazing/model.hpp"
#include "grazing/moments.hpp"

namespace grazing {

// moments.csv: header exactly
// replica,t,events,mean_vx,mean_vy,mean_vz,mean_v2,Mxx,Myy,Mzz,Mxy,Mxz,Myz,mean_v4
// Rows are held until commit(), which writes them and flushes; bytes() and digest() describe what was
// committed, so that a checkpoint records exactly the rows on disk. Write errors throw OutputError.
class MomentsCsv {
 public:
  explicit MomentsCsv(const std::string& path);
  // Another table with the same guarantees (species.csv): `header` is its first line, rows come by line().
  MomentsCsv(const std::string& path, const std::string& header);
  // Continue an existing file from its first `keep_bytes` bytes, whose digest is `kept` (a resumed run:
  // the rows up to its checkpoint, already verified; anything after them is dropped).
  MomentsCsv(const std::string& path, std::uint64_t keep_bytes, const Digest& kept);
  ~MomentsCsv();
  MomentsCsv(const MomentsCsv&) = delete;
  MomentsCsv& operator=(const MomentsCsv&) = delete;
  void row(std::uint32_t replica, double t, std::uint64_t events, const Moments& m);
  void line(const std::string& text);  // one row, without its newline
  void commit();
  std::uint64_t bytes() const { return bytes_; }
  const Digest& digest() const { return digest_; }

 private:
  std::FILE* f_ = nullptr;
  std::string path_, pending_;
  std::uint64_t bytes_ = 0;
  Digest digest_;
};

// particles.h5: /times (T), /velocities (T, R, N, 3) float64; attributes on the root group.
// Keeps the digest of the frames it writes (replica after replica, in particle order), for the
// checkpoint. Write errors throw OutputError.
class ParticlesH5 {
 public:
  // Create the file with the whole dataset allocated (contiguous, no fill): later writes change data
  // only, so a run resumed into the file leaves the same bytes as one that never stopped.
  ParticlesH5(const std::string& path, const std::vector<double>& times, std::uint32_t replicas, std::size_t N,
              const nlohmann::json& attributes);
  // Reopen a file created as above to write further frames; frame `frame` (digest `digest`) is its last
  // complete one.
  ParticlesH5(const std::string& path, std::size_t N, std::size_t frame, std::uint64_t digest);
  ~ParticlesH5();
  ParticlesH5(const ParticlesH5&) = delete;
  ParticlesH5& operator=(const ParticlesH5&) = delete;
  void write(std::size_t time_index, std::uint32_t replica, const ParticleStore& v);
  // Particles first .. first + count - 1 of one replica (v: 3 count doubles, x y z interleaved).
  void write(std::size_t time_index, std::uint32_t replica, std::size_t first, std::size_t count, const double* v);
  void flush();  // to the operating system (a checkpoint refers to what is written)
  // Digest of frame k, which must be the frame being written or the one before it (complete).
  std::uint64_t frame_digest(std::size_t k) const;

 private:
  long long file_ = -1, dset_ = -1;
  std::size_t N_;
  std::size_t frame_ = 0, prev_frame_ = 0;
  Digest digest_;
  std::uint64_t prev_digest_ = 0;
  bool have_frame_ = false, have_prev_ = false;
};

// Digest of frame k of a particles.h5 (every replica, as ParticlesH5 computes it while writing), after
// checking that the file opens and its datasets have the run's shape (T output times, R replicas, N).
// Throws std::runtime_error saying what does not match.
std::uint64_t particles_frame_digest(const std::string& path, std::size_t k, std::size_t T, std::size_t R,
                                     std::size_t N);

// Writes `j` to `path` atomically (temporary file + rename; the temporary is removed when a write fails).
// Throws OutputError.
void write_json_file(const std::string& path, const nlohmann::json& j);

}  // namespace grazing
