// The exact heat kernel on S^2 (generator Delta) against its exact law (docs/physics/mbc.md#the-heat-kernel, docs/physics/mbc.md#the-exact-sampler).
// Fixed seeds: every outcome is deterministic. Tolerances: |z| < 5.5 for each moment check (two-sided
// false-failure probability 3.8e-8 per check, < 1e-5 for the whole file) and KS p > 1e-6.
#include <gtest/gtest.h>

#include "grazing/heat_kernel.hpp"
#include "support/azimuth.hpp"
#include "support/stats.hpp"

using namespace grazing;
using namespace grazing::test;

namespace {

constexpr double kZ = 5.5;

Vec3 unit(Vec3 v) { return (1.0 / norm(v)) * v; }

struct Draws {
  std::vector<double> y;    // 1 - e.e', computed as |e' - e|^2 / 2 (no cancellation)
  std::vector<Vec3> ep;
};

Draws draw_many(Vec3 e, double tau, int n, std::uint64_t stream_c1) {
  Draws d;
  d.y.reserve(n);
  d.ep.reserve(n);
  for (int k = 0; k < n; ++k) {
    CounterRng rng({11, Stream::kTest, 0}, static_cast<std::uint64_t>(k), stream_c1);
    const Vec3 ep = sample_heat_kernel_S2(e, tau, rng);
    d.y.push_back(0.5 * norm2(ep - e));
    d.ep.push_back(ep);
  }
  return d;
}

}  // namespace

TEST(HeatKernel, ZeroTimeIsIdentity) {
  const Vec3 e = unit({0.3, -0.5, 0.81});
  CounterRng rng({1, Stream::kTest, 0}, 0);
  const Vec3 ep = sample_heat_kernel_S2(e, 0.0, rng);
  EXPECT_EQ(ep.x, e.x);
  EXPECT_EQ(ep.y, e.y);
  EXPECT_EQ(ep.z, e.z);
}

TEST(HeatKernel, OutputIsAUnitVectorAtEveryTime) {
  const Vec3 e = unit({0.3, -0.5, 0.81});
  for (double tau : {1e-12, 1e-8, 1e-3, 0.25, 0.2500001, 1.0, 19.9, 20.1, 1e300, double(INFINITY)}) {
    for (int k = 0; k < 1000; ++k) {
      CounterRng rng({2, Stream::kTest, 0}, static_cast<std::uint64_t>(k));
      const Vec3 ep = sample_heat_kernel_S2(e, tau, rng);
      ASSERT_NEAR(norm(ep), 1.0, 4e-16) << "tau=" << tau;
    }
  }
}

// E[P_l(e.e')] = e^{-l(l+1) tau}, l = 1..4, for tau from 1e-8 to 30 across all sampler branches.
// P_l - 1 is computed from y = 1 - x without cancellation so that tiny tau is resolved.
TEST(HeatKernel, LegendreMomentsMatchExactDecay) {
  const int n = 400000;
  const double taus[] = {1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.2, 0.25, 0.26, 0.3, 0.5, 0.75, 0.85, 0.8500001, 1.0, 1.2, 2.0, 5.0, 10.0, 19.0, 21.0, 30.0};
  const Vec3 e = unit({0.3, -0.5, 0.81});
  std::uint64_t c1 = 0;
  for (double tau : taus) {
    const Draws d = draw_many(e, tau, n, ++c1);
    for (int l = 1; l <= 4; ++l) {
      Welford w;
      for (double y : d.y) w.add(legendre_minus_one(l, y));
      const double expected = std::expm1(-l * (l + 1) * tau);
      EXPECT_LT(std::fabs(zscore(w, expected)), kZ)
          << "tau=" << tau << " l=" << l << " mean(P_l-1)=" << w.mean() << " exact=" << expected;
    }
  }
}

// A factor-2 error in the generator (1/2 Delta instead of Delta) must be detected: at tau = 0.1 the
// l = 1 moment e^{-0.2} vs e^{-0.1} differs by hundreds of standard errors.
TEST(HeatKernel, DetectsTheHalfLaplacianConvention) {
  const Draws d = draw_many(unit({1, 1, 1}), 0.1, 100000, 99);
  Welford w;
  for (double y : d.y) w.add(1.0 - y);
  EXPECT_LT(std::fabs(zscore(w, std::exp(-0.2))), kZ);
  EXPECT_GT(std::fabs(zscore(w, std::exp(-0.1))), 50.0);
}

