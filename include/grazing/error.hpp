// Input errors: anything the user can fix in the config, the command line or an input file.
// The CLI turns them into exit code 2 with the message, before any output is written.
#pragma once
#include <stdexcept>
#include <string>

namespace grazing {

class InputError : public std::runtime_error {
 public:
  // key: the offending config key as "section.key" (or a file path / option name).
  InputError(std::string key, const std::string& message)
      : std::runtime_error(key.empty() ? message : key + ": " + message), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

// A failed write of an output (moments.csv, particles.h5, run.json, checkpoint.h5): a full disk, a
// quota, a vanished directory. The run then keeps its outputs under their .part names, so that no
// truncated file carries a final name, and can be resumed from its last checkpoint.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace grazing
