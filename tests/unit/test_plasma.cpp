// Several species (docs/physics/plasma.md): the unequal-mass pair move, the config, and the reduction
// of one species to mbc bit for bit.
#include <gtest/gtest.h>

#include <cmath>

#include "grazing/config.hpp"
#include "grazing/plasma.hpp"
#include "grazing/rotate_pair.hpp"
#include "models/mbc.hpp"
#include "models/mbc_species.hpp"
#include "models/binary_collision.hpp"
#include "models/sbm.hpp"

namespace grazing {
namespace {

toml::table config_of(const std::string& text) { return toml::parse(text); }

// The pair move about the centre of mass keeps the pair's momentum and energy (to round-off) and |u|.
TEST(Plasma, UnequalMassMoveConservesMomentumAndEnergy) {
  const double mi = 1.0, mj = 1836.15267343;
  const MassFractions f = MassFractions::of(mi, mj);
  EXPECT_EQ(f.fi + f.fj, 1.0);  // exactly: the smaller fraction is 1 minus the larger
  ParticleStore v;
  v.resize(2);
  CounterRng rng({7, Stream::kTest, 0}, 0);
  double worst_p = 0, worst_e = 0;
  for (int k = 0; k < 20000; ++k) {
    v.set(0, Vec3{rng.normal(), rng.normal(), rng.normal()});
    v.set(1, (1.0 / std::sqrt(mj)) * Vec3{rng.normal(), rng.normal(), rng.normal()});
    const Vec3 p0 = mi * v.get(0) + mj * v.get(1);
    const double e0 = 0.5 * mi * norm2(v.get(0)) + 0.5 * mj * norm2(v.get(1));
    const double u0 = norm(v.get(0) - v.get(1));
    ASSERT_EQ(rotate_pair_heat(v, 0, 1, [](double) { return 0.3; }, rng, f), PairOutcome::kRotated);
    const Vec3 p1 = mi * v.get(0) + mj * v.get(1);
    const double e1 = 0.5 * mi * norm2(v.get(0)) + 0.5 * mj * norm2(v.get(1));
    EXPECT_NEAR(norm(v.get(0) - v.get(1)), u0, 1e-14 * u0);
    worst_p = std::max(worst_p, norm(p1 - p0) / (mi * norm(v.get(0)) + mj * norm(v.get(1))));
    worst_e = std::max(worst_e, std::fabs(e1 - e0) / e0);
  }
  // Momentum: the light fraction is 1 minus the heavy one, so its absolute error is the heavy one's
  // ulp (~1e-16), M/m_light ~ 1837 times its own; one move changes the pair's momentum by up to
  // ~1e-14 of its scale, without bias (docs/physics/plasma.md#round-off). Energy: ~ulp.
  EXPECT_LT(worst_p, 1e-13);
  EXPECT_LT(worst_e, 1e-14);
}

// Equal masses through MassFractions are the single-species move bit for bit.
TEST(Plasma, EqualFractionsAreTheSingleSpeciesMove) {
  ParticleStore a, b;
  a.resize(2), b.resize(2);
  CounterRng g({3, Stream::kTest, 1}, 0);
  for (int k = 0; k < 1000; ++k) {
    const Vec3 x{g.normal(), g.normal(), g.normal()}, y{g.normal(), g.normal(), g.normal()};
    a.set(0, x), a.set(1, y), b.set(0, x), b.set(1, y);
    CounterRng r1({3, Stream::kTest, 2}, k), r2({3, Stream::kTest, 2}, k);
    rotate_pair_heat(a, 0, 1, [](double r) { return 0.1 / r; }, r1);
    rotate_pair_heat(b, 0, 1, [](double r) { return 0.1 / r; }, r2, MassFractions::of(2.0, 2.0));
    ASSERT_EQ(a.get(0).x, b.get(0).x);
    ASSERT_EQ(a.get(1).z, b.get(1).z);
  }
}

const char* kOneSpecies = R"(
[model]
name = "mbc"
tau = 0.01
[[species]]
name = "e"
mass_me = 1
Z = -1
density = 1e26
T_eV = 10
N = 3000
[plasma]
coulomb_log = 10
[run]
t_end = 1e-12
)";

// One species through the multi-species engine is mbc with h = the class's step on the engine's
// scales (K = 1 exactly), same streams: bit for bit.
TEST(Plasma, OneSpeciesIsMbcBitForBit) {
  RunSpec spec = build_run_spec(config_of(kOneSpecies), "test.toml");
  ASSERT_TRUE(spec.plasma);
  const PairClass& c = spec.plasma->classes[0];
  EXPECT_EQ(c.K, 1.0);
  MbcModel mbc(-3.0, c.h);
  ReplicaState s1, s2;
  s1.v.resize(spec.N);
  spec.initial->fill(s1.v, {5, Stream::kInitial, 0});
  s2.v = s1.v;
  AdvanceContext ctx{0, 5, 1};
  const double t1 = 200 * c.h;  // ~ 6e5 events
  spec.model->advance(s1, 0, t1, ctx);
  mbc.advance(s2, 0, t1, ctx);
  ASSERT_GT(s1.counters.events, 100000u);
  EXPECT_EQ(s1.counters.events, s2.counters.events);
  for (std::size_t i = 0; i < spec.N; ++i) {
    ASSERT_EQ(s1.v.get(i).x, s2.v.get(i).x) << i;
    ASSERT_EQ(s1.v.get(i).y, s2.v.get(i).y) << i;
    ASSERT_EQ(s1.v.get(i).z, s2.v.get(i).z) << i;
  }
}

// One species through sbm with species is sbm with dt = the model's step on the engine's scales: the
// coefficient of tau is 2 (N - 1) K / (N - 1) = 2 exactly, same streams, bit for bit.
TEST(Plasma, OneSpeciesSbmIsSbmBitForBit) {
  toml::table cfg = config_of(kOneSpecies);
  cfg["model"].as_table()->insert_or_assign("name", "sbm");
  RunSpec spec = build_run_spec(cfg, "test.toml");
  const double dt = spec.model->parameters()["dt_seconds"].get<double>() / spec.plasma->t_ref;
  BinaryCollisionModel<SbmLaw> sbm(-3.0, dt);
  ReplicaState s1, s2;
  s1.v.resize(spec.N);
  spec.initial->fill(s1.v, {5, Stream::kInitial, 0});
  s2.v = s1.v;
  AdvanceContext ctx{0, 5, 1};
  spec.model->advance(s1, 0, 40 * dt, ctx);
  sbm.advance(s2, 0, 40 * dt, ctx);
  ASSERT_EQ(s1.counters.events, s2.counters.events);
  for (std::size_t i = 0; i < spec.N; ++i) ASSERT_EQ(s1.v.get(i).x, s2.v.get(i).x) << i;
}

// The formulary's Coulomb logarithms for Smilei's thermalisation case (n = 1.116398e28 m^-3 each,
// T_e = 102.1998, T_i = 91.9798 eV, m_i = 10 m_e), against values computed independently with scipy
// from the formulary's p. 34 (3.243 e-e and e-i in its second form, 4.399 i-i).
TEST(Plasma, NrlCoulombLogarithms) {
  std::vector<Species> sp(2);
  sp[0].mass = kElectronMass, sp[0].Z = -1, sp[0].density = 1.116398e28, sp[0].T = {102.1998, 102.1998, 102.1998};
  sp[1].mass = 10 * kElectronMass, sp[1].Z = 1, sp[1].density = 1.116398e28, sp[1].T = {91.9798, 91.9798, 91.9798};
  EXPECT_NEAR(nrl_coulomb_log(sp, 0, 0).value, 3.243, 1e-3);
  const CoulombLogResult ei = nrl_coulomb_log(sp, 0, 1);
  EXPECT_NEAR(ei.value, 3.243, 1e-3);
  EXPECT_NE(ei.source.find("second form"), std::string::npos);
  EXPECT_NEAR(nrl_coulomb_log(sp, 1, 1).value, 4.399, 1e-3);
}

// The formulary's rates against independent values (computed with scipy.constants for Smilei's
// benchmarks/collisions cases; docs/plasma.md): thermalisation nu_ei, isotropisation nu_T, beam nu_s.
TEST(Plasma, FormularyRates) {
  const double e = kElementaryCharge, me = kElectronMass;
  EXPECT_NEAR(exchange_rate(-e, e, me, 10 * me, 1.116398e28, 102.1998 * e, 91.9798 * e, 5) / 2.759608e13, 1, 2e-6);
  EXPECT_NEAR(isotropisation_rate(e, me, 1.116398e28, 5.620988 * e, 5.109989 * e, 2) / 1.493397e15, 1, 2e-6);
  const BeamRates b = beam_rates(-e, e, me, 10 * me, 1.116398e28, 0.05 * 299792458.0, 10.219979 * e, 3);
  EXPECT_NEAR(b.nu_s / 8.816927e12, 1, 2e-6);
  EXPECT_NEAR(b.nu_perp / 1.601795e13, 1, 2e-6);
}

}  // namespace
}  // namespace grazing