// Kolmogorov-Smirnov of x = e.e' against the exact Legendre CDF.
TEST(HeatKernel, KolmogorovSmirnovAgainstLegendreCdf) {
  const int n = 200000;
  const Vec3 e = unit({-0.2, 0.7, 0.1});
  std::uint64_t c1 = 100;
  for (double tau : {1e-3, 0.1, 0.25, 0.3, 1.0, 3.0}) {
    const Draws d = draw_many(e, tau, n, ++c1);
    std::vector<double> x(d.y.size());
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = 1.0 - d.y[k];
    const double D = ks_statistic(x, [tau](double v) { return heat_kernel_cdf(v, tau); });
    EXPECT_GT(ks_pvalue(D, x.size()), 1e-6) << "tau=" << tau << " D=" << D;
  }
}

// The azimuth of e' about e is uniform: E[cos m phi] = E[sin m phi] = 0 for m = 1, 2, with phi measured
// in a test-side frame; checked in the SO(3) branch without and with images (0.05, 0.5), in the Legendre
// branch, whose azimuth's cosine and sine come from polynomials (1, 3), and for e = -z (the basis' sign
// branch).
TEST(HeatKernel, AzimuthIsUniform) {
  const int n = 200000;
  std::uint64_t c1 = 200;
  for (Vec3 e : {unit({0.3, -0.5, 0.81}), Vec3{0, 0, -1}, Vec3{0, 0, 1}}) {
    for (double tau : {0.05, 0.5, 1.0, 3.0}) {
      const Draws d = draw_many(e, tau, n, ++c1);
      AzimuthMoments az(e);
      for (const Vec3& ep : d.ep) az.add(ep);
      for (int m = 0; m < 4; ++m) EXPECT_LT(std::fabs(zscore(az.c[m], 0.0)), kZ) << "tau=" << tau << " m=" << m;
    }
  }
}

// Semigroup: K_{0.2} then K_{0.3} (the two sampler branches) equals K_{0.5} in law.
TEST(HeatKernel, SemigroupAcrossBranches) {
  const int n = 200000;
  const Vec3 e = unit({0.6, 0.0, -0.8});
  std::vector<double> x;
  x.reserve(n);
  for (int k = 0; k < n; ++k) {
    CounterRng rng({12, Stream::kTest, 0}, static_cast<std::uint64_t>(k));
    const Vec3 mid = sample_heat_kernel_S2(e, 0.2, rng);
    const Vec3 ep = sample_heat_kernel_S2(mid, 0.3, rng);
    x.push_back(1.0 - 0.5 * norm2(ep - e));
  }
  const double D = ks_statistic(x, [](double v) { return heat_kernel_cdf(v, 0.5); });
  EXPECT_GT(ks_pvalue(D, x.size()), 1e-6) << "D=" << D;
}

// The KS machinery itself must reject a wrong law: samples at tau = 0.3 against the CDF at 0.33.
TEST(HeatKernel, KolmogorovSmirnovHasPower) {
  const Draws d = draw_many(unit({1, 0, 0}), 0.3, 200000, 300);
  std::vector<double> x;
  for (double y : d.y) x.push_back(1.0 - y);
  const double D = ks_statistic(x, [](double v) { return heat_kernel_cdf(v, 0.33); });
  EXPECT_LT(ks_pvalue(D, x.size()), 1e-6);
}

// The Legendre branch decides each proposal as soon as the terms summed so far and the bound on the
// rest settle it (heat_kernel_cosine). Every decision must be the one the whole sum makes: the
// sampler written with the whole sum (as before the squeeze) gives the same x, bit for bit, from the
// same streams, at times across the branch (its speed: grazing bench, heat kernel rows).
TEST(HeatKernel, SqueezeDecidesAsTheWholeSum) {
  auto whole_sum = [](double tau, CounterRng& rng) {
    const int terms = std::min(legendre_terms(tau), 16);
    double c[17], bound = 0, w = 1, q2l = 1;
    const double q = std::exp(-tau);
    for (int l = 0; l <= terms; ++l) {
      if (l > 0) q2l *= q * q, w *= q2l;
      c[l] = 0.5 * (2 * l + 1) * w;
      bound += c[l];
    }
    for (;;) {
      const double x = 2.0 * rng.uniform() - 1.0;
      const double u = rng.uniform();
      double p0 = 1.0, p1 = x, dens = c[0] + c[1] * x;
      for (int l = 1; l < terms; ++l) {
        const double p2 = detail::kBonnet.a[l] * x * p1 - detail::kBonnet.b[l] * p0;
        dens += c[l + 1] * p2;
        p0 = p1, p1 = p2;
      }
      if (u * bound <= dens) return x;
    }
  };
  for (double tau : {0.2500001, 0.3, 0.5, 1.0, 2.0, 5.0, 19.99}) {
    for (std::uint64_t k = 0; k < 200000; ++k) {
      CounterRng a({12, Stream::kTest, 0}, k), b({12, Stream::kTest, 0}, k);
      const double xa = detail::heat_kernel_cosine(tau, a), xb = whole_sum(tau, b);
      ASSERT_EQ(xa, xb) << "tau " << tau << " draw " << k;
      ASSERT_EQ(a.uniform(), b.uniform()) << "tau " << tau << " draw " << k;  // the same words consumed
    }
  }
}

