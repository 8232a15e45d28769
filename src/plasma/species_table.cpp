// Per-species observables in SI from the engine's velocities (docs/plasma.md#outputs). Sums are
// compensated, as the moments of moments.csv are.
#include <cmath>

#include "grazing/moments.hpp"
#include "grazing/plasma.hpp"

namespace grazing {

const char* species_csv_header() {
  return "replica,t,species,density,drift_x,drift_y,drift_z,T_x,T_y,T_z,T_par,T_perp,energy_density";
}

std::vector<SpeciesRow> species_rows(const Plasma& p, const ParticleStore& v) {
  std::vector<SpeciesRow> rows;
  const double vr = p.v_ref;
  for (const Species& s : p.species) {
    SpeciesRow row;
    const double n = static_cast<double>(s.N);
    CompensatedSum m[3], q[4], e;  // q: x, y, z and along the axis
    for (std::size_t i = s.offset; i < s.offset + s.N; ++i) {
      const Vec3 w = v.get(i);
      m[0].add(w.x), m[1].add(w.y), m[2].add(w.z);
      e.add(norm2(w));
    }
    const Vec3 W{m[0].value() / n, m[1].value() / n, m[2].value() / n};
    for (std::size_t i = s.offset; i < s.offset + s.N; ++i) {
      const Vec3 d = v.get(i) - W;
      q[0].add(d.x * d.x), q[1].add(d.y * d.y), q[2].add(d.z * d.z);
      const double a = dot(d, p.axis);
      q[3].add(a * a);
    }
    const double to_eV = s.mass * vr * vr / kElementaryCharge;
    row.density = p.weight * n;
    row.drift = vr * W;
    for (int k = 0; k < 3; ++k) row.T[k] = to_eV * q[k].value() / n;
    row.T_par = to_eV * q[3].value() / n;
    row.T_perp = 0.5 * (row.T[0] + row.T[1] + row.T[2] - row.T_par);
    row.energy_density = row.density * 0.5 * s.mass * vr * vr * e.value() / n;
    rows.push_back(row);
  }
  return rows;
}

PlasmaTotals plasma_totals(const Plasma& p, const ParticleStore& v) {
  CompensatedSum P[3], E, S;
  for (const Species& s : p.species)
    for (std::size_t i = s.offset; i < s.offset + s.N; ++i) {
      const Vec3 w = v.get(i);
      P[0].add(s.mass * w.x), P[1].add(s.mass * w.y), P[2].add(s.mass * w.z);
      E.add(0.5 * s.mass * norm2(w));
      S.add(s.mass * norm(w));
    }
  const double vr = p.v_ref, wt = p.weight;
  return {wt * vr * Vec3{P[0].value(), P[1].value(), P[2].value()}, wt * vr * vr * E.value(), wt * vr * S.value()};
}

}  // namespace grazing
