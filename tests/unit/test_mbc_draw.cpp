// MBC's events drawn ahead (src/models/mbc_events.hpp) carry the event's own pair, also when the
// stream's first word does not give it: the exact parallel schedule builds its dependency levels from
// the drawn pairs, so a drawn pair that is not the event's would let two events on one particle run out
// of their serial order (found by cli.resume: a one-replica, two-thread run differed from one thread).
#include <gtest/gtest.h>

#include <algorithm>

#include "models/mbc_events.hpp"

using namespace grazing;

// 2e6 events at N = 1e5: each half of word 0 is rejected with probability (2^32 mod n)/2^32 ~ 1.6e-5,
// so about 60 events draw their pair from further words (Poisson: fewer than 10 has probability < 1e-15).
TEST(MbcDraw, DrawnPairIsTheEventsPair) {
  const std::size_t N = 100000;
  ParticleStore v(N);
  const RngKey key{21, Stream::kMbcEvent, 2};
  const MbcEvents events(v, key, 1e-3, -3.0);
  std::uint64_t from_stream = 0;
  for (std::uint64_t e = 0; e < 2000000; ++e) {
    DrawnEvent d;
    events.draw(e, d);
    CounterRng rng(key, e);
    std::size_t i, j;
    mbc_pair(rng, N, i, j);
    ASSERT_EQ(d.i, i) << "event " << e;
    ASSERT_EQ(d.j, j) << "event " << e;
    from_stream += !d.ok;
  }
  EXPECT_GT(from_stream, 10u);
}

// four_disjoint (drawn_ahead.hpp), which compares the lanes in vectors, against the definition: the
// eight indices are distinct. From 2000 sets of eight distinct indices in random slots, each with every
// coincidence of two slots of different lanes made in turn (a pair's own two always differ); also with
// a lane not drawn from its words and with fewer than four lanes.
TEST(MbcDraw, FourDisjointIsEightDistinctParticles) {
  struct Drawn {
    std::size_t i, j;
    bool ok;
  };
  auto distinct = [](const std::size_t (&x)[8]) {
    for (int a = 0; a < 8; ++a)
      for (int b = a + 1; b < 8; ++b)
        if (x[a] == x[b]) return false;
    return true;
  };
  auto check = [&](const std::size_t (&x)[8]) {
    Drawn e[4];
    for (int l = 0; l < 4; ++l) e[l] = {x[2 * l], x[2 * l + 1], true};
    const Drawn* const d[4] = {&e[0], &e[1], &e[2], &e[3]};
    const bool together = four_disjoint(d, 4);
    EXPECT_EQ(together, distinct(x));
    EXPECT_FALSE(four_disjoint(d, 3));
    for (int l = 0; l < 4; ++l) {
      e[l].ok = false;
      EXPECT_FALSE(four_disjoint(d, 4));
      e[l].ok = true;
    }
    return together;
  };
  CounterRng g({5, Stream::kTest, 0}, 0);
  std::uint64_t together = 0, apart = 0;
  for (int set = 0; set < 2000; ++set) {
    std::size_t x[8];
    for (int a = 0; a < 8; ++a) {
      do x[a] = g.below(set < 1000 ? 12 : 100000);
      while (std::find(x, x + a, x[a]) != x + a);
    }
    together += check(x);
    for (int a = 0; a < 8; ++a)
      for (int b = 0; b < 8; ++b) {
        if (a / 2 == b / 2) continue;  // the same lane
        std::size_t y[8];
        std::copy(x, x + 8, y);
        y[b] = y[a];
        apart += !check(y);
      }
  }
  EXPECT_EQ(together, 2000u);
  EXPECT_EQ(apart, 2000u * 48u);
}

// The serial loop (run_serial: a ring of events drawn ahead, four run together where they commute, the
// next four drawn inside each rotation of four) against the definition: each event run alone from its
// own stream (run_alone), in order. N = 6 makes most groups of four share a particle (one at a time),
// N = 1000 almost none; h = 0.5 sends many lanes to the scalar fallback (tau beyond the vector path);
// the counts of events n include ones below the ring's 16 and ones not a multiple of four.
TEST(MbcDraw, SerialLoopIsEveryEventAlone) {
  for (const std::size_t N : {6u, 1000u}) {
    for (const double h : {1e-3, 0.5}) {
      ParticleStore start(N);
      CounterRng g({6, Stream::kTest, static_cast<std::uint32_t>(N)}, 0);
      for (std::size_t p = 0; p < N; ++p) start.set(p, {g.normal(), g.normal(), g.normal()});
      const RngKey key{22, Stream::kMbcEvent, 0};
      for (const std::uint64_t n : {1u, 3u, 7u, 17u, 4003u}) {
        ParticleStore a = start, b = start;
        const MbcEvents serial(a, key, h, -3.0), alone(b, key, h, -3.0);
        RotationCounts ca, cb;
        serial.run_serial(100, n, ca);
        for (std::uint64_t e = 100; e < 100 + n; ++e) alone.run_alone(e, cb);
        EXPECT_TRUE(a == b) << "N = " << N << ", h = " << h << ", n = " << n;
        EXPECT_EQ(ca.uniform, cb.uniform);
        EXPECT_EQ(ca.coincident, cb.coincident);
      }
    }
  }
}