// The images' factor of the SO(3) branch for 0.25 < tau <= 2 (heat_kernel_so3<true>) against the image
// sum written out in long double with |n| <= 12 (the code keeps |n| <= 2): equal to 1e-13 absolute over
// psi in (0, pi), within [0, 1], 0 at the antipode psi -> pi. And at tau = 0.25 the images change the
// accepted mass by less than e^{-pi^2/tau} = 7.2e-18 (the integral of psi^2 e^{-psi^2/tau} sinc psi |F - 1|
// against that of psi^2 e^{-psi^2/tau} sinc psi): why the branch at tau <= 0.25 leaves them out.
TEST(HeatKernel, ImagesFactorIsTheFullSum) {
  const long double pi = 3.14159265358979323846264338327950288L;
  auto full = [&](long double psi, long double tau) {
    long double f = 0;
    for (int n = -12; n <= 12; ++n) f += (psi + 2 * pi * n) / psi * std::exp(-(4 * pi * n * psi + 4 * pi * pi * n * n) / tau);
    return f;
  };
  for (double tau : {0.2500001, 0.3, 0.5, 1.0, 1.5, 2.0}) {
    const double q1 = std::exp(-4 * std::numbers::pi * std::numbers::pi / tau);
    const double q4 = std::exp(-16 * std::numbers::pi * std::numbers::pi / tau);
    for (int k = 1; k < 2000; ++k) {
      const double psi = std::numbers::pi * k / 2000.0;
      const double F = detail::so3_images_factor(psi, tau, q1, q4);
      EXPECT_NEAR(F, static_cast<double>(full(psi, tau)), 1e-13) << "tau " << tau << " psi " << psi;
      EXPECT_GE(F, -1e-15);
      EXPECT_LE(F, 1.0);
    }
    EXPECT_LT(detail::so3_images_factor(std::nextafter(std::numbers::pi, 0.0), tau, q1, q4), 1e-6);
    // The bound of the sampler's shortcut: |F - 1| <= (72 pi^2/tau) e^{-4 pi (pi - psi)/tau}.
    for (int k = 1; k < 2000; ++k) {
      const long double psi = pi * k / 2000.0L;
      EXPECT_LE(std::fabs(full(psi, tau) - 1), 72 * pi * pi / tau * std::exp(-4 * pi * (pi - psi) / tau)) << "tau " << tau;
    }
    // Where the sampler takes F = 1 (psi < pi - 3.95 tau), |F - 1| < 2^-60.
    const double skip = std::numbers::pi - detail::kImagesNegligibleSlope * tau;
    for (int k = 1; k < 2000 && skip > 0; ++k) {
      const long double psi = skip * k / 2000.0L;
      EXPECT_LT(std::fabs(static_cast<double>(full(psi, tau) - 1)), 0x1p-60) << "tau " << tau << " psi " << static_cast<double>(psi);
    }
  }
  long double lost = 0, mass = 0;
  for (int k = 0; k < 100000; ++k) {
    const long double psi = pi * (k + 0.5L) / 100000, w = psi * psi * std::exp(-psi * psi / 0.25L) * std::sin(psi) / psi;
    mass += w;
    lost += w * std::fabs(full(psi, 0.25L) - 1);
  }
  std::printf("images at tau = 0.25: relative mass %.3Le\n", lost / mass);
  EXPECT_LT(static_cast<double>(lost / mass), std::exp(-std::numbers::pi * std::numbers::pi / 0.25));
}

