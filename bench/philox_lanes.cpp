// Random-number generation in vector lanes, measured against the scalar Philox4x64-10 that every
// stream of grazing uses (philox_blocks, two blocks interleaved): the same generator on four AVX2
// lanes (its 64 x 64 -> 128-bit multiply built from four 32 x 32 -> 64 vpmuludq), on eight AVX-512
// lanes when the build has AVX-512, and Philox4x32-10 on eight AVX2 lanes (a different generator: two
// of its 16-byte blocks per 32 bytes of one Philox4x64 block). Every row reports bytes/s, so the rows
// compare as ratios; every vector form first checks its blocks against the scalar ones (Random123's
// Philox4x32 for the 32-bit form) and fails the row if one bit differs. docs/performance.md
// ("Random numbers in vector lanes") has the figures and why grazing keeps the scalar generator.
#include <benchmark/benchmark.h>

#include <Random123/philox.h>

#include <cstdint>

#include "grazing/philox.hpp"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace {

using grazing::PhiloxRoundKeys;
using std::uint64_t;

const PhiloxRoundKeys kKeys(grazing::PhiloxKey{{0x243F6A8885A308D3ull, 0x13198A2E03707344ull}});

void philox4x64_scalar(benchmark::State& st) {
  uint64_t k = 0, sink = 0;
  for (auto _ : st) {
    uint64_t b[2][4] = {{k, 0, 0, 0}, {k + 1, 0, 0, 0}};
    grazing::philox_blocks(kKeys, b);
    sink += b[0][0] ^ b[0][1] ^ b[0][2] ^ b[0][3] ^ b[1][0] ^ b[1][1] ^ b[1][2] ^ b[1][3];
    k += 2;
  }
  benchmark::DoNotOptimize(sink);
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * 64);
}
BENCHMARK(philox4x64_scalar);

// Whether a vector form of Philox4x64-10 gives grazing's scalar blocks: lane_blocks(c, out) writes the
// blocks of the counters (c + l, c, 0, 0), l < L, word w of lane l in out[w][l].
template <int L, class LaneBlocks>
[[maybe_unused]] bool matches_scalar(LaneBlocks&& lane_blocks) {
  for (uint64_t c = 0; c < 64; c += L) {
    alignas(64) uint64_t out[4][L];
    lane_blocks(c, out);
    for (uint64_t l = 0; l < L; ++l) {
      uint64_t b[1][4] = {{c + l, c, 0, 0}};
      grazing::philox_blocks(kKeys, b);
      for (int w = 0; w < 4; ++w)
        if (b[0][w] != out[w][l]) return false;
    }
  }
  return true;
}

#if defined(__AVX2__)
// lo, hi of a * m on four 64-bit lanes, from the 32-bit halves' four products.
inline void mulhilo64_x4(__m256i a, uint64_t m, __m256i& lo, __m256i& hi) {
  const __m256i low32 = _mm256_set1_epi64x(0xffffffff);
  const __m256i ml = _mm256_set1_epi64x(static_cast<long long>(m & 0xffffffff));
  const __m256i mh = _mm256_set1_epi64x(static_cast<long long>(m >> 32));
  const __m256i ah = _mm256_srli_epi64(a, 32);
  const __m256i ll = _mm256_mul_epu32(a, ml), lh = _mm256_mul_epu32(a, mh);
  const __m256i hl = _mm256_mul_epu32(ah, ml), hh = _mm256_mul_epu32(ah, mh);
  const __m256i mid = _mm256_add_epi64(_mm256_add_epi64(_mm256_srli_epi64(ll, 32), _mm256_and_si256(lh, low32)),
                                       _mm256_and_si256(hl, low32));
  lo = _mm256_or_si256(_mm256_and_si256(ll, low32), _mm256_slli_epi64(mid, 32));
  hi = _mm256_add_epi64(_mm256_add_epi64(hh, _mm256_srli_epi64(lh, 32)),
                        _mm256_add_epi64(_mm256_srli_epi64(hl, 32), _mm256_srli_epi64(mid, 32)));
}

