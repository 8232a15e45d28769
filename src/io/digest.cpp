#include "grazing/digest.hpp"

#define XXH_INLINE_ALL
#include <fmt/format.h>
#include <xxhash.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

namespace grazing {

struct Digest::State {
  XXH3_state_t xxh;
};

Digest::Digest() : s_(std::make_unique<State>()) { XXH3_64bits_reset(&s_->xxh); }
Digest::~Digest() = default;
Digest::Digest(const Digest& o) : s_(std::make_unique<State>()) { XXH3_copyState(&s_->xxh, &o.s_->xxh); }
Digest& Digest::operator=(const Digest& o) {
  if (this != &o) XXH3_copyState(&s_->xxh, &o.s_->xxh);
  return *this;
}

void Digest::update(const void* data, std::size_t bytes) {
  if (bytes > 0) XXH3_64bits_update(&s_->xxh, data, bytes);
}

std::uint64_t Digest::value() const { return XXH3_64bits_digest(&s_->xxh); }

std::string Digest::hex() const { return digest_hex(value()); }

std::string digest_hex(std::uint64_t value) { return fmt::format("{:016x}", value); }

Digest digest_file_prefix(const std::string& path, std::uint64_t bytes) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error(fmt::format("cannot read {}", path));
  Digest d;
  std::vector<char> buf(1 << 20);
  std::uint64_t left = bytes;
  while (left > 0) {
    const std::size_t want = left < buf.size() ? static_cast<std::size_t>(left) : buf.size();
    const std::size_t got = std::fread(buf.data(), 1, want, f);
    d.update(buf.data(), got);
    left -= got;
    if (got < want) break;
  }
  std::fclose(f);
  if (left > 0) throw std::runtime_error(fmt::format("{} has {} bytes, fewer than the {} recorded", path, bytes - left, bytes));
  return d;
}

}  // namespace grazing
