// The binary collision models: one model class for every angular law. Each step of
// binary_pairing_advance pairs the particles at random and turns each pair's relative velocity by an
// angle drawn from the law at heat-kernel time tau = 2 r^gamma dt (C = 1/2, docs/models/takizuka-abe.md).
//
// A law is a type with
//   static constexpr const char* kName, kSummary;          // the model's name and `grazing list` line
//   static Vec3 deflect(Vec3 e, double tau, CounterRng&);  // e' at heat-kernel time tau (+inf allowed)
//   static std::string approximation();                   // how it differs from the heat kernel ("": exact)
// and a model is one registry line, binary_collision_info<Law>() (registry.cpp).
#pragma once
#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "binary_pairing.hpp"
#include "grazing/model.hpp"

namespace grazing {

template <class Law>
class BinaryCollisionModel final : public Model {
 public:
  BinaryCollisionModel(double gamma, double dt) : gamma_(gamma), dt_(dt) {}
  std::string name() const override { return Law::kName; }
  double landau_C() const override { return 0.5; }
  nlohmann::json parameters() const override { return {{"gamma", gamma_}, {"dt", dt_}}; }
  std::vector<std::string> approximations() const override {
    const std::string law = Law::approximation();
    return {fmt::format("{}{}random pairing with time step dt = {} (first-order in dt)", law, law.empty() ? "" : "; ",
                        dt_)};
  }
  double expected_events(std::size_t N, double duration) const override {
    return std::ceil(duration / dt_) * static_cast<double>(binary_collisions_per_step(N));
  }
  double gamma() const override { return gamma_; }
  double step() const override { return dt_; }
  std::string step_key() const override { return "dt"; }
  void advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const override {
    binary_pairing_advance(s, t0, t1, dt_, gamma_, ctx, Law::deflect);
  }

 private:
  double gamma_, dt_;
};

template <class Law>
ModelInfo binary_collision_info() {
  return {Law::kName,
          Law::kSummary,
          {{"gamma", ParamType::kReal, "required", "kernel exponent gamma of |z|^(gamma+2); any real (Coulomb: -3)"},
           {"dt", ParamType::kReal, "1e-3", "time step dt > 0 (intervals are cut into equal steps <= dt)"}},
          [](const Section& sec, std::size_t) -> std::unique_ptr<Model> {
            return std::make_unique<BinaryCollisionModel<Law>>(sec.real("gamma"), read_dt(sec));
          }};
}

}  // namespace grazing
