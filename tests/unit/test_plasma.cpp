// Several species (docs/physics/plasma.md): the unequal-mass pair move, the config, and the reduction
// of one species to mbc bit for bit.
#include <optional>
#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "grazing/config.hpp"
#include "grazing/plasma.hpp"
#include "grazing/poisson.hpp"
#include "grazing/power.hpp"
#include "grazing/rotate_pair.hpp"
#include "models/landau_diffusion.hpp"
#include "models/mbc.hpp"
#include "models/mbc_species.hpp"
#include "models/binary_collision.hpp"
#include "models/nanbu.hpp"
#include "models/sbm.hpp"
#include "models/takizuka_abe.hpp"

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

// Several species through mbc: the model (events drawn ahead, four at a time with per-lane tau and
// masses) against its definition written out here one event at a time (physics/plasma.md#exact-multi-species-mbc):
// Poisson(sum of the class rates x t) events; event e's stream gives the class in proportion to its
// rate, the pair uniformly in the class, and the exact heat kernel for h_ab K_ab |w|^gamma about the
// pair's centre of mass. Bit for bit; and on two threads inside the replica (N >= 2048) the same bits.
void expect_mbc_is_its_definition(const char* text, std::size_t colliding_classes) {
  toml::table cfg = config_of(text);
  RunSpec spec = build_run_spec(cfg, "test.toml");
  const Plasma& p = *spec.plasma;
  ReplicaState s1;
  s1.v.resize(spec.N);
  spec.initial->fill(s1.v, {5, Stream::kInitial, 0});
  ParticleStore v = s1.v;
  AdvanceContext ctx{0, 5, 1};
  double total = 0;
  for (const PairClass& k : p.classes) total += k.rate;
  const double t1 = 4e5 / total;  // ~4e5 events
  spec.model->advance(s1, 0, t1, ctx);
  if (spec.N >= 2048) {  // two threads inside the replica (the split schedule): the same bits
    ReplicaState s2;
    s2.v = v;
    spec.model->advance(s2, 0, t1, AdvanceContext{0, 5, 2});
    EXPECT_EQ(s2.counters.events, s1.counters.events);
    EXPECT_TRUE(s2.v == s1.v) << "two threads";
  }

  std::vector<std::size_t> colliding;
  std::vector<double> cumulative;
  double acc = 0;
  for (std::size_t c = 0; c < p.classes.size(); ++c)
    if (p.classes[c].rate > 0) colliding.push_back(c), cumulative.push_back((acc += p.classes[c].rate) / total);
  cumulative.back() = 1.0;
  ASSERT_EQ(colliding.size(), colliding_classes);
  CounterRng clock({5, Stream::kMbcPoisson, 0}, 0);
  const std::uint64_t n = sample_poisson(total * t1, clock);
  const RealPower r_gamma(-3.0);
  for (std::uint64_t e = 0; e < n; ++e) {
    CounterRng rng({5, Stream::kMbcEvent, 0}, e);
    std::size_t q = 0;
    if (colliding.size() > 1) {  // one class: no draw
      const double u = rng.uniform();
      while (cumulative[q] < u) ++q;
    }
    const PairClass& k = p.classes[colliding[q]];
    const Species &A = p.species[k.a], &B = p.species[k.b];
    // The pair from one word: i from its high half, j from its low half, each floor(x n / 2^32)
    // unless the product's low half is below 2^32 mod n (then from below() of the next words).
    const std::uint64_t w = rng.bits();
    auto from_half = [&](std::uint64_t x, std::uint64_t n) {
      const std::uint64_t prod = x * n;
      return (prod & 0xffffffffu) >= (std::uint64_t{1} << 32) % n ? std::optional<std::uint64_t>(prod >> 32) : std::nullopt;
    };
    const std::uint64_t n_i = A.N, n_j = k.a == k.b ? A.N - 1 : B.N;
    const auto hi = from_half(w >> 32, n_i), lo = from_half(w & 0xffffffffu, n_j);
    std::size_t i = hi ? *hi : rng.below(n_i);
    std::size_t j = lo ? *lo : rng.below(n_j);
    if (k.a == k.b) j += j >= i;
    auto tau = [&](double r) { return k.h * k.K * r_gamma(r); };
    if (A.mass == B.mass) rotate_pair_heat(v, A.offset + i, B.offset + j, tau, rng);
    else rotate_pair_heat(v, A.offset + i, B.offset + j, tau, rng, MassFractions::of(A.mass, B.mass));
  }
  ASSERT_EQ(s1.counters.events, n);
  ASSERT_GT(n, 300000u);
  for (std::size_t i = 0; i < spec.N; ++i) {
    ASSERT_EQ(s1.v.get(i).x, v.get(i).x) << i;
    ASSERT_EQ(s1.v.get(i).y, v.get(i).y) << i;
    ASSERT_EQ(s1.v.get(i).z, v.get(i).z) << i;
  }
}

