// Input errors: anything the user can fix in the config, the command line or an input file.
// The CLI turns them into exit code 2 with the message, before any output is written.
#pragma once
#include <stdexcept>
#include <string>

namespace grazing {

// `text` with its control characters (bytes 0x00-0x1f and 0x7f) written as \u00XX, as TOML writes
// them: a NUL in a config string would otherwise end the printed message there, and a newline would
// break it in two.
inline std::string escape_control(const std::string& text) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) {
      out += "\\u00";
      out += hex[b >> 4];
      out += hex[b & 15];
    } else {
      out += c;
    }
  }
  return out;
}

class InputError : public std::runtime_error {
 public:
  // key: the offending config key as "section.key" (or a file path / option name). The message is
  // printed with its control characters escaped (escape_control); key() is the key as given.
  InputError(std::string key, const std::string& message)
      : std::runtime_error(escape_control(key.empty() ? message : key + ": " + message)), key_(std::move(key)) {}
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
