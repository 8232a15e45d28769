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

}  // namespace grazing
