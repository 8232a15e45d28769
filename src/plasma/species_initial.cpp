// The initial state of a plasma: each species a (bi-)Maxwellian with its temperatures along x, y, z and
// its drift, on the engine's velocity scale (docs/plasma.md#species). Particle i is drawn from its own
// counter (stream kInitial, c0 = i), three normals, as the analytic initial kinds do.
#include "species_initial.hpp"

#include <cmath>
#include <stdexcept>

namespace grazing {

SpeciesInitial::SpeciesInitial(const Plasma& p) {
  for (const Species& s : p.species) {
    Law l;
    l.end = s.offset + s.N;
    for (int k = 0; k < 3; ++k) l.sd[k] = std::sqrt(kElementaryCharge * s.T[k] / s.mass) / p.v_ref;
    l.mean = (1.0 / p.v_ref) * s.drift;
    laws_.push_back(l);
  }
}

Vec3 SpeciesInitial::draw(CounterRng&) const {
  throw std::logic_error("SpeciesInitial draws by particle (fill)");
}

void SpeciesInitial::fill(ParticleStore& v, RngKey key) const {
  std::size_t a = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    while (i >= laws_[a].end) ++a;
    const Law& l = laws_[a];
    CounterRng rng(key, i);
    const double x = rng.normal(), y = rng.normal(), z = rng.normal();
    v.set(i, Vec3{l.mean.x + l.sd[0] * x, l.mean.y + l.sd[1] * y, l.mean.z + l.sd[2] * z});
  }
}

}  // namespace grazing
