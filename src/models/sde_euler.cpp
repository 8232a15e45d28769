#include "sde_euler.hpp"

#include <cmath>
#include <vector>

#include "grazing/moments.hpp"
#include "grazing/parallel.hpp"
#include "pair_splitting.hpp"
#include "step_loop.hpp"

namespace grazing {

void sqrt_psd3(const double a_in[9], double out[9]) {
  double a[3][3], v[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) a[i][j] = 0.5 * (a_in[3 * i + j] + a_in[3 * j + i]);
  for (int sweep = 0; sweep < 50; ++sweep) {
    const double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
    const double diag = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2];
    if (off <= 1e-34 * diag || off == 0.0) break;
    for (int p = 0; p < 2; ++p)
      for (int q = p + 1; q < 3; ++q) {
        if (a[p][q] == 0.0) continue;
        const double theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
        const double t = std::copysign(1.0, theta) / (std::fabs(theta) + std::sqrt(theta * theta + 1.0));
        const double c = 1.0 / std::sqrt(t * t + 1.0), sn = t * c;
        for (int k = 0; k < 3; ++k) {  // A <- A J
          const double akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - sn * akq;
          a[k][q] = sn * akp + c * akq;
        }
        for (int k = 0; k < 3; ++k) {  // A <- J^T A
          const double apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - sn * aqk;
          a[q][k] = sn * apk + c * aqk;
        }
        for (int k = 0; k < 3; ++k) {  // V <- V J
          const double vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - sn * vkq;
          v[k][q] = sn * vkp + c * vkq;
        }
      }
  }
  const double l[3] = {std::sqrt(std::max(0.0, a[0][0])), std::sqrt(std::max(0.0, a[1][1])),
                       std::sqrt(std::max(0.0, a[2][2]))};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) out[3 * i + j] = v[i][0] * l[0] * v[j][0] + v[i][1] * l[1] * v[j][1] + v[i][2] * l[2] * v[j][2];
}

namespace {

Vec3 gaussian3(CounterRng& rng, double sd) { return {sd * rng.normal(), sd * rng.normal(), sd * rng.normal()}; }

}  // namespace

void euler_maruyama_advance(ReplicaState& s, double t0, double t1, double dt_max, NoiseKind noise,
                            const TabaryPotential& alpha, bool project, const AdvanceContext& ctx) {
  const std::size_t N = s.v.size();
  if (N < 2 || !(t1 > t0)) return;
  const std::uint64_t n_steps = steps_in(t0, t1, dt_max);
  const double dt = (t1 - t0) / static_cast<double>(n_steps), sdt = std::sqrt(dt);
  const double drift_c = 2.0 / static_cast<double>(N - 1);
  const double pair_noise_c = std::sqrt(2.0 / static_cast<double>(N - 1));
  const double inv_nm1 = 1.0 / static_cast<double>(N - 1);
  const RngKey key{ctx.seed, Stream::kSdeNoise, s.replica};
  if (project && s.shell_theta < 0) {
    const Moments m = compute_moments(s.v);
    s.shell_mean = m.mean;
    s.shell_theta = m.M[0] + m.M[1] + m.M[2];
  }
  ParticleStore next(N);
  const int threads = (N >= 64) ? ctx.threads : 1;
  const std::uint64_t pairs = N * (N - 1) / 2;  // the events of a step
  const std::uint64_t first_step = s.counters.steps - s.interval_done;  // the interval's first step
  const std::uint64_t done = run_steps(s, n_steps, pairs, ctx, [&](std::uint64_t step) {
    const std::uint64_t n = step - first_step;  // the step's index within the interval
    parallel_for(threads, N, [&](std::size_t i) {
      const Vec3 vi = s.v.get(i);
      Vec3 drift{}, dW{};
      double D[9] = {0};
      for (std::size_t j = 0; j < N; ++j) {
        if (j == i) continue;
        const Vec3 z = vi - s.v.get(j);
        const double r2 = norm2(z);
        if (r2 == 0.0) continue;  // b(0) = 0 and sigma(0) = 0
        const double r = std::sqrt(r2), a = alpha.alpha(r);
        drift = drift + (-2.0 * a) * z;
        if (noise == NoiseKind::kParticle) {
          for (int p = 0; p < 3; ++p)
            for (int q = 0; q < 3; ++q) D[3 * p + q] += a * ((p == q ? r2 : 0.0) - z[p] * z[q]);
          continue;  // the particle's own noise is drawn after the sum
        }
        const bool ordered = noise == NoiseKind::kIndependentPairs;
        const std::size_t lo = std::min(i, j), hi = std::max(i, j);
        const std::uint64_t id = ordered ? static_cast<std::uint64_t>(i) * N + j : static_cast<std::uint64_t>(lo) * N + hi;
        CounterRng rng(key, step, id);
        const Vec3 xi = gaussian3(rng, sdt);
        // sigma(z) xi = sqrt(a) (r xi - (z.xi)/r z); dB_ji = -dB_ij for the antisymmetric noise
        const Vec3 sx = std::sqrt(a) * (r * xi - (dot(z, xi) / r) * z);
        const double sign = (ordered || i < j) ? 1.0 : -1.0;
        dW = dW + sign * sx;
      }
      Vec3 v = vi + (drift_c * dt) * drift;
      if (noise == NoiseKind::kParticle) {
        for (double& d : D) d *= inv_nm1;
        double S[9];
        sqrt_psd3(D, S);
        CounterRng rng(key, step, i);
        const Vec3 xi = gaussian3(rng, sdt);
        const Vec3 Sxi{S[0] * xi.x + S[1] * xi.y + S[2] * xi.z, S[3] * xi.x + S[4] * xi.y + S[5] * xi.z,
                       S[6] * xi.x + S[7] * xi.y + S[8] * xi.z};
        v = v + std::sqrt(2.0) * Sxi;
      } else {
        v = v + pair_noise_c * dW;
      }
      next.set(i, v);
    });
    std::swap(s.v, next);
    // The numerical guard at the step where a velocity first becomes NaN or infinite: one step later
    // the drift has spread it to every particle (O(N) against the step's O(N^2)).
    for (std::size_t i = 0; i < N; ++i) {
      const Vec3 v = s.v.get(i);
      if (!std::isfinite(v.x) || !std::isfinite(v.y) || !std::isfinite(v.z))
        throw NonFiniteVelocity(t0 + static_cast<double>(n + 1) * dt, s.replica, i, v);
    }
    if (project) {
      const Moments m = compute_moments(s.v);
      const double theta = m.M[0] + m.M[1] + m.M[2];
      const double scale = theta > 0 ? std::sqrt(s.shell_theta / theta) : 1.0;
      for (std::size_t i = 0; i < N; ++i) s.v.set(i, s.shell_mean + scale * (s.v.get(i) - m.mean));
    }
  });
  s.counters.events += done * pairs;
}

}  // namespace grazing
