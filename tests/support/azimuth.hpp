// Test-side: the azimuth phi of a direction e' about an axis e, measured in a frame of e^perp built
// here (Gram-Schmidt from the least-aligned coordinate axis), and its first Fourier moments
// E[cos m phi], E[sin m phi] (m = 1, 2), all zero when the azimuth is uniform.
#pragma once
#include <cmath>

#include "grazing/vec3.hpp"
#include "support/stats.hpp"

namespace grazing::test {

struct AzimuthMoments {
  explicit AzimuthMoments(Vec3 e) : e(e) {
    const Vec3 a = std::fabs(e.x) < 0.5 ? Vec3{1, 0, 0} : Vec3{0, 1, 0};
    const Vec3 g = a - dot(a, e) * e;
    f1 = (1.0 / norm(g)) * g;
    f2 = cross(e, f1);
  }
  void add(Vec3 ep) {
    const double phi = std::atan2(dot(ep, f2), dot(ep, f1));
    c[0].add(std::cos(phi));
    c[1].add(std::sin(phi));
    c[2].add(std::cos(2 * phi));
    c[3].add(std::sin(2 * phi));
  }
  Vec3 e, f1, f2;
  Welford c[4];  // cos phi, sin phi, cos 2 phi, sin 2 phi
};

}  // namespace grazing::test
