// The NRL Plasma Formulary's (2019, pp. 31-34) Coulomb logarithms and exact initial rates, in SI
// (Gaussian e_a e_b -> e_a e_b / (4 pi eps0)); docs/physics/plasma.md#exact-rates and #the-coulomb-logarithm.
#include <fmt/format.h>

#include <cmath>

#include "grazing/plasma.hpp"

namespace grazing {
namespace {

constexpr double kPi = 3.14159265358979323846;

bool electron_like(const Species& s) { return std::fabs(s.mass / kElectronMass - 1.0) < 0.01; }

}  // namespace

CoulombLogResult nrl_coulomb_log(const std::vector<Species>& sp, std::size_t a, std::size_t b) {
  const Species &A = sp[a], &B = sp[b];
  CoulombLogResult r;
  auto cm3 = [](double n) { return n * 1e-6; };
  if (electron_like(A) && electron_like(B)) {
    // Thermal electron-electron: 23.5 - ln(n_e^1/2 T_e^-5/4) - [1e-5 + (ln T_e - 2)^2 / 16]^1/2.
    const double n = a == b ? A.density : A.density + B.density;
    const double T = a == b ? A.mean_T() : (A.density * A.mean_T() + B.density * B.mean_T()) / n;
    const double lt = std::log(T);
    r.value = 23.5 - std::log(std::sqrt(cm3(n)) * std::pow(T, -1.25)) - std::sqrt(1e-5 + (lt - 2) * (lt - 2) / 16);
    r.source = "electron-electron (NRL p. 34)";
    return r;
  }
  if (electron_like(A) != electron_like(B)) {
    const Species& e = electron_like(A) ? A : B;
    const Species& i = electron_like(A) ? B : A;
    const double Te = e.mean_T(), Ti = i.mean_T(), Z = std::fabs(i.Z), mr = kElectronMass / i.mass;
    if (Te < Ti * Z * mr) {
      r.value = 16 - std::log(std::sqrt(cm3(i.density)) * std::pow(Ti, -1.5) * Z * Z * (i.mass / kProtonMass));
      r.source = "electron-ion, T_e < T_i Z m_e/m_i (NRL p. 34, third form)";
    } else if (Te < 10 * Z * Z) {
      r.value = 23 - std::log(std::sqrt(cm3(e.density)) * Z * std::pow(Te, -1.5));
      r.source = "electron-ion, T_i m_e/m_i < T_e < 10 Z^2 eV (NRL p. 34, first form)";
      r.valid = Ti * mr < Te;
    } else {
      r.value = 24 - std::log(std::sqrt(cm3(e.density)) / Te);
      r.source = "electron-ion, T_i m_e/m_i < 10 Z^2 eV < T_e (NRL p. 34, second form)";
      r.valid = Ti * mr < 10 * Z * Z;
    }
    return r;
  }
  // Mixed ion-ion: 23 - ln[Z Z' (mu + mu') / (mu T' + mu' T) (n Z^2 / T + n' Z'^2 / T')^1/2], mu = m/m_p;
  // one species: the Debye sum counted once.
  const double mu = A.mass / kProtonMass, mu2 = B.mass / kProtonMass, Ta = A.mean_T(), Tb = B.mean_T();
  double debye = cm3(A.density) * A.Z * A.Z / Ta;
  if (a != b) debye += cm3(B.density) * B.Z * B.Z / Tb;
  r.value = 23 - std::log(std::fabs(A.Z * B.Z) * (mu + mu2) / (mu * Tb + mu2 * Ta) * std::sqrt(debye));
  r.source = "ion-ion (NRL p. 34, mixed ion-ion form)";
  return r;
}

double exchange_rate(double qa, double qb, double ma, double mb, double nb, double Ta, double Tb, double lnL) {
  return std::sqrt(2.0) * qa * qa * qb * qb * nb * lnL * std::sqrt(ma * mb) /
         (6 * std::pow(kPi, 1.5) * kEpsilon0 * kEpsilon0 * std::pow(ma * Tb + mb * Ta, 1.5));
}

double isotropisation_rate(double q, double m, double n, double T_par, double T_perp, double lnL) {
  // nu_T = e^4 n lnL / (8 pi^3/2 eps0^2 m^1/2 T_par^3/2) F(A), A = T_perp/T_par - 1,
  // F(A) = A^-2 [-3 + (A + 3) atan(sqrt A)/sqrt A] (atanh(sqrt -A)/sqrt -A for A < 0), F(0) = 4/15.
  const double A = T_perp / T_par - 1;
  double F;
  if (std::fabs(A) < 1e-4) F = 4.0 / 15 - 8.0 / 35 * A + 16.0 / 63 * A * A;
  else if (A > 0) F = (-3 + (A + 3) * std::atan(std::sqrt(A)) / std::sqrt(A)) / (A * A);
  else F = (-3 + (A + 3) * std::atanh(std::sqrt(-A)) / std::sqrt(-A)) / (A * A);
  return q * q * q * q * n * lnL / (8 * std::pow(kPi, 1.5) * kEpsilon0 * kEpsilon0 * std::sqrt(m) * std::pow(T_par, 1.5)) * F;
}

BeamRates beam_rates(double qa, double qb, double ma, double mb, double nb, double v, double Tb, double lnL) {
  // nu_0 = e_a^2 e_b^2 lnL n_b / (4 pi eps0^2 m_a^2 v^3), x = m_b v^2 / (2 T_b),
  // psi(x) = erf(sqrt x) - (2/sqrt pi) sqrt x e^-x, psi'(x) = (2/sqrt pi) sqrt x e^-x.
  const double nu0 = qa * qa * qb * qb * lnL * nb / (4 * kPi * kEpsilon0 * kEpsilon0 * ma * ma * v * v * v);
  const double x = mb * v * v / (2 * Tb);
  const double dpsi = 2 / std::sqrt(kPi) * std::sqrt(x) * std::exp(-x);
  const double psi = std::erf(std::sqrt(x)) - dpsi;
  BeamRates r;
  r.nu_s = (1 + ma / mb) * psi * nu0;
  r.nu_perp = 2 * ((1 - 1 / (2 * x)) * psi + dpsi) * nu0;
  r.nu_par = psi / x * nu0;
  return r;
}

}  // namespace grazing