// Four Philox4x64-10 blocks: x[w] holds word w of the four counters, then of the four blocks.
inline void philox4x64_x4(__m256i (&x)[4]) {
  for (int r = 0; r < 10; ++r) {
    __m256i lo0, hi0, lo1, hi1;
    mulhilo64_x4(x[0], grazing::detail::kPhiloxM0, lo0, hi0);
    mulhilo64_x4(x[2], grazing::detail::kPhiloxM1, lo1, hi1);
    const __m256i k0 = _mm256_set1_epi64x(static_cast<long long>(kKeys.k[r][0]));
    const __m256i k1 = _mm256_set1_epi64x(static_cast<long long>(kKeys.k[r][1]));
    x[0] = _mm256_xor_si256(_mm256_xor_si256(hi1, x[1]), k0);
    x[1] = lo1;
    x[2] = _mm256_xor_si256(_mm256_xor_si256(hi0, x[3]), k1);
    x[3] = lo0;
  }
}

void philox4x64_avx2_x4(benchmark::State& st) {
  const __m256i lanes = _mm256_set_epi64x(3, 2, 1, 0);
  const bool same = matches_scalar<4>([&](uint64_t c, uint64_t(&out)[4][4]) {
    __m256i x[4] = {_mm256_add_epi64(_mm256_set1_epi64x(static_cast<long long>(c)), lanes),
                    _mm256_set1_epi64x(static_cast<long long>(c)), _mm256_setzero_si256(), _mm256_setzero_si256()};
    philox4x64_x4(x);
    for (int w = 0; w < 4; ++w) _mm256_store_si256(reinterpret_cast<__m256i*>(out[w]), x[w]);
  });
  if (!same) return st.SkipWithError("four-lane Philox4x64-10 differs from the scalar block");
  __m256i acc = _mm256_setzero_si256();
  uint64_t k = 0;
  for (auto _ : st) {
    __m256i x[4] = {_mm256_add_epi64(_mm256_set1_epi64x(static_cast<long long>(k)), lanes), _mm256_setzero_si256(),
                    _mm256_setzero_si256(), _mm256_setzero_si256()};
    philox4x64_x4(x);
    acc = _mm256_xor_si256(acc, _mm256_xor_si256(_mm256_xor_si256(x[0], x[1]), _mm256_xor_si256(x[2], x[3])));
    k += 4;
  }
  benchmark::DoNotOptimize(acc);
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * 128);
}
BENCHMARK(philox4x64_avx2_x4);

// lo, hi of a * m on eight 32-bit lanes: the even lanes' and the odd lanes' 64-bit products.
inline void mulhilo32_x8(__m256i a, std::uint32_t m, __m256i& lo, __m256i& hi) {
  const __m256i mm = _mm256_set1_epi64x(m);
  const __m256i even = _mm256_mul_epu32(a, mm), odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), mm);
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

// Eight Philox4x32-10 blocks under key (k0, k1) (Random123's constants).
inline void philox4x32_x8(std::uint32_t k0, std::uint32_t k1, __m256i (&x)[4]) {
  for (int r = 0; r < 10; ++r) {
    __m256i lo0, hi0, lo1, hi1;
    mulhilo32_x8(x[0], 0xD2511F53u, lo0, hi0);
    mulhilo32_x8(x[2], 0xCD9E8D57u, lo1, hi1);
    x[0] = _mm256_xor_si256(_mm256_xor_si256(hi1, x[1]), _mm256_set1_epi32(static_cast<int>(k0)));
    x[1] = lo1;
    x[2] = _mm256_xor_si256(_mm256_xor_si256(hi0, x[3]), _mm256_set1_epi32(static_cast<int>(k1)));
    x[3] = lo0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
}

void philox4x32_avx2_x8(benchmark::State& st) {
  constexpr std::uint32_t kK0 = 0x85A308D3u, kK1 = 0x03707344u;
  for (std::uint32_t c = 0; c < 64; c += 8) {  // the check: counters (c + l, c, 0, 0) against Random123
    __m256i x[4] = {_mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(c)), _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0)),
                    _mm256_set1_epi32(static_cast<int>(c)), _mm256_setzero_si256(), _mm256_setzero_si256()};
    philox4x32_x8(kK0, kK1, x);
    alignas(32) std::uint32_t out[4][8];
    for (int w = 0; w < 4; ++w) _mm256_store_si256(reinterpret_cast<__m256i*>(out[w]), x[w]);
    for (std::uint32_t l = 0; l < 8; ++l) {
      const r123::Philox4x32::ctr_type ctr = {{c + l, c, 0, 0}};
      const r123::Philox4x32::key_type key = {{kK0, kK1}};
      const auto b = r123::Philox4x32()(ctr, key);
      for (int w = 0; w < 4; ++w)
        if (b.v[w] != out[w][l]) return st.SkipWithError("eight-lane Philox4x32-10 differs from Random123's");
    }
  }
  const __m256i lanes = _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0);
  __m256i acc = _mm256_setzero_si256();
  std::uint32_t k = 0;
  for (auto _ : st) {
    __m256i x[4] = {_mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(k)), lanes), _mm256_setzero_si256(),
                    _mm256_setzero_si256(), _mm256_setzero_si256()};
    philox4x32_x8(kK0, kK1, x);
    acc = _mm256_xor_si256(acc, _mm256_xor_si256(_mm256_xor_si256(x[0], x[1]), _mm256_xor_si256(x[2], x[3])));
    k += 8;
  }
  benchmark::DoNotOptimize(acc);
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * 128);
}
BENCHMARK(philox4x32_avx2_x8);
#endif