TEST(Plasma, MixtureMbcIsItsDefinitionBitForBit) {
  expect_mbc_is_its_definition(R"(
[model]
name = "mbc"
tau = 0.01
[[species]]
name = "e"
mass_me = 1
Z = -1
density = 1.2e28
T_eV = 100
N = 2400
[[species]]
name = "D"
mass_amu = 2.014
Z = 1
density = 6e27
T_eV = 80
N = 1200
[[species]]
name = "C"
mass_amu = 12
Z = 6
density = 1e27
T_eV = 60
N = 200
[plasma]
coulomb_log = { "e-e" = 10, "e-D" = 10, "e-C" = 10, "D-D" = 0, "D-C" = 10, "C-C" = 10 }
[run]
t_end = 1e-12
)", 5);  // D-D does not collide
  // One class of unequal masses (a beam on ions, no collisions within a species).
  expect_mbc_is_its_definition(R"(
[model]
name = "mbc"
[[species]]
name = "b"
mass_me = 1
Z = -1
density = 1e26
T_eV = 1
drift = [3e6, 0, 0]
N = 100
[[species]]
name = "i"
mass_me = 10
Z = 1
density = 1e28
T_eV = 10
N = 10000
[plasma]
coulomb_log = { "b-i" = 3, "b-b" = 0, "i-i" = 0 }
[run]
t_end = 1e-12
)", 1);
}

// One species through sbm, takizuka-abe or nanbu with species is the single-species model with dt = the
// model's step on the engine's scales: the coefficient of tau is 2 (N - 1) K / (N - 1) = 2 exactly
// (sbm's mixture pairing) or 2 K = 2 (Takizuka-Abe's pairing by species), one group of all N, same
// streams: bit for bit.
template <class Law>
void expect_one_species_is_the_model() {
  toml::table cfg = config_of(kOneSpecies);
  cfg["model"].as_table()->insert_or_assign("name", Law::kName);
  RunSpec spec = build_run_spec(cfg, "test.toml");
  ASSERT_EQ(spec.model->name(), Law::kName);
  const double dt = spec.model->parameters()["dt_seconds"].get<double>() / spec.plasma->t_ref;
  BinaryCollisionModel<Law> one(-3.0, dt);
  ReplicaState s1, s2;
  s1.v.resize(spec.N);
  spec.initial->fill(s1.v, {5, Stream::kInitial, 0});
  s2.v = s1.v;
  AdvanceContext ctx{0, 5, 1};
  spec.model->advance(s1, 0, 40 * dt, ctx);
  one.advance(s2, 0, 40 * dt, ctx);
  ASSERT_EQ(s1.counters.events, s2.counters.events);
  ASSERT_EQ(s1.counters.events, 40u * 1500u);
  for (std::size_t i = 0; i < spec.N; ++i) ASSERT_EQ(s1.v.get(i).x, s2.v.get(i).x) << Law::kName << " " << i;
}

