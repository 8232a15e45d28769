// Particle store: one replica's N velocities, interleaved (x0 y0 z0 x1 y1 z1 ...). Every model touches
// particles at random (a uniform pair, a random sweep order), so one particle's three components share
// a cache line: measured against three separate arrays (docs/performance.md), the interleaved store
// takes 1.25 lines per access instead of 3 and runs MBC at N = 1e7 markedly faster.
#pragma once
#include <cstddef>
#include <vector>

#include "grazing/vec3.hpp"

namespace grazing {

// A software prefetch of the cache line at p. (Inline asm on x86-64: GCC 12's dead-code elimination
// was seen to drop __builtin_prefetch in some loops — every one in mbc_distributed.cpp.)
inline void prefetch_line(const void* p) {
#if defined(__x86_64__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

class ParticleStore {
 public:
  ParticleStore() = default;
  explicit ParticleStore(std::size_t n) : v_(3 * n) {}

  std::size_t size() const { return v_.size() / 3; }
  void resize(std::size_t n) { v_.resize(3 * n); }

  Vec3 get(std::size_t i) const { return {v_[3 * i], v_[3 * i + 1], v_[3 * i + 2]}; }
  void set(std::size_t i, Vec3 v) {
    v_[3 * i] = v.x;
    v_[3 * i + 1] = v.y;
    v_[3 * i + 2] = v.z;
  }
  // Hint that particle i is needed soon (a software prefetch of its cache line).
  void prefetch(std::size_t i) const { prefetch_line(v_.data() + 3 * i); }

  // The 3N components, particle after particle (the row-major (N, 3) layout of particles.h5).
  double* data() { return v_.data(); }
  const double* data() const { return v_.data(); }

  friend bool operator==(const ParticleStore&, const ParticleStore&) = default;

 private:
  std::vector<double> v_;
};

}  // namespace grazing
