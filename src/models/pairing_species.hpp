// The binary-pairing models with [[species]]: sbm, takizuka-abe and nanbu for a mixture
// (docs/physics/plasma.md#binary-pairing). Every step pairs the particles and turns each pair (i, j) of
// species a and b about its centre of mass (rotate_pair with MassFractions) by the model's angular law
// at heat-kernel time tau_ij = c_ab |w|^gamma dt, c_ab chosen so that the mean generator per unit time
// is the mixture's, sum_j kappa_ij (PLASMA P.3):
//   mixture (sbm): one random perfect matching of all N particles; a particle meets a given partner
//     with probability 1/(N - 1), so c_ab = 2 (N - 1) K_ab / (N_b - delta_ab).
//   by species (takizuka-abe, nanbu; Takizuka & Abe, J. Comput. Phys. 25 (1977) 205, section 2): per
//     step, each species matched within itself, then each pair of species a < b with each particle of
//     the more numerous meeting one of the other (the other's particles meeting n_big / n_small each on
//     average): c_aa = 2 K_aa, c_ab = 2 K_ab N_small / N_b. The density in tau is the smaller
//     species' (Takizuka & Abe's n_L), as equal weights make N_small / N_b = n_small / n_b.
// One species: c = 2 and one group of all N, the single-species model bit for bit.
// Streams: those of the single-species models (kBinaryPairing, kBinaryCollision).
#pragma once
#include <cstdint>
#include <vector>

#include "binary_pairing.hpp"
#include "grazing/model.hpp"
#include "grazing/plasma.hpp"
#include "grazing/rotate_pair.hpp"

namespace grazing {

// kMixture: sbm's random matching of all; kBySpecies: Takizuka & Abe's groups; kAllPairs: every pair
// every step (landau-diffusion's pair splitting, tau_ij = kappa_ij dt: c_ab = 2 K_ab / (N_b - delta_ab)).
enum class SpeciesPairing { kMixture, kBySpecies, kAllPairs };

// The pair rule of binary_pairing_advance for several species: the groups of a step and, per pair of
// species, the coefficient c of tau = c |w|^gamma dt and the masses.
class SpeciesPairs {
 public:
  static constexpr bool kSpecies = true;  // for pair_splitting_advance
  SpeciesPairs(const Plasma& p, SpeciesPairing pairing);
  bool equal_masses(std::size_t i, std::size_t j) const { return equal_[cell(i, j)] != 0; }
  double coefficient(std::size_t i, std::size_t j) const { return coefficient_[cell(i, j)]; }
  MassFractions masses(std::size_t i, std::size_t j) const { return masses_[cell(i, j)]; }
  std::vector<PairingGroup> groups(std::size_t) const { return groups_; }
  double largest_rate_at_thermal_speed(const Plasma& p) const;  // max over classes of c u_th^gamma

 private:
  std::size_t cell(std::size_t i, std::size_t j) const { return S_ * species_[i] + species_[j]; }
  std::size_t S_;
  std::vector<std::uint16_t> species_;  // of each particle
  std::vector<double> coefficient_;     // S x S
  std::vector<MassFractions> masses_;   // S x S, oriented: fi for the row's species
  std::vector<char> equal_;
  std::vector<PairingGroup> groups_;
};

// Model "sbm", "takizuka-abe", "nanbu" or "landau-diffusion" with [[species]] (model.name); the step
// dt makes tau at most model.tau at every colliding class's thermal relative speed (landau-diffusion:
// the sum over a particle's N - 1 partners of their tau, as sbm's one partner's).
std::unique_ptr<Model> make_species_pairing(const std::string& name, const Plasma& plasma);

}  // namespace grazing
