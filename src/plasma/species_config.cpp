// [[species]], [plasma] and the species form of [model]: validated into a Plasma (docs/plasma.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "grazing/error.hpp"
#include "grazing/params.hpp"
#include "grazing/plasma.hpp"
#include "grazing/velocity_file.hpp"

namespace grazing {

const std::vector<ParamSpec>& species_params() {
  static const std::vector<ParamSpec> p = {
      {"name", ParamType::kString, "required", "the species' name (letters, digits, _ and +; unique), used in plasma.coulomb_log and species.csv"},
      {"mass_me", ParamType::kReal, "one of mass_*", "mass in electron masses (9.1093837015e-31 kg)"},
      {"mass_amu", ParamType::kReal, "one of mass_*", "mass in atomic mass units (1.66053906660e-27 kg)"},
      {"mass_kg", ParamType::kReal, "one of mass_*", "mass in kg"},
      {"Z", ParamType::kReal, "required", "charge number: the charge is Z e (electrons: -1); not 0"},
      {"density", ParamType::kReal, "required", "number density, m^-3"},
      {"T_eV", ParamType::kReal, "or T_par_eV and T_perp_eV", "temperature in eV: one value, or [T_x, T_y, T_z]"},
      {"T_par_eV", ParamType::kReal, "unset", "with T_perp_eV: temperature along plasma.axis, eV"},
      {"T_perp_eV", ParamType::kReal, "unset", "with T_par_eV: temperature across plasma.axis, eV"},
      {"drift", ParamType::kVec3, "[0, 0, 0]", "mean velocity, m/s"},
      {"N", ParamType::kInteger, "from plasma.N", "macro-particles of the species (all species carry the same weight density / N)"},
      {"velocities", ParamType::kString, "unset", "instead of T_eV and drift: a CSV (vx,vy,vz) or HDF5 (.h5, .hdf5) file of the species' N velocities in m/s, the same in every replica (T and drift are the sample's); relative to the config's directory"},
      {"velocities_dataset", ParamType::kString, "\"velocities\"", "HDF5 dataset of species.velocities, shape (N, 3)"},
  };
  return p;
}

const std::vector<ParamSpec>& plasma_params() {
  static const std::vector<ParamSpec> p = {
      {"coulomb_log", ParamType::kString, "required",
       "lnL: a number for every pair, \"nrl\" (the NRL formulary's, from the initial state), or a table {\"a-b\" = value} per pair of species names (0: the pair does not collide)"},
      {"axis", ParamType::kString, "\"z\"", "\"x\", \"y\" or \"z\": the direction of T_par (inputs T_par_eV, outputs T_par)"},
      {"N", ParamType::kInteger, "unset", "total macro-particles, split in proportion to the densities when a species gives no N"},
  };
  return p;
}

std::size_t Plasma::N() const {
  std::size_t n = 0;
  for (const auto& s : species) n += s.N;
  return n;
}

std::size_t Plasma::class_of(std::size_t a, std::size_t b) const {
  if (a > b) std::swap(a, b);
  const std::size_t S = species.size();
  return a * S - a * (a - 1) / 2 + (b - a);  // classes listed (0,0), (0,1), ..., (1,1), ...
}

namespace {

std::array<double, 3> temperatures(const Section& sec, int axis) {
  const bool scalar = sec.has("T_eV"), par = sec.has("T_par_eV"), perp = sec.has("T_perp_eV");
  if (scalar && (par || perp))
    throw InputError(sec.qualified("T_eV"), "give T_eV, or T_par_eV with T_perp_eV, not both");
  std::array<double, 3> T{};
  if (par != perp) throw InputError(sec.qualified(par ? "T_perp_eV" : "T_par_eV"), "T_par_eV and T_perp_eV go together");
  if (par) {
    const double tp = sec.real("T_par_eV"), tq = sec.real("T_perp_eV");
    if (!(tp > 0)) throw InputError(sec.qualified("T_par_eV"), fmt::format("must be > 0 (got {})", tp));
    if (!(tq > 0)) throw InputError(sec.qualified("T_perp_eV"), fmt::format("must be > 0 (got {})", tq));
    T = {tq, tq, tq};
    T[axis] = tp;
    return T;
  }
  if (!scalar) throw InputError(sec.qualified("T_eV"), "required: the temperature in eV (or T_par_eV and T_perp_eV)");
  std::vector<double> v;
  try {
    v = {sec.real("T_eV")};
  } catch (const InputError&) {
    v = sec.reals("T_eV");
    if (v.size() != 3) throw InputError(sec.qualified("T_eV"), fmt::format("must be one value or three [T_x, T_y, T_z] (got {})", v.size()));
  }
  for (double t : v)
    if (!(t > 0)) throw InputError(sec.qualified("T_eV"), fmt::format("must be > 0 (got {})", t));
  if (v.size() == 1) return {v[0], v[0], v[0]};
  return {v[0], v[1], v[2]};
}

double mass_of(const Section& sec) {
  const char* keys[3] = {"mass_me", "mass_amu", "mass_kg"};
  const double unit[3] = {kElectronMass, kAtomicMassUnit, 1.0};
  int given = -1;
  for (int k = 0; k < 3; ++k)
    if (sec.has(keys[k])) {
      if (given >= 0) throw InputError(sec.qualified(keys[k]), fmt::format("give the mass once (also {} is set)", keys[given]));
      given = k;
    }
  if (given < 0) throw InputError(sec.qualified("mass_me"), "required: the mass, as mass_me, mass_amu or mass_kg");
  const double m = sec.real(keys[given]);
  if (!(m > 0) || !std::isfinite(m * unit[given]) || !(m * unit[given] > 0))
    throw InputError(sec.qualified(keys[given]), fmt::format("must be > 0 (got {})", m));
  return m * unit[given];
}

// species[k].velocities: the file's velocities (m/s), with the species' drift (their mean) and
// temperatures along x, y, z (m <(v - drift)^2> / e, eV) from the sample.
void velocities_of(const Section& sec, Species& s) {
  for (const char* key : {"T_eV", "T_par_eV", "T_perp_eV", "drift"})
    if (sec.has(key))
      throw InputError(sec.qualified(key), fmt::format("the species' {} come from {}; remove one of the two", key[0] == 'd' ? "drift" : "temperatures",
                                                       sec.qualified("velocities")));
  s.velocities_path = sec.file_path("velocities");
  const std::string key = sec.qualified("velocities"), format = velocity_format_of(s.velocities_path);
  if (format == "csv" && sec.has("velocities_dataset"))
    throw InputError(sec.qualified("velocities_dataset"), "only used with an HDF5 file (.h5, .hdf5)");
  s.velocities = read_velocities(s.velocities_path, format, sec.string("velocities_dataset", "velocities"), key);
  Vec3 mean{};
  for (const Vec3& v : s.velocities) mean = mean + v;
  const double n = static_cast<double>(s.velocities.size());
  s.drift = (1.0 / n) * mean;
  double var[3] = {0, 0, 0};
  for (const Vec3& v : s.velocities) {
    const Vec3 d = v - s.drift;
    var[0] += d.x * d.x, var[1] += d.y * d.y, var[2] += d.z * d.z;
  }
  for (int k = 0; k < 3; ++k) {
    s.T[k] = s.mass * var[k] / n / kElementaryCharge;
    if (!(s.T[k] > 0)) throw InputError(key, fmt::format("the velocities of '{}' have no spread along {}", s.velocities_path, "xyz"[k]));
  }
}

// Particle numbers: each species' own N, or plasma.N split in proportion to the densities; then the
// one weight n_a / N_a that every species must share (docs/physics/plasma.md#equal-weights).
void particle_numbers(std::vector<Species>& sp, const std::vector<Section>& secs, const Section& plasma, Plasma& out) {
  const bool total = plasma.has("N");
  double n_sum = 0;
  for (const auto& s : sp) n_sum += s.density;
  std::int64_t N_total = 0;
  if (total) {
    N_total = plasma.integer("N");
    if (N_total < 1) throw InputError("plasma.N", fmt::format("must be >= 1 (got {})", N_total));
  }
  for (std::size_t a = 0; a < sp.size(); ++a) {
    if (secs[a].has("N")) {
      const std::int64_t n = secs[a].integer("N");
      if (n < 1 || n > (std::int64_t{1} << 40)) throw InputError(secs[a].qualified("N"), fmt::format("must be in [1, 2^40] (got {})", n));
      sp[a].N = static_cast<std::size_t>(n);
      if (!sp[a].velocities.empty() && sp[a].N != sp[a].velocities.size())
        throw InputError(secs[a].qualified("N"), fmt::format("is {} but {} holds {} velocities; give N = {} or leave N out",
                                                             n, secs[a].qualified("velocities"), sp[a].velocities.size(), sp[a].velocities.size()));
    } else if (!sp[a].velocities.empty()) {
      sp[a].N = sp[a].velocities.size();
    } else if (total) {
      sp[a].N = static_cast<std::size_t>(std::llround(static_cast<double>(N_total) * sp[a].density / n_sum));
      if (sp[a].N == 0)
        throw InputError("plasma.N", fmt::format("gives species '{}' no particle (density {:g} of {:g} m^-3): increase plasma.N", sp[a].name, sp[a].density, n_sum));
    } else {
      throw InputError(secs[a].qualified("N"), "required: the species' macro-particles (or plasma.N, split by density)");
    }
  }
  // Equal weights: w_a = n_a / N_a the same for every species, to 1e-9 relative.
  std::size_t N = 0;
  for (const auto& s : sp) N += s.N;
  out.weight = n_sum / static_cast<double>(N);
  const double w0 = sp[0].density / static_cast<double>(sp[0].N);
  for (std::size_t a = 1; a < sp.size(); ++a) {
    const double w = sp[a].density / static_cast<double>(sp[a].N);
    if (std::fabs(w / w0 - 1.0) > 1e-9) {
      std::string suggestion;
      for (std::size_t b = 0; b < sp.size(); ++b)
        suggestion += fmt::format("{}{} N = {:.0f}", b ? ", " : "", sp[b].name,
                                  std::max(1.0, std::round(static_cast<double>(sp[0].N) * sp[b].density / sp[0].density)));
      throw InputError(secs[a].has("N") ? secs[a].qualified("N") : std::string("plasma.N"),
                       fmt::format("species '{}' would carry {:.6g} real particles per m^3 per macro-particle, species '{}' {:.6g}: "
                                   "every species must carry the same weight (density / N), which is what lets one exactly "
                                   "conservative pair move give both species their rates (docs/physics/plasma.md#equal-weights); "
                                   "use N in proportion to the densities, for example {}",
                                   sp[a].name, w, sp[0].name, w0, suggestion));
    }
  }
}

void coulomb_logs(const toml::table& config, const std::vector<Species>& sp, Plasma& out) {
  const toml::node* node = nullptr;
  if (const auto* pt = config["plasma"].as_table()) node = pt->get("coulomb_log");
  if (!node) throw InputError("plasma.coulomb_log", "required: a number, \"nrl\", or a table {\"a-b\" = value}");
  const std::size_t S = sp.size();
  for (std::size_t a = 0; a < S; ++a)
    for (std::size_t b = a; b < S; ++b) {
      PairClass c;
      c.a = a, c.b = b;
      out.classes.push_back(c);
    }
  auto check = [](double v, const std::string& key) {
    if (!(v > 0) || !std::isfinite(v)) throw InputError(key, fmt::format("must be > 0 (got {})", v));
    return v;
  };
  if (auto v = node->value_exact<double>(); v || node->value_exact<std::int64_t>()) {
    const double x = check(v ? *v : static_cast<double>(*node->value_exact<std::int64_t>()), "plasma.coulomb_log");
    for (auto& c : out.classes) c.coulomb_log = x, c.coulomb_log_source = "value";
  } else if (auto s = node->value_exact<std::string>()) {
    if (*s != "nrl")
      throw InputError("plasma.coulomb_log", fmt::format("must be a number, \"nrl\" or a table (got \"{}\")", *s));
    for (auto& c : out.classes) {
      const CoulombLogResult r = nrl_coulomb_log(sp, c.a, c.b);
      if (!(r.value > 0))
        throw InputError("plasma.coulomb_log", fmt::format("\"nrl\" gives lnL = {:.3g} <= 0 for {}-{} ({}): the formulary does not "
                                                           "apply to this plasma; give a value", r.value, sp[c.a].name, sp[c.b].name, r.source));
      c.coulomb_log = r.value;
      c.coulomb_log_source = "nrl: " + r.source + (r.valid ? "" : " (outside the formulary's stated conditions)");
    }
  } else if (const auto* t = node->as_table()) {
    std::vector<bool> set(out.classes.size(), false);
    for (const auto& [k, v] : *t) {
      const std::string key(k.str());
      const std::string qk = "plasma.coulomb_log." + key;
      const auto dash = key.find('-');
      if (dash == std::string::npos) throw InputError(qk, "name a pair of species as \"a-b\"");
      const std::string na = key.substr(0, dash), nb = key.substr(dash + 1);
      auto find = [&](const std::string& n) {
        for (std::size_t a = 0; a < S; ++a)
          if (sp[a].name == n) return a;
        std::vector<std::string> names;
        for (const auto& x : sp) names.push_back(x.name);
        throw InputError(qk, fmt::format("unknown species '{}'{}", n, did_you_mean(n, names)));
      };
      const std::size_t a = find(na), b = find(nb);
      const auto x = v.value<double>();
      if (!x) throw InputError(qk, "expected a number");
      const std::size_t c = out.class_of(a, b);
      if (set[c]) throw InputError(qk, "the pair is given twice");
      set[c] = true;
      if (*x == 0) {  // the pair does not collide (as codes switch off a beam's self-collisions)
        out.classes[c].coulomb_log = 0;
        out.classes[c].coulomb_log_source = "table: 0, the pair does not collide";
        continue;
      }
      out.classes[c].coulomb_log = check(*x, qk);
      out.classes[c].coulomb_log_source = "table";
    }
    for (std::size_t c = 0; c < out.classes.size(); ++c)
      if (!set[c])
        throw InputError("plasma.coulomb_log", fmt::format("no value for the pair \"{}-{}\"", sp[out.classes[c].a].name, sp[out.classes[c].b].name));
  } else {
    throw InputError("plasma.coulomb_log", "must be a number, \"nrl\" or a table {\"a-b\" = value}");
  }
}

}  // namespace

Plasma read_plasma(const toml::table& config, const std::string& base_dir) {
  Plasma out;
  const toml::array* arr = config["species"].as_array();
  if (!arr || arr->empty()) throw InputError("species", "give at least one [[species]] table");
  const Section plasma("plasma", config["plasma"].as_table());
  plasma.check_known(plasma_params(), "[plasma]");
  out.axis_name = plasma.string("axis", "z");
  int axis = 2;
  if (out.axis_name == "x") axis = 0, out.axis = {1, 0, 0};
  else if (out.axis_name == "y") axis = 1, out.axis = {0, 1, 0};
  else if (out.axis_name != "z") throw InputError("plasma.axis", fmt::format("must be \"x\", \"y\" or \"z\" (got \"{}\")", out.axis_name));

  std::vector<Section> secs;
  for (std::size_t k = 0; k < arr->size(); ++k) {
    const toml::table* t = (*arr)[k].as_table();
    const std::string name = fmt::format("species[{}]", k);
    if (!t) throw InputError(name, "must be a table, written [[species]]");
    secs.emplace_back(name, t, base_dir);
  }
  for (const Section& sec : secs) {
    sec.check_known(species_params(), "[[species]]");
    Species s;
    s.name = sec.string("name");
    if (s.name.empty() || !std::all_of(s.name.begin(), s.name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '+'; }))
      throw InputError(sec.qualified("name"), fmt::format("use letters, digits, _ and + (got \"{}\")", s.name));
    for (const auto& o : out.species)
      if (o.name == s.name) throw InputError(sec.qualified("name"), fmt::format("'{}' names two species", s.name));
    s.mass = mass_of(sec);
    s.Z = sec.real("Z");
    if (s.Z == 0) throw InputError(sec.qualified("Z"), "must not be 0 (neutral particles do not take part in Coulomb collisions)");
    s.density = sec.real("density");
    if (!(s.density > 0)) throw InputError(sec.qualified("density"), fmt::format("must be > 0 (got {})", s.density));
    if (sec.has("velocities")) {
      velocities_of(sec, s);
    } else {
      if (sec.has("velocities_dataset")) throw InputError(sec.qualified("velocities_dataset"), "only used with velocities");
      s.T = temperatures(sec, axis);
      s.drift = sec.vec3("drift", Vec3{0, 0, 0});
    }
    out.species.push_back(s);
  }
  particle_numbers(out.species, secs, plasma, out);
  std::size_t off = 0;
  for (auto& s : out.species) s.offset = off, off += s.N;
  coulomb_logs(config, out.species, out);
  return out;
}

}  // namespace grazing
