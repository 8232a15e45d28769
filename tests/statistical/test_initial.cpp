// Initial distributions: each exact sampler against its exact law (moments with z-scores |z| < 5.5,
// 3.8e-8 per check; KS p > 1e-6), exact_moments, and the file kind.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <hdf5.h>

#include <filesystem>
#include <fstream>

#include "grazing/config.hpp"
#include "grazing/error.hpp"
#include "grazing/initial.hpp"
#include "grazing/moments.hpp"
#include "support/stats.hpp"

using namespace grazing;
using namespace grazing::test;

namespace {

std::unique_ptr<InitialLaw> make(const std::string& toml_text) {
  static toml::table t;
  t = toml::parse(toml_text);
  const InitialInfo* info = find_initial(t["kind"].value_or(std::string{}));
  if (!info) throw std::runtime_error("no kind");
  return info->make(Section("initial", &t, "."));
}

ParticleStore sample(const InitialLaw& law, std::size_t n, std::uint32_t replica = 0) {
  ParticleStore v(n);
  law.fill(v, {77, Stream::kInitial, replica});
  return v;
}

}  // namespace

TEST(Initial, MaxwellianMeanAndVariance) {
  auto law = make("kind='maxwellian'\nmean=[0.5,-1,2]\ntemperature=0.7");
  const ParticleStore v = sample(*law, 200000);
  for (int c = 0; c < 3; ++c) {
    Welford m, q;
    const double mu = (Vec3{0.5, -1, 2})[c];
    for (std::size_t i = 0; i < v.size(); ++i) {
      const double x = v.get(i)[c];
      m.add(x);
      q.add((x - mu) * (x - mu));
    }
    EXPECT_LT(std::fabs(zscore(m, mu)), 5.5);
    EXPECT_LT(std::fabs(zscore(q, 0.7)), 5.5);
  }
}

TEST(Initial, GaussianComponentsAreNormalKS) {
  auto law = make("kind='gaussian'\nvariances=[2,0.5,0.25]");
  const ParticleStore v = sample(*law, 100000);
  const double var[3] = {2, 0.5, 0.25};
  for (int c = 0; c < 3; ++c) {
    std::vector<double> x;
    for (std::size_t i = 0; i < v.size(); ++i) x.push_back(v.get(i)[c]);
    const double s = std::sqrt(var[c]);
    const double D = ks_statistic(x, [s](double y) { return normal_cdf(y / s); });
    EXPECT_GT(ks_pvalue(D, x.size()), 1e-6) << "component " << c;
  }
}

// BKW (docs/physics/references.md#bkw): E|v|^2 = 3, E|v|^4 = 30K - 15K^2, E|v|^6 = 315K^2 - 210K^3, and the exact 1-D
// marginal CDF F(x) = Phi(u) - B K u phi(u), u = x/sqrt(K), B = (1-K)/(2K^2).
TEST(Initial, BkwMomentsAndMarginal) {
  for (double K : {0.6, 0.8, 1.0}) {
    auto law = make("kind='bkw'\nK0=" + std::to_string(K));
    const ParticleStore v = sample(*law, 200000);
    Welford m2, m4, m6;
    std::vector<double> x;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const double q = norm2(v.get(i));
      m2.add(q);
      m4.add(q * q);
      m6.add(q * q * q);
      x.push_back(v.get(i).y);
    }
    EXPECT_LT(std::fabs(zscore(m2, 3.0)), 5.5) << K;
    EXPECT_LT(std::fabs(zscore(m4, 30 * K - 15 * K * K)), 5.5) << K;
    EXPECT_LT(std::fabs(zscore(m6, 315 * K * K - 210 * K * K * K)), 5.5) << K;
    const double B = (1 - K) / (2 * K * K), sK = std::sqrt(K);
    const double D = ks_statistic(x, [&](double y) {
      const double u = y / sK;
      return normal_cdf(u) - B * K * u * normal_pdf(u);
    });
    EXPECT_GT(ks_pvalue(D, x.size()), 1e-6) << K;
  }
}

TEST(Initial, TwoMaxwelliansMixture) {
  auto law = make("kind='two-maxwellians'\nweights=[1,3]\nmeans=[[1.5,0,0],[-0.5,0,0]]\ntemperatures=[0.25,0.5]");
  const ParticleStore v = sample(*law, 200000);
  // x-marginal: 1/4 N(1.5, 0.25) + 3/4 N(-0.5, 0.5)
  std::vector<double> x;
  for (std::size_t i = 0; i < v.size(); ++i) x.push_back(v.get(i).x);
  const double D = ks_statistic(x, [](double y) {
    return 0.25 * normal_cdf((y - 1.5) / 0.5) + 0.75 * normal_cdf((y + 0.5) / std::sqrt(0.5));
  });
  EXPECT_GT(ks_pvalue(D, x.size()), 1e-6);
  const auto em = law->exact_moments();
  ASSERT_TRUE(em);
  EXPECT_DOUBLE_EQ(em->mean.x, 0.25 * 1.5 - 0.75 * 0.5);
  // Theta = sum w (3T + |u|^2) - |P|^2
  EXPECT_NEAR(em->theta, 0.25 * (0.75 + 2.25) + 0.75 * (1.5 + 0.25) - em->mean.x * em->mean.x, 1e-15);
}