// The images matter above tau = 0.25 and the law tests see them: at tau = 2 (the SO(3) branch with images
// is exact up to 2 pi^2, though the sampler takes it only up to kImagesTauMax), E[P_1(e.e')] = e^{-4} for
// the branch with images (|z| < 5.5 over 1.6e7 draws, standard error ~1.4e-4), while the SO(3) method
// without them (heat_kernel_so3<false>) has E[P_1] larger by 1.58e-3 (by quadrature of its density
// psi^2 e^{-psi^2/tau} sinc psi: ~11 standard errors), which the same test rejects.
TEST(HeatKernel, ImagesAreNeededAtTauTwo) {
  const double tau = 2.0;
  const Vec3 e = unit({0.2, -0.4, 0.9});
  Welford with, without;
  for (std::uint64_t k = 0; k < 16000000; ++k) {
    CounterRng a({13, Stream::kTest, 0}, k), b({13, Stream::kTest, 1}, k);
    with.add(1.0 - 0.5 * norm2(detail::heat_kernel_so3<true>(e, tau, a) - e));
    without.add(1.0 - 0.5 * norm2(detail::heat_kernel_so3<false>(e, tau, b) - e));
  }
  EXPECT_LT(std::fabs(zscore(with, std::exp(-2 * tau))), kZ) << with.mean();
  EXPECT_GT(std::fabs(zscore(without, std::exp(-2 * tau))), kZ) << without.mean();
}

// The shortcut of the SO(3) branch with images (a proposal decided by a bound on F, without its
// exponential) decides as the factor itself: the same directions, bit for bit, and the same words read,
// as heat_kernel_so3<true, false>, at times across the branch and beyond it.
TEST(HeatKernel, ImagesBoundDecidesAsTheFactor) {
  for (double tau : {0.2500001, 0.3, 0.5, 0.75, 1.0, 2.0}) {
    const Vec3 e = unit({0.3, 0.4, -0.8});
    for (std::uint64_t k = 0; k < 200000; ++k) {
      CounterRng a({14, Stream::kTest, 0}, k), b({14, Stream::kTest, 0}, k);
      const Vec3 ea = detail::heat_kernel_so3<true, true>(e, tau, a), eb = detail::heat_kernel_so3<true, false>(e, tau, b);
      ASSERT_TRUE(ea.x == eb.x && ea.y == eb.y && ea.z == eb.z) << "tau " << tau << " draw " << k;
      ASSERT_EQ(a.bits(), b.bits()) << "tau " << tau << " draw " << k;
    }
  }
}

// sinc x and cos x for pi/4 < x < pi (the SO(3) branch's proposals beyond the polynomials' range) by the
// double angle twice: within 1e-15 absolute of long double sin and cos (measured: 8.3e-16 at worst).
TEST(HeatKernel, SincCosToPiIsAccurate) {
  double worst = 0;
  for (int k = 0; k <= 100000; ++k) {
    const double x = std::numbers::pi / 4 + (3 * std::numbers::pi / 4) * k / 100000.0 * (1 - 1e-12);
    double sinc, c;
    detail::sinc_cos_to_pi(x * x, sinc, c);
    const long double rx = std::sqrt(static_cast<long double>(x * x));  // the x the function sees
    const double es = std::fabs(static_cast<double>(sinc - std::sin(rx) / rx));
    const double ec = std::fabs(static_cast<double>(c - std::cos(rx)));
    worst = std::max({worst, es, ec});
  }
  std::printf("sinc_cos_to_pi: worst absolute error %.3e\n", worst);
  EXPECT_LT(worst, 1e-15);
}

// sin x and cos x for |x| <= pi (the Legendre branch's azimuth, uniform_azimuth) by the double angle
// twice from x/4: within 1e-15 absolute of long double sin and cos on a grid of 2e5 + 1 points over
// [-pi, pi], both ends included; exact at 0 (sin 0 = 0, cos 0 = 1).
TEST(HeatKernel, SinCosToPiIsAccurate) {
  double worst = 0;
  for (int k = -100000; k <= 100000; ++k) {
    const double x = std::numbers::pi * k / 100000.0;
    double s, c;
    detail::sin_cos_to_pi(x, s, c);
    const long double lx = x;
    worst = std::max({worst, std::fabs(static_cast<double>(s - std::sin(lx))), std::fabs(static_cast<double>(c - std::cos(lx)))});
  }
  std::printf("sin_cos_to_pi: worst absolute error %.3e\n", worst);
  EXPECT_LT(worst, 1e-15);
  double s, c;
  detail::sin_cos_to_pi(0.0, s, c);
  EXPECT_EQ(s, 0.0);
  EXPECT_EQ(c, 1.0);
}
