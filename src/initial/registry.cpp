// Registry from initial kind to factory, and what every kind shares.
#include <cmath>

#include "analytic.hpp"
#include "grazing/initial.hpp"

namespace grazing {

InitialInfo file_info();

const std::vector<ParamSpec>& common_initial_params() {
  static const std::vector<ParamSpec> common = {
      {"kind", ParamType::kString, "required", "name of the initial distribution (grazing list)"},
      {"N", ParamType::kInteger, "required (file: the file's length)", "number of particles per replica, N >= 2"},
      {"exact_moments", ParamType::kBool, "false",
       "shift and scale each replica's draw to the exact mean velocity and temperature of f0 "
       "(shell-conditioned data; no longer i.i.d.)"},
  };
  return common;
}

const std::vector<InitialInfo>& initial_registry() {
  static const std::vector<InitialInfo> registry = {
      maxwellian_info(), gaussian_info(), bkw_info(), two_maxwellians_info(), file_info(),
  };
  return registry;
}

const InitialInfo* find_initial(const std::string& kind) {
  for (const auto& k : initial_registry())
    if (k.kind == kind) return &k;
  return nullptr;
}

void InitialLaw::fill(ParticleStore& v, RngKey key) const {
  for (std::size_t i = 0; i < v.size(); ++i) {
    CounterRng rng(key, i);
    v.set(i, draw(rng));
  }
}

void impose_moments(ParticleStore& v, const ExactMoments& m) {
  const std::size_t N = v.size();
  Vec3 P{};
  for (std::size_t i = 0; i < N; ++i) P = P + v.get(i);
  P = (1.0 / static_cast<double>(N)) * P;
  double theta = 0.0;
  for (std::size_t i = 0; i < N; ++i) theta += norm2(v.get(i) - P);
  theta /= static_cast<double>(N);
  const double scale = theta > 0.0 ? std::sqrt(m.theta / theta) : 0.0;
  for (std::size_t i = 0; i < N; ++i) v.set(i, m.mean + scale * (v.get(i) - P));
}

}  // namespace grazing
