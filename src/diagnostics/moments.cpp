#include "grazing/moments.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <cstring>
#include <vector>

#include "grazing/comm.hpp"

namespace grazing {
namespace {

// The sums are taken block by block (kMomentBlock particles of consecutive global index, each block's
// compensated sum from zero), then the block values are added in block order (compensated). Processes
// that hold whole blocks (block_offsets) compute their blocks' values; gathered in block order they give
// the same bits as one process holding everything.
constexpr int kFirst = 5, kSecond = 6;

std::vector<std::array<double, kFirst>> first_pass(const double* p, std::size_t n) {
  std::vector<std::array<double, kFirst>> out((n + kMomentBlock - 1) / kMomentBlock);
  for (std::size_t b = 0; b < out.size(); ++b) {
    CompensatedSum sx, sy, sz, s2, s4;
    for (std::size_t i = b * kMomentBlock; i < std::min(n, (b + 1) * kMomentBlock); ++i) {
      const double x = p[3 * i], y = p[3 * i + 1], z = p[3 * i + 2];
      sx.add(x);
      sy.add(y);
      sz.add(z);
      const double q = x * x + y * y + z * z;
      s2.add(q);
      s4.add(q * q);
    }
    out[b] = {sx.value(), sy.value(), sz.value(), s2.value(), s4.value()};
  }
  return out;
}

std::vector<std::array<double, kSecond>> second_pass(const double* p, std::size_t n, Vec3 P) {
  std::vector<std::array<double, kSecond>> out((n + kMomentBlock - 1) / kMomentBlock);
  for (std::size_t b = 0; b < out.size(); ++b) {
    CompensatedSum c[kSecond];
    for (std::size_t i = b * kMomentBlock; i < std::min(n, (b + 1) * kMomentBlock); ++i) {
      const double dx = p[3 * i] - P.x, dy = p[3 * i + 1] - P.y, dz = p[3 * i + 2] - P.z;
      c[0].add(dx * dx);
      c[1].add(dy * dy);
      c[2].add(dz * dz);
      c[3].add(dx * dy);
      c[4].add(dx * dz);
      c[5].add(dy * dz);
    }
    for (int k = 0; k < kSecond; ++k) out[b][k] = c[k].value();
  }
  return out;
}

template <std::size_t K>
std::array<double, K> add_blocks(const std::vector<std::array<double, K>>& blocks) {
  CompensatedSum s[K];
  for (const auto& b : blocks)
    for (std::size_t k = 0; k < K; ++k) s[k].add(b[k]);
  std::array<double, K> out;
  for (std::size_t k = 0; k < K; ++k) out[k] = s[k].value();
  return out;
}

// Every rank's block values, in rank (= block) order, on every rank.
template <std::size_t K>
std::vector<std::array<double, K>> all_blocks(const std::vector<std::array<double, K>>& mine, const Comm& comm) {
  const std::vector<char> bytes = comm.allgather(mine.data(), mine.size() * sizeof(std::array<double, K>));
  std::vector<std::array<double, K>> out(bytes.size() / sizeof(std::array<double, K>));
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

Moments finish(std::size_t N, const std::array<double, kFirst>& s, const std::function<std::array<double, kSecond>(Vec3)>& second) {
  const double inv = 1.0 / static_cast<double>(N);
  Moments m;
  m.mean = {s[0] * inv, s[1] * inv, s[2] * inv};
  m.mean_v2 = s[3] * inv;
  m.mean_v4 = s[4] * inv;
  const std::array<double, kSecond> c = second(m.mean);
  for (int k = 0; k < kSecond; ++k) m.M[k] = c[k] * inv;
  return m;
}

}  // namespace

Moments compute_moments(const ParticleStore& v) {
  const double* p = v.data();
  const std::size_t n = v.size();
  return finish(n, add_blocks(first_pass(p, n)), [&](Vec3 P) { return add_blocks(second_pass(p, n, P)); });
}

Moments compute_moments(const ParticleStore& local, std::size_t N, const Comm& comm) {
  const double* p = local.data();
  const std::size_t n = local.size();
  return finish(N, add_blocks(all_blocks(first_pass(p, n), comm)),
                [&](Vec3 P) { return add_blocks(all_blocks(second_pass(p, n, P), comm)); });
}

}  // namespace grazing
