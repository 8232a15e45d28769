// Counter-based randomness (ARCHITECTURE.md, section "Randomness"): Philox4x64-10 from Random123.
//
// key     = (user seed, stream id << 32 | replica)
// counter = (c0, c1, block, 0): c0 = event / step / interval / particle index of the consumer,
//           c1 = particle or pair index where a consumer needs one, block = draw block (4 x 64 bits).
// A consumer constructs a CounterRng for exactly the (key, c0, c1) it owns and draws as many numbers
// as it needs; nothing depends on which thread runs it or in which order, so results are
// bit-identical for any thread count and a restart needs no saved generator state.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string_view>

#include "grazing/philox.hpp"
#include "grazing/ziggurat.hpp"

namespace grazing {

// Every consumer of randomness has its own stream id. Never renumber: ids are part of the
// reproducibility contract (same seed => same output across versions that keep the model).
// Each enumerator is listed once in kStreams below (tests/unit/test_stream_table.cpp checks it), from
// which `grazing list --markdown streams` writes the table of ARCHITECTURE.md.
enum class Stream : std::uint32_t {
  kInitial = 1,        // initial distributions: c0 = particle index
  kExactMoments = 2,   // reserved
  kMbcPoisson = 10,    // MBC: Poisson event count, c0 = output interval index
  kMbcEvent = 11,      // MBC: one event, c0 = cumulative event index within the replica
  kPairSweep = 20,     // pair splitting: sweep order of one step, c0 = step index
  kPairRotation = 21,  // pair splitting: one pair rotation, c0 = 2 step + half, c1 = i N + j (i < j)
  kBinaryPairing = 22,   // binary collisions (takizuka-abe, nanbu, sbm): the pairing of one step, c0 = step index
  kBinaryCollision = 23, // binary collisions: one pair's deflection, c0 = step index, c1 = slot of the pair
  kSdeNoise = 30,      // Euler-Maruyama noise, c0 = step index, c1 = pair (i N + j) or particle index
  kMbcRateClock = 40,  // mbc-rate: one draw of the clock (candidate), c0 = cumulative draw index
  kReference = 50,     // study: i.i.d. reference draws (key replica), c0 = output index, c1 = 2 particle + sample
  kDiagnostics = 51,   // study: estimators (key replica), c0 = 2 output index (+1 for pairs), c1 = direction or pair
  kPyBkwSample = 60,     // Python grazing.references.Bkw.sample (key replica 0): c0 = draw index
  kPyOuSample = 61,      // Python grazing.references.ou_sample (key replica 0): c0 = index of the point of v0
  kPyRadialSample = 62,  // Python grazing.references.RadialSolver.sample (key replica 0): c0 = draw index
  kPySlicedW2 = 63,      // Python grazing.diagnostics.sliced_w2 (key replica 0): c0 = 0, c1 = direction index
  kPyPairStatistic = 64, // Python grazing.diagnostics.pair_statistic (key replica 0): c0 = 0, c1 = pair draw
  kTest = 1000,        // tests and benchmarks only
};

// One row of the stream table: the id, its enumerator's name, the consumer and what its counters are.
struct StreamInfo {
  Stream id;
  std::string_view name;
  std::string_view consumer;
  std::string_view c0;
  std::string_view c1;
};

inline constexpr std::array kStreams = {
    StreamInfo{Stream::kInitial, "kInitial", "initial draws (`InitialLaw::fill`)", "particle index", "0"},
    StreamInfo{Stream::kExactMoments, "kExactMoments", "reserved, unused", "", ""},
    StreamInfo{Stream::kMbcPoisson, "kMbcPoisson", "`mbc`: number of events in one output interval", "output interval index", "0"},
    StreamInfo{Stream::kMbcEvent, "kMbcEvent", "`mbc`: one event (pair choice from word 0, rotation from word 1 on)", "cumulative event index within the replica", "0"},
    StreamInfo{Stream::kPairSweep, "kPairSweep", "pair splitting: the sweep order of one step (relabelling, round order)", "cumulative step index", "0"},
    StreamInfo{Stream::kPairRotation, "kPairRotation", "pair splitting: one pair rotation", "2 step, or 2 step + 1 for Strang's backward half", "i N + j (i < j)"},
    StreamInfo{Stream::kBinaryPairing, "kBinaryPairing", "`takizuka-abe`, `nanbu`, `sbm`: the random pairing of one step", "cumulative step index", "0"},
    StreamInfo{Stream::kBinaryCollision, "kBinaryCollision", "`takizuka-abe`, `nanbu`, `sbm`: one pair's deflection", "cumulative step index", "slot of the pair in the pairing"},
    StreamInfo{Stream::kSdeNoise, "kSdeNoise", "Euler-Maruyama noise", "cumulative step index",
               "min(i,j) N + max(i,j) (antisymmetric pair noise), i N + j (independent pair noise), i (particle noise)"},
    StreamInfo{Stream::kMbcRateClock, "kMbcRateClock", "`mbc-rate`: one clock draw (waiting time, pair, acceptance, rotation)", "cumulative draw index (`counters.candidates`)", "0"},
    StreamInfo{Stream::kReference, "kReference", "`grazing study`: i.i.d. draws of the reference f_t for particle i (key replica = run replica)", "output index", "2i (sample A), 2i + 1 (sample B)"},
    StreamInfo{Stream::kDiagnostics, "kDiagnostics", "`grazing study`: sliced-W2 directions and random pairs of S_-2 (key replica = run replica)", "2 output index (directions), 2 output index + 1 (pairs)", "direction or pair draw"},
    StreamInfo{Stream::kPyBkwSample, "kPyBkwSample", "Python `references.Bkw.sample` (key replica 0)", "draw index", "0"},
    StreamInfo{Stream::kPyOuSample, "kPyOuSample", "Python `references.ou_sample` (key replica 0)", "index of the point of v0", "0"},
    StreamInfo{Stream::kPyRadialSample, "kPyRadialSample", "Python `references.RadialSolver.sample` (key replica 0)", "draw index", "0"},
    StreamInfo{Stream::kPySlicedW2, "kPySlicedW2", "Python `diagnostics.sliced_w2` (key replica 0)", "0", "direction index"},
    StreamInfo{Stream::kPyPairStatistic, "kPyPairStatistic", "Python `diagnostics.pair_statistic` (key replica 0)", "0", "pair draw"},
    StreamInfo{Stream::kTest, "kTest", "tests and benchmarks only", "", ""},
};

// No id and no name twice, ids in increasing order.
constexpr bool stream_table_is_consistent() {
  for (std::size_t i = 0; i < kStreams.size(); ++i)
    for (std::size_t j = i + 1; j < kStreams.size(); ++j)
      if (!(kStreams[i].id < kStreams[j].id) || kStreams[i].name == kStreams[j].name) return false;
  return true;
}
static_assert(stream_table_is_consistent(), "kStreams: an id or a name twice, or ids out of order");

struct RngKey {
  std::uint64_t seed = 0;
  Stream stream = Stream::kTest;
  std::uint32_t replica = 0;
};

class CounterRng {
 public:
  using Philox = r123::Philox4x64;
  __extension__ using u128 = unsigned __int128;

