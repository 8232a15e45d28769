#include "grazing/moments.hpp"

namespace grazing {

Moments compute_moments(const ParticleStore& v) {
  const std::size_t N = v.size();
  const double* x = v.vx();
  const double* y = v.vy();
  const double* z = v.vz();
  CompensatedSum sx, sy, sz, s2, s4;
  for (std::size_t i = 0; i < N; ++i) {
    sx.add(x[i]);
    sy.add(y[i]);
    sz.add(z[i]);
    const double q = x[i] * x[i] + y[i] * y[i] + z[i] * z[i];
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
    const double dx = x[i] - m.mean.x, dy = y[i] - m.mean.y, dz = z[i] - m.mean.z;
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
