// The engine's scales and the per-class clocks of multi-species MBC (docs/physics/plasma.md#exact-multi-species-mbc).
#include <fmt/format.h>

#include <cmath>

#include "grazing/error.hpp"
#include "grazing/plasma.hpp"

namespace grazing {

void set_scales(Plasma& p, double gamma, double tau) {
  constexpr double kPi = 3.14159265358979323846;
  p.gamma = gamma;
  p.tau_target = tau;
  const Species& s0 = p.species[0];
  // Velocities in units of species 0's thermal speed sqrt(T_0 / m_0).
  p.v_ref = std::sqrt(kElementaryCharge * s0.mean_T() / s0.mass);
  // Class (a, b): tau_ij = h_ab Q_ab |u|^gamma / 2 with Q_ab = L_ab n_b / mu_ab^2 and
  // L_ab = e_a^2 e_b^2 lnL_ab / (8 pi eps0^2) (PLASMA P.1, P.4), n_b = weight N_b (equal weights).
  std::vector<double> Q(p.classes.size());
  for (std::size_t c = 0; c < p.classes.size(); ++c) {
    PairClass& k = p.classes[c];
    const Species &A = p.species[k.a], &B = p.species[k.b];
    const double qa = A.Z * kElementaryCharge, qb = B.Z * kElementaryCharge;
    k.L = qa * qa * qb * qb * k.coulomb_log / (8 * kPi * kEpsilon0 * kEpsilon0);
    const double mu = A.mass * B.mass / (A.mass + B.mass);
    Q[c] = k.L * (p.weight * static_cast<double>(B.N)) / (mu * mu);
  }
  // The engine's time unit makes the first colliding class's tau = h |w|^gamma exactly (K = 1): with
  // one species, Du's MBC with C = 1/2.
  std::size_t ref = 0;
  while (ref < Q.size() && !(Q[ref] > 0)) ++ref;
  if (ref == Q.size()) throw InputError("plasma.coulomb_log", "is 0 for every pair: nothing collides");
  p.reference_class = ref;
  p.t_ref = 2.0 / (Q[ref] * std::pow(p.v_ref, gamma));
  if (!(p.t_ref > 0) || !std::isfinite(p.t_ref))
    throw InputError("model.gamma", fmt::format("gives the time unit 2 / (Q v^gamma) = {} s, not a positive number", p.t_ref));
  for (std::size_t c = 0; c < p.classes.size(); ++c) {
    PairClass& k = p.classes[c];
    const Species &A = p.species[k.a], &B = p.species[k.b];
    k.K = Q[c] / Q[ref];
    if (!(k.K > 0)) {  // a pair that does not collide
      k.h = k.h_seconds = k.tau_thermal = k.rate = 0;
      continue;
    }
    // The class's thermal relative speed on the engine's scale: <|w_i - w_j|^2> = 3 theta_a + 3 theta_b + |W_a - W_b|^2.
    auto theta = [&](const Species& s) { return kElementaryCharge * s.mean_T() / s.mass / (p.v_ref * p.v_ref); };
    const Vec3 dW = (1.0 / p.v_ref) * (A.drift - B.drift);
    const double u_th = std::sqrt(3 * theta(A) + 3 * theta(B) + norm2(dW));
    k.u_thermal = u_th;
    // The default step: tau at the thermal speed the same for every class.
    k.h = tau / (k.K * std::pow(u_th, gamma));
    k.tau_thermal = tau;
    k.h_seconds = k.h * p.t_ref;
    // Events per unit of the engine's clock: lambda_ab = 2 / ((N_b - delta_ab) h_ab) per pair.
    k.rate = k.a == k.b ? (A.N > 1 ? static_cast<double>(A.N) / k.h : 0.0) : 2.0 * static_cast<double>(A.N) / k.h;
    if (!(k.h > 0) || !std::isfinite(k.h))
      throw InputError("model.tau", fmt::format("gives class {}-{} the step {} (not a positive number)", A.name, B.name, k.h));
  }
}

nlohmann::json Plasma::to_json() const {
  nlohmann::json j;
  j["units"] = {{"time", "s"}, {"velocity", "m/s"}, {"density", "m^-3"}, {"temperature", "eV"}, {"energy_density", "J/m^3"}};
  j["reference"] = {{"v_ref", v_ref}, {"t_ref", t_ref},
                    {"class", species[classes[reference_class].a].name + "-" + species[classes[reference_class].b].name},
                    {"meaning", "engine velocity w = v / v_ref (v_ref = sqrt(T_0 / m_0), species 0); engine time s = t / t_ref "
                                "(class `class` has tau = h |w|^gamma); moments.csv holds the moments of w"}};
  j["weight"] = weight;
  j["axis"] = axis_name;
  j["gamma"] = gamma;
  j["tau"] = tau_target;
  for (const Species& s : species) {
    j["species"].push_back({{"name", s.name}, {"mass_kg", s.mass}, {"Z", s.Z}, {"density", s.density},
                            {"density_used", weight * static_cast<double>(s.N)}, {"T_eV", s.T},
                            {"drift", {s.drift.x, s.drift.y, s.drift.z}}, {"N", s.N}, {"first_particle", s.offset}});
    if (!s.velocities_path.empty()) j["species"].back()["velocities"] = s.velocities_path;  // T_eV, drift: the sample's
  }
  for (const PairClass& k : classes) {
    j["classes"].push_back({{"pair", species[k.a].name + "-" + species[k.b].name}, {"coulomb_log", k.coulomb_log},
                            {"coulomb_log_source", k.coulomb_log_source}});
    if (class_clocks)  // mbc's per-class clocks; the other models' step is parameters.model.dt_seconds
      j["classes"].back().update({{"h_seconds", k.h_seconds}, {"tau_thermal", k.tau_thermal}, {"events_per_second", k.rate / t_ref}});
  }
  return j;
}

}  // namespace grazing
