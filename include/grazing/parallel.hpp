// Loops over independent items, on `threads` OpenMP threads or plainly on one (no OpenMP region, so
// small loops inside a replica cost nothing extra when the replicas already use the threads).
#pragma once
#include <cstddef>

namespace grazing {

template <class Body>
void parallel_for(int threads, std::size_t n, Body&& body) {
  if (threads > 1) {
#pragma omp parallel for num_threads(threads) schedule(static)
    for (std::size_t k = 0; k < n; ++k) body(k);
  } else {
    for (std::size_t k = 0; k < n; ++k) body(k);
  }
}

}  // namespace grazing
