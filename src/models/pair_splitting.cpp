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
  return fmt::format("time discretisation: {} splitting over pairs with dt <= {} (each rotation exact; weak error "
                     "O(dt{}) from the order of the pair generators)",
                     s == Splitting::kLie ? "Lie" : "Strang", dt, s == Splitting::kLie ? "" : "^2");
}

double read_dt(const Section& sec) {
  const double dt = sec.real("dt", 1e-3);
  if (!(dt > 0.0)) throw InputError(sec.qualified("dt"), fmt::format("must be > 0 (got {})", dt));
  return dt;
}

}  // namespace grazing
