#include "pair_splitting.hpp"

#include <fmt/format.h>

#include "grazing/error.hpp"

namespace grazing {

Splitting read_splitting(const Section& sec) {
  const std::string s = sec.string("splitting", "lie");
  if (s == "lie") return Splitting::kLie;
  if (s == "strang") return Splitting::kStrang;
  throw InputError(sec.qualified("splitting"), fmt::format("unknown splitting '{}' (allowed: lie, strang)", s));
}

const char* splitting_name(Splitting s) { return s == Splitting::kLie ? "lie" : "strang"; }

std::string splitting_approximation(Splitting s, double dt) {
  // Both are weakly second order: the random sweep order symmetrises Lie splitting in expectation
  // (tests/statistical/test_pair_splitting.cpp computes the exact expectation at gamma = 0, N = 3).
  return fmt::format("time discretisation: {} splitting over pairs in a random order with dt <= {} (each rotation "
                     "exact; weak error O(dt^2) from the order of the pair generators)",
                     s == Splitting::kLie ? "Lie" : "Strang", dt);
}

double read_dt(const Section& sec) {
  const double dt = sec.real("dt", 1e-3);
  if (!(dt > 0.0)) throw InputError(sec.qualified("dt"), fmt::format("must be > 0 (got {})", dt));
  return dt;
}

}  // namespace grazing