// landau-diffusion likewise: c = 2 K / (N - 1) = 2 / (N - 1), every pair every step (Lie).
TEST(Plasma, OneSpeciesLandauDiffusionIsLandauDiffusionBitForBit) {
  toml::table cfg = config_of(kOneSpecies);
  cfg["model"].as_table()->insert_or_assign("name", "landau-diffusion");
  (*cfg["species"].as_array())[0].as_table()->insert_or_assign("N", 300);
  RunSpec spec = build_run_spec(cfg, "test.toml");
  ASSERT_EQ(spec.model->name(), "landau-diffusion");
  const double dt = spec.model->parameters()["dt_seconds"].get<double>() / spec.plasma->t_ref;
  LandauDiffusionModel one(-3.0, dt, Splitting::kLie);
  ReplicaState s1, s2;
  s1.v.resize(spec.N);
  spec.initial->fill(s1.v, {5, Stream::kInitial, 0});
  s2.v = s1.v;
  AdvanceContext ctx{0, 5, 1};
  spec.model->advance(s1, 0, 6 * dt, ctx);
  one.advance(s2, 0, 6 * dt, ctx);
  ASSERT_EQ(s1.counters.events, 6u * 300u * 299u / 2u);
  ASSERT_EQ(s1.counters.events, s2.counters.events);
  for (std::size_t i = 0; i < spec.N; ++i) ASSERT_EQ(s1.v.get(i).x, s2.v.get(i).x) << i;
}

TEST(Plasma, OneSpeciesPairingModelsAreTheModelsBitForBit) {
  expect_one_species_is_the_model<SbmLaw>();
  expect_one_species_is_the_model<TakizukaAbeLaw>();
  expect_one_species_is_the_model<NanbuLaw>();
}

// Takizuka & Abe's pairing, counted: a rule that records every pair's coefficient call. Within a group
// of 7 every particle collides once but the triple's three twice (half steps); between 11 and 4 every
// one of the 11 once and each of the 4 two or three times (11 = 2 * 4 + 3), every pair across the groups.
struct CountingPairs {
  std::vector<PairingGroup> list;
  mutable std::vector<int> meets;
  mutable std::vector<std::pair<std::size_t, std::size_t>> seen;
  bool equal_masses(std::size_t, std::size_t) const { return true; }
  double coefficient(std::size_t i, std::size_t j) const {
    ++meets[i], ++meets[j];
    seen.emplace_back(i, j);
    return 1.0;
  }
  MassFractions masses(std::size_t, std::size_t) const { return {}; }
  std::vector<PairingGroup> groups(std::size_t) const { return list; }
};

TEST(Plasma, TakizukaAbePairingMeetsEachPartnerGroupOnce) {
  CountingPairs rule{{{0, 7, 0, 0}, {7, 11, 18, 4}}, std::vector<int>(22, 0), {}};
  ReplicaState s;
  s.v.resize(22);
  CounterRng g({9, Stream::kTest, 0}, 0);
  for (std::size_t i = 0; i < 22; ++i) s.v.set(i, Vec3{g.normal(), g.normal(), g.normal()});
  AdvanceContext ctx{0, 9, 1};
  int twice = 0, thrice = 0;
  for (int step = 0; step < 50; ++step) {
    std::fill(rule.meets.begin(), rule.meets.end(), 0);
    rule.seen.clear();
    binary_pairing_advance(s, step, step + 1, 1.0, -3.0, ctx, SbmLaw::deflect, rule);
    ASSERT_EQ(rule.seen.size(), 3u + 2u + 11u);
    int triple = 0;
    for (std::size_t i = 0; i < 7; ++i) {
      ASSERT_TRUE(rule.meets[i] == 1 || rule.meets[i] == 2) << i;
      triple += rule.meets[i] == 2;
    }
    EXPECT_EQ(triple, 3);
    for (std::size_t k = 5; k < rule.seen.size(); ++k) {
      ASSERT_GE(rule.seen[k].first, 7u);
      ASSERT_LT(rule.seen[k].first, 18u);
      ASSERT_GE(rule.seen[k].second, 18u);
    }
    for (std::size_t i = 7; i < 18; ++i) ASSERT_EQ(rule.meets[i], 1) << i;
    for (std::size_t i = 18; i < 22; ++i) {
      ASSERT_TRUE(rule.meets[i] == 2 || rule.meets[i] == 3) << i;
      twice += rule.meets[i] == 2, thrice += rule.meets[i] == 3;
    }
  }
  EXPECT_EQ(twice, 50);  // one of the four meets two each step, three meet three
  EXPECT_EQ(thrice, 150);
  EXPECT_EQ(s.counters.events, 50u * 16u);
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
