// The exact heat kernel on S^2 with generator Delta_{S^2} (not Delta/2), docs/physics/mbc.md#the-exact-sampler.
// Law of x = e.e': density sum_l (2l+1)/2 e^{-l(l+1)tau} P_l(x),
// azimuth uniform, so E[P_l(e.e')] = e^{-l(l+1)tau}  (docs/physics/mbc.md#the-heat-kernel).
//
// Branches (all exact to double precision; the constants below bound what is neglected):
//  * tau == 0                 : identity.
//  * 0 < tau <= kSmallTauMax  : e' = R e with R Brownian motion on SO(3) at time tau, sampled in
//                               exponential coordinates: omega ~ N(0, 2 tau I_3), accepted with
//                               probability sinc(|omega|/2) restricted to |omega| < 2 pi (one
//                               cover of SU(2)); acceptance rate e^{-tau/4}. The neglected images of
//                               the SU(2) kernel weigh e^{-pi^2/tau} <= e^{-39.4} ~ 7e-18.
//  * kSmallTauMax < tau <= kImagesTauMax : the same, the acceptance multiplied by the images' factor
//                               so3_images_factor (the exact SU(2) kernel over the first; images with
//                               |n| <= 2 kept, the rest relative < 1e-50; exact this way up to tau = 2 pi^2);
//                               acceptance e^{-tau/4} >= 0.80.
//  * kImagesTauMax < tau <= kUniformTau : x by rejection from uniform on [-1,1] against the Legendre
//                               density, truncated where the first neglected term is
//                               < (2l+1)/2 e^{-46} < 1e-19;
//                               acceptance 1/(2 f(1)) >= 0.63; a proposal decided as soon as the terms
//                               summed and a bound on the rest settle it; azimuth uniform, its cosine
//                               and sine by polynomials (uniform_azimuth), not libm.
//  * tau > kUniformTau        : uniform on S^2; the density differs from uniform by at most
//                               3 e^{-2 tau} < 1.3e-17 relative, below double resolution.
#pragma once
#include <algorithm>
#include <cmath>
#include <numbers>

#include "grazing/rng.hpp"
#include "grazing/vec3.hpp"

