// Euler-Maruyama for Tabary's SDE (3) and its non-conservative variants (docs/physics/tabary.md#the-system, docs/physics/tabary.md#non-conservative-variants):
//   dV_i = (2/(N-1)) sum_{j != i} b(V_i - V_j) dt + noise_i,   b(z) = -2 alpha(|z|) z,
//   sigma(z) = sqrt(alpha(|z|)) |z| Pi(z)   (sigma sigma^T = alpha a_T, a_T(z) = |z|^2 I - z (x) z).
// Noise, by NoiseKind:
//   kAntisymmetricPairs: (sqrt 2/sqrt(N-1)) sum_j sigma(V_i - V_j) dB_ij with B_ji = -B_ij (Tabary (3)):
//                        the increment of B_ij is keyed by the unordered pair, so antisymmetry holds
//                        by construction and momentum is conserved (to round-off);
//   kIndependentPairs:   the same with all N(N-1) B_ij independent (docs/physics/tabary.md#non-conservative-variants; Fournier-Hauray);
//   kParticle:           sqrt 2 [(1/(N-1)) sum_j alpha a_T(V_i - V_j)]^{1/2} dB_i (docs/physics/tabary.md#non-conservative-variants).
// Not pathwise conservative (except momentum for kAntisymmetricPairs); the energy drift is measured.
// Optional projection back onto the initial (P, Theta) shell after every step (docs/physics/tabary.md#euler-maruyama-and-shell-projection):
//   v_i <- P_0 + (v_i - P) sqrt(Theta_0 / Theta).
#pragma once
#include "grazing/model.hpp"
#include "regulariser.hpp"

namespace grazing {

enum class NoiseKind { kAntisymmetricPairs, kIndependentPairs, kParticle };

void euler_maruyama_advance(ReplicaState& s, double t0, double t1, double dt_max, NoiseKind noise,
                            const TabaryPotential& alpha, bool project, const AdvanceContext& ctx);

// Symmetric positive semi-definite square root of a 3x3 matrix (row-major), by Jacobi rotations.
void sqrt_psd3(const double a[9], double out[9]);

}  // namespace grazing
