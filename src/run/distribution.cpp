#include "distribution.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>

#include "grazing/run.hpp"

namespace grazing {

Plan plan_of(const RunSpec& spec, const Comm& comm) {
  Plan p;
  p.r1 = spec.replicas;
  const auto P = static_cast<std::size_t>(comm.size()), me = static_cast<std::size_t>(comm.rank());
  if (P == 1) return p;
  const bool particles = spec.distribute == "particles" ||
                         (spec.distribute == "auto" && spec.replicas < P && spec.model->distributes_particles());
  if (particles) {
    p.mode = Distribute::kParticles;
    p.layout.emplace(comm, spec.N);
  } else {
    p.mode = Distribute::kReplicas;
    p.r0 = spec.replicas * me / P;
    p.r1 = spec.replicas * (me + 1) / P;
  }
  return p;
}

int run_threads(const RunSpec& spec) {
  // run.threads, or (0) this machine's cores shared by the processes on it.
  return spec.threads > 0 ? spec.threads : std::max(1, omp_get_num_procs() / Comm::world().local_size());
}

const char* distribution_name(const RunSpec& spec, const Comm& comm) {
  switch (plan_of(spec, comm).mode) {
    case Distribute::kReplicas: return "replicas";
    case Distribute::kParticles: return "particles";
    default: return "none";
  }
}

std::pair<std::size_t, std::size_t> replica_range(const RunSpec& spec, const Comm& comm) {
  const Plan plan = plan_of(spec, comm);
  return {plan.r0, plan.r1};
}

std::size_t gather_chunk_particles(const Comm& comm) {
  constexpr std::size_t kMax = 89478485;  // 24 bytes each: the most below 2^31 bytes
  std::string s;
  if (comm.root())
    if (const char* e = std::getenv("GRAZING_GATHER_CHUNK")) s = e;
  comm.broadcast(s);  // every process gathers in the same chunks (the environment may differ between nodes)
  std::size_t n = 4194304;
  if (!s.empty()) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    if (end && *end == '\0' && v > 0) n = static_cast<std::size_t>(v);
  }
  return std::min(n, kMax);
}

void stream_replica(const RunSpec& spec, const Plan& plan, const Comm& comm, const std::vector<ReplicaState>& states,
                    std::size_t r, std::size_t chunk, const ChunkSink& emit) {
  const std::size_t N = spec.N;
  if (plan.mode == Distribute::kNone) return emit(0, N, states[r].v.data());
  if (plan.mode == Distribute::kReplicas) {
    const auto P = static_cast<std::size_t>(comm.size()), R = static_cast<std::size_t>(spec.replicas);
    int owner = 0;  // plan_of: process p holds replicas R p / P ... R (p + 1) / P - 1
    while (R * static_cast<std::size_t>(owner + 1) / P <= r) ++owner;
    if (owner == 0) {
      if (comm.root()) emit(0, N, states[r].v.data());
      return;
    }
    const bool mine = comm.rank() == owner;
    for (std::size_t c0 = 0; c0 < N; c0 += chunk) {
      const std::size_t n = std::min(chunk, N - c0);
      const std::vector<char> got = comm.gather(mine ? states[r].v.data() + 3 * c0 : nullptr, mine ? 24 * n : 0);
      if (comm.root()) emit(c0, n, reinterpret_cast<const double*>(got.data()));
    }
    return;
  }
  const std::size_t b = plan.layout->begin(), e = plan.layout->end();  // this process's range
  for (std::size_t c0 = 0; c0 < N; c0 += chunk) {
    const std::size_t n = std::min(chunk, N - c0), lo = std::max(b, c0), hi = std::min(e, c0 + n);
    const std::vector<char> got =
        comm.gather(hi > lo ? states[r].v.data() + 3 * (lo - b) : nullptr, hi > lo ? 24 * (hi - lo) : 0);
    if (comm.root()) emit(c0, n, reinterpret_cast<const double*>(got.data()));
  }
}

namespace {

struct Row {
  Moments m;
  std::uint64_t events;
};
static_assert(std::is_trivially_copyable_v<Row>);

}  // namespace

void gather_outputs(const RunSpec& spec, const Plan& plan, const Comm& comm, std::size_t chunk, bool with_velocities,
                    const std::vector<ReplicaState>& states, const std::vector<Moments>& moments,
                    std::vector<ReplicaState>& view, std::vector<Moments>& all) {
  const std::size_t R = spec.replicas;
  view.resize(R);
  all = moments;
  for (std::size_t r = 0; r < R; ++r) view[r].replica = static_cast<std::uint32_t>(r);
  if (plan.mode == Distribute::kReplicas) {
    std::vector<Row> rows;
    for (std::size_t r = plan.r0; r < plan.r1; ++r) rows.push_back({moments[r], states[r].counters.events});
    const std::vector<char> got = comm.gather(rows.data(), rows.size() * sizeof(Row));
    for (std::size_t r = 0; r < got.size() / sizeof(Row); ++r) {
      Row row;
      std::memcpy(&row, got.data() + r * sizeof(Row), sizeof(Row));
      all[r] = row.m;
      view[r].counters.events = row.events;
    }
  } else {  // kParticles: moments and events are the same on every process
    for (std::size_t r = 0; r < R; ++r) view[r].counters.events = states[r].counters.events;
  }
  if (!with_velocities) return;
  for (std::size_t r = 0; r < R; ++r) {
    if (comm.root()) view[r].v.resize(spec.N);
    stream_replica(spec, plan, comm, states, r, chunk, [&](std::size_t first, std::size_t n, const double* v) {
      std::memcpy(view[r].v.data() + 3 * first, v, 24 * n);
    });
  }
}


}  // namespace grazing
