// Stores that skip the cache (x86-64: movntdq), for data one thread writes and another core reads
// next: an ordinary store first fetches the line for ownership from the core that read it last (perf,
// MBC's planner on two threads: 35 % of its samples on a push behind the store buffer). store_fence()
// orders them before the release that hands the data over.
#pragma once
#include <cstddef>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace grazing {

// dst = src, Event one or more whole aligned cache lines (DrawnEvent of mbc and of multi-species mbc).
template <class Event>
inline void store_streaming(Event& dst, const Event& src) {
  static_assert(sizeof(Event) % 64 == 0 && alignof(Event) == 64);
#if defined(__SSE2__)
  const auto* from = reinterpret_cast<const __m128i*>(&src);
  auto* to = reinterpret_cast<__m128i*>(&dst);
  for (std::size_t k = 0; k < sizeof(Event) / 16; ++k) _mm_stream_si128(to + k, _mm_load_si128(from + k));
#else
  dst = src;
#endif
}

inline void store_fence() {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

}  // namespace grazing