// Weights whose sum overflows (1e308 + 1e308 = inf): the law is that of the same weights scaled down,
// draw for draw (the scaling by a power of two is exact), and its exact moments are those of equal
// weights. Before the fix every draw came from the second component (u * inf < 1e308 never holds) and
// the exact moments were 0 (w / inf), so exact_moments = true set every velocity to 0.
TEST(Initial, TwoMaxwelliansWeightsWhoseSumOverflows) {
  const std::string rest = "\nmeans=[[4,0,0],[0,0,0]]\ntemperatures=[1,1]";
  auto huge = make("kind='two-maxwellians'\nweights=[1e308,1e308]" + rest);
  auto scaled = make(fmt::format("kind='two-maxwellians'\nweights=[{0:.17g},{0:.17g}]", std::ldexp(1e308, -600)) + rest);
  auto equal = make("kind='two-maxwellians'\nweights=[1,1]" + rest);
  const ParticleStore a = sample(*huge, 20000), b = sample(*scaled, 20000);
  EXPECT_EQ(a, b);
  Welford vx;
  for (std::size_t i = 0; i < a.size(); ++i) vx.add(a.get(i).x);
  EXPECT_LT(std::fabs(zscore(vx, 2.0)), 5.5) << vx.mean();  // mean (4 + 0) / 2
  const auto em = huge->exact_moments(), eq = equal->exact_moments();
  ASSERT_TRUE(em && eq);
  EXPECT_EQ(em->mean.x, 2.0);
  EXPECT_EQ(em->theta, eq->theta);
  EXPECT_EQ(em->theta, 7.0);  // 3 T + |u - P|^2 averaged: 3 + 4
  // One weight at the top of the range, the other tiny: the first component only, as the ratio says.
  auto lopsided = make("kind='two-maxwellians'\nweights=[1.7e308,1e-300]" + rest);
  EXPECT_EQ(lopsided->exact_moments()->mean.x, 4.0);
}

TEST(Initial, ReplicasAndParticlesHaveIndependentDraws) {
  auto law = make("kind='maxwellian'");
  const ParticleStore a = sample(*law, 10, 0), b = sample(*law, 10, 1), a2 = sample(*law, 10, 0);
  EXPECT_EQ(a, a2);
  EXPECT_NE(a.get(0).x, b.get(0).x);
  EXPECT_NE(a.get(0).x, a.get(1).x);
}

TEST(Initial, ExactMomentsImposesMeanAndTemperature) {
  auto law = make("kind='gaussian'\nmean=[1,2,3]\nvariances=[2,0.5,0.5]");
  ParticleStore v = sample(*law, 1000);
  impose_moments(v, *law->exact_moments());
  const Moments m = compute_moments(v);
  EXPECT_NEAR(m.mean.x, 1, 1e-14);
  EXPECT_NEAR(m.mean.y, 2, 1e-14);
  EXPECT_NEAR(m.mean.z, 3, 1e-14);
  EXPECT_NEAR(m.M[0] + m.M[1] + m.M[2], 3.0, 1e-13);
}

TEST(Initial, BkwRejectsParameterOutsideRange) {
  try {
    make("kind='bkw'\nK0=0.5");
    FAIL() << "accepted K0 = 0.5";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "initial.K0");
  }
}

TEST(Initial, FileKindReadsCsvAndHdf5) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "grazing_test_initial_file";
  fs::create_directories(dir);
  {
    std::ofstream out(dir / "v.csv");
    out << "vx,vy,vz\n1,2,3\n# comment\n-1, 0.5, 2e-3\n";
  }
  auto csv = make("kind='file'\npath='" + (dir / "v.csv").string() + "'");
  ASSERT_EQ(csv->fixed_size(), 2u);
  ParticleStore v(2);
  csv->fill(v, {});
  EXPECT_EQ(v.get(1).z, 2e-3);

  const double data[3][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9.5}};
  const hsize_t dims[2] = {3, 3};
  const hid_t f = H5Fcreate((dir / "v.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t sp = H5Screate_simple(2, dims, nullptr);
  const hid_t d = H5Dcreate2(f, "vel", H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  H5Dclose(d);
  H5Sclose(sp);
  H5Fclose(f);
  auto h5 = make("kind='file'\ndataset='vel'\npath='" + (dir / "v.h5").string() + "'");
  ParticleStore w(3);
  h5->fill(w, {});
  EXPECT_EQ(w.get(2).z, 9.5);
  try {
    make("kind='file'\npath='" + (dir / "v.h5").string() + "'");
    FAIL() << "missing dataset accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "initial.path");
  }
  fs::remove_all(dir);
}
