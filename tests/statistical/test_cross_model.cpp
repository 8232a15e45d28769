// Cross-model checks at gamma = -2.5, N = 5, from one fixed anisotropic start (SPEC.md A.0, A.13, C.12):
//  * the time factor 2: `tabary` (pair splitting, eta = 1e-3, dt = 2e-3) at time t equals `mbc` (small h)
//    at time 2t, in E[Dev M_xx] and E[mean_v4], within statistical error;
//  * Du Prop 8.1: `mbc` approaches `landau-diffusion` as h -> 0 at fixed N: at h = 0.1 the difference
//    in E[mean_v4] is resolved, at h = 0.0025 it is not. (Measured, 4e4 replicas each: v4 difference
//    -0.043 at h = 0.1, -0.021 at 0.04, -0.005 at 0.01, -0.0002 at 0.0025; standard error 0.0033.)
// Differences of two independent means: |z| < 5.5 with the combined standard error.
#include <gtest/gtest.h>

#include "models/landau_diffusion.hpp"
#include "models/mbc.hpp"
#include "models/tabary.hpp"
#include "support/run_model.hpp"

using namespace grazing;
using namespace grazing::test;

namespace {

double zdiff(const Welford& a, const Welford& b) {
  return (a.mean() - b.mean()) / std::sqrt(a.variance() / a.n() + b.variance() / b.n());
}

}  // namespace

TEST(CrossModel, TabaryAtTimeTIsMbcAtTime2T) {
  const ReplicaState start = gaussian_start(5, {2.0, 0.5, 0.5}, 17);
  const double t = 0.1;
  const TabaryModel tab("tabary", TabaryPotential(-2.5, 1e-3), 2e-3, TabaryModel::Scheme::kPairSplitting, Splitting::kLie,
                        NoiseKind::kAntisymmetricPairs, false);
  const Ensemble et = run_ensemble(tab, start, t, 40000, 201);
  const Ensemble em = run_ensemble(MbcModel(-2.5, 0.0025), start, 2 * t, 40000, 202);
  EXPECT_LT(std::fabs(zdiff(et.dev[0], em.dev[0])), 5.5) << et.dev[0].mean() << " vs " << em.dev[0].mean();
  EXPECT_LT(std::fabs(zdiff(et.v4, em.v4)), 5.5) << et.v4.mean() << " vs " << em.v4.mean();
  // Power: mbc at time t (the wrong clock) is far from tabary at t.
  const Ensemble wrong = run_ensemble(MbcModel(-2.5, 0.0025), start, t, 40000, 203);
  EXPECT_GT(std::fabs(zdiff(et.dev[0], wrong.dev[0])), 5.5);
}

TEST(CrossModel, MbcApproachesLandauDiffusionAsHToZero) {
  const ReplicaState start = gaussian_start(5, {2.0, 0.5, 0.5}, 17);
  const double t = 0.2;
  const Ensemble ld = run_ensemble(LandauDiffusionModel(-2.5, 2e-3, Splitting::kLie), start, t, 40000, 204);
  const Ensemble coarse = run_ensemble(MbcModel(-2.5, 0.1), start, t, 40000, 205);
  const Ensemble fine = run_ensemble(MbcModel(-2.5, 0.0025), start, t, 40000, 206);
  EXPECT_GT(std::fabs(zdiff(coarse.v4, ld.v4)), 5.5) << coarse.v4.mean() << " vs " << ld.v4.mean();
  EXPECT_LT(std::fabs(zdiff(fine.v4, ld.v4)), 5.5) << fine.v4.mean() << " vs " << ld.v4.mean();
  EXPECT_LT(std::fabs(zdiff(fine.dev[0], ld.dev[0])), 5.5) << fine.dev[0].mean() << " vs " << ld.dev[0].mean();
}
