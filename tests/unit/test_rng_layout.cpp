// The stream layout of one Philox block per MBC collision (ARCHITECTURE.md, "Randomness"): the pair
// from one word (CounterRng::below2), the ziggurat's spare bits, and the sinc test decided by six of
// them (detail::below_with_six_bits). Each against its exact law or an independent computation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "grazing/heat_kernel.hpp"
#include "grazing/rng.hpp"
#include "support/stats.hpp"

using namespace grazing;

namespace {
// floor(x n / 2^32) by long division, and whether the multiply-shift keeps it (independent of rng.hpp).
bool kept(std::uint64_t x, std::uint64_t n) { return ((x * n) & 0xffffffffu) >= ((std::uint64_t{1} << 32) % n); }
}  // namespace

// below2 reads one word when its halves are kept, and takes the rejected ones from below() of the next
// words, a's first; below2_from_word agrees with it whenever it claims the word suffices.
TEST(RngLayout, Below2IsTheHalvesOfOneWord) {
  std::uint64_t rejected = 0;
  for (std::uint64_t n : {2ull, 7ull, 100000ull, 3ull << 30, 0xffffffffull}) {
    for (std::uint64_t c = 0; c < 20000; ++c) {
      const std::uint64_t m = std::min<std::uint64_t>(n - 1 + (c % 3), 0xffffffffu);
      CounterRng a({8, Stream::kTest, 1}, c), b({8, Stream::kTest, 1}, c);
      std::uint64_t x, y;
      a.below2(n, m, x, y);
      const std::uint64_t w = b.bits(), hi = w >> 32, lo = w & 0xffffffffu;
      const std::uint64_t ex = kept(hi, n) ? (hi * n) >> 32 : b.below(n);
      const std::uint64_t ey = kept(lo, m) ? (lo * m) >> 32 : b.below(m);
      ASSERT_EQ(x, ex) << n << " " << c;
      ASSERT_EQ(y, ey) << n << " " << c;
      ASSERT_EQ(a.bits(), b.bits()) << "the same words consumed";
      std::uint64_t fx, fy;
      CounterRng p({8, Stream::kTest, 1}, c);
      std::uint64_t w4[4];
      p.peek4(w4);
      const bool ok = CounterRng::below2_from_word(w4[0], n, m, fx, fy);
      EXPECT_EQ(ok, kept(hi, n) && kept(lo, m));
      if (ok) {
        EXPECT_TRUE(fx == x && fy == y);
      }
      rejected += !ok;
    }
  }
  EXPECT_GT(rejected, 1000u);  // n = 3 2^30 rejects a quarter of the halves: the fallback is exercised
  // n >= 2^32: below(n) then below(m), two words.
  CounterRng a({8, Stream::kTest, 2}, 0), b({8, Stream::kTest, 2}, 0);
  std::uint64_t x, y;
  a.below2(1ull << 40, 5, x, y);
  EXPECT_EQ(x, b.below(1ull << 40));
  EXPECT_EQ(y, b.below(5));
}

// below2 is exactly uniform where the plain multiply-shift is most biased: n = 3 2^30, where
// floor(3x/4) hits the values = 0 mod 3 twice as often without the rejection (probability 1/2 instead
// of 1/3). 3e5 draws of each half: the count of a = 0 mod 3 has sd sqrt(3e5 2/9) = 258; tolerance 5.5
// sd (false-failure rate 4e-8 per count), while the bias would be 5e4.
TEST(RngLayout, Below2IsUniformWhereMultiplyShiftIsBiased) {
  const std::uint64_t n = 3ull << 30;
  const int draws = 300000;
  long a0 = 0, b0 = 0, same = 0;
  for (int k = 0; k < draws; ++k) {
    CounterRng rng({9, Stream::kTest, 0}, static_cast<std::uint64_t>(k));
    std::uint64_t a, b;
    rng.below2(n, n, a, b);
    ASSERT_LT(a, n);
    ASSERT_LT(b, n);
    a0 += a % 3 == 0;
    b0 += b % 3 == 0;
    same += (a % 3) == (b % 3);  // independence of the halves: P = 1/3
  }
  const double sd = std::sqrt(draws * (1.0 / 3) * (2.0 / 3));
  EXPECT_LT(std::fabs(a0 - draws / 3.0) / sd, 5.5);
  EXPECT_LT(std::fabs(b0 - draws / 3.0) / sd, 5.5);
  EXPECT_LT(std::fabs(same - draws / 3.0) / sd, 5.5);
}

