#include "grazing/wasserstein.hpp"

#include <lemon/list_graph.h>
#include <lemon/network_simplex.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "grazing/heat_kernel.hpp"

namespace grazing {

double w2_1d(std::vector<double> a, std::vector<double> b) {
  if (a.empty() || b.empty()) throw std::invalid_argument("w2_1d: empty sample");
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  // Merge the breakpoints i/na and j/nb of the two step quantile functions.
  double u = 0, s = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const double ua = (i + 1) / na, ub = (j + 1) / nb, next = std::min(ua, ub);
    const double d = a[i] - b[j];
    s += (next - u) * d * d;
    u = next;
    if (ua <= next) ++i;
    if (ub <= next) ++j;
  }
  return std::sqrt(s);
}

double w2_1d_cdf(std::vector<double> a, const std::function<double(double)>& cdf, double lo, double hi) {
  std::sort(a.begin(), a.end());
  const double n = static_cast<double>(a.size());
  auto quantile = [&](double u) {
    double l = lo, h = hi;
    for (int it = 0; it < 200 && h - l > 1e-12 * std::max(1.0, std::fabs(l)); ++it) {
      const double m = 0.5 * (l + h);
      (cdf(m) < u ? l : h) = m;
    }
    return 0.5 * (l + h);
  };
  static constexpr double x[3] = {-0.7745966692414834, 0.0, 0.7745966692414834};
  static constexpr double w[3] = {5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0};
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double u0 = i / n, u1 = (i + 1) / n, mid = 0.5 * (u0 + u1), half = 0.5 * (u1 - u0);
    for (int k = 0; k < 3; ++k) {
      const double d = a[i] - quantile(mid + half * x[k]);
      s += half * w[k] * d * d;
    }
  }
  return std::sqrt(s);
}

double w2_1d_quantiles(std::vector<double> a, const std::vector<double>& Q) {
  std::sort(a.begin(), a.end());
  const std::size_t n = a.size(), J = Q.size();
  double s = 0;
  if (n <= J) {
    for (std::size_t j = 0; j < J; ++j) {
      const std::size_t i = std::min(n - 1, static_cast<std::size_t>((j + 0.5) / J * n));
      const double d = a[i] - Q[j];
      s += d * d;
    }
    return std::sqrt(s / static_cast<double>(J));
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double x = (i + 0.5) / n * J - 0.5;  // position in the table
    const auto j = static_cast<std::size_t>(std::clamp(x, 0.0, static_cast<double>(J - 1)));
    const double frac = std::clamp(x - static_cast<double>(j), 0.0, 1.0);
    const double q = j + 1 < J ? Q[j] + frac * (Q[j + 1] - Q[j]) : Q[j];
    const double d = a[i] - q;
    s += d * d;
  }
  return std::sqrt(s / static_cast<double>(n));
}

double sliced_w2(const ParticleStore& a, const ParticleStore& b, int directions, RngKey key, std::uint64_t c0) {
  double s = 0;
  std::vector<double> pa(a.size()), pb(b.size());
  for (int d = 0; d < directions; ++d) {
    CounterRng rng(key, c0, static_cast<std::uint64_t>(d));
    const Vec3 e = uniform_direction(rng);
    for (std::size_t i = 0; i < a.size(); ++i) pa[i] = dot(a.get(i), e);
    for (std::size_t i = 0; i < b.size(); ++i) pb[i] = dot(b.get(i), e);
    const double w = w2_1d(pa, pb);
    s += w * w;
  }
  return std::sqrt(s / directions);
}

double w2_exact_3d(const ParticleStore& a, const ParticleStore& b) {
  const std::size_t n = a.size();
  if (b.size() != n || n == 0) throw std::invalid_argument("w2_exact_3d: clouds must have the same, positive size");
  // Min-cost flow: n sources of supply 1, n sinks of demand 1, an arc from every source to every sink
  // with cost |a_i - b_j|^2 (LEMON's network simplex takes double costs; the optimum is integral).
  lemon::ListDigraph g;
  std::vector<lemon::ListDigraph::Node> src(n), dst(n);
  for (std::size_t i = 0; i < n; ++i) src[i] = g.addNode();
  for (std::size_t j = 0; j < n; ++j) dst[j] = g.addNode();
  lemon::ListDigraph::ArcMap<double> cost(g);
  lemon::ListDigraph::NodeMap<int> supply(g);
  for (std::size_t i = 0; i < n; ++i) {
    supply[src[i]] = 1;
    supply[dst[i]] = -1;
    for (std::size_t j = 0; j < n; ++j) {
      const auto arc = g.addArc(src[i], dst[j]);
      cost[arc] = norm2(a.get(i) - b.get(j));
    }
  }
  lemon::NetworkSimplex<lemon::ListDigraph, int, double> ns(g);
  ns.costMap(cost).supplyMap(supply);
  if (ns.run() != lemon::NetworkSimplex<lemon::ListDigraph, int, double>::OPTIMAL)
    throw std::runtime_error("w2_exact_3d: the network simplex did not reach an optimum");
  return std::sqrt(ns.totalCost<double>() / static_cast<double>(n));
}

}  // namespace grazing
