#include "analytic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "grazing/error.hpp"
#include "grazing/heat_kernel.hpp"
#include "reference/bkw.hpp"

namespace grazing {
namespace {

nlohmann::json to_json(Vec3 v) { return nlohmann::json::array({v.x, v.y, v.z}); }

Vec3 normal3(CounterRng& rng) { return {rng.normal(), rng.normal(), rng.normal()}; }

double positive(const Section& s, const std::string& key, double value) {
  if (!(value > 0.0)) throw InputError(s.qualified(key), fmt::format("must be > 0 (got {})", value));
  return value;
}

// Maxwellian M_{u,T}(v) = (2 pi T)^{-3/2} exp(-|v-u|^2/(2T))  (docs/physics/references.md#initial-laws).
class Maxwellian final : public InitialLaw {
 public:
  Maxwellian(Vec3 mean, double T) : mean_(mean), T_(T), sd_(std::sqrt(T)) {}
  std::string kind() const override { return "maxwellian"; }
  nlohmann::json parameters() const override { return {{"mean", to_json(mean_)}, {"temperature", T_}}; }
  Vec3 draw(CounterRng& rng) const override { return mean_ + sd_ * normal3(rng); }
  std::optional<ExactMoments> exact_moments() const override { return ExactMoments{mean_, 3.0 * T_}; }
  Radial radial_density() const override {
    if (mean_.x != 0 || mean_.y != 0 || mean_.z != 0) return {{}, "a maxwellian with mean [0, 0, 0]"};
    const double T = T_;
    return {[T](double r) { return std::pow(2 * std::numbers::pi * T, -1.5) * std::exp(-r * r / (2 * T)); }, ""};
  }
  std::optional<double> fisher_information() const override { return 3.0 / T_; }  // 3/T for N(u, T I)

 private:
  Vec3 mean_;
  double T_, sd_;
};

// Anisotropic Gaussian N(u, diag(T1, T2, T3))  (docs/physics/references.md#initial-laws).
class Gaussian final : public InitialLaw {
 public:
  Gaussian(Vec3 mean, Vec3 var) : mean_(mean), var_(var), sd_{std::sqrt(var.x), std::sqrt(var.y), std::sqrt(var.z)} {}
  std::string kind() const override { return "gaussian"; }
  nlohmann::json parameters() const override { return {{"mean", to_json(mean_)}, {"variances", to_json(var_)}}; }
  Vec3 draw(CounterRng& rng) const override {
    const Vec3 g = normal3(rng);
    return mean_ + Vec3{sd_.x * g.x, sd_.y * g.y, sd_.z * g.z};
  }
  std::optional<ExactMoments> exact_moments() const override { return ExactMoments{mean_, var_.x + var_.y + var_.z}; }
  // sum_k 1/T_k for N(u, diag(T_1, T_2, T_3))
  std::optional<double> fisher_information() const override { return 1.0 / var_.x + 1.0 / var_.y + 1.0 / var_.z; }

 private:
  Vec3 mean_, var_, sd_;
};

// BKW density (docs/physics/references.md#bkw; rho = 1, int |v|^2 f = 3, zero mean):
//   f(v) = (2 pi K)^{-3/2} e^{-|v|^2/(2K)} [A + B |v|^2],  A = (5K-3)/(2K), B = (1-K)/(2K^2).
// Exact sampler: |v|^2/K ~ chi^2_3 with probability A and chi^2_5 with probability 3BK; direction
// uniform on S^2.
class Bkw final : public InitialLaw {
 public:
  explicit Bkw(double K) : K_(K) {}
  std::string kind() const override { return "bkw"; }
  nlohmann::json parameters() const override { return {{"K0", K_}}; }
  Vec3 draw(CounterRng& rng) const override { return BkwSolution::draw(K_, rng); }
  std::optional<ExactMoments> exact_moments() const override { return ExactMoments{{0, 0, 0}, 3.0}; }
  // The profile at t = 0 does not depend on the solution's C (K(0) = K0).
  Radial radial_density() const override {
    const BkwSolution b(K_, 0.5);
    return {[b](double r) { return b.density(r, 0); }, ""};
  }
  std::optional<double> fisher_information() const override { return BkwSolution(K_, 0.5).fisher(0); }
  std::optional<double> bkw_K0() const override { return K_; }

