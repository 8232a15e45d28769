// Models of Tabary's regularised drift-diffusion system (Tabary (3); docs/physics/tabary.md#the-system, docs/physics/tabary.md#non-conservative-variants):
//   tabary              Tabary (3), antisymmetric pair noise B_ji = -B_ij; scheme pair-splitting
//                       (exactly conservative, default) or euler-maruyama (the Ito SDE literally);
//   tabary-independent  the same SDE with all N(N-1) B_ij independent (docs/physics/tabary.md#non-conservative-variants), Euler-Maruyama;
//   tabary-mckean       N independent noises with the 3x3 square-root diffusion (docs/physics/tabary.md#non-conservative-variants), E-M.
// All converge to Tabary (1): Landau constant C = 1 (twice Du's (1.1); g_t = f_{2t}, docs/physics/index.md#the-constant-c-and-the-clocks).
#pragma once
#include "grazing/model.hpp"
#include "pair_splitting.hpp"
#include "regulariser.hpp"
#include "sde_euler.hpp"

namespace grazing {

class TabaryModel final : public Model {
 public:
  enum class Scheme { kPairSplitting, kEulerMaruyama };
  TabaryModel(std::string name, TabaryPotential alpha, double dt, Scheme scheme, Splitting splitting, NoiseKind noise,
              bool project)
      : name_(std::move(name)), alpha_(alpha), dt_(dt), scheme_(scheme), splitting_(splitting), noise_(noise),
        project_(project) {}
  std::string name() const override { return name_; }
  double landau_C() const override { return 1.0; }
  nlohmann::json parameters() const override;
  std::vector<std::string> approximations() const override;
  double expected_events(std::size_t N, double duration) const override {
    const double per_step = scheme_ == Scheme::kPairSplitting ? static_cast<double>(rotations_per_step(N, splitting_))
                                                              : static_cast<double>(N) * static_cast<double>(N - 1) / 2.0;
    return std::ceil(duration / dt_) * per_step;
  }
  double gamma() const override { return alpha_.gamma(); }
  double step() const override { return dt_; }
  std::string step_key() const override { return "dt"; }
  void advance(ReplicaState& state, double t0, double t1, const AdvanceContext& ctx) const override;
  bool distributes_particles() const override { return scheme_ == Scheme::kPairSplitting; }

  static ModelInfo info();              // tabary
  static ModelInfo independent_info();  // tabary-independent
  static ModelInfo mckean_info();       // tabary-mckean

 private:
  std::string name_;
  TabaryPotential alpha_;
  double dt_;
  Scheme scheme_;
  Splitting splitting_;
  NoiseKind noise_;
  bool project_;
};

}  // namespace grazing
