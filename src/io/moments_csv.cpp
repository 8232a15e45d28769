#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "grazing/error.hpp"
#include "grazing/output.hpp"

namespace grazing {

MomentsCsv::MomentsCsv(const std::string& path) : MomentsCsv(path, fmt::format("{}", fmt::join(kMomentColumns, ","))) {}

MomentsCsv::MomentsCsv(const std::string& path, const std::string& header) : path_(path) {
  f_ = std::fopen(path.c_str(), "w");
  if (!f_) throw OutputError("cannot write " + path);
  pending_ = header + "\n";
  commit();
}

void MomentsCsv::line(const std::string& text) {
  pending_ += text;
  pending_ += '\n';
}

MomentsCsv::MomentsCsv(const std::string& path, std::uint64_t keep_bytes, const Digest& kept)
    : path_(path), bytes_(keep_bytes), digest_(kept) {
  std::error_code ec;
  std::filesystem::resize_file(path, keep_bytes, ec);
  if (ec) throw OutputError(fmt::format("cannot continue {}: {}", path, ec.message()));
  f_ = std::fopen(path.c_str(), "a");
  if (!f_) throw OutputError("cannot write " + path);
}

MomentsCsv::~MomentsCsv() {
  if (f_) std::fclose(f_);
}

void MomentsCsv::row(std::uint32_t replica, double t, std::uint64_t events, const Moments& m) {
  // fmt's shortest round-trip form: the file is a faithful, byte-reproducible record.
  fmt::format_to(std::back_inserter(pending_), "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", replica, t, events,
                 m.mean.x, m.mean.y, m.mean.z, m.mean_v2, m.M[0], m.M[1], m.M[2], m.M[3], m.M[4], m.M[5], m.mean_v4);
}

void MomentsCsv::commit() {
  errno = 0;
  if (std::fwrite(pending_.data(), 1, pending_.size(), f_) != pending_.size() || std::fflush(f_) != 0)
    throw OutputError(fmt::format("write error on {}{}", path_, errno ? std::string(": ") + std::strerror(errno) : ""));
  bytes_ += pending_.size();
  digest_.update(pending_);
  pending_.clear();
}

}  // namespace grazing
