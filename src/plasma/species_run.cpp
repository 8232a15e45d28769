// A run with [[species]]: [model] (mbc, gamma, tau), the species and [plasma] into the RunSpec's model,
// initial law, N and clock (docs/plasma.md).
#include <fmt/format.h>

#include "grazing/config.hpp"
#include "grazing/error.hpp"
#include "grazing/params.hpp"
#include "grazing/plasma.hpp"
#include "species_initial.hpp"

namespace grazing {

std::unique_ptr<Model> make_species_mbc(const Plasma& plasma);  // src/models/mbc_species.cpp
// sbm, takizuka-abe, nanbu, landau-diffusion (src/models/pairing_species.cpp); nullptr for another name.
std::unique_ptr<Model> make_species_pairing(const std::string& name, const Plasma& plasma);

const std::vector<ParamSpec>& species_model_params() {
  static const std::vector<ParamSpec> p = {
      {"name", ParamType::kString, "required", "\"mbc\", \"sbm\", \"takizuka-abe\", \"nanbu\" or \"landau-diffusion\" (the models with several species so far)"},
      {"gamma", ParamType::kReal, "-3", "kernel exponent of |z|^(gamma+2): -3 is Coulomb; the formulary's rates hold at -3"},
      {"tau", ParamType::kReal, "0.001", "mbc: each class's step h_ab makes tau = h_ab K_ab |w|^gamma this value at the class's thermal relative speed; sbm, takizuka-abe, nanbu: the step dt makes tau at most this at every class's thermal speed; landau-diffusion: the same for the sum over a particle's partners"},
  };
  return p;
}

void read_species_run(const toml::table& config, const std::string& base_dir, RunSpec& spec) {
  if (config.contains("initial"))
    throw InputError("initial", "a run with [[species]] takes each species' velocities from its [[species]] table; remove [initial]");
  const Section model("model", config["model"].as_table());
  const std::string name = model.string("name");
  if (name != "mbc" && name != "sbm" && name != "takizuka-abe" && name != "nanbu" && name != "landau-diffusion")
    throw InputError("model.name", fmt::format("with [[species]] only \"mbc\", \"sbm\", \"takizuka-abe\", \"nanbu\" and "
                                               "\"landau-diffusion\" run so far (got \"{}\"; docs/plasma.md#limits)", name));
  model.check_known(species_model_params(), "model '" + name + "' with [[species]]");
  const double gamma = model.real("gamma", -3.0);
  const double tau = model.real("tau", 0.001);
  if (!(tau > 0)) throw InputError("model.tau", fmt::format("must be > 0 (got {})", tau));
  Plasma p = read_plasma(config, base_dir);
  set_scales(p, gamma, tau);
  p.class_clocks = name == "mbc";
  spec.N = p.N();
  spec.exact_moments = false;
  spec.initial = std::make_unique<SpeciesInitial>(p);
  spec.model = name == "mbc" ? make_species_mbc(p) : make_species_pairing(name, p);
  spec.landau_C = spec.model->landau_C();
  spec.time_scale = 1.0 / p.t_ref;  // run clock in seconds, the engine's in units of t_ref
  spec.plasma = std::make_shared<const Plasma>(std::move(p));
}

}  // namespace grazing
