// MBC's events drawn ahead (src/models/mbc_events.hpp) carry the event's own pair, also when the
// stream's first word does not give it: the exact parallel schedule builds its dependency levels from
// the drawn pairs, so a drawn pair that is not the event's would let two events on one particle run out
// of their serial order (found by cli.resume: a one-replica, two-thread run differed from one thread).
#include <gtest/gtest.h>

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
