// Four doubles in one register (GCC/Clang vector extension): the lane type of the batched pair
// rotation (rotate_pairs_x4.hpp). Every operation is the IEEE operation of each lane, so a formula
// written once as a template over double and Double4 gives, lane by lane, the bits of the scalar
// formula: +, -, *, / and sqrt are correctly rounded, fma_of is the fused multiply-add in both, and
// nothing is contracted (-ffp-contract=off). Without AVX/FMA (GRAZING_ARCH=none) the same code runs
// as pairs of SSE2 operations and library fmas, with the same results.
#pragma once
#include <cmath>
#include <cstdint>
#include <type_traits>

#if defined(__AVX__) || defined(__FMA__)
#include <immintrin.h>
#endif

namespace grazing {

using Double4 = double __attribute__((vector_size(32)));
using Mask4 = std::int64_t __attribute__((vector_size(32)));  // a lane comparison: all ones or zero
using U64x4 = std::uint64_t __attribute__((vector_size(32)));  // four 64-bit words

template <class T>
inline constexpr bool kIsDouble4 = std::is_same_v<T, Double4>;

// x in every lane of T (T = double: x itself).
template <class T>
inline T splat(double x) {
  if constexpr (kIsDouble4<T>) return Double4{x, x, x, x};
  else return x;
}

inline double sqrt_of(double x) { return std::sqrt(x); }
inline Double4 sqrt_of(Double4 x) {
#if defined(__AVX__)
  return _mm256_sqrt_pd(x);
#else
  return Double4{std::sqrt(x[0]), std::sqrt(x[1]), std::sqrt(x[2]), std::sqrt(x[3])};
#endif
}

inline double fma_of(double a, double b, double c) { return std::fma(a, b, c); }
inline Double4 fma_of(Double4 a, Double4 b, Double4 c) {
#if defined(__FMA__)
  return _mm256_fmadd_pd(a, b, c);
#else
  return Double4{std::fma(a[0], b[0], c[0]), std::fma(a[1], b[1], c[1]), std::fma(a[2], b[2], c[2]),
                 std::fma(a[3], b[3], c[3])};
#endif
}

// The lanes of a comparison as bits 0-3 (with AVX one vmovmskpd, the lanes' sign bits; GCC compiled
// the portable form to a blend and four extracts).
inline unsigned lane_bits(Mask4 m) {
#if defined(__AVX__)
  return static_cast<unsigned>(_mm256_movemask_pd(_mm256_castsi256_pd(reinterpret_cast<__m256i>(m))));
#else
  return static_cast<unsigned>((m[0] & 1) | (m[1] & 2) | (m[2] & 4) | (m[3] & 8));
#endif
}

}  // namespace grazing
