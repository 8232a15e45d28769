// Exact Poisson(mu) variates from a CounterRng.
//   mu < 10 : sequential inversion of the CDF.
//   mu >= 10: transformed rejection with squeeze, PTRS (W. Hoermann, "The transformed rejection
//             method for generating Poisson random variables", Insurance: Mathematics and Economics
//             12 (1993) 39-45, doi:10.1016/0167-6687(93)90997-4). Exact rejection algorithm up to
//             mu ~ 1e13; beyond, double rounding of its log terms shows (the run config caps mu at 1e13).
#pragma once
#include <cstdint>

#include "grazing/rng.hpp"

namespace grazing {

std::uint64_t sample_poisson(double mu, CounterRng& rng);

}  // namespace grazing
