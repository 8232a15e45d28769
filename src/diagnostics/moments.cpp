#include "grazing/moments.hpp"

namespace grazing {

Moments compute_moments(const ParticleStore& v) {
  const std::size_t N = v.size();
  const double* p = v.data();  // x y z of particle i at 3i, 3i+1, 3i+2
  CompensatedSum sx, sy, sz, s2, s4;
  for (std::size_t i = 0; i < N; ++i) {
    const double x = p[3 * i], y = p[3 * i + 1], z = p[3 * i + 2];
    sx.add(x);
    sy.add(y);
    sz.add(z);
    const double q = x * x + y * y + z * z;
    s2.add(q);
    s4.add(q * q);
  }
  const double inv = 1.0 / static_cast<double>(N);
  Moments m;
  m.mean = {sx.value() * inv, sy.value() * inv, sz.value() * inv};
  m.mean_v2 = s2.value() * inv;
  m.mean_v4 = s4.value() * inv;
  CompensatedSum c[6];
  for (std::size_t i = 0; i < N; ++i) {
    const double dx = p[3 * i] - m.mean.x, dy = p[3 * i + 1] - m.mean.y, dz = p[3 * i + 2] - m.mean.z;
    c[0].add(dx * dx);
    c[1].add(dy * dy);
    c[2].add(dz * dz);
    c[3].add(dx * dy);
    c[4].add(dx * dz);
    c[5].add(dy * dz);
  }
  for (int k = 0; k < 6; ++k) m.M[k] = c[k].value() * inv;
  return m;
}

}  // namespace grazing
