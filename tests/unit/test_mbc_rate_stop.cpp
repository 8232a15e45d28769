// mbc-rate stops inside an output interval when AdvanceContext::stop is raised, and advance() over the
// same interval then continues it exactly: velocities and counters bit for bit those of one
// uninterrupted advance. The stop flag is raised before the call, so the model stops at its first poll
// (after the first N candidates of the thinning, after the first 4096 draws of the sum tree): a point
// the program reaches, with no timers. Both branches: thinning (gamma >= 0) and sum tree (gamma < 0).
// Also: a clock too fast to reach the output time (gamma = +-300) is a runtime error, not a hang.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <string>

#include "grazing/rng.hpp"
#include "models/mbc_rate.hpp"

using namespace grazing;

namespace {

ReplicaState gaussian_state(std::size_t N, std::uint64_t seed) {
  ReplicaState s;
  s.replica = 3;
  s.v.resize(N);
  for (std::size_t i = 0; i < N; ++i) {
    CounterRng rng({seed, Stream::kTest, 0}, i);
    s.v.set(i, {rng.normal(), rng.normal(), rng.normal()});
  }
  return s;
}

void expect_same_bits(const ReplicaState& a, const ReplicaState& b, const std::string& what) {
  ASSERT_EQ(a.v.size(), b.v.size());
  EXPECT_EQ(std::memcmp(a.v.data(), b.v.data(), 3 * a.v.size() * sizeof(double)), 0) << what << ": velocities differ";
  EXPECT_EQ(a.counters.candidates, b.counters.candidates) << what;
  EXPECT_EQ(a.counters.events, b.counters.events) << what;
  EXPECT_EQ(a.counters.coincident, b.counters.coincident) << what;
  EXPECT_EQ(a.interval_done, b.interval_done) << what;
  EXPECT_FALSE(b.interrupted) << what;
}

// Interval [t0, t1], then [t1, t2]: uninterrupted, against (a) stopped once and continued without a
// stop, and (b) stopped at every poll until the interval is done. Returns the stops of (b).
int check_stop_and_continue(double gamma, std::size_t N, double h, double t0, double t1, double t2) {
  const MbcRateModel model(gamma, h);
  const ReplicaState start = gaussian_state(N, 42);
  AdvanceContext go{0, 2026, 1};
  std::atomic<bool> raised{true};
  AdvanceContext stop = go;
  stop.stop = &raised;

  ReplicaState ref = start;
  model.advance(ref, t0, t1, go);
  EXPECT_FALSE(ref.interrupted);

  // (a) One stop, then the rest of the interval in one call.
  ReplicaState a = start;
  model.advance(a, t0, t1, stop);
  EXPECT_TRUE(a.interrupted) << "gamma " << gamma << ": did not stop";
  if (!a.interrupted) return 0;
  EXPECT_GT(a.interval_done, 0u);
  EXPECT_LT(a.counters.candidates, ref.counters.candidates);
  EXPECT_GT(a.interval_time, t0);
  EXPECT_LT(a.interval_time, t1);
  model.advance(a, t0, t1, go);
  expect_same_bits(ref, a, "stopped once, gamma " + std::to_string(gamma));

  // (b) Stopped at every poll.
  ReplicaState b = start;
  int stops = 0;
  for (b.interrupted = true; b.interrupted && stops < 100000;) {
    model.advance(b, t0, t1, stop);
    stops += b.interrupted;
  }
  expect_same_bits(ref, b, "stopped " + std::to_string(stops) + " times, gamma " + std::to_string(gamma));

  // The next interval, uninterrupted, from the continued states.
  go.interval = 1;
  model.advance(ref, t1, t2, go);
  model.advance(a, t1, t2, go);
  model.advance(b, t1, t2, go);
  expect_same_bits(ref, a, "next interval after (a)");
  expect_same_bits(ref, b, "next interval after (b)");
  return stops;
}

}  // namespace

TEST(MbcRateStop, ThinningContinuesExactly) {
  // N = 7: a poll every 7 candidates; about N (2M)^gamma / h ~ 4e3 (gamma = 1) candidates per unit time.
  for (double gamma : {0.0, 1.0, 2.5}) {
    const int stops = check_stop_and_continue(gamma, 7, 0.01, 0.0, 0.5, 0.7);
    EXPECT_GT(stops, 10) << "gamma " << gamma;
  }
}

TEST(MbcRateStop, SumTreeContinuesExactly) {
  // N = 30: 435 pairs, a poll every 4096 draws, some 3e3 (gamma = -1) draws per unit time.
  for (double gamma : {-1.0, -3.0}) {
    const int stops = check_stop_and_continue(gamma, 30, 0.01, 0.0, 8.0, 9.0);
    EXPECT_GE(stops, 2) << "gamma " << gamma;
  }
}

TEST(MbcRateStop, ReportsTheTimeReached) {
  for (double gamma : {1.0, -1.0}) {
    const MbcRateModel model(gamma, 0.01);
    ReplicaState s = gaussian_state(gamma > 0 ? 7 : 30, 5);
    std::atomic<double> reached{-1.0};
    s.progress_time = &reached;
    std::atomic<bool> raised{true};
    AdvanceContext ctx{0, 1, 1};
    ctx.stop = &raised;
    model.advance(s, 0.0, 8.0, ctx);
    ASSERT_TRUE(s.interrupted);
    EXPECT_EQ(reached.load(), s.interval_time);
    raised = false;
    model.advance(s, 0.0, 8.0, ctx);
    EXPECT_FALSE(s.interrupted);
    EXPECT_EQ(reached.load(), 8.0);
  }
}

TEST(MbcRateStop, ClockTooFastIsARuntimeError) {
  // gamma = +300: the thinning bound N (2M)^300 / h ~ 1e2xx per unit time; gamma = -300: the pair rates
  // r^-300. Either would need far more than 1e13 draws per interval (before the check: a loop that never
  // reached t1).
  for (double gamma : {300.0, -300.0}) {
    const MbcRateModel model(gamma, 0.01);
    ReplicaState s = gaussian_state(7, 9);
    AdvanceContext ctx{0, 1, 1};
    try {
      model.advance(s, 0.0, 0.1, ctx);
      ADD_FAILURE() << "gamma " << gamma << ": no error";
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      EXPECT_TRUE(what.find("too extreme") != std::string::npos || what.find("overflowed") != std::string::npos)
          << what;
    }
  }
}

TEST(MbcRateStop, RefusesToContinueFromATimeOutsideTheInterval) {
  // A state that says it stopped inside [1, 2] (interval_done > 0) at a time outside it, as a checkpoint
  // that does not hold the time reached would give (interval_time = 0): an error, not a wrong run.
  for (double gamma : {1.0, -1.0}) {
    const MbcRateModel model(gamma, 0.01);
    ReplicaState s = gaussian_state(7, 5);
    s.counters.candidates = 100;
    s.interval_done = 100;
    s.interval_time = 0.0;
    AdvanceContext ctx{1, 1, 1};
    EXPECT_THROW(model.advance(s, 1.0, 2.0, ctx), std::runtime_error) << "gamma " << gamma;
  }
}
