// rotate_pairs_heat_x4 gives, bit for bit, the result of four scalar rotate_pair_heat calls, over
// every branch a lane can take: coincident and underflowing pairs, tau = 0, the SO(3) branch with and
// without the polynomial range, the Legendre branch, tau = +inf (uniform), ziggurat words outside
// their core rectangle (drawn in the lane from its stream), and streams that start mid-block (as
// MBC's after its pair draw); with tau computed lane by lane and four lanes at once.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "grazing/power.hpp"
#include "grazing/rotate_pairs_x4.hpp"

using namespace grazing;

namespace {

bool same_bits(const ParticleStore& a, const ParticleStore& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), 24 * a.size()) == 0;
}

// A test state of 8 particles: velocities of random scale, some pairs coincident or nearly so.
ParticleStore random_state(CounterRng& g) {
  ParticleStore v(8);
  for (std::size_t k = 0; k < 8; ++k) {
    const double scale = std::exp2(static_cast<double>(g.below(20)) - 10.0);
    v.set(k, {scale * g.normal(), scale * g.normal(), scale * g.normal()});
  }
  for (std::size_t k = 0; k < 8; k += 2) {
    switch (g.below(8)) {
      case 0: v.set(k + 1, v.get(k)); break;  // coincident
      case 1: v.set(k + 1, v.get(k) + Vec3{0x1p-500, 0, -0x1p-520}); break;  // |z|^2 underflows
      case 2: v.set(k + 1, v.get(k) + Vec3{1e-6 * g.normal(), 0, 1e-6}); break;  // tau huge for gamma < 0
      default: break;
    }
  }
  return v;
}

}  // namespace