  CounterRng(RngKey key, std::uint64_t c0, std::uint64_t c1 = 0) : key_(philox_key(key)), ctr_{{c0, c1, 0, 0}} {}

  // The stream (key, c0, c1) positioned at word `pos` (0-4) of its first block, given that block's four
  // words block[0..3] (computed elsewhere, e.g. by philox_blocks): the state CounterRng(key, c0, c1)
  // reaches after reading `pos` words, without computing the block again. The caller vouches that
  // `block` is the stream's first block (test RngLayout.ResumedStreamIsTheStream).
  static CounterRng resumed(RngKey key, std::uint64_t c0, std::uint64_t c1, const std::uint64_t* block, int pos) {
    CounterRng rng(key, c0, c1);
    rng.buf_ = {{block[0], block[1], block[2], block[3]}};
    rng.ctr_.v[2] = 1;
    rng.pos_ = pos;
    return rng;
  }

  // The Philox key of a stream.
  static Philox::key_type philox_key(RngKey key) {
    return {{key.seed, (static_cast<std::uint64_t>(key.stream) << 32) | key.replica}};
  }

  // below(n) of word w when it needs no second word (true), else false (probability < n / 2^64).
  static bool below_from_word(std::uint64_t w, std::uint64_t n, std::uint64_t& out) {
    const u128 m = static_cast<u128>(w) * n;
    out = static_cast<std::uint64_t>(m >> 64);
    return static_cast<std::uint64_t>(m) >= n;
  }

  // 64 uniformly random bits.
  std::uint64_t bits() {
    if (pos_ == 4) refill();
    return buf_.v[pos_++];
  }

  // Uniform on the open interval (0, 1): (k + 1/2) 2^-53, k uniform in [0, 2^53).
  double uniform() { return uniform_from_word(bits()); }

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

  // Two unbiased bounded integers a in [0, n) and b in [0, m) (the pair of an MBC event) from one word
  // when n, m < 2^32: a from its high half and b from its low half, each by the 32-bit multiply-shift
  // with rejection; a half rejected (probability < n / 2^32) is redrawn by below() from the next words,
  // a's before b's. For n or m >= 2^32, below(n) then below(m). The layout of issue 18 (ARCHITECTURE.md,
  // "Randomness"): one word for the pair instead of two.
  void below2(std::uint64_t n, std::uint64_t m, std::uint64_t& a, std::uint64_t& b) {
    if (n > kHalfMax || m > kHalfMax) {
      a = below(n);
      b = below(m);
      return;
    }
    const std::uint64_t w = bits();
    if (!below_from_half(static_cast<std::uint32_t>(w >> 32), n, a)) a = below(n);
    if (!below_from_half(static_cast<std::uint32_t>(w), m, b)) b = below(m);
  }

