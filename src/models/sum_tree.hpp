// A sum tree over weighted leaves (the direct method's event selection) and the index of the
// unordered pair i < j among the N(N-1)/2 pairs.
#pragma once
#include <cmath>
#include <cstddef>
#include <vector>

namespace grazing {

// Sum tree over `n` leaves (a complete binary tree in an array, leaves at [size, size + n)).
class SumTree {
 public:
  explicit SumTree(std::size_t n) {
    size_ = 1;
    while (size_ < n) size_ <<= 1;
    node_.assign(2 * size_, 0.0);
  }
  void set_leaf(std::size_t p, double w) { node_[size_ + p] = w; }
  void build() {
    for (std::size_t k = size_ - 1; k >= 1; --k) node_[k] = node_[2 * k] + node_[2 * k + 1];
  }
  // Sets a leaf and recomputes its ancestors from their children (no accumulated round-off).
  void update(std::size_t p, double w) {
    std::size_t k = size_ + p;
    node_[k] = w;
    for (k >>= 1; k >= 1; k >>= 1) node_[k] = node_[2 * k] + node_[2 * k + 1];
  }
  double total() const { return node_[1]; }
  double leaf(std::size_t p) const { return node_[size_ + p]; }
  // The leaf p with prefix(p) <= u < prefix(p) + w_p, for u in [0, total); never a zero leaf.
  std::size_t find(double u) const {
    std::size_t k = 1;
    while (k < size_) {
      const double left = node_[2 * k];
      if (u < left || node_[2 * k + 1] == 0.0) {
        k = 2 * k;
      } else {
        u -= left;
        k = 2 * k + 1;
      }
    }
    std::size_t p = k - size_;
    while (node_[size_ + p] == 0.0 && p > 0) --p;  // round-off at the right edge
    return p;
  }

 private:
  std::size_t size_;
  std::vector<double> node_;
};

// Leaf index of the pair i < j, and its inverse.
inline std::size_t pair_index(std::size_t N, std::size_t i, std::size_t j) { return i * (2 * N - i - 1) / 2 + (j - i - 1); }

inline void pair_of(std::size_t N, std::size_t p, std::size_t& i, std::size_t& j) {
  const double b = 2.0 * static_cast<double>(N) - 1.0;
  auto ii = static_cast<std::size_t>((b - std::sqrt(b * b - 8.0 * static_cast<double>(p))) / 2.0);
  while (ii > 0 && pair_index(N, ii, ii + 1) > p) --ii;
  while (ii + 1 < N - 1 && pair_index(N, ii + 1, ii + 2) <= p) ++ii;
  i = ii;
  j = p - pair_index(N, ii, ii + 1) + ii + 1;
}

}  // namespace grazing
