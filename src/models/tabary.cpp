#include "tabary.hpp"

#include <fmt/format.h>

#include "grazing/error.hpp"

namespace grazing {
namespace {

const char* noise_name(NoiseKind k) {
  switch (k) {
    case NoiseKind::kAntisymmetricPairs: return "antisymmetric-pairs";
    case NoiseKind::kIndependentPairs: return "independent-pairs";
    case NoiseKind::kParticle: return "particle";
  }
  return "?";
}

ParamSpec gamma_spec() {
  return {"gamma", ParamType::kReal, "required", "kernel exponent gamma of alpha = r^gamma (Tabary's theorem: (-3, -2])"};
}
ParamSpec eta_spec() {
  return {"eta", ParamType::kReal, "max(1e-8, N^(-1/(2(gamma+3)))) for -3 < gamma < 0; 1e-8 for gamma <= -3; 0 for gamma >= 0",
          "regularisation scale eta_N of alpha_eta = chi_eta^gamma (Tabary Remark 2.1); 0: unregularised r^gamma"};
}
ParamSpec dt_spec() { return {"dt", ParamType::kReal, "1e-3", "time step dt > 0 (intervals are cut into equal steps <= dt)"}; }
ParamSpec project_spec() {
  return {"project", ParamType::kBool, "false", "Euler-Maruyama only: project onto the initial (P, Theta) shell after each step"};
}

struct Common {
  TabaryPotential alpha;
  double dt;
  bool project;
};

Common read_common(const Section& sec, std::size_t N, bool euler) {
  const double gamma = sec.real("gamma");
  const double eta = sec.real("eta", default_tabary_eta(gamma, static_cast<double>(N)));
  if (!(eta >= 0.0)) throw InputError(sec.qualified("eta"), fmt::format("must be >= 0 (got {})", eta));
  if (euler && eta == 0.0 && gamma < -2.0)
    throw InputError(sec.qualified("eta"),
                     fmt::format("eta = 0 with Euler-Maruyama needs gamma >= -2 (the diffusion coefficient "
                                 "|z|^(gamma/2+1) is unbounded near z = 0 for gamma = {}); use eta > 0 (or, with model "
                                 "tabary, scheme = \"pair-splitting\")", gamma));
  const double dt = read_dt(sec);
  const bool project = sec.boolean("project", false);
  if (project && !euler) throw InputError(sec.qualified("project"), "only used with scheme = \"euler-maruyama\"");
  return {TabaryPotential(gamma, eta), dt, project};
}

}  // namespace

nlohmann::json TabaryModel::parameters() const {
  nlohmann::json j = {{"gamma", alpha_.gamma()}, {"eta", alpha_.eta()}, {"dt", dt_}};
  if (scheme_ == Scheme::kPairSplitting) {
    j["scheme"] = "pair-splitting";
    j["splitting"] = splitting_name(splitting_);
  } else {
    j["scheme"] = "euler-maruyama";
    j["noise"] = noise_name(noise_);
    j["project"] = project_;
  }
  return j;
}

std::vector<std::string> TabaryModel::approximations() const {
  std::vector<std::string> a;
  if (scheme_ == Scheme::kPairSplitting) {
    a.push_back(splitting_approximation(splitting_, dt_));
  } else {
    a.push_back(fmt::format("time discretisation: Euler-Maruyama with dt <= {} (weak order 1; momentum{} and "
                            "energy not conserved pathwise)",
                            dt_, noise_ == NoiseKind::kAntisymmetricPairs ? " kept," : ""));
    if (project_) a.push_back("projection onto the initial (P, Theta) shell after every step");
  }
  return a;
}

void TabaryModel::advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  if (scheme_ == Scheme::kEulerMaruyama) {
    euler_maruyama_advance(s, t0, t1, dt_, noise_, alpha_, project_, ctx);
    return;
  }
  // Tabary (3) in pair-rotation form: each pair's direction diffuses with generator
  // 4 alpha(r_ij)/(N-1) Delta_{S^2} (docs/physics/tabary.md#the-system, Stratonovich form).
  const double c = 4.0 / static_cast<double>(replica_size(s, ctx) - 1);
  const TabaryPotential& alpha = alpha_;
  pair_splitting_advance(s, t0, t1, dt_, splitting_, ctx, [c, &alpha](auto r) { return c * alpha.alpha(r); });
}

ModelInfo TabaryModel::info() {
  return {"tabary",
          "Tabary (3): regularised drift-diffusion with antisymmetric pair noise B_ji = -B_ij. Schemes: "
          "pair-splitting (exact rotations, conservative) or euler-maruyama. Converges to Tabary (1), C = 1.",
          {gamma_spec(), eta_spec(), dt_spec(),
           {"scheme", ParamType::kString, "\"pair-splitting\"", "\"pair-splitting\" or \"euler-maruyama\""},
           {"splitting", ParamType::kString, "\"lie\"", "pair-splitting only: \"lie\" (one random sweep) or \"strang\" (symmetric)"},
           project_spec()},
          [](const Section& sec, std::size_t N) -> std::unique_ptr<Model> {
            const std::string scheme = sec.string("scheme", "pair-splitting");
            if (scheme != "pair-splitting" && scheme != "euler-maruyama")
              throw InputError(sec.qualified("scheme"),
                               fmt::format("unknown scheme '{}' (allowed: pair-splitting, euler-maruyama)", scheme));
            const bool euler = scheme == "euler-maruyama";
            if (euler && sec.has("splitting")) throw InputError(sec.qualified("splitting"), "only used with scheme = \"pair-splitting\"");
            const Common c = read_common(sec, N, euler);
            return std::make_unique<TabaryModel>("tabary", c.alpha, c.dt, euler ? Scheme::kEulerMaruyama : Scheme::kPairSplitting,
                                                 read_splitting(sec), NoiseKind::kAntisymmetricPairs, c.project);
          }};
}

// The Euler-Maruyama-only variants differ only in their name, summary and noise.
static ModelInfo euler_variant_info(const std::string& name, const std::string& summary, NoiseKind noise) {
  return {name, summary, {gamma_spec(), eta_spec(), dt_spec(), project_spec()},
          [name, noise](const Section& sec, std::size_t N) -> std::unique_ptr<Model> {
            const Common c = read_common(sec, N, true);
            return std::make_unique<TabaryModel>(name, c.alpha, c.dt, TabaryModel::Scheme::kEulerMaruyama,
                                                 Splitting::kLie, noise, c.project);
          }};
}

ModelInfo TabaryModel::independent_info() {
  return euler_variant_info("tabary-independent",
                            "Tabary's SDE with all N(N-1) pair noises independent (no B_ji = -B_ij; docs/physics/tabary.md#non-conservative-variants), "
                            "Euler-Maruyama. Not conservative. C = 1.",
                            NoiseKind::kIndependentPairs);
}

ModelInfo TabaryModel::mckean_info() {
  return euler_variant_info("tabary-mckean",
                            "N independent noises with the 3x3 square-root diffusion sqrt(2 (1/(N-1)) sum_j alpha a_T) "
                            "(docs/physics/tabary.md#non-conservative-variants), Euler-Maruyama. Not conservative. C = 1.",
                            NoiseKind::kParticle);
}

}  // namespace grazing
