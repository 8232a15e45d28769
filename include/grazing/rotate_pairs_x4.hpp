// Four heat-kernel pair rotations at once: rotate_pair_heat (rotate_pair.hpp) for four pairwise
// disjoint pairs, computed in Double4 lanes (simd.hpp) when all four are on the common path, with the
// bits of four scalar calls. The common path is the one a collision takes ~99 % of the time: r^2 above
// the rescaling threshold, 0 < tau <= kSmallTauMax (SO(3) branch), three ziggurat normals from their
// first words, (phi/2)^2 inside the polynomial range and the sinc acceptance on the first try. A lane
// off that path is left untouched by the vector code and redone by the scalar rotate_pair_heat from
// its stream (the vector code only read copies of its words), so it gets exactly the scalar result
// too; the pairs being disjoint, the order in which lanes are written does not matter. The formulas are the scalar ones,
// shared as templates: sinc_cos_quarter_pi, rotate_by_half_angle, half_relative_velocity.
#pragma once
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>

#include "grazing/rotate_pair.hpp"
#include "grazing/simd.hpp"

namespace grazing {

// Outcomes of rotations that a model reports in its counters.
struct RotationCounts {
  std::uint64_t coincident = 0;  // v_i == v_j: nothing done
  std::uint64_t uniform = 0;     // tau > kUniformTau: uniform direction
};

// One rotation with tau = tau_of_r(r) (a pure function of r), counting its outcome.
template <class TauOfR, class Masses = EqualMasses>
inline void rotate_pair_heat_counted(ParticleStore& v, std::size_t i, std::size_t j, const TauOfR& tau_of_r,
                                     CounterRng& rng, RotationCounts& n, const Masses& masses = {}) {
  auto counted = [&](double r) {
    const double tau = tau_of_r(r);
    n.uniform += (tau > kUniformTau);
    return tau;
  };
  n.coincident += (rotate_pair_heat(v, i, j, counted, rng, masses) == PairOutcome::kCoincident);
}

namespace detail {

// double(u) of four integers u < 2^53, exactly (as the scalar conversion): the high 21 and the low 32
// bits each placed in a mantissa by the exponent trick, each exact, and their sum exact (< 2^53).
// (x86-64 has no vector conversion of 64-bit integers below AVX-512.)
inline Double4 exact_double_x4(U64x4 u) {
  const Double4 hi = std::bit_cast<Double4>((u >> 32) | 0x4530000000000000ull) - splat<Double4>(0x1p84);
  const Double4 lo = std::bit_cast<Double4>((u & 0xffffffffull) | 0x4330000000000000ull) - splat<Double4>(0x1p52);
  return hi + lo;
}

// CounterRng::normal_from_word on four words (lane l: word w[l]), with its bits: the normal in `out`
// and the lanes whose word landed in its layer's core rectangle (the others' `out` is meaningless).
// The table entries are read one by one: AVX2's gather was measured slower here.
inline Mask4 normal_from_words_x4(U64x4 w, Double4& out) {
  const U64x4 i = w & 0xffull;
  const double* const x_table = kZigguratTables.x.data();
  const Double4 xi{x_table[i[0]], x_table[i[1]], x_table[i[2]], x_table[i[3]]};
  const Double4 xi1{x_table[i[0] + 1], x_table[i[1] + 1], x_table[i[2] + 1], x_table[i[3] + 1]};
  const Double4 x = (exact_double_x4(w >> 11) * splat<Double4>(0x1p-53)) * xi;
  out = std::bit_cast<Double4>(std::bit_cast<U64x4>(x) ^ ((w & 0x100ull) << 55));
  return x < xi1;
}

// v.set(idx[l], {p.x[l], p.y[l], p.z[l]}) for l = 0..3. With AVX the 3 x 4 transpose is two unpacks
// and each particle one 16-byte store of (x, y) and one 8-byte store of z, instead of the lanes spilled
// to the stack and copied one by one (GCC's code for the loop over lanes).
inline void set_x4(ParticleStore& v, const std::size_t (&idx)[4], const Vec3T<Double4>& p) {
#if defined(__AVX__)
  double* const q[4] = {v.data() + 3 * idx[0], v.data() + 3 * idx[1], v.data() + 3 * idx[2], v.data() + 3 * idx[3]};
  const __m256d xy02 = _mm256_unpacklo_pd(p.x, p.y), xy13 = _mm256_unpackhi_pd(p.x, p.y);  // x0 y0 x2 y2, x1 y1 x3 y3
  const __m128d z01 = _mm256_castpd256_pd128(p.z), z23 = _mm256_extractf128_pd(p.z, 1);
  _mm_storeu_pd(q[0], _mm256_castpd256_pd128(xy02));
  _mm_store_sd(q[0] + 2, z01);
  _mm_storeu_pd(q[1], _mm256_castpd256_pd128(xy13));
  _mm_storeh_pd(q[1] + 2, z01);
  _mm_storeu_pd(q[2], _mm256_extractf128_pd(xy02, 1));
  _mm_store_sd(q[2] + 2, z23);
  _mm_storeu_pd(q[3], _mm256_extractf128_pd(xy13, 1));
  _mm_storeh_pd(q[3] + 2, z23);
#else
  for (int l = 0; l < 4; ++l) v.set(idx[l], {p.x[l], p.y[l], p.z[l]});
#endif
}

}  // namespace detail

// sample_heat_kernel_S2 for four directions e (unit) and times tau at once, on the common path of
// its SO(3) branch: 0 < tau <= kSmallTauMax, (phi/2)^2 within the polynomial range, the sinc test
// passed at the first try. words[l] are the next words of lane l's stream (three are read); rng_of(l)
// returns that stream (a CounterRng positioned at those words), from which a lane draws its three
// normals when a ziggurat word falls outside its core rectangle (~3.6 % of lanes), and the acceptance
// uniform's last bits when the six spare bits leave the sinc test open (1/64 of lanes), as the scalar
// sampler does. Lanes on the common path get heat_kernel_so3<false, true, false>'s bits (e' not
// renormalised); `ok` is cleared for the others (their result is meaningless; the caller redraws them
// with the scalar sampler).
template <class RngOf>
inline Vec3T<Double4> heat_kernel_small_tau_x4(Vec3T<Double4> e, Double4 tau, const std::uint64_t* const (&words)[4],
                                               RngOf&& rng_of, Mask4& ok) {
  using D = Double4;
  ok &= (tau > splat<D>(0.0)) & (tau <= splat<D>(kSmallTauMax));
  const D sd = sqrt_of(splat<D>(2.0) * tau);
  D nx, ny, nz, k;
  // Lane l's three normals from a stream positioned at its rotation (the scalar sampler's first try).
  auto normals_of = [&](int l, double& x, double& y, double& zz, unsigned& bits6) {
    CounterRng rng = rng_of(l);
    unsigned s0, s1, s2;
    x = rng.normal(s0);
    y = rng.normal(s1);
    zz = rng.normal(s2);
    bits6 = detail::six_bits(s0, s1, s2);
    return rng;
  };
  // The normals from the words, four lanes at once; a lane with a word outside its core rectangle
  // (~3.6 %) draws all three from its stream, as the scalar sampler.
  {
    auto word = [&](int n) { return U64x4{words[0][n], words[1][n], words[2][n], words[3][n]}; };
    const U64x4 w0 = word(0), w1 = word(1), w2 = word(2);
    const Mask4 core = detail::normal_from_words_x4(w0, nx) & detail::normal_from_words_x4(w1, ny) &
                       detail::normal_from_words_x4(w2, nz);
    auto spare = [](U64x4 w) { return (w >> CounterRng::kSpareBitsAt) & 3u; };  // CounterRng::spare_bits
    k = detail::exact_double_x4(detail::six_bits(spare(w0), spare(w1), spare(w2)));
    if (const unsigned outside = lane_bits(~core)) [[unlikely]] {
      for (int l = 0; l < 4; ++l) {
        if (!(outside >> l & 1)) continue;
        double x, y, zz;
        unsigned b6;
        normals_of(l, x, y, zz, b6);
        nx[l] = x;
        ny[l] = y;
        nz[l] = zz;
        k[l] = b6;
      }
    }
  }
  const Vec3T<D> w{sd * nx, sd * ny, sd * nz};
  const D half2 = splat<D>(0.25) * norm2(w);
  ok &= half2 <= splat<D>(detail::kQuarterPi2);
  D sinc, c;
  detail::sinc_cos_quarter_pi(half2, sinc, c);
  // The sinc test by the six bits (detail::below_with_six_bits): decided where [k/64, (k+1)/64) lies on
  // one side of 64 sinc; the open lanes draw the uniform after their normals.
  const D p64 = splat<D>(64.0) * sinc;
  const Mask4 sure = (k + splat<D>(1.0)) <= p64;
  const Mask4 open = ok & ~sure & (k < p64);
  ok &= sure | open;
  if (const unsigned undecided = lane_bits(open)) [[unlikely]] {
    for (int l = 0; l < 4; ++l) {
      if (!(undecided >> l & 1)) continue;
      double x, y, zz;
      unsigned bits6;
      CounterRng rng = normals_of(l, x, y, zz, bits6);
      if (!(rng.uniform() < p64[l] - k[l])) ok[l] = 0;
    }
  }
  return detail::rotate_by_half_angle<false>(e, w, sinc, c);
}

// rotate_pairs_heat_x4's default `between`: nothing.
struct NothingBetween {
  void operator()(int) const {}
};

// The masses of four pairs of several species, lane by lane: where `equal` is set, EqualMasses (the
// midpoint, the steps d), else MassFractions fi, fj (the centre of mass fi v_i + fj v_j, the steps
// 2 fj d and 2 fi d): each lane as the scalar move of its pair.
struct MassFractions4 {
  Double4 fi, fj;
  Mask4 equal;
};

namespace detail {

// rotate_pairs_heat_x4's lanes when not all four finished in the vector code: the finished ones stored,
// the others redone by the scalar rotation. Out of line (rare), so that the common path does not keep
// the results in memory for it.
template <class TauOfR, class RngOf, class Masses>
[[gnu::noinline, gnu::cold]] void finish_lanes(ParticleStore& v, const std::size_t (&i)[4], const std::size_t (&j)[4],
                                               const Vec3T<Double4>& pi, const Vec3T<Double4>& pj, unsigned done,
                                               const TauOfR& tau_of_r, RngOf& rng_of, RotationCounts& counts,
                                               const Masses& masses) {
  constexpr bool kEqual = std::same_as<Masses, EqualMasses>;
  for (int l = 0; l < 4; ++l) {
    if (done >> l & 1) {
      v.set(i[l], {pi.x[l], pi.y[l], pi.z[l]});
      v.set(j[l], {pj.x[l], pj.y[l], pj.z[l]});
      continue;
    }
    CounterRng rng = rng_of(l);
    auto lane_tau = [&](double r) {
      if constexpr (std::invocable<const TauOfR&, double, int>) return tau_of_r(r, l);
      else return tau_of_r(r);
    };
    if constexpr (!kEqual) {
      if (!masses.equal[l]) {
        rotate_pair_heat_counted(v, i[l], j[l], lane_tau, rng, counts, MassFractions{masses.fi[l], masses.fj[l]});
        continue;
      }
    }
    rotate_pair_heat_counted(v, i[l], j[l], lane_tau, rng, counts);
  }
}

}  // namespace detail

// The pairs (i[l], j[l]), l = 0..3, pairwise disjoint, each rotated with its own stream: rng_of(l)
// returns lane l's stream positioned where its rotation starts, and words[l] are its next four words
// (CounterRng::peek4). The result, with the counts, is that of rotate_pair_heat_counted on each lane
// with rng_of(l), bit for bit (tests/unit/test_rotate_pairs_x4.cpp). tau_of_r is called with a
// Double4 when it accepts one (then it must be the double version lane by lane), else lane by lane;
// when it takes (double r, int lane), lane l's scalar fallback calls it so (a tau per lane).
// `masses`: EqualMasses (one species) or MassFractions4 (a pair of species per lane).
// `between(0)` is called after the relative speeds' square root is issued, `between(1)` after the
// heat kernel's rotation, before the new velocities: work placed there that does not touch these
// particles (a model draws its next events' Philox blocks) runs while the rotation's chain of dependent
// square roots, divisions and polynomials waits, instead of after it (docs/performance.md, "The next
// events drawn inside the rotation").
// Returns the lanes the vector code finished (bit l for lane l); the others were redone by
// rotate_pair_heat_counted (in any order: the pairs are disjoint).
template <class TauOfR, class RngOf, class Masses = EqualMasses, class Between = NothingBetween>
inline unsigned rotate_pairs_heat_x4(ParticleStore& v, const std::size_t (&i)[4], const std::size_t (&j)[4],
                                     const std::uint64_t* const (&words)[4], const TauOfR& tau_of_r, RngOf&& rng_of,
                                     RotationCounts& counts, const Masses& masses = {}, Between&& between = {}) {
  using D = Double4;
  const Vec3 a0 = v.get(i[0]), a1 = v.get(i[1]), a2 = v.get(i[2]), a3 = v.get(i[3]);
  const Vec3 b0 = v.get(j[0]), b1 = v.get(j[1]), b2 = v.get(j[2]), b3 = v.get(j[3]);
  const Vec3T<D> vi{D{a0.x, a1.x, a2.x, a3.x}, D{a0.y, a1.y, a2.y, a3.y}, D{a0.z, a1.z, a2.z, a3.z}};
  const Vec3T<D> vj{D{b0.x, b1.x, b2.x, b3.x}, D{b0.y, b1.y, b2.y, b3.y}, D{b0.z, b1.z, b2.z, b3.z}};
  // rotate_pair: z, r, e, m.
  const Vec3T<D> z = vi - vj;
  const D r2 = norm2(z);
  Mask4 ok = r2 > splat<D>(kRescaleBelow);
  const D r = sqrt_of(r2);
  between(0);
  const Vec3T<D> e = (splat<D>(1.0) / r) * z;
  constexpr bool kEqual = std::same_as<Masses, EqualMasses>;
  Vec3T<D> m;
  auto pick = [](Mask4 where, Vec3T<D> a, Vec3T<D> b) {  // a where set, else b
    return Vec3T<D>{where ? a.x : b.x, where ? a.y : b.y, where ? a.z : b.z};
  };
  if constexpr (kEqual) m = 0.5 * (vi + vj);
  else m = pick(masses.equal, 0.5 * (vi + vj), masses.fi * vi + masses.fj * vj);
  D tau;
  if constexpr (requires { { tau_of_r(r) } -> std::same_as<D>; }) {
    tau = tau_of_r(r);
  } else {
    tau = D{tau_of_r(r[0]), tau_of_r(r[1]), tau_of_r(r[2]), tau_of_r(r[3])};
  }
  const Vec3T<D> ep = heat_kernel_small_tau_x4(e, tau, words, rng_of, ok);
  between(1);
  const Vec3T<D> d = half_relative_velocity(ep, r);
  Vec3T<D> pi, pj;
  if constexpr (kEqual) pi = m + d, pj = m - d;
  else pi = m + pick(masses.equal, d, (splat<D>(2.0) * masses.fj) * d), pj = m - pick(masses.equal, d, (splat<D>(2.0) * masses.fi) * d);
  const unsigned done = lane_bits(ok);
  if (done == 0xf) [[likely]] {
    detail::set_x4(v, i, pi);
    detail::set_x4(v, j, pj);
    return done;
  }
  detail::finish_lanes(v, i, j, pi, pj, done, tau_of_r, rng_of, counts, masses);
  return done;
}

}  // namespace grazing
