// Small 3-vector used by every pair kernel. Plain aggregate, no allocation. Vec3T<Double4> holds four
// vectors lane by lane (simd.hpp) for the batched pair rotation; its operations are the same
// expressions, so each lane gets the bits of the Vec3 computation.
#pragma once
#include <cmath>
#include <type_traits>

#include "grazing/simd.hpp"

namespace grazing {

template <class T>
struct Vec3T {
  T x{}, y{}, z{};
  constexpr T& operator[](int k) { return k == 0 ? x : (k == 1 ? y : z); }
  constexpr T operator[](int k) const { return k == 0 ? x : (k == 1 ? y : z); }
};
using Vec3 = Vec3T<double>;

template <class T>
constexpr Vec3T<T> operator+(Vec3T<T> a, Vec3T<T> b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
template <class T>
constexpr Vec3T<T> operator-(Vec3T<T> a, Vec3T<T> b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
template <class T>
constexpr Vec3T<T> operator-(Vec3T<T> a) { return {-a.x, -a.y, -a.z}; }
// A scalar (or, for Vec3T<Double4>, one factor per lane) times a vector.
template <class S, class T>
  requires(std::is_same_v<S, double> || std::is_same_v<S, T>)
constexpr Vec3T<T> operator*(S s, Vec3T<T> a) { return {s * a.x, s * a.y, s * a.z}; }
template <class T>
constexpr Vec3T<T> operator*(Vec3T<T> a, double s) { return s * a; }
template <class T>
constexpr T dot(Vec3T<T> a, Vec3T<T> b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
template <class T>
constexpr Vec3T<T> cross(Vec3T<T> a, Vec3T<T> b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
template <class T>
constexpr T norm2(Vec3T<T> a) { return dot(a, a); }
template <class T>
inline T norm(Vec3T<T> a) { return sqrt_of(norm2(a)); }

}  // namespace grazing
