// Digests of run-directory contents: what a checkpoint records of the outputs and of itself, so that
// `grazing run --resume` refuses a damaged or foreign directory instead of continuing it (XXH3, 64 bits:
// an accidental change goes unnoticed with probability 2^-64; this is no defence against forgery).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace grazing {

class Digest {
 public:
  Digest();
  ~Digest();
  Digest(const Digest& o);
  Digest& operator=(const Digest& o);
  void update(const void* data, std::size_t bytes);
  void update(const std::string& s) { update(s.data(), s.size()); }
  std::uint64_t value() const;  // of everything so far; update() may go on afterwards
  std::string hex() const;      // value() as 16 hex digits

 private:
  struct State;
  std::unique_ptr<State> s_;
};

std::string digest_hex(std::uint64_t value);

// Digest of the first `bytes` bytes of a file. Throws std::runtime_error naming the file when it
// cannot be read or is shorter.
Digest digest_file_prefix(const std::string& path, std::uint64_t bytes);

}  // namespace grazing
