#include <fmt/format.h>

#include <filesystem>
#include <stdexcept>

#include "grazing/output.hpp"

namespace grazing {

MomentsCsv::MomentsCsv(const std::string& path) : path_(path) {
  f_ = std::fopen(path.c_str(), "w");
  if (!f_) throw std::runtime_error("cannot write " + path);
  std::fputs("replica,t,events,mean_vx,mean_vy,mean_vz,mean_v2,Mxx,Myy,Mzz,Mxy,Mxz,Myz,mean_v4\n", f_);
}

MomentsCsv::MomentsCsv(const std::string& path, std::uint64_t keep_bytes) : path_(path) {
  std::error_code ec;
  std::filesystem::resize_file(path, keep_bytes, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot continue {}: {}", path, ec.message()));
  f_ = std::fopen(path.c_str(), "a");
  if (!f_) throw std::runtime_error("cannot write " + path);
}

MomentsCsv::~MomentsCsv() {
  if (f_) std::fclose(f_);
}

void MomentsCsv::row(std::uint32_t replica, double t, std::uint64_t events, const Moments& m) {
  // fmt's shortest round-trip form: the file is a faithful, byte-reproducible record.
  fmt::print(f_, "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
             replica, t, events, m.mean.x, m.mean.y, m.mean.z, m.mean_v2, m.M[0], m.M[1], m.M[2], m.M[3], m.M[4],
             m.M[5], m.mean_v4);
}

void MomentsCsv::flush() {
  if (std::fflush(f_) != 0) throw std::runtime_error("write error on " + path_);
}

std::uint64_t MomentsCsv::bytes() const {
  const long pos = std::ftell(f_);
  if (pos < 0) throw std::runtime_error("cannot tell the length of " + path_);
  return static_cast<std::uint64_t>(pos);
}

}  // namespace grazing
