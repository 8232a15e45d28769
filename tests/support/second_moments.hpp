// Exact expectation of the pair-splitting schemes at gamma = 0 for N = 3, computed independently of
// the code under test. At gamma = 0 every pair rotation has a fixed tau, and its action on the
// second-moment matrix S = E[V V^T] (V in R^9) is linear:
//   z' = r e', E[z' | V] = e^{-2 tau} z, E[z' z'^T | V] = e^{-6 tau} z z^T + (1 - e^{-6 tau}) (r^2/3) I,
//   v_i' = m + z'/2, v_j' = m - z'/2  =>  S' = T S T^T + Q(S),
// with T the conditional-mean map and Q the conditional covariance of z' placed in the (i,j) blocks.
// Each step of the scheme applies the rounds (pairs) in a uniformly random order, independent across
// steps, so E[one step] is the average over the 3! orders of the composed maps.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace grazing::test {

using Mat9 = std::array<double, 81>;

inline Mat9 mul(const Mat9& a, const Mat9& b) {
  Mat9 c{};
  for (int i = 0; i < 9; ++i)
    for (int k = 0; k < 9; ++k)
      for (int j = 0; j < 9; ++j) c[9 * i + j] += a[9 * i + k] * b[9 * k + j];
  return c;
}

inline Mat9 transpose(const Mat9& a) {
  Mat9 t{};
  for (int i = 0; i < 9; ++i)
    for (int j = 0; j < 9; ++j) t[9 * j + i] = a[9 * i + j];
  return t;
}

// One exact rotation of pair (i, j) for time tau, acting on S.
inline Mat9 rotate_pair_moments(const Mat9& S, int i, int j, double tau) {
  const double c1 = std::exp(-2 * tau), c2 = std::exp(-6 * tau);
  Mat9 T{};
  for (int k = 0; k < 9; ++k) T[9 * k + k] = 1.0;
  // E[v_i'] = (v_i + v_j)/2 + c1 (v_i - v_j)/2, E[v_j'] = (v_i + v_j)/2 - c1 (v_i - v_j)/2
  for (int a = 0; a < 3; ++a) {
    const int ia = 3 * i + a, ja = 3 * j + a;
    T[9 * ia + ia] = 0.5 * (1 + c1);
    T[9 * ia + ja] = 0.5 * (1 - c1);
    T[9 * ja + ia] = 0.5 * (1 - c1);
    T[9 * ja + ja] = 0.5 * (1 + c1);
  }
  Mat9 out = mul(mul(T, S), transpose(T));
  // Cov(z' | V) = (c2 - c1^2) z z^T + (1 - c2)(r^2/3) I, in expectation over V.
  double zz[3][3];
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      const int ia = 3 * i + a, ja = 3 * j + a, ib = 3 * i + b, jb = 3 * j + b;
      zz[a][b] = S[9 * ia + ib] - S[9 * ia + jb] - S[9 * ja + ib] + S[9 * ja + jb];
    }
  const double r2 = zz[0][0] + zz[1][1] + zz[2][2];
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      const double C = (c2 - c1 * c1) * zz[a][b] + (a == b ? (1 - c2) * r2 / 3 : 0.0);
      out[9 * (3 * i + a) + 3 * i + b] += 0.25 * C;
      out[9 * (3 * j + a) + 3 * j + b] += 0.25 * C;
      out[9 * (3 * i + a) + 3 * j + b] -= 0.25 * C;
      out[9 * (3 * j + a) + 3 * i + b] -= 0.25 * C;
    }
  return out;
}

// Expected S after n steps of Lie (strang = false) or Strang splitting with rotation time
// tau = kappa dt per pair per step, N = 3.
inline Mat9 split_scheme_moments(Mat9 S, double kappa, double dt, int n, bool strang) {
  const int pairs[3][2] = {{0, 1}, {0, 2}, {1, 2}};
  for (int step = 0; step < n; ++step) {
    Mat9 avg{};
    std::array<int, 3> order = {0, 1, 2};
    int count = 0;
    do {
      Mat9 X = S;
      if (!strang) {
        for (int q : order) X = rotate_pair_moments(X, pairs[q][0], pairs[q][1], kappa * dt);
      } else {
        X = rotate_pair_moments(X, pairs[order[0]][0], pairs[order[0]][1], kappa * dt / 2);
        X = rotate_pair_moments(X, pairs[order[1]][0], pairs[order[1]][1], kappa * dt / 2);
        X = rotate_pair_moments(X, pairs[order[2]][0], pairs[order[2]][1], kappa * dt);
        X = rotate_pair_moments(X, pairs[order[1]][0], pairs[order[1]][1], kappa * dt / 2);
        X = rotate_pair_moments(X, pairs[order[0]][0], pairs[order[0]][1], kappa * dt / 2);
      }
      for (int k = 0; k < 81; ++k) avg[k] += X[k];
      ++count;
    } while (std::next_permutation(order.begin(), order.end()));
    for (int k = 0; k < 81; ++k) S[k] = avg[k] / count;
  }
  return S;
}

// Expected Dev M_xx = (1/N) sum_i E[(v_i - P)_x^2] - (1/3) trace, from S (N = 3).
inline double dev_xx_from_moments(const Mat9& S) {
  double M[3] = {0, 0, 0};
  for (int a = 0; a < 3; ++a) {
    double sum_sq = 0, sum_all = 0;
    for (int i = 0; i < 3; ++i) sum_sq += S[9 * (3 * i + a) + 3 * i + a];
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) sum_all += S[9 * (3 * i + a) + 3 * j + a];
    M[a] = sum_sq / 3 - sum_all / 9;  // (1/N) sum v^2 - P^2
  }
  return M[0] - (M[0] + M[1] + M[2]) / 3;
}

}  // namespace grazing::test
