// Model "mbc-rate": Du Remark 1.2's variant of MBC with a velocity-dependent collision rate
// (docs/physics/mbc.md#the-rate-variant): pair (i, j) collides at Poisson rate rho_ij = 2 r_ij^gamma / ((N-1) h) (the rate that
// matches MBC's small-h generator, derived in docs/physics/mbc.md#the-rate-variant), and the new direction is drawn from the
// heat kernel at the fixed time h. Exact in law:
//   gamma >= 0: thinning of a Poisson clock of rate N (2M)^gamma / h, M >= max_k |v_k - P| kept as an
//               adapted bound (raised after each collision, tightened every N candidates), accepting a
//               uniform pair with probability (r_ij / 2M)^gamma;
//   gamma < 0:  the direct (Gillespie) method over all N(N-1)/2 pair rates held in a sum tree; after
//               an event on (i, j) the 2(N-2) rates of the pairs touching i or j are updated
//               (r_ij itself is unchanged). Memory 16-32 bytes per pair (a power-of-2 tree), checked
//               against the machine's memory with the run's input; O(N log N) per event.
// Randomness: draw k of the clock (the waiting time, the pair, acceptance and the rotation) uses
// stream kMbcRateClock with counter k; a draw that overshoots the interval's end is discarded and
// the next interval starts afresh (memorylessness), with a new counter.
// A pair with v_i = v_j exactly has rate 0 (its collisions would do nothing). Converges to Du (1.1)
// only as h -> 0 ("in principle", Du Remark 1.2); C = 1/2.
#pragma once
#include "grazing/model.hpp"

namespace grazing {

class MbcRateModel final : public Model {
 public:
  MbcRateModel(double gamma, double h) : gamma_(gamma), h_(h) {}
  double gamma() const override { return gamma_; }
  double step() const override { return h_; }
  std::string name() const override { return "mbc-rate"; }
  double landau_C() const override { return 0.5; }
  nlohmann::json parameters() const override { return {{"gamma", gamma_}, {"h", h_}, {"method", gamma_ >= 0 ? "thinning" : "sum-tree"}}; }
  // Unknown in advance for gamma != 0 (it depends on the pair distances): -1.
  double expected_events(std::size_t N, double duration) const override {
    return gamma_ == 0.0 ? static_cast<double>(N) * duration / h_ : -1.0;
  }
  void advance(ReplicaState& state, double t0, double t1, const AdvanceContext& ctx) const override;
  // gamma < 0: the sum tree, 2 x (next power of 2 >= N(N-1)/2) doubles.
  double memory_per_replica(std::size_t N) const override;
  static ModelInfo info();

 private:
  void advance_thinning(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const;
  void advance_tree(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const;
  double gamma_, h_;
};

}  // namespace grazing