TEST(RotatePairsX4, BitIdenticalToFourScalarRotations) {
  CounterRng g({99, Stream::kTest, 0}, 0);
  std::uint64_t vector_lanes = 0, lanes = 0, open_lanes = 0;
  RotationCounts total;
  for (std::uint64_t trial = 0; trial < 200000; ++trial) {
    CounterRng gt({99, Stream::kTest, 1}, trial);
    const ParticleStore start = random_state(gt);
    // tau = h r^gamma over many decades of h, so that lanes fall in every branch of the sampler.
    const double gamma = (gt.below(3) == 0) ? 0.0 : -3.0;
    const double h = gt.below(10) == 0 ? 0.0 : std::exp2(-30.0 + 32.0 * gt.uniform());
    const RealPower power(gamma);
    auto tau_scalar = [&](double r) { return h * power(r); };  // taken lane by lane
    auto tau_both = [&](auto r) { return h * power(r); };      // also taken with four lanes at once
    // A pairing of the 8 particles, and streams starting at word 0..3 of their first block.
    std::size_t perm[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    for (std::size_t k = 7; k > 0; --k) std::swap(perm[k], perm[gt.below(k + 1)]);
    const std::size_t i[4] = {perm[0], perm[2], perm[4], perm[6]}, j[4] = {perm[1], perm[3], perm[5], perm[7]};
    const int skip = static_cast<int>(gt.below(4));
    auto stream = [&](int l) {
      CounterRng r({5, Stream::kMbcEvent, 2}, 4 * trial + static_cast<std::uint64_t>(l));
      for (int k = 0; k < skip; ++k) r.bits();
      return r;
    };
    std::uint64_t w[4][4];
    for (int l = 0; l < 4; ++l) stream(l).peek4(w[l]);
    const std::uint64_t* const words[4] = {w[0], w[1], w[2], w[3]};
    ParticleStore batched = start, scalar = start;
    RotationCounts nb, ns;
    const unsigned done = trial % 2 ? rotate_pairs_heat_x4(batched, i, j, words, tau_scalar, stream, nb)
                                    : rotate_pairs_heat_x4(batched, i, j, words, tau_both, stream, nb);
    for (int l = 0; l < 4; ++l) {
      CounterRng r = stream(l);
      rotate_pair_heat_counted(scalar, i[l], j[l], tau_scalar, r, ns);
    }
    ASSERT_TRUE(same_bits(batched, scalar)) << "trial " << trial;
    ASSERT_EQ(nb.coincident, ns.coincident) << "trial " << trial;
    ASSERT_EQ(nb.uniform, ns.uniform) << "trial " << trial;
    vector_lanes += static_cast<std::uint64_t>(__builtin_popcount(done));
    for (int l = 0; l < 4; ++l)  // six spare bits 63: the sinc test left open, decided by a further word
      open_lanes += (done >> l & 1) && detail::six_bits(CounterRng::spare_bits(w[l][0]), CounterRng::spare_bits(w[l][1]),
                                                        CounterRng::spare_bits(w[l][2])) == 63;
    lanes += 4;
    total.coincident += ns.coincident;
    total.uniform += ns.uniform;
  }
  // The test covers both paths: most lanes by the vector code, many by the scalar fallback, and
  // coincident pairs and uniform directions among the latter.
  EXPECT_GT(vector_lanes, lanes / 4);
  EXPECT_LT(vector_lanes, lanes - lanes / 8);
  EXPECT_GT(open_lanes, 1000u);
  EXPECT_GT(total.coincident, 1000u);
  EXPECT_GT(total.uniform, 1000u);
}

// Several species: each lane its own tau (tau_of_r(r, lane) in the scalar fallback) and its own masses
// (MassFractions4: equal-mass lanes the midpoint move, the others the centre-of-mass move), against
// four scalar moves with each lane's tau and masses, bit for bit.
TEST(RotatePairsX4, PerLaneMassesAndTausAreTheScalarMoves) {
  const double mass[3] = {1.0, 1836.15267343, 10.0};
  std::uint64_t vector_lanes = 0, unequal_vector_lanes = 0;
  for (std::uint64_t trial = 0; trial < 100000; ++trial) {
    CounterRng gt({98, Stream::kTest, 1}, trial);
    const ParticleStore start = random_state(gt);
    const RealPower power(-3.0);
    double h[4];
    MassFractions4 m;
    MassFractions f[4];
    bool equal[4];
    for (int l = 0; l < 4; ++l) {
      h[l] = std::exp2(-30.0 + 32.0 * gt.uniform());
      const double a = mass[gt.below(3)], b = mass[gt.below(3)];
      equal[l] = a == b;
      f[l] = MassFractions::of(a, b);
      m.fi[l] = f[l].fi, m.fj[l] = f[l].fj, m.equal[l] = equal[l] ? -1 : 0;
    }
    struct LaneTau {
      const RealPower& p;
      Double4 h;
      Double4 operator()(Double4 r) const { return h * p(r); }
      double operator()(double r, int l) const { return h[l] * p(r); }
    } tau{power, Double4{h[0], h[1], h[2], h[3]}};
    std::size_t perm[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    for (std::size_t k = 7; k > 0; --k) std::swap(perm[k], perm[gt.below(k + 1)]);
    const std::size_t i[4] = {perm[0], perm[2], perm[4], perm[6]}, j[4] = {perm[1], perm[3], perm[5], perm[7]};
    auto stream = [&](int l) { return CounterRng({6, Stream::kMbcEvent, 3}, 4 * trial + static_cast<std::uint64_t>(l)); };
    std::uint64_t w[4][4];
    for (int l = 0; l < 4; ++l) stream(l).peek4(w[l]);
    const std::uint64_t* const words[4] = {w[0], w[1], w[2], w[3]};
    ParticleStore batched = start, scalar = start;
    RotationCounts nb, ns;
    const unsigned done = rotate_pairs_heat_x4(batched, i, j, words, tau, stream, nb, m);
    for (int l = 0; l < 4; ++l) {
      CounterRng r = stream(l);
      auto tau_l = [&](double x) { return h[l] * power(x); };
      if (equal[l]) rotate_pair_heat_counted(scalar, i[l], j[l], tau_l, r, ns);
      else rotate_pair_heat_counted(scalar, i[l], j[l], tau_l, r, ns, f[l]);
      if ((done >> l & 1) && !equal[l]) ++unequal_vector_lanes;
    }
    ASSERT_TRUE(same_bits(batched, scalar)) << "trial " << trial;
    ASSERT_EQ(nb.coincident, ns.coincident) << "trial " << trial;
    ASSERT_EQ(nb.uniform, ns.uniform) << "trial " << trial;
    vector_lanes += static_cast<std::uint64_t>(__builtin_popcount(done));
  }
  // Both kinds of lane went through the vector code (not only the scalar fallback).
  EXPECT_GT(unequal_vector_lanes, 10000u);
  EXPECT_GT(vector_lanes - unequal_vector_lanes, 10000u);
}

// The four-lane ziggurat conversion gives each lane the scalar normal_from_word's normal and verdict,
// bit for bit: on random words (every layer, both signs, in and outside the core rectangle) and on
// words whose 53-bit uniform part is at the edges of the two halves exact_double_x4 splits it into.
TEST(RotatePairsX4, NormalsFromWordsAreTheScalarConversion) {
  CounterRng g({3, Stream::kTest, 41}, 0);
  auto check = [](const U64x4& w) {
    Double4 x4;
    const Mask4 core = detail::normal_from_words_x4(w, x4);
    for (int l = 0; l < 4; ++l) {
      double x;
      const bool in = CounterRng::normal_from_word(w[l], x);
      ASSERT_EQ(in, core[l] != 0) << std::hex << w[l];
      if (in) {
        ASSERT_EQ(std::bit_cast<std::uint64_t>(x), std::bit_cast<std::uint64_t>(x4[l])) << std::hex << w[l];
      }
    }
  };
  std::uint64_t outside = 0;
  for (int n = 0; n < 250000; ++n) {
    const U64x4 w{g.bits(), g.bits(), g.bits(), g.bits()};
    check(w);
    for (int l = 0; l < 4; ++l) {
      double x;
      outside += !CounterRng::normal_from_word(w[l], x);
    }
  }
  EXPECT_GT(outside, 10000u);  // ~3.6 % of 1e6 words: both verdicts were compared
  const std::uint64_t edges[] = {0, 1, 0xffffffffull, 0x100000000ull, 0x1fffffffffffffull, 0x1fffff00000000ull,
                                 0x1ffffeffffffffull, 0x00000180000001ull};
  for (std::uint64_t u : edges)
    for (std::uint64_t layer : {0ull, 1ull, 7ull, 128ull, 254ull, 255ull})
      for (std::uint64_t sign : {0ull, 0x100ull}) {
        const std::uint64_t w = u << 11 | sign | layer;
        check(U64x4{w, w ^ 0x100, w, w});
      }
}
