// Wasserstein-2 distances between particle clouds and reference laws (docs/physics/references.md#the-sampling-floor):
//  * 1-D, exact: between two samples of any sizes (their quantile functions are step functions), and
//    between a sample and a reference CDF (quantiles by bisection to 1e-12, 3-point Gauss-Legendre on
//    each of the n steps of the sample's quantile function: exact to O(n^-1 times the tail mass));
//  * sliced, 3-D: sqrt of the mean over L fixed random directions of the squared 1-D W2 of the
//    projections (an approximation of W2, named as such);
//  * exact 3-D between two clouds of equal size n: the optimal assignment, by LEMON's network simplex
//    (min-cost flow on the complete bipartite graph; O(n^2) memory, for n up to a few thousand).
// Always report them beside the same distance for an i.i.d. sample of the reference (the sampling
// floor: W2 ~ N^{-1/4} even for perfectly chaotic particles, docs/physics/references.md#the-sampling-floor).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "grazing/particles.hpp"
#include "grazing/rng.hpp"

namespace grazing {

double w2_1d(std::vector<double> a, std::vector<double> b);
double w2_1d_cdf(std::vector<double> a, const std::function<double(double)>& cdf, double lo, double hi);
// 1-D W2 between a sample and a law given by its quantiles Q[j] = F^{-1}((j + 1/2)/J) on J equal
// cells: the midpoint rule on the J cells (or on the sample's n steps when n > J, Q interpolated
// linearly); error O(1/J) in W2^2 away from heavy tails.
double w2_1d_quantiles(std::vector<double> a, const std::vector<double>& Q);
// Direction d is drawn from CounterRng(key, c0, d).
double sliced_w2(const ParticleStore& a, const ParticleStore& b, int directions, RngKey key, std::uint64_t c0);
double w2_exact_3d(const ParticleStore& a, const ParticleStore& b);

}  // namespace grazing
