// sbm with [[species]]: the random-grouping method for a mixture (docs/physics/plasma.md#random-grouping).
// Each step a random perfect matching of all particles (N odd: a triple, as sbm); the pair (i, j) of
// species a and b turns its relative direction, about its centre of mass, by the exact heat kernel for
// tau_ij = (N - 1) kappa_ij dt: a particle meets a given partner with probability 1/(N - 1) per step,
// so the mean generator is sum_j kappa_ij, the mixture's (PLASMA P.3). One species: tau = 2 r^gamma dt,
// sbm's. Streams: those of sbm (kBinaryPairing, kBinaryCollision).
#pragma once
#include <cstdint>
#include <vector>

#include "grazing/model.hpp"
#include "grazing/plasma.hpp"
#include "grazing/rotate_pair.hpp"

namespace grazing {

// The pair rule of binary_pairing_advance for several species: per pair of species, the coefficient c
// of tau = c |w|^gamma dt and the masses.
class SpeciesPairs {
 public:
  explicit SpeciesPairs(const Plasma& p);
  bool equal_masses(std::size_t i, std::size_t j) const { return equal_[cell(i, j)] != 0; }
  double coefficient(std::size_t i, std::size_t j) const { return coefficient_[cell(i, j)]; }
  MassFractions masses(std::size_t i, std::size_t j) const { return masses_[cell(i, j)]; }
  double largest_rate_at_thermal_speed(const Plasma& p) const;  // max over classes of c u_th^gamma

 private:
  std::size_t cell(std::size_t i, std::size_t j) const { return S_ * species_[i] + species_[j]; }
  std::size_t S_;
  std::vector<std::uint16_t> species_;  // of each particle
  std::vector<double> coefficient_;     // S x S
  std::vector<MassFractions> masses_;   // S x S, oriented: fi for the row's species
  std::vector<char> equal_;
};

class SbmSpeciesModel : public Model {
 public:
  explicit SbmSpeciesModel(const Plasma& plasma);
  std::string name() const override { return "sbm"; }
  double landau_C() const override { return 0.5; }
  nlohmann::json parameters() const override;
  std::vector<std::string> approximations() const override;
  double expected_events(std::size_t N, double duration) const override;
  double gamma() const override { return gamma_; }
  double step() const override { return tau_; }
  std::string step_key() const override { return "tau"; }
  void advance(ReplicaState& state, double t0, double t1, const AdvanceContext& ctx) const override;

 private:
  SpeciesPairs pairs_;
  double gamma_, tau_, dt_, t_ref_;
};

}  // namespace grazing
