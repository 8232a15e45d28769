// Model "mbc": Du's microcanonical binary-collision process (Du sections 1-2; SPEC.md A.5, A.11.1).
#pragma once
#include "grazing/model.hpp"

namespace grazing {

class MbcModel final : public Model {
 public:
  MbcModel(double gamma, double h, std::size_t N) : gamma_(gamma), h_(h), n_(N) {}
  std::string name() const override { return "mbc"; }
  double landau_C() const override { return 0.5; }  // converges to Du (1.1): C = 1/2
  nlohmann::json parameters() const override;
  void advance(ReplicaState& state, double t0, double t1, std::uint64_t interval,
               std::uint64_t seed) const override;

  double gamma() const { return gamma_; }
  double h() const { return h_; }

  static ModelInfo info();

 private:
  double gamma_, h_;
  std::size_t n_;
};

}  // namespace grazing
