// Loops over independent items, on `threads` OpenMP threads or plainly on one (no OpenMP region, so
// small loops inside a replica cost nothing extra when the replicas already use the threads).
#pragma once
#include <atomic>
#include <cstddef>

namespace grazing {

// A hint inside a spin-wait loop (x86 pause: frees the core's resources, saves power).
inline void cpu_relax() {
#if defined(__x86_64__)
  asm volatile("pause");
#endif
}

// Returns once count >= target: a short spin, then sleep until the count moves (std::atomic::wait), so
// that a waiting thread gives its core back on a busy machine. Whoever raises the count does so with
// memory_order_release and then calls notify_all (or notify_one); the acquire loads here make what it
// wrote before visible.
template <class T>
void wait_at_least(const std::atomic<T>& count, T target) {
  T seen = count.load(std::memory_order_acquire);
  for (int spins = 0; seen < target; ++spins) {
    if (spins < 4096) cpu_relax();
    else count.wait(seen, std::memory_order_acquire);
    seen = count.load(std::memory_order_acquire);
  }
}

// Items of equal cost: static schedule (contiguous blocks per thread).
template <class Body>
void parallel_for(int threads, std::size_t n, Body&& body) {
  if (threads > 1) {
#pragma omp parallel for num_threads(threads) schedule(static)
    for (std::size_t k = 0; k < n; ++k) body(k);
  } else {
    for (std::size_t k = 0; k < n; ++k) body(k);
  }
}

// Items of unequal cost (replicas): dynamic schedule, one item at a time. With one thread no OpenMP
// region is opened, which matters: a parallel region nested in another one (even of one thread)
// gets freshly created threads from libgomp every time instead of its thread pool.
template <class Body>
void parallel_for_dynamic(int threads, std::size_t n, Body&& body) {
  if (threads > 1) {
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (std::size_t k = 0; k < n; ++k) body(k);
  } else {
    for (std::size_t k = 0; k < n; ++k) body(k);
  }
}

}  // namespace grazing
