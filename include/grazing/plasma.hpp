// Several species in SI units (docs/physics/plasma.md, docs/plasma.md): the species of a run, the
// Coulomb logarithms, the reference scales that make the engine's numbers O(1), the per-class clocks
// of multi-species MBC, and the plasma formulary's exact rates the tests compare against.
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "grazing/particles.hpp"

namespace grazing {

// CODATA 2018 (SI; e, k_B exact since 2019).
inline constexpr double kElementaryCharge = 1.602176634e-19;  // C (also J per eV)
inline constexpr double kElectronMass = 9.1093837015e-31;     // kg
inline constexpr double kAtomicMassUnit = 1.66053906660e-27;  // kg
inline constexpr double kProtonMass = 1.67262192369e-27;      // kg
inline constexpr double kEpsilon0 = 8.8541878128e-12;         // F/m

struct Species {
  std::string name;
  double mass = 0;           // kg
  double Z = 0;              // charge number (e_a = Z e)
  double density = 0;        // m^-3, as given
  std::array<double, 3> T{};  // eV along x, y, z
  Vec3 drift{};              // m/s
  std::size_t N = 0;         // macro-particles
  std::size_t offset = 0;    // first particle of the species in a replica's store
  std::string velocities_path;     // species[k].velocities: the N velocities (m/s) read from this file,
  std::vector<Vec3> velocities;    // the same in every replica (T and drift are then the sample's)
  double mean_T() const { return (T[0] + T[1] + T[2]) / 3.0; }
};

// One class of pairs (a, b), a <= b, of multi-species MBC (docs/physics/plasma.md#exact-multi-species-mbc).
struct PairClass {
  std::size_t a = 0, b = 0;
  double coulomb_log = 0;
  std::string coulomb_log_source;  // "value", "table" or "nrl: <formula and branch>"
  double L = 0;                    // e_a^2 e_b^2 lnL / (8 pi eps0^2), SI
  double K = 0;                    // tau = h K |w|^gamma on the engine's scales (K of class (0, 0) is 1)
  double h = 0;                    // step on the engine's clock
  double h_seconds = 0;            // the same in seconds
  double tau_thermal = 0;          // tau at the class's thermal relative speed
  double u_thermal = 0;            // that speed on the engine's scale
  double rate = 0;                 // events per unit of the engine's clock (pairs x lambda)
};

struct Plasma {
  std::vector<Species> species;
  std::vector<PairClass> classes;  // (0,0), (0,1), ..., (0,S-1), (1,1), ...
  Vec3 axis{0, 0, 1};              // direction of T_par (plasma.axis)
  std::string axis_name = "z";
  double gamma = -3;               // kernel exponent (Coulomb: -3)
  double weight = 0;               // real particles per macro-particle per m^3: n_a = weight N_a
  double v_ref = 0;                // m/s: engine velocity w = v / v_ref
  double t_ref = 0;                // s: engine time s = t / t_ref
  double tau_target = 0;           // model.tau
  std::size_t reference_class = 0; // the first class that collides: its K is 1
  bool class_clocks = true;        // model mbc: each class's h and rate are its clock (else unused)
  std::size_t N() const;
  std::size_t class_of(std::size_t a, std::size_t b) const;  // index into classes
  nlohmann::json to_json() const;  // run.json's "plasma"
};

// The [[species]] and [plasma] sections, and [model]'s gamma and tau, validated (InputError naming
// species[k].key or plasma.key). Requires at least one [[species]].
Plasma read_plasma(const toml::table& config, const std::string& base_dir = ".");  // base_dir: of relative species[k].velocities
// The keys of [[species]] and [plasma] (for docs and `grazing list`).
const std::vector<struct ParamSpec>& species_params();
const std::vector<struct ParamSpec>& plasma_params();

// NRL Plasma Formulary (2019) p. 34 Coulomb logarithm for the pair (a, b) of `species`: the formula
// used (and its branch) in `source`; `valid` false when the formulary's conditions do not hold.
struct CoulombLogResult {
  double value = 0;
  std::string source;
  bool valid = true;
};
CoulombLogResult nrl_coulomb_log(const std::vector<Species>& species, std::size_t a, std::size_t b);

// The formulary's exact instantaneous rates for Maxwellian data at gamma = -3 (docs/physics/plasma.md#exact-rates).
// Temperatures in joules, masses in kg, densities in m^-3.
// dT_a/dt = nu (T_b - T_a):
double exchange_rate(double qa, double qb, double ma, double mb, double nb, double Ta, double Tb, double lnL);
// One species' bi-Maxwellian: dT_perp/dt = -nu (T_perp - T_par), dT_par/dt = 2 nu (T_perp - T_par).
double isotropisation_rate(double q, double m, double n, double T_par, double T_perp, double lnL);
// A cold beam of species a at speed v in a Maxwellian b: nu_s, nu_perp, nu_par.
struct BeamRates {
  double nu_s = 0, nu_perp = 0, nu_par = 0;
};
BeamRates beam_rates(double qa, double qb, double ma, double mb, double nb, double v, double Tb, double lnL);

}  // namespace grazing

namespace grazing {
// The engine's reference speed and time, each class's L, K, default step and rate, for the kernel
// exponent gamma and tau at the thermal speed `tau` (model.tau). InputError when they are not finite.
void set_scales(Plasma& plasma, double gamma, double tau);
}  // namespace grazing

namespace grazing {
class ParticleStore;
// What species.csv says of species a at one output time, in SI (docs/plasma.md#outputs).
struct SpeciesRow {
  double density = 0;                 // m^-3 (weight x N_a)
  Vec3 drift{};                       // m/s
  double T[3] = {0, 0, 0};            // eV, about the drift, along x, y, z
  double T_par = 0, T_perp = 0;       // eV, along plasma.axis and across it (the mean of the two others)
  double energy_density = 0;          // J/m^3: n_a m_a <|v|^2> / 2 (drift included)
};
std::vector<SpeciesRow> species_rows(const Plasma& plasma, const ParticleStore& v);
// The mixture's momentum density (kg m^-2 s^-1), its energy density (J/m^3) and the momentum scale
// sum_a n_a m_a <|v|> that relative momentum drifts are measured against.
struct PlasmaTotals {
  Vec3 momentum{};
  double energy = 0, momentum_scale = 0;
};
PlasmaTotals plasma_totals(const Plasma& plasma, const ParticleStore& v);
// species.csv's header line (without the newline).
const char* species_csv_header();
}  // namespace grazing