 private:
  double K_;
};

// Mixture sum_k w_k M_{u_k, T_k} (docs/physics/references.md#initial-laws for two counter-streaming beams).
class TwoMaxwellians final : public InitialLaw {
 public:
  // The weights as given (run.json) and scaled by a power of two so that the larger lies in [1, 2):
  // their sum then cannot overflow (weights up to 1.8e308 each), and the scaling is exact, so that
  // every draw and the exact moments are those of the weights as given whenever their sum is finite.
  TwoMaxwellians(std::vector<double> w, std::vector<Vec3> u, std::vector<double> T)
      : w_(std::move(w)), u_(std::move(u)), T_(std::move(T)) {
    const int e = std::ilogb(std::max(w_[0], w_[1]));
    for (int k = 0; k < 2; ++k) ws_[k] = std::ldexp(w_[k], -e);
  }
  std::string kind() const override { return "two-maxwellians"; }
  nlohmann::json parameters() const override {
    return {{"weights", w_}, {"means", {to_json(u_[0]), to_json(u_[1])}}, {"temperatures", T_}};
  }
  Vec3 draw(CounterRng& rng) const override {
    const int k = rng.uniform() * (ws_[0] + ws_[1]) < ws_[0] ? 0 : 1;
    return u_[k] + std::sqrt(T_[k]) * normal3(rng);
  }
  std::optional<ExactMoments> exact_moments() const override {
    const double W = ws_[0] + ws_[1];
    const Vec3 P = (ws_[0] / W) * u_[0] + (ws_[1] / W) * u_[1];
    double second = 0.0;
    for (int k = 0; k < 2; ++k) second += (ws_[k] / W) * (3.0 * T_[k] + norm2(u_[k]));
    return ExactMoments{P, second - norm2(P)};
  }
  Radial radial_density() const override {  // isotropic two-temperature data: both means zero
    for (const Vec3& u : u_)
      if (u.x != 0 || u.y != 0 || u.z != 0) return {{}, "two-maxwellians with both means [0, 0, 0]"};
    const double W = ws_[0] + ws_[1];
    const double w[2] = {ws_[0] / W, ws_[1] / W}, T[2] = {T_[0], T_[1]};
    return {[w0 = w[0], w1 = w[1], T0 = T[0], T1 = T[1]](double r) {
              return w0 * std::pow(2 * std::numbers::pi * T0, -1.5) * std::exp(-r * r / (2 * T0)) +
                     w1 * std::pow(2 * std::numbers::pi * T1, -1.5) * std::exp(-r * r / (2 * T1));
            },
            ""};
  }

 private:
  std::vector<double> w_;
  std::vector<Vec3> u_;
  std::vector<double> T_;
  double ws_[2];  // w_ scaled by 2^-e, e the exponent of the larger weight
};

}  // namespace

InitialInfo maxwellian_info() {
  return {"maxwellian",
          "Maxwellian (2 pi T)^{-3/2} exp(-|v-mean|^2/(2T))",
          {{"mean", ParamType::kVec3, "[0, 0, 0]", "mean velocity"},
           {"temperature", ParamType::kReal, "1", "temperature T > 0 (variance per component)"}},
          [](const Section& s) -> std::unique_ptr<InitialLaw> {
            return std::make_unique<Maxwellian>(s.vec3("mean", Vec3{}),
                                                positive(s, "temperature", s.real("temperature", 1.0)));
          }};
}

InitialInfo gaussian_info() {
  return {"gaussian",
          "Gaussian N(mean, diag(variances)); the default anisotropic test is variances = [2, 0.5, 0.5]",
          {{"mean", ParamType::kVec3, "[0, 0, 0]", "mean velocity"},
           {"variances", ParamType::kVec3, "required", "diagonal variances [Txx, Tyy, Tzz], each > 0"}},
          [](const Section& s) -> std::unique_ptr<InitialLaw> {
            const Vec3 var = s.vec3("variances");
            for (int k = 0; k < 3; ++k)
              if (!(var[k] > 0.0))
                throw InputError(s.qualified("variances"), fmt::format("each variance must be > 0 (got {})", var[k]));
            return std::make_unique<Gaussian>(s.vec3("mean", Vec3{}), var);
          }};
}

InitialInfo bkw_info() {
  return {"bkw",
          "BKW density of docs/physics/references.md#bkw (zero mean, int |v|^2 f = 3) at parameter K0",
          {{"K0", ParamType::kReal, "required", "BKW parameter, 3/5 <= K0 <= 1 (K0 = 1 is the Maxwellian)"}},
          [](const Section& s) -> std::unique_ptr<InitialLaw> {
            const double K = s.real("K0");
            if (!(K >= 0.6 && K <= 1.0))
              throw InputError(s.qualified("K0"), fmt::format("must lie in [0.6, 1] for a non-negative density (got {})", K));
            return std::make_unique<Bkw>(K);
          }};
}

InitialInfo two_maxwellians_info() {
  return {"two-maxwellians",
          "mixture w1 M(mean1, T1) + w2 M(mean2, T2), e.g. two counter-streaming beams",
          {{"weights", ParamType::kRealList, "[0.5, 0.5]", "two non-negative weights, not both 0 (normalised)"},
           {"means", ParamType::kVec3List, "required", "two mean velocities [[x,y,z], [x,y,z]]"},
           {"temperatures", ParamType::kRealList, "required", "two temperatures, each > 0"}},
          [](const Section& s) -> std::unique_ptr<InitialLaw> {
            std::vector<double> w = s.has("weights") ? s.reals("weights") : std::vector<double>{0.5, 0.5};
            const std::vector<Vec3> u = s.vec3s("means");
            const std::vector<double> T = s.reals("temperatures");
            if (w.size() != 2 || !(w[0] >= 0 && w[1] >= 0 && w[0] + w[1] > 0))
              throw InputError(s.qualified("weights"), "expected two non-negative weights, not both 0");
            if (u.size() != 2) throw InputError(s.qualified("means"), "expected exactly two mean velocities");
            if (T.size() != 2 || !(T[0] > 0 && T[1] > 0))
              throw InputError(s.qualified("temperatures"), "expected two temperatures, each > 0");
            return std::make_unique<TwoMaxwellians>(w, u, T);
          }};
}

}  // namespace grazing
