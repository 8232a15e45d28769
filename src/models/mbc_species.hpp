// mbc with [[species]]: exact multi-species MBC (docs/physics/plasma.md#exact-multi-species-mbc). One
// Poisson clock per class of pairs (a, b), superposed: the interval's event count is Poisson with the
// summed rate, each event's class is drawn in proportion to the class rates, its pair uniformly in the
// class, and the pair's relative direction is moved by the exact heat kernel for
// tau = h_ab K_ab |w_i - w_j|^gamma about the pair's centre of mass (rotate_pair with MassFractions).
// Streams: those of mbc (kMbcPoisson, kMbcEvent; one species draws exactly as mbc does, so a
// one-species plasma is mbc bit for bit on the engine's scales). Sequential inside a replica.
#pragma once
#include <vector>

#include "grazing/model.hpp"
#include "grazing/plasma.hpp"
#include "grazing/rotate_pair.hpp"

namespace grazing {

class MbcSpeciesModel : public Model {
 public:
  explicit MbcSpeciesModel(const Plasma& plasma);
  std::string name() const override { return "mbc"; }
  double landau_C() const override { return 0.5; }  // class (0, 0) on the engine's scales
  nlohmann::json parameters() const override;
  double expected_events(std::size_t N, double duration) const override;
  double gamma() const override { return gamma_; }
  double step() const override { return tau_; }
  std::string step_key() const override { return "tau"; }
  std::vector<std::string> approximations() const override;
  void advance(ReplicaState& state, double t0, double t1, const AdvanceContext& ctx) const override;

 private:
  struct Class {
    std::size_t first_a = 0, N_a = 0, first_b = 0, N_b = 0;
    bool same = false;
    double hK = 0;       // h_ab K_ab: tau = hK |w|^gamma
    double rate = 0;     // events per unit of the engine's clock
    double h = 0;        // h_ab, for the one-class event count
    MassFractions masses;
    bool equal_masses = true;
  };
  std::vector<Class> classes_;
  std::vector<double> cumulative_;  // P(class <= c), the last exactly 1
  double gamma_, tau_, total_rate_ = 0;
};

}  // namespace grazing