namespace grazing {

inline constexpr double kSmallTauMax = 0.25;
inline constexpr double kImagesTauMax = 0.85;  // where the Legendre branch becomes the faster (docs/performance.md)
inline constexpr double kUniformTau = 20.0;
inline constexpr double kLegendreTailExponent = 46.0;

// Uniform point on S^2 (Archimedes: z uniform on [-1,1], azimuth uniform).
inline Vec3 uniform_direction(CounterRng& rng) {
  const double z = 2.0 * rng.uniform() - 1.0;
  const double phi = 2.0 * std::numbers::pi * rng.uniform();
  const double s = std::sqrt(std::max(0.0, (1.0 - z) * (1.0 + z)));
  return {s * std::cos(phi), s * std::sin(phi), z};
}

// Orthonormal basis (u1, u2) of e^perp for a unit vector e (branch-free construction of
// Duff et al., JCGT 6(1) 2017, "Building an Orthonormal Basis, Revisited").
inline void orthonormal_basis(Vec3 e, Vec3& u1, Vec3& u2) {
  const double sign = std::copysign(1.0, e.z);
  const double a = -1.0 / (sign + e.z);
  const double b = e.x * e.y * a;
  u1 = {1.0 + sign * e.x * e.x * a, sign * b, -sign * e.x};
  u2 = {b, sign + e.y * e.y * a, -e.y};
}

// The unit vector at polar angle theta from e (cos theta = c, sin theta = s >= 0 or signed) and azimuth
// phi about e (given by its cosine and sine, uniform_azimuth): c e + s (cos phi u1 + sin phi u2),
// renormalised (kUnit). The move of every angular law given by its polar angle (the Legendre branch
// below, Takizuka-Abe, Nanbu). kUnit = false, for pair moves: not renormalised, as
// rotate_by_half_angle<false> (rotate_pair's length correction uses |e'|^2 - 1 itself; the
// renormalisation biased the energy).
template <bool kUnit = true>
inline Vec3 deflect(Vec3 e, double c, double s, double cos_phi, double sin_phi) {
  Vec3 u1, u2;
  orthonormal_basis(e, u1, u2);
  const Vec3 ep = c * e + (s * cos_phi) * u1 + (s * sin_phi) * u2;
  if constexpr (kUnit) return (1.0 / norm(ep)) * ep;
  else return ep;
}

// Number of Legendre terms kept at time tau: the first neglected l satisfies l(l+1) tau > 46.
inline int legendre_terms(double tau) {
  return static_cast<int>(std::ceil(std::sqrt(kLegendreTailExponent / tau)));
}

namespace detail {

// sinc x = sin(x)/x and cos x for |x| <= pi/4, from x2 = x^2, by their Taylor polynomials to degree
// 16 and 18: the first omitted terms are below x^18/19! < 1e-19 and x^20/20! < 4e-21, far under half
// an ulp of the results (sinc x >= 0.9, cos x >= 0.7), so the error is Horner's rounding, about
// 1 ulp (as libm's). Needing only x^2, the small-angle branch below takes no square root.
// T = double, or Double4 for four lanes at once (the same operations lane by lane).
template <class T>
inline void sinc_cos_quarter_pi(T x2, T& sinc, T& c) {
  // Estrin's scheme (depth 4 instead of Horner's 8): P(y) = sum_k a_k y^k, y = x^2.
  auto estrin8 = [](T y, const double (&a)[9]) {
    auto k = [&](int n) { return splat<T>(a[n]); };
    const T y2 = y * y, y4 = y2 * y2;
    const T p01 = fma_of(k(1), y, k(0)), p23 = fma_of(k(3), y, k(2));
    const T p45 = fma_of(k(5), y, k(4)), p67 = fma_of(k(7), y, k(6));
    const T lo = fma_of(p23, y2, p01), hi = fma_of(fma_of(k(8), y4, p67), y2, p45);
    return fma_of(hi, y4, lo);
  };
  static constexpr double kSinc[9] = {1.0, -1.0 / 6.0, 1.0 / 120.0, -1.0 / 5040.0, 1.0 / 362880.0,
                                      -1.0 / 39916800.0, 1.0 / 6227020800.0, -1.0 / 1307674368000.0,
                                      1.0 / 355687428096000.0};  // (-1)^k / (2k+1)!
  static constexpr double kCos[9] = {-0.5, 1.0 / 24.0, -1.0 / 720.0, 1.0 / 40320.0, -1.0 / 3628800.0,
                                     1.0 / 479001600.0, -1.0 / 87178291200.0, 1.0 / 20922789888000.0,
                                     -1.0 / 6402373705728000.0};  // (-1)^(k+1) / (2k+2)!
  sinc = estrin8(x2, kSinc);
  c = fma_of(estrin8(x2, kCos), x2, splat<T>(1.0));
}

// (phi/2)^2 at or below which sinc_cos_quarter_pi serves (phi/2 <= pi/4).
inline constexpr double kQuarterPi2 = 0.0625 * (std::numbers::pi * std::numbers::pi);

// sin x and cos x for |x| <= pi, given a = x/4 and a2 = a^2 (|a| <= pi/4): the polynomials at a, then
// the double angle twice, sin 2a = 2 sin a cos a and cos 2a = (cos a - sin a)(cos a + sin a).
inline void sin_cos_from_quarter(double a, double a2, double& s, double& c) {
  double sa, ca;
  sinc_cos_quarter_pi(a2, sa, ca);
  sa *= a;                                                       // sin a
  const double s1 = 2.0 * sa * ca, c1 = (ca - sa) * (ca + sa);  // sin 2a, cos 2a
  s = 2.0 * s1 * c1;                                             // sin 4a
  c = (c1 - s1) * (c1 + s1);                                     // cos 4a
}

// sin x and cos x for |x| <= pi. Absolute error below 1e-15 (HeatKernel.SinCosToPiIsAccurate), as
// libm's sin and cos, whose sincos costs ~130 instructions.
inline void sin_cos_to_pi(double x, double& s, double& c) {
  const double a = 0.25 * x;
  sin_cos_from_quarter(a, a * a, s, c);
}

// sinc x and cos x for pi/4 < x < pi, from x2 = x^2. Absolute error a few 1e-16
// (HeatKernel.SincCosToPiIsAccurate), as libm's sin and cos, which took ~20 ns of a proposal here.
inline void sinc_cos_to_pi(double x2, double& sinc, double& c) {
  const double x = std::sqrt(x2);
  double s;
  sin_cos_from_quarter(0.25 * x, 0.0625 * x2, s, c);
  sinc = s / x;  // sin 4a / x
}

// The cosine and sine of an azimuth uniform on [-pi, pi), from one uniform u: phi = pi (2u - 1) (2u - 1
// exact), its sine and cosine by sin_cos_to_pi.
inline void uniform_azimuth(CounterRng& rng, double& cos_phi, double& sin_phi) {
  sin_cos_to_pi(std::numbers::pi * (2.0 * rng.uniform() - 1.0), sin_phi, cos_phi);
}

// e rotated by the angle phi = |w| about w/|w|, given sinc = sin(phi/2)/(phi/2) and c = cos(phi/2):
// the unit quaternion (c, (sinc/2) w) (Rodrigues' formula, precise for tiny angles): t = 2 q x e,
// e' = e + c t + q x t, renormalised by the square root (kUnit). (The cheaper first-order factor
// 1 - (|e'|^2 - 1)/2 was tried: it lands on the kinked floating-point grid at 1, and the energy drift
// of MBC and pair splitting over 1e7 rotations grew from 1.3e-14 to 0.9-2.3e-13, linearly.)
// kUnit = false, for pair moves: e' as it comes, a unit vector to a few ulp; the move's
// half_relative_velocity (rotate_pair.hpp) corrects the length from |e'|^2 - 1 itself, so the square
// root and division of the renormalisation, on the critical path of every collision, are not needed.
template <bool kUnit = true, class T>
inline Vec3T<T> rotate_by_half_angle(Vec3T<T> e, Vec3T<T> w, T sinc, T c) {
  const Vec3T<T> q = (splat<T>(0.5) * sinc) * w;
  const Vec3T<T> t = 2.0 * cross(q, e);
  const Vec3T<T> ep = e + c * t + cross(q, t);
  if constexpr (kUnit) return (splat<T>(1.0) / norm(ep)) * ep;
  else return ep;
}

// The six leading bits of the SO(3) branch's acceptance uniform, from its three normals' spare bits
// (CounterRng::normal(spare)): k = s0 + 4 s1 + 16 s2, uniform on 0..63. U = unsigned, or four lanes
// of words (rotate_pairs_x4.hpp).
template <class U>
inline U six_bits(U s0, U s1, U s2) { return s0 | s1 << 2 | s2 << 4; }

// The decision u < p for the uniform u = (k + U)/64 whose leading six bits are k: made by k alone when
// [k/64, (k+1)/64) lies on one side of p (probability 63/64 or more), else by U = rng.uniform(), drawn
// only then, as U < 64 p - k (exact: 64 p is exact, and 64 p - k by Sterbenz's lemma, k < 64 p < k + 1).
// P(accept) = p on the 2^-59 grid of u, as uniform() < p on its 2^-53 grid.
inline bool below_with_six_bits(unsigned k, double p, CounterRng& rng) {
  const double p64 = 64.0 * p, kd = k;
  if (kd + 1.0 <= p64) return true;
  if (kd >= p64) return false;
  return rng.uniform() < p64 - kd;
}

// The heat kernel of SU(2) = S^3 over its first image, in exponential coordinates psi = |omega|/2 in
// [0, pi) (the unit-sphere kernel sum_n (psi + 2 pi n)/sin psi e^{-(psi + 2 pi n)^2/tau}, docs/physics/mbc.md#the-exact-sampler):
// the images n != 0 multiply the n = 0 term by
//   F(psi) = 1 + sum_{n != 0} ((psi + 2 pi n)/psi) e^{-(4 pi n psi + 4 pi^2 n^2)/tau},
// in [0, 1] for tau <= 2 pi^2 (each pair n, -n adds g(2 pi n + psi) - g(2 pi n - psi) <= 0,
// g(x) = x e^{-x^2/tau} decreasing for x >= pi). Kept: |n| <= 2; the pairs |n| >= 3 add less than
// 2 |g'(6 pi - pi)| e^{pi^2/tau} < e^{-24 pi^2/tau} relative, below 1e-50 for tau <= 2.
// By the mean value theorem each pair is 2 g'(xi) e^{psi^2/tau}, xi in (2 pi n - psi, 2 pi n + psi), so
// |F - 1| <= (72 pi^2/tau) e^{-4 pi (pi - psi)/tau}: below 2^-60 (under the 2^-59 grid of the acceptance
// uniform) for psi < pi - 3.95 tau when tau >= 0.25 (kImagesNegligibleSlope), where F is taken as 1.
// q1 = e^{-4 pi^2/tau}, q4 = e^{-16 pi^2/tau}; b = e^{-4 pi psi/tau} (one exp per call).
inline double so3_images_factor(double psi, double tau, double q1, double q4) {
  constexpr double kTwoPi = 2.0 * std::numbers::pi;
  const double b = std::exp(-2.0 * kTwoPi * psi / tau), b2 = b * b;
  const double n1 = ((psi + kTwoPi) * b - (kTwoPi - psi) / b) * q1;                // n = 1 and -1
  const double n2 = ((psi + 2.0 * kTwoPi) * b2 - (2.0 * kTwoPi - psi) / b2) * q4;  // n = 2 and -2
  return 1.0 + (n1 + n2) / psi;
}

inline constexpr double kImagesNegligibleSlope = 3.95;  // (ln(72 pi^2/0.25) + 60 ln 2)/(4 pi) = 3.9425, rounded up

// The SO(3) branch: Brownian motion on SO(3) in exponential coordinates. Its words: three normals
// and, when their six spare bits leave the acceptance test open (below_with_six_bits), one uniform.
// kImages: the acceptance also multiplied by so3_images_factor (tau > kSmallTauMax), which for
// tau <= kSmallTauMax weighs less than e^{-pi^2/tau} <= 7e-18 and is left out.
// kDecideByBound (with kImages): a proposal whose six bits settle the test for every F in
// [1 - B, 1], B = (72 pi^2/tau) 6!/x^6 >= (72 pi^2/tau) e^{-x} (x = 4 pi (pi - psi)/tau, e^x >= x^6/6!),
// plus 1e-15 for rounding, is decided without F's exponential: the decision and the words read are
// those of the exact F (below_with_six_bits is monotone in p), which the test
// HeatKernel.ImagesBoundDecidesAsTheFactor checks bit for bit against kDecideByBound = false.
// kUnit: as rotate_by_half_angle's.
template <bool kImages, bool kDecideByBound = true, bool kUnit = true>
inline Vec3 heat_kernel_so3(Vec3 e, double tau, CounterRng& rng) {
  const double sd = std::sqrt(2.0 * tau);
  constexpr double kPi = std::numbers::pi, kPi2 = kPi * kPi;
  // Images: psi^2 below which F = 1 to 2^-60, and q1 = e^{-4 pi^2/tau}, q4 = q1^4 computed when first needed.
  const double skip = kPi - kImagesNegligibleSlope * tau, skip2 = skip > 0.0 ? skip * skip : -1.0;
  double q1 = -1.0, q4 = 0.0;
  for (;;) {
    unsigned s0, s1, s2;
    const double x = rng.normal(s0), y = rng.normal(s1), z = rng.normal(s2);
    const Vec3 w{sd * x, sd * y, sd * z};
    const double half2 = 0.25 * norm2(w);  // (phi/2)^2 = psi^2, phi = |w| the rotation angle
    if (half2 >= kPi2) continue;           // phi >= 2 pi: outside one cover of SU(2)
    double sinc, c;                        // sin(phi/2)/(phi/2) and cos(phi/2)
    if (half2 <= kQuarterPi2) [[likely]] sinc_cos_quarter_pi(half2, sinc, c);
    else sinc_cos_to_pi(half2, sinc, c);
    const unsigned k = six_bits(s0, s1, s2);
    double p = sinc;  // the acceptance probability
    if constexpr (kImages) {
      if (half2 >= skip2 && half2 > 0.0) {
        const double psi = std::sqrt(half2);
        if constexpr (kDecideByBound) {
          if (k >= 64.0 * p) continue;  // rejected whatever F <= 1
          const double xb = 4.0 * kPi * (kPi - psi) / tau, xb2 = xb * xb;
          const double bound = (72.0 * 720.0 * kPi2 / tau) / (xb2 * xb2 * xb2) + 1e-15;
          if (k + 1.0 <= 64.0 * (p * (1.0 - bound))) return rotate_by_half_angle<kUnit>(e, w, sinc, c);  // accepted whatever F
        }
        if (q1 < 0.0) {
          q1 = std::exp(-4.0 * kPi2 / tau);
          q4 = (q1 * q1) * (q1 * q1);
        }
        p *= so3_images_factor(psi, tau, q1, q4);
      }
    }
    if (!below_with_six_bits(k, p, rng)) continue;  // accept with probability p
    return rotate_by_half_angle<kUnit>(e, w, sinc, c);
  }
}

// The ratios of Bonnet's recursion, a_l = (2l+1)/(l+1) and b_l = l/(l+1), each rounded once.
struct BonnetRatios {
  double a[32], b[32];
  constexpr BonnetRatios() : a{}, b{} {
    for (int l = 0; l < 32; ++l) {
      a[l] = static_cast<double>(2 * l + 1) / (l + 1);
      b[l] = static_cast<double>(l) / (l + 1);
    }
  }
};
inline constexpr BonnetRatios kBonnet{};

// Moderate-tau branch: x = e.e' by rejection from uniform against the Legendre density
// f(x) = sum_{l <= terms} c_l P_l(x), bound = f(1) = sum c_l its maximum. The sum is built term by
// term (Bonnet), and since |P_l| <= 1 the terms after l add at most tail_l = sum_{m > l} c_m: the
// proposal is accepted as soon as u bound <= (partial sum) - tail_l - slack, rejected as soon as
// u bound > (partial sum) + tail_l + slack, and only otherwise summed further. slack = 1e-12 bound
// covers the rounding of the partial sums (~20 ulp of bound), so every decision is the one the whole sum
// makes (HeatKernel.SqueezeDecidesAsTheWholeSum); most are made after 3-5 terms instead of all.
inline double heat_kernel_cosine(double tau, CounterRng& rng) {
  const int L = legendre_terms(tau);
  constexpr int kMaxTerms = 16;  // legendre_terms(0.25) = 14
  double c[kMaxTerms + 1];       // c_l = (2l+1)/2 e^{-l(l+1) tau}
  double tail[kMaxTerms + 1];    // tail_l = sum_{m > l} c_m
  const double q = std::exp(-tau);
  double w = 1.0;                // e^{-l(l+1) tau}, updated by w_l = w_{l-1} q^{2l}
  double q2l = 1.0;
  double bound = 0.0;            // density at x = 1, its maximum
  const int terms = std::min(L, kMaxTerms);
  for (int l = 0; l <= terms; ++l) {
    if (l > 0) {
      q2l *= q * q;
      w *= q2l;
    }
    c[l] = 0.5 * (2 * l + 1) * w;
    bound += c[l];
  }
  tail[terms] = 0.0;
  for (int l = terms; l > 0; --l) tail[l - 1] = tail[l] + c[l];
  const double slack = 1e-12 * bound;
  for (;;) {
    const double x = 2.0 * rng.uniform() - 1.0;
    const double level = rng.uniform() * bound;
    // Bonnet: (l+1) P_{l+1} = (2l+1) x P_l - l P_{l-1}, its two ratios tabulated (no division).
    double p0 = 1.0, p1 = x, dens = c[0] + c[1] * x;
    int l = 1;
    for (;; ++l) {  // dens holds the terms 0..l
      const double margin = tail[l] + slack;
      if (level <= dens - margin) return x;
      if (level > dens + margin || l == terms) break;
      const double p2 = kBonnet.a[l] * x * p1 - kBonnet.b[l] * p0;
      dens += c[l + 1] * p2;
      p0 = p1;
      p1 = p2;
    }
    if (l == terms && level <= dens) return x;  // the whole sum (margin = slack) and still undecided
  }
}

// The Legendre branch: x = e.e' by heat_kernel_cosine, the azimuth uniform. Out of line, so that
// sample_heat_kernel_S2 stays small enough for GCC to inline the SO(3) branch where it is called (with
// this branch inline, the scalar sampler at tau <= 0.25 measured 5 % slower).
template <bool kUnit>
[[gnu::noinline]] Vec3 heat_kernel_legendre(Vec3 e, double tau, CounterRng& rng) {
  const double x = heat_kernel_cosine(tau, rng);
  double cos_phi, sin_phi;
  uniform_azimuth(rng, cos_phi, sin_phi);
  return deflect<kUnit>(e, x, std::sqrt(std::max(0.0, (1.0 - x) * (1.0 + x))), cos_phi, sin_phi);
}

}  // namespace detail

// A draw e' ~ K_tau(e, .), heat kernel on S^2 with generator Delta_{S^2}. e must be a unit vector.
// tau = +infinity (or anything above kUniformTau) gives a uniform direction; tau <= 0 the identity.
// kUnit = false (pair moves, rotate_pair_heat): e' without its final renormalisation, of length 1 to a
// few ulp (rotate_by_half_angle, deflect); the uniform direction is unchanged.
template <bool kUnit = true>
inline Vec3 sample_heat_kernel_S2(Vec3 e, double tau, CounterRng& rng) {
  if (!(tau > 0.0)) return e;
  if (tau <= kSmallTauMax) return detail::heat_kernel_so3<false, true, kUnit>(e, tau, rng);
  if (tau <= kImagesTauMax) return detail::heat_kernel_so3<true, true, kUnit>(e, tau, rng);
  if (tau > kUniformTau) return uniform_direction(rng);
  return detail::heat_kernel_legendre<kUnit>(e, tau, rng);
}

}  // namespace grazing
