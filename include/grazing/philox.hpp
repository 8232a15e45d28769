// Philox4x64-10 (J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers: as easy
// as 1, 2, 3", SC'11, doi:10.1145/2063384.2063405), the generator of every CounterRng stream, in the
// two forms grazing's hot loops need. Both give Random123's r123::Philox4x64 bit for bit
// (tests/unit/test_rng.cpp compares them on many counters and keys):
//  * philox4x64_10(ctr, key): one block. Random123's own rounds, except that on x86-64 with BMI2 the
//    64 x 64 -> 128 products are single mulx instructions (GCC 12 spills Random123's __int128
//    products through the stack: ~150 instructions a block instead of ~90; measured 17 -> 10 ns).
//  * philox_blocks(round_keys, x[L][4]): L blocks of one key, the ten round keys computed once, the L
//    independent multiply chains interleaved round by round so that they overlap.
#pragma once
#include <Random123/philox.h>

#include <cstddef>
#include <cstdint>

namespace grazing {

using PhiloxCtr = r123::Philox4x64::ctr_type;
using PhiloxKey = r123::Philox4x64::key_type;

namespace detail {

inline constexpr std::uint64_t kPhiloxM0 = 0xD2E7470EE14C6C93ull, kPhiloxM1 = 0xCA5A826395121157ull;  // multipliers
inline constexpr std::uint64_t kPhiloxW0 = 0x9E3779B97F4A7C15ull, kPhiloxW1 = 0xBB67AE8584CAA73Bull;  // key bumps

// One Philox4x64 round on (x0, x1, x2, x3) with round key (k0, k1) (Random123's _philox4x64round).
inline void philox_round(std::uint64_t& x0, std::uint64_t& x1, std::uint64_t& x2, std::uint64_t& x3, std::uint64_t k0,
                         std::uint64_t k1) {
  std::uint64_t lo0, hi0, lo1, hi1;
#if defined(__x86_64__) && defined(__BMI2__)
  asm("mulx %[a], %[lo], %[hi]" : [lo] "=r"(lo0), [hi] "=r"(hi0) : [a] "r"(x0), "d"(kPhiloxM0));
  asm("mulx %[a], %[lo], %[hi]" : [lo] "=r"(lo1), [hi] "=r"(hi1) : [a] "r"(x2), "d"(kPhiloxM1));
#else
  lo0 = ::mulhilo64(kPhiloxM0, x0, &hi0);
  lo1 = ::mulhilo64(kPhiloxM1, x2, &hi1);
#endif
  const std::uint64_t y0 = hi1 ^ x1 ^ k0, y2 = hi0 ^ x3 ^ k1;
  x0 = y0;
  x1 = lo1;
  x2 = y2;
  x3 = lo0;
}

}  // namespace detail

// The block of counter ctr under key (= r123::Philox4x64()(ctr, key)). The arguments are read word by
// word (a 16-byte copy of words just written one by one would stall on store forwarding).
inline PhiloxCtr philox4x64_10(const PhiloxCtr& ctr, const PhiloxKey& key) {
  std::uint64_t x0 = ctr.v[0], x1 = ctr.v[1], x2 = ctr.v[2], x3 = ctr.v[3], k0 = key.v[0], k1 = key.v[1];
#pragma GCC unroll 10
  for (int round = 0; round < 10; ++round) {
    detail::philox_round(x0, x1, x2, x3, k0, k1);
    k0 += detail::kPhiloxW0;
    k1 += detail::kPhiloxW1;
  }
  return {{x0, x1, x2, x3}};
}

// The ten round keys of a key.
struct PhiloxRoundKeys {
  std::uint64_t k[10][2];
  explicit PhiloxRoundKeys(PhiloxKey key) {
    for (int round = 0; round < 10; ++round) {
      k[round][0] = key.v[0] + static_cast<std::uint64_t>(round) * detail::kPhiloxW0;
      k[round][1] = key.v[1] + static_cast<std::uint64_t>(round) * detail::kPhiloxW1;
    }
  }
};

// x[l] (the four words of a counter) replaced by its block, l = 0..L-1, all under one key. Plain
// words in and out, so that after inlining they stay in registers. L = 2 is the sweet spot on x86-64
// (more lanes spill the 4L state words out of the registers).
template <std::size_t L>
inline void philox_blocks(const PhiloxRoundKeys& rk, std::uint64_t (&x)[L][4]) {
#pragma GCC unroll 10
  for (int round = 0; round < 10; ++round) {
#pragma GCC unroll 8
    for (std::size_t l = 0; l < L; ++l) detail::philox_round(x[l][0], x[l][1], x[l][2], x[l][3], rk.k[round][0], rk.k[round][1]);
  }
}

}  // namespace grazing
