// The initial law of a run with [[species]]: species by species, contiguous in the store.
#pragma once
#include <vector>

#include "grazing/initial.hpp"
#include "grazing/plasma.hpp"

namespace grazing {

class SpeciesInitial : public InitialLaw {
 public:
  explicit SpeciesInitial(const Plasma& p);
  std::string kind() const override { return "species"; }
  nlohmann::json parameters() const override { return {{"kind", "species"}, {"see", "plasma"}}; }
  Vec3 draw(CounterRng& rng) const override;  // not used: the law depends on the particle's species
  std::optional<ExactMoments> exact_moments() const override { return std::nullopt; }
  void fill(ParticleStore& v, RngKey key) const override;
  bool iid() const override { return false; }

 private:
  struct Law {
    std::size_t end = 0;  // one past the species' last particle
    double sd[3] = {0, 0, 0};
    Vec3 mean{};
  };
  std::vector<Law> laws_;
};

}  // namespace grazing
