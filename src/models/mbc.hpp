// Model "mbc": Du's microcanonical binary-collision process (Du sections 1-2; SPEC.md A.5, A.11.1).
#pragma once
#include "grazing/model.hpp"

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

  double gamma() const { return gamma_; }
  double h() const { return h_; }

  static ModelInfo info();

 private:
  double gamma_, h_;
};

// model.h of the MBC family: h > 0, default min(0.01, 1/N) (SPEC.md F.6).
double read_mbc_h(const Section& sec, std::size_t N);

}  // namespace grazing
