// Struct-of-arrays particle store: one replica's N velocities.
#pragma once
#include <cstddef>
#include <vector>

#include "grazing/vec3.hpp"

namespace grazing {

class ParticleStore {
 public:
  ParticleStore() = default;
  explicit ParticleStore(std::size_t n) : vx_(n), vy_(n), vz_(n) {}

  std::size_t size() const { return vx_.size(); }
  void resize(std::size_t n) { vx_.resize(n); vy_.resize(n); vz_.resize(n); }

  Vec3 get(std::size_t i) const { return {vx_[i], vy_[i], vz_[i]}; }
  void set(std::size_t i, Vec3 v) { vx_[i] = v.x; vy_[i] = v.y; vz_[i] = v.z; }

  double* vx() { return vx_.data(); }
  double* vy() { return vy_.data(); }
  double* vz() { return vz_.data(); }
  const double* vx() const { return vx_.data(); }
  const double* vy() const { return vy_.data(); }
  const double* vz() const { return vz_.data(); }

  friend bool operator==(const ParticleStore&, const ParticleStore&) = default;

 private:
  std::vector<double> vx_, vy_, vz_;
};

}  // namespace grazing