#if defined(__AVX512F__) && defined(__AVX512DQ__)
// lo, hi of a * m on eight 64-bit lanes (lo by vpmullq, hi from the halves' products).
inline void mulhilo64_x8(__m512i a, uint64_t m, __m512i& lo, __m512i& hi) {
  const __m512i low32 = _mm512_set1_epi64(0xffffffff);
  const __m512i ml = _mm512_set1_epi64(static_cast<long long>(m & 0xffffffff));
  const __m512i mh = _mm512_set1_epi64(static_cast<long long>(m >> 32));
  const __m512i ah = _mm512_srli_epi64(a, 32);
  const __m512i ll = _mm512_mul_epu32(a, ml), lh = _mm512_mul_epu32(a, mh);
  const __m512i hl = _mm512_mul_epu32(ah, ml), hh = _mm512_mul_epu32(ah, mh);
  const __m512i mid = _mm512_add_epi64(_mm512_add_epi64(_mm512_srli_epi64(ll, 32), _mm512_and_si512(lh, low32)),
                                       _mm512_and_si512(hl, low32));
  lo = _mm512_mullo_epi64(a, _mm512_set1_epi64(static_cast<long long>(m)));
  hi = _mm512_add_epi64(_mm512_add_epi64(hh, _mm512_srli_epi64(lh, 32)),
                        _mm512_add_epi64(_mm512_srli_epi64(hl, 32), _mm512_srli_epi64(mid, 32)));
}

void philox4x64_avx512_x8(benchmark::State& st) {
  auto blocks = [](__m512i(&x)[4]) {
    for (int r = 0; r < 10; ++r) {
      __m512i lo0, hi0, lo1, hi1;
      mulhilo64_x8(x[0], grazing::detail::kPhiloxM0, lo0, hi0);
      mulhilo64_x8(x[2], grazing::detail::kPhiloxM1, lo1, hi1);
      x[0] = _mm512_xor_si512(_mm512_xor_si512(hi1, x[1]), _mm512_set1_epi64(static_cast<long long>(kKeys.k[r][0])));
      x[1] = lo1;
      x[2] = _mm512_xor_si512(_mm512_xor_si512(hi0, x[3]), _mm512_set1_epi64(static_cast<long long>(kKeys.k[r][1])));
      x[3] = lo0;
    }
  };
  const __m512i lanes = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
  const bool same = matches_scalar<8>([&](uint64_t c, uint64_t(&out)[4][8]) {
    __m512i x[4] = {_mm512_add_epi64(_mm512_set1_epi64(static_cast<long long>(c)), lanes),
                    _mm512_set1_epi64(static_cast<long long>(c)), _mm512_setzero_si512(), _mm512_setzero_si512()};
    blocks(x);
    for (int w = 0; w < 4; ++w) _mm512_store_si512(out[w], x[w]);
  });
  if (!same) return st.SkipWithError("eight-lane Philox4x64-10 differs from the scalar block");
  __m512i acc = _mm512_setzero_si512();
  uint64_t k = 0;
  for (auto _ : st) {
    __m512i x[4] = {_mm512_add_epi64(_mm512_set1_epi64(static_cast<long long>(k)), lanes), _mm512_setzero_si512(),
                    _mm512_setzero_si512(), _mm512_setzero_si512()};
    blocks(x);
    acc = _mm512_xor_si512(acc, _mm512_xor_si512(_mm512_xor_si512(x[0], x[1]), _mm512_xor_si512(x[2], x[3])));
    k += 8;
  }
  benchmark::DoNotOptimize(acc);
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * 256);
}
BENCHMARK(philox4x64_avx512_x8);
#endif

}  // namespace
