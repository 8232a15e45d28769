#include "replica_record.hpp"

#include <cassert>

namespace grazing {

std::size_t packed_size(std::size_t functions, std::size_t pool) { return 1 + 2 * functions + 9 + 6 * pool; }

void pack(const ReplicaRecord& r, std::vector<double>& out) {
  assert(r.pair.size() == r.mu.size() && r.pool_iid.size() == r.pool.size());
  out.push_back(r.mean_v4);
  out.insert(out.end(), r.mu.begin(), r.mu.end());
  out.insert(out.end(), r.pair.begin(), r.pair.end());
  out.insert(out.end(), {r.s_m2_mean, r.s_m2_median_of_means, r.s_m2_truncated, r.w2_speed, r.w2_speed_iid,
                         r.sliced_w2, r.sliced_w2_iid, r.w2_exact, r.w2_exact_iid});
  for (const auto* pool : {&r.pool, &r.pool_iid})
    for (const Vec3& x : *pool) out.insert(out.end(), {x.x, x.y, x.z});
}

ReplicaRecord unpack(const double* p, std::size_t functions, std::size_t pool) {
  ReplicaRecord r;
  r.mean_v4 = *p++;
  r.mu.assign(p, p + functions);
  p += functions;
  r.pair.assign(p, p + functions);
  p += functions;
  for (double* x : {&r.s_m2_mean, &r.s_m2_median_of_means, &r.s_m2_truncated, &r.w2_speed, &r.w2_speed_iid,
                    &r.sliced_w2, &r.sliced_w2_iid, &r.w2_exact, &r.w2_exact_iid})
    *x = *p++;
  for (auto* out : {&r.pool, &r.pool_iid}) {
    out->resize(pool);
    for (Vec3& x : *out) {
      x = {p[0], p[1], p[2]};
      p += 3;
    }
  }
  return r;
}

}  // namespace grazing