  // below2(n, m) of word w when that word alone gives it (true), else false.
  static bool below2_from_word(std::uint64_t w, std::uint64_t n, std::uint64_t m, std::uint64_t& a, std::uint64_t& b) {
    if (n > kHalfMax || m > kHalfMax) {
      a = b = 0;
      return false;
    }
    return below_from_half(static_cast<std::uint32_t>(w >> 32), n, a) & below_from_half(static_cast<std::uint32_t>(w), m, b);
  }

  // The 32-bit multiply-shift of x for n <= 2^32 - 1: out = floor(x n / 2^32), accepted (true) unless
  // the low half of x n falls below 2^32 mod n (then the result would be biased: rejected).
  static bool below_from_half(std::uint32_t x, std::uint64_t n, std::uint64_t& out) {
    const std::uint64_t p = static_cast<std::uint64_t>(x) * n;
    out = p >> 32;
    const auto low = static_cast<std::uint32_t>(p);
    if (low >= n) [[likely]] return true;
    const auto threshold = static_cast<std::uint32_t>((std::uint64_t{1} << 32) % n);  // 2^32 mod n
    return low >= threshold;
  }

  // Standard normal by the ziggurat method (exact rejection sampling; include/grazing/ziggurat.hpp).
  // One 64-bit word per draw in ~99 % of cases: bits 0-7 the layer, bit 8 the sign, bits 11-63 the
  // uniform position in the layer. The rare rest (tail and overhangs) is out of line.
  double normal() {
    const std::uint64_t w = bits();
    double x;
    if (normal_from_word(w, x)) [[likely]] return x;
    return normal_rejected(w, nullptr);
  }

  // normal(), and in `spare` the two bits the ziggurat leaves unused (bits 9 and 10) of the word that
  // decided it: uniform on {0, 1, 2, 3} and independent of the normal and of every other draw (which
  // word decides depends on that word's other bits and on later words only). The heat kernel's SO(3)
  // branch takes the first six bits of its acceptance uniform from its three normals' spare bits.
  double normal(unsigned& spare) {
    const std::uint64_t w = bits();
    double x;
    spare = spare_bits(w);
    if (normal_from_word(w, x)) [[likely]] return x;
    return normal_rejected(w, &spare);
  }

  // Bits 9 and 10 of a ziggurat word, which the normal does not read.
  static constexpr int kSpareBitsAt = 9;
  static unsigned spare_bits(std::uint64_t w) { return static_cast<unsigned>(w >> kSpareBitsAt) & 3u; }

  // The ziggurat's common case on its own: the normal of word w when w lands in its layer's core
  // rectangle (true), else false and normal() continues with normal_rejected. The batched pair
  // rotation (rotate_pairs_x4.hpp) reads words with peek() and converts them with this.
  static bool normal_from_word(std::uint64_t w, double& out) {
    const int i = static_cast<int>(w & 0xff);
    const double x = (static_cast<double>(w >> 11) * 0x1p-53) * kZigguratTables.x[i];
    // -x when bit 8 is set, by flipping the sign bit (x >= 0): a branch on a random bit would be
    // mispredicted half the time.
    out = std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) ^ ((w & 0x100) << 55));
    return x < kZigguratTables.x[i + 1];
  }

  // uniform() of word w.
  static double uniform_from_word(std::uint64_t w) { return (static_cast<double>(w >> 11) + 0.5) * 0x1p-53; }

  // The next four words bits() would return, without consuming them (the generator is unchanged).
  void peek4(std::uint64_t (&w)[4]) const {
    int k = 0;
    for (int p = pos_; p < 4; ++p) w[k++] = buf_.v[p];
    if (k < 4) {
      const Philox::ctr_type next = philox4x64_10(ctr_, key_);
      for (int p = 0; k < 4; ++p) w[k++] = next.v[p];
    }
  }

 private:
  // The rest of normal() after its first word w fell outside its layer's core rectangle: the same
  // algorithm, continued (the tail when the layer is 0, the overhang test otherwise, then new words).
  [[gnu::noinline]] double normal_rejected(std::uint64_t w, unsigned* spare) {
    const ZigguratTables& z = kZigguratTables;
    for (;; w = bits()) {
      if (spare) *spare = spare_bits(w);
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
    }
  }


  static constexpr std::uint64_t kHalfMax = 0xffffffffull;  // the largest n below2 draws from a half word

  void refill() {
    buf_ = philox4x64_10(ctr_, key_);
    ++ctr_.v[2];
    pos_ = 0;
  }

  Philox::key_type key_;
  Philox::ctr_type ctr_;
  Philox::ctr_type buf_{};
  int pos_ = 4;
};

}  // namespace grazing
