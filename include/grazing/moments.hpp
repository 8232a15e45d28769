// Moments of one replica's empirical measure (the columns of moments.csv), with compensated sums so
// that round-off of the sum does not hide or fake a conservation drift.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <cstddef>

#include "grazing/particles.hpp"

namespace grazing {

struct Moments {
  Vec3 mean;             // P = (1/N) sum v_i
  double mean_v2 = 0;    // (1/N) sum |v_i|^2
  double M[6] = {0};     // (1/N) sum (v_i - P)(x)(v_i - P): xx, yy, zz, xy, xz, yz
  double mean_v4 = 0;    // (1/N) sum |v_i|^4
};

// The columns of moments.csv, in order (docs/commands/run.md), and one row's values in that order:
// the file, Python's RunResult.moments and grazing.MOMENT_COLUMNS all take them from here.
inline constexpr std::array<const char*, 14> kMomentColumns = {
    "replica", "t", "events", "mean_vx", "mean_vy", "mean_vz", "mean_v2",
    "Mxx", "Myy", "Mzz", "Mxy", "Mxz", "Myz", "mean_v4"};
inline std::array<double, 14> moment_values(std::uint32_t replica, double t, std::uint64_t events, const Moments& m) {
  return {static_cast<double>(replica), t, static_cast<double>(events), m.mean.x, m.mean.y, m.mean.z, m.mean_v2,
          m.M[0], m.M[1], m.M[2], m.M[3], m.M[4], m.M[5], m.mean_v4};
}

// Sums by blocks of kMomentBlock particles (comm.hpp), compensated within and across blocks.
Moments compute_moments(const ParticleStore& v);
class Comm;
// The moments of N particles spread over the processes of `comm`, each holding its block_offsets range
// as `local`: bit-identical to compute_moments of all N in one process. Collective.
Moments compute_moments(const ParticleStore& local, std::size_t N, const Comm& comm);

// Neumaier's compensated summation.
class CompensatedSum {
 public:
  void add(double x) {
    const double t = sum_ + x;
    comp_ += (std::abs(sum_) >= std::abs(x)) ? (sum_ - t) + x : (x - t) + sum_;
    sum_ = t;
  }
  double value() const { return sum_ + comp_; }

 private:
  double sum_ = 0, comp_ = 0;
};

}  // namespace grazing
