// libFuzzer target: the config loader (TOML parse, then every validation of build_run_spec) on arbitrary
// bytes. Any input must end in a RunSpec or an InputError / toml parse error: never a crash, a hang,
// a sanitizer report or another exception. Run: bash scripts/fuzz.sh [SECONDS] (docs/errors.md).
#include <cstddef>
#include <cstdint>
#include <string>

#include <toml++/toml.h>

#include "grazing/config.hpp"
#include "grazing/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  toml::table config;
  try {
    config = toml::parse(text);
  } catch (const toml::parse_error&) {
    return 0;
  }
  try {
    // A directory that does not exist: an initial "file" kind with a relative path finds nothing.
    grazing::RunSpec spec = grazing::build_run_spec(std::move(config), "/nonexistent-fuzz-dir/fuzz.toml");
    (void)spec;
  } catch (const grazing::InputError&) {
  }
  return 0;
}
