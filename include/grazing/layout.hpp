// How a run is spread over the processes of an MPI job (docs/parallel.md): whole replicas per process
// ("replicas"), or every replica's particles split in contiguous ranges over all processes
// ("particles"; the models that support it say so).
#pragma once
#include <algorithm>
#include <cstddef>
#include <vector>

#include "grazing/comm.hpp"

namespace grazing {

enum class Distribute { kNone, kReplicas, kParticles };

// Particles 0..N-1 of one replica over the processes of `comm`: rank p holds [offsets[p], offsets[p+1])
// (whole blocks of kMomentBlock, comm.hpp), as a ParticleStore of its own range.
struct ParticleLayout {
  const Comm* comm = nullptr;
  std::size_t N = 0;
  std::vector<std::size_t> offsets;

  ParticleLayout(const Comm& c, std::size_t n) : comm(&c), N(n), offsets(block_offsets(n, c.size())) {}
  std::size_t begin() const { return offsets[comm->rank()]; }
  std::size_t end() const { return offsets[comm->rank() + 1]; }
  int owner(std::size_t i) const {
    return static_cast<int>(std::upper_bound(offsets.begin(), offsets.end(), i) - offsets.begin()) - 1;
  }
};

}  // namespace grazing
