// Estimators on particle clouds (docs/physics/references.md#the-near-diagonal-bound, docs/physics/references.md#entropy-and-fisher-information, docs/physics/references.md#estimators). All are biased in known ways;
// use them for bounds and trends, with the biases stated in docs/study.md.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "grazing/particles.hpp"
#include "grazing/rng.hpp"

namespace grazing {

// Kozachenko-Leonenko k-nearest-neighbour estimate of H = int f log f (the sign of docs/physics/references.md#entropy-and-fisher-information) in 3-D:
//   -H ~ psi(n) - psi(k) + log(4 pi/3) + (3/n) sum_i log eps_i,k  (eps: distance to the k-th neighbour).
// Points at distance 0 from their k-th neighbour are skipped (and counted in `skipped`); if all are
// (e.g. replicas pooled at t = 0 from one velocity file) the result is NaN.
double kl_entropy(const std::vector<Vec3>& x, int k = 1, std::size_t* skipped = nullptr);

// Fisher information I = int |grad f|^2 / f by a leave-one-out Gaussian KDE score:
//   I ~ (1/n) sum_i |grad f_h(x_i)|^2 / f_h(x_i)^2, f_h = (1/(n-1)) sum_{j != i} phi_h(x - x_j),
// bandwidth h (<= 0: 1.5 x Silverman's rule, h = 1.5 s (4/(5n))^{1/7}, s the mean per-axis standard
// deviation; the larger factor tames the score's sampling noise). Neighbours beyond 6h are neglected
// (weight < e^-18). Two biases: smoothing pulls it down (for N(0, s^2 I) towards 3 s^2/(s^2 + h^2)^2),
// the score's sampling noise pushes it up (measured for N(0, I): +0.12 at n = 5e3, +0.08 at 2e4).
// Compare values at one n and one h only (trends, bounds), never across bandwidths.
double kde_fisher(const std::vector<Vec3>& x, double bandwidth = 0, double* used_bandwidth = nullptr);

// Pair U-statistic S_s = mean over pairs i != j of |v_i - v_j|^s (docs/physics/references.md#the-near-diagonal-bound), with the robust forms
// of docs/physics/references.md#the-near-diagonal-bound: median of 10 block means, and the mean of min(r^s, cap).
struct PairStatistic {
  double mean = 0, median_of_means = 0, truncated_mean = 0;
  std::uint64_t pairs = 0;
  bool exact = false;  // all N(N-1)/2 pairs, or a random subset
};
// Random pair k (when not all pairs are used) comes from CounterRng(key, c0, k).
PairStatistic pair_u_statistic(const ParticleStore& v, double s, double cap, std::uint64_t max_pairs, RngKey key,
                               std::uint64_t c0);

// A bank of test functions phi (docs/physics/references.md#estimators): C^4 bumps (1 - |v-c|^2/rho^2)_+^5, Gaussians, moments.
struct TestFunction {
  std::string name;
  std::function<double(Vec3)> phi;
};
const std::vector<TestFunction>& default_test_functions();

// Per replica: mu(phi) = (1/N) sum phi(v_i) for each test function, and the exchangeable two-particle
// moment U(phi) = (1/(N(N-1))) sum_{i != j} phi(v_i) phi(v_j) (so that, over replicas,
// Cov(phi(V1), phi(V2)) = E[U] - E[mu]^2 up to O(1/N) terms; docs/physics/references.md#estimators).
struct TestFunctionValues {
  std::vector<double> mean, pair;
};
TestFunctionValues test_function_values(const ParticleStore& v, const std::vector<TestFunction>& bank);

}  // namespace grazing