// normal(spare) is normal() (the same value, the same words), and its spare bits are uniform on 0..3
// and independent of the normal: 16 cells (spare x the quartile of x), 1.6e6 draws, each cell's count
// against 1e5 with sd sqrt(1.6e6 (1/16)(15/16)) = 306, tolerance 5.5 sd (false-failure rate 6e-7 for the
// 16). Draws from streams whose first word misses the ziggurat's rectangle are included (normal_rejected).
TEST(RngLayout, SpareBitsAreUniformAndIndependentOfTheNormal) {
  const double q1 = 0.6744897501960817;  // the quartiles of N(0, 1): -q1, 0, q1
  long cell[4][4] = {};
  long rejected_path = 0;
  const int draws = 1600000;
  for (int k = 0; k < draws; ++k) {
    CounterRng a({10, Stream::kTest, 0}, static_cast<std::uint64_t>(k)), b = a;
    unsigned s;
    const double x = a.normal(s);
    ASSERT_EQ(x, b.normal());
    ASSERT_EQ(a.bits(), b.bits());
    ASSERT_LT(s, 4u);
    CounterRng c({10, Stream::kTest, 0}, static_cast<std::uint64_t>(k));
    double y;
    rejected_path += !CounterRng::normal_from_word(c.bits(), y);
    const int q = x < -q1 ? 0 : x < 0 ? 1 : x < q1 ? 2 : 3;
    ++cell[s][q];
  }
  EXPECT_GT(rejected_path, 10000);
  const double expect = draws / 16.0, sd = std::sqrt(draws * (1.0 / 16) * (15.0 / 16));
  for (auto& row : cell)
    for (long n : row) EXPECT_LT(std::fabs(n - expect) / sd, 5.5);
}

// The sinc test by six bits decides u < p for u = (k + U)/64 exactly: against the same comparison in
// long double (64-bit significand: u has 59 bits, exact), for p over (0, 1] and at its grid points.
TEST(RngLayout, SixBitDecisionIsExactlyUBelowP) {
  std::uint64_t drew = 0;
  for (std::uint64_t c = 0; c < 400000; ++c) {
    CounterRng g({11, Stream::kTest, 0}, c);
    const unsigned k = static_cast<unsigned>(g.below(64));
    double p = g.uniform();
    if (c % 4 == 1) p = std::nextafter((k + 1) / 64.0, 0.0);   // just below the cell's top
    if (c % 4 == 2) p = (k + g.below(2)) / 64.0 + 0x1p-60;      // just above a grid point
    if (c % 4 == 3) p = 1.0 - std::ldexp(g.uniform(), -static_cast<int>(g.below(30)));  // near 1 (small tau)
    CounterRng a({11, Stream::kTest, 1}, c), b = a;
    const bool decided = detail::below_with_six_bits(k, p, a);
    const bool used_word = a.bits() != b.bits();  // a drew U: its next word is b's second
    CounterRng r({11, Stream::kTest, 1}, c);
    const long double U = (static_cast<long double>(r.bits() >> 11) + 0.5L) * 0x1p-53L;
    const long double u = (k + U) / 64.0L;
    if (used_word) {
      ++drew;
      ASSERT_EQ(decided, u < static_cast<long double>(p)) << k << " " << p;
    } else {
      // decided by k alone: every U gives the same answer
      ASSERT_EQ(decided, k / 64.0L < static_cast<long double>(p)) << k << " " << p;
      ASSERT_TRUE(k + 1.0L <= 64.0L * p || k >= 64.0L * p) << k << " " << p;
    }
  }
  EXPECT_GT(drew, 100000u);
}

// CounterRng::resumed from a stream's first block, computed by philox_blocks, continues the stream
// word for word: the next 13 words (into the second and fourth blocks) equal those of the stream read
// from its start, at every position 0-4 of the first block and for several keys and counters.
TEST(RngLayout, ResumedStreamIsTheStream) {
  for (std::uint64_t seed : {0ull, 1ull, 0xfedcba9876543210ull})
    for (std::uint64_t c0 : {0ull, 7ull, 1ull << 40})
      for (std::uint64_t c1 : {0ull, 3ull})
        for (int pos = 0; pos <= 4; ++pos) {
          const RngKey key{seed, Stream::kMbcEvent, 5};
          std::uint64_t b[1][4] = {{c0, c1, 0, 0}};
          philox_blocks(PhiloxRoundKeys(CounterRng::philox_key(key)), b);
          CounterRng a(key, c0, c1);
          for (int k = 0; k < pos; ++k) a.bits();
          CounterRng r = CounterRng::resumed(key, c0, c1, b[0], pos);
          for (int k = 0; k < 13; ++k) ASSERT_EQ(a.bits(), r.bits()) << "seed " << seed << " c0 " << c0 << " pos " << pos << " word " << k;
        }
}
