// Model "mbc": Du's microcanonical binary-collision process (Du sections 1-2; docs/physics/mbc.md#the-process, docs/physics/mbc.md#simulation-choices).
#pragma once
#include "grazing/model.hpp"
#include "grazing/rng.hpp"

namespace grazing {

class MbcModel final : public Model {
 public:
  MbcModel(double gamma, double h) : gamma_(gamma), h_(h) {}
  std::string name() const override { return "mbc"; }
  double landau_C() const override { return 0.5; }  // converges to Du (1.1): C = 1/2
  nlohmann::json parameters() const override;
  double expected_events(std::size_t N, double duration) const override {
    return static_cast<double>(N) * duration / h_;
  }
  void advance(ReplicaState& state, double t0, double t1, const AdvanceContext& ctx) const override;
  bool distributes_particles() const override { return true; }

  double gamma() const override { return gamma_; }
  double step() const override { return h_; }
  double h() const { return h_; }

  static ModelInfo info();

 private:
  // advance() when the replica's particles are spread over processes (mbc_distributed.cpp).
  void advance_distributed(ReplicaState& state, double t0, double t1, const AdvanceContext& ctx) const;
  double gamma_, h_;
};

// The pair of an MBC event: an unordered pair uniform among N(N-1)/2 (docs/physics/mbc.md#simulation-choices), i uniform, j
// uniform among the others, from the event's own stream (so it can be drawn ahead of the event): both
// from its first word (CounterRng::below2), then the rotation from the next words.
inline void mbc_pair(CounterRng& rng, std::size_t N, std::size_t& i, std::size_t& j) {
  std::uint64_t a, b;
  rng.below2(N, N - 1, a, b);
  i = a;
  j = b + (b >= a);
}

// The same pair from the stream's first word w when it suffices (true); false when a bounded integer
// would need another word (probability < 2N / 2^32), and then only mbc_pair gives it.
inline bool mbc_pair_from_word(std::uint64_t w, std::size_t N, std::size_t& i, std::size_t& j) {
  std::uint64_t a, b;
  const bool ok = CounterRng::below2_from_word(w, N, N - 1, a, b);
  i = a;
  j = b + (b >= a);
  return ok;
}

// model.h of the MBC family: h > 0, default min(0.01, 1/N) (docs/physics/mbc.md#simulation-choices).
double read_mbc_h(const Section& sec, std::size_t N);

}  // namespace grazing
