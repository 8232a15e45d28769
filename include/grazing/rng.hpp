// Counter-based randomness (DESIGN.md "Randomness"): Philox4x64-10 from Random123.
//
// key     = (user seed, stream id << 32 | replica)
// counter = (c0, c1, block, 0): c0 = event / step / interval / particle index of the consumer,
//           c1 = particle or pair index where a consumer needs one, block = draw block (4 x 64 bits).
// A consumer constructs a CounterRng for exactly the (key, c0, c1) it owns and draws as many numbers
// as it needs; nothing depends on which thread runs it or in which order, so results are
// bit-identical for any thread count and a restart needs no saved generator state.
#pragma once
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>

#include "grazing/ziggurat.hpp"

namespace grazing {

// Every consumer of randomness has its own stream id. Never renumber: ids are part of the
// reproducibility contract (same seed => same output across versions that keep the model).
enum class Stream : std::uint32_t {
  kInitial = 1,        // initial distributions: c0 = particle index
  kExactMoments = 2,   // reserved
  kMbcPoisson = 10,    // MBC: Poisson event count, c0 = output interval index
  kMbcEvent = 11,      // MBC: one event, c0 = cumulative event index within the replica
  kPairSweep = 20,     // pair splitting: sweep order of one step, c0 = step index
  kPairRotation = 21,  // pair splitting: one pair rotation, c0 = 2 step + half, c1 = i N + j (i < j)
  kBinaryPairing = 22,   // binary collisions (takizuka-abe, nanbu): the pairing of one step, c0 = step index
  kBinaryCollision = 23, // binary collisions: one pair's deflection, c0 = step index, c1 = slot of the pair
  kSdeNoise = 30,      // Euler-Maruyama noise, c0 = step index, c1 = pair (i N + j) or particle index
  kMbcRateClock = 40,  // mbc-rate: one draw of the clock (candidate), c0 = cumulative draw index
  kReference = 50,     // study: i.i.d. reference draws (key replica), c0 = output index, c1 = 2 particle + sample
  kDiagnostics = 51,   // study: estimators (key replica), c0 = 2 output index (+1 for pairs), c1 = direction or pair
  kTest = 1000,        // tests and benchmarks only
};

struct RngKey {
  std::uint64_t seed = 0;
  Stream stream = Stream::kTest;
  std::uint32_t replica = 0;
};

class CounterRng {
 public:
  using Philox = r123::Philox4x64;
  __extension__ using u128 = unsigned __int128;

  CounterRng(RngKey key, std::uint64_t c0, std::uint64_t c1 = 0)
      : key_{{key.seed, (static_cast<std::uint64_t>(key.stream) << 32) | key.replica}},
        ctr_{{c0, c1, 0, 0}} {}

  // 64 uniformly random bits.
  std::uint64_t bits() {
    if (pos_ == 4) refill();
    return buf_.v[pos_++];
  }

  // Uniform on the open interval (0, 1): (k + 1/2) 2^-53, k uniform in [0, 2^53).
  double uniform() { return (static_cast<double>(bits() >> 11) + 0.5) * 0x1p-53; }

  // Uniform integer in [0, n), n >= 1, exactly unbiased (multiply-shift with rejection).
  std::uint64_t below(std::uint64_t n) {
    u128 m = static_cast<u128>(bits()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
      while (low < threshold) {
        m = static_cast<u128>(bits()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  // Standard normal by the ziggurat method (exact rejection sampling; include/grazing/ziggurat.hpp).
  // One 64-bit word per draw in ~99 % of cases: bits 0-7 the layer, bit 8 the sign, bits 11-63 the
  // uniform position in the layer. The rare rest (tail and overhangs) is out of line.
  double normal() {
    const std::uint64_t w = bits();
    const int i = static_cast<int>(w & 0xff);
    const double x = (static_cast<double>(w >> 11) * 0x1p-53) * kZigguratTables.x[i];
    if (x < kZigguratTables.x[i + 1]) [[likely]] return (w & 0x100) ? -x : x;
    return normal_rejected(w);
  }

 private:
  // The rest of normal() after its first word w fell outside its layer's core rectangle: the same
  // algorithm, continued (the tail when the layer is 0, the overhang test otherwise, then new words).
  [[gnu::noinline]] double normal_rejected(std::uint64_t w) {
    const ZigguratTables& z = kZigguratTables;
    for (;;) {
      const int i = static_cast<int>(w & 0xff);
      const double sign = (w & 0x100) ? -1.0 : 1.0;
      const double x = (static_cast<double>(w >> 11) * 0x1p-53) * z.x[i];
      if (x < z.x[i + 1]) return sign * x;
      if (i == 0) {  // the tail x > r
        for (;;) {
          const double a = -std::log(uniform()) / ZigguratTables::kR;  // Marsaglia's exact tail method
          const double b = -std::log(uniform());
          if (b + b > a * a) return sign * (ZigguratTables::kR + a);
        }
      }
      if (z.f[i] + uniform() * (z.f[i + 1] - z.f[i]) < std::exp(-0.5 * x * x)) return sign * x;
      w = bits();
    }
  }


  void refill() {
    buf_ = Philox()(ctr_, key_);
    ++ctr_.v[2];
    pos_ = 0;
  }

  Philox::key_type key_;
  Philox::ctr_type ctr_;
  Philox::ctr_type buf_{};
  int pos_ = 4;
};

}  // namespace grazing
