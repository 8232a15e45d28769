#include "grazing/estimators.hpp"

#include <nanoflann.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "grazing/rng.hpp"

namespace grazing {
namespace {

struct Cloud {
  const std::vector<Vec3>& pts;
  std::size_t kdtree_get_point_count() const { return pts.size(); }
  double kdtree_get_pt(std::size_t i, std::size_t d) const { return pts[i][static_cast<int>(d)]; }
  template <class Box>
  bool kdtree_get_bbox(Box&) const { return false; }
};
using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud, 3>;

double digamma_int(std::size_t n) {  // psi(n) for integer n >= 1
  if (n < 20) {
    double s = -0.57721566490153286;
    for (std::size_t j = 1; j < n; ++j) s += 1.0 / static_cast<double>(j);
    return s;
  }
  const double x = static_cast<double>(n), x2 = x * x;
  return std::log(x) - 1 / (2 * x) - 1 / (12 * x2) + 1 / (120 * x2 * x2) - 1 / (252 * x2 * x2 * x2);
}

}  // namespace

double kl_entropy(const std::vector<Vec3>& x, int k, std::size_t* skipped) {
  const Cloud cloud{x};
  Tree tree(3, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  tree.buildIndex();
  std::vector<std::uint32_t> idx(static_cast<std::size_t>(k) + 1);
  std::vector<double> d2(static_cast<std::size_t>(k) + 1);
  double sum = 0;
  std::size_t used = 0, skip = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double q[3] = {x[i].x, x[i].y, x[i].z};
    tree.knnSearch(q, static_cast<std::size_t>(k) + 1, idx.data(), d2.data());  // the point itself is first
    const double eps2 = d2[static_cast<std::size_t>(k)];
    if (eps2 <= 0) {
      ++skip;
      continue;
    }
    sum += 0.5 * std::log(eps2);
    ++used;
  }
  if (skipped) *skipped = skip;
  const double minus_h = digamma_int(used) - digamma_int(static_cast<std::size_t>(k)) +
                         std::log(4.0 / 3.0 * std::numbers::pi) + 3.0 * sum / static_cast<double>(used);
  return -minus_h;
}

double kde_fisher(const std::vector<Vec3>& x, double h, double* used) {
  const std::size_t n = x.size();
  if (h <= 0) {
    double s = 0;
    for (int c = 0; c < 3; ++c) {
      double m = 0, q = 0;
      for (const Vec3& p : x) m += p[c];
      m /= static_cast<double>(n);
      for (const Vec3& p : x) q += (p[c] - m) * (p[c] - m);
      s += std::sqrt(q / static_cast<double>(n - 1));
    }
    h = 1.5 * s / 3 * std::pow(4.0 / (5.0 * static_cast<double>(n)), 1.0 / 7.0);
  }
  if (used) *used = h;
  const Cloud cloud{x};
  Tree tree(3, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  tree.buildIndex();
  const double radius2 = 36 * h * h, inv2h2 = 1 / (2 * h * h);
  double total = 0;
  std::vector<std::pair<std::uint32_t, double>> hits;
  for (std::size_t i = 0; i < n; ++i) {
    const double q[3] = {x[i].x, x[i].y, x[i].z};
    hits.clear();
    tree.radiusSearch(q, radius2, hits, nanoflann::SearchParams(32, 0.0, false));
    double f = 0;
    Vec3 g{};
    for (const auto& hit : hits) {
      if (hit.first == i) continue;
      const double w = std::exp(-hit.second * inv2h2);
      f += w;
      g = g + (-w / (h * h)) * (x[i] - x[hit.first]);
    }
    if (f > 0) total += norm2(g) / (f * f);
  }
  return total / static_cast<double>(n);
}

PairStatistic pair_u_statistic(const ParticleStore& v, double s, double cap, std::uint64_t max_pairs, RngKey key,
                               std::uint64_t c0) {
  const std::size_t N = v.size();
  const std::uint64_t all = static_cast<std::uint64_t>(N) * (N - 1) / 2;
  PairStatistic out;
  out.exact = all <= max_pairs;
  out.pairs = out.exact ? all : max_pairs;
  std::vector<double> block(10, 0.0);
  std::vector<std::uint64_t> count(10, 0);
  double sum = 0, trunc = 0;
  auto add = [&](std::size_t i, std::size_t j, std::uint64_t k) {
    const double r = norm(v.get(i) - v.get(j));
    const double val = std::pow(r, s);
    sum += val;
    trunc += std::min(val, cap);
    block[k % 10] += val;
    ++count[k % 10];
  };
  if (out.exact) {
    std::uint64_t k = 0;
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t j = i + 1; j < N; ++j) add(i, j, k++);
  } else {
    for (std::uint64_t k = 0; k < max_pairs; ++k) {
      CounterRng rng(key, c0, k);
      const std::size_t i = rng.below(N);
      std::size_t j = rng.below(N - 1);
      j += (j >= i);
      add(i, j, k);
    }
  }
  out.mean = sum / static_cast<double>(out.pairs);
  out.truncated_mean = trunc / static_cast<double>(out.pairs);
  for (int b = 0; b < 10; ++b) block[b] = count[b] ? block[b] / static_cast<double>(count[b]) : 0.0;
  std::nth_element(block.begin(), block.begin() + 5, block.end());
  const double hi = block[5];
  std::nth_element(block.begin(), block.begin() + 4, block.end());
  out.median_of_means = 0.5 * (block[4] + hi);
  return out;
}

const std::vector<TestFunction>& default_test_functions() {
  static const std::vector<TestFunction> bank = {
      {"bump_c0_r1.5", [](Vec3 v) { const double q = 1 - norm2(v) / 2.25; return q > 0 ? std::pow(q, 5) : 0.0; }},
      {"bump_cx1_r1", [](Vec3 v) { const double q = 1 - norm2(v - Vec3{1, 0, 0}); return q > 0 ? std::pow(q, 5) : 0.0; }},
      {"gauss_s1", [](Vec3 v) { return std::exp(-0.5 * norm2(v)); }},
      {"vx", [](Vec3 v) { return v.x; }},
      {"vx2", [](Vec3 v) { return v.x * v.x; }},
      {"v2", [](Vec3 v) { return norm2(v); }},
      {"v4", [](Vec3 v) { return norm2(v) * norm2(v); }},
  };
  return bank;
}

TestFunctionValues test_function_values(const ParticleStore& v, const std::vector<TestFunction>& bank) {
  const std::size_t N = v.size();
  TestFunctionValues out;
  for (const auto& tf : bank) {
    double s = 0, s2 = 0;
    for (std::size_t i = 0; i < N; ++i) {
      const double p = tf.phi(v.get(i));
      s += p;
      s2 += p * p;
    }
    const double n = static_cast<double>(N);
    out.mean.push_back(s / n);
    out.pair.push_back((s * s - s2) / (n * (n - 1)));
  }
  return out;
}

}  // namespace grazing
