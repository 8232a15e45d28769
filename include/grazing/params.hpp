// Typed, validated access to one section of a TOML config. Every model and initial kind declares
// its keys as ParamSpecs; the same list drives validation (unknown keys are errors), `grazing list`
// and the docs. Errors name the key as "section.key" and say what is allowed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "grazing/vec3.hpp"

namespace grazing {

enum class ParamType { kReal, kInteger, kString, kBool, kVec3, kRealList, kVec3List };
const char* type_name(ParamType t);

struct ParamSpec {
  std::string key;
  ParamType type;
  std::string default_text;  // "required" if there is no default
  std::string doc;
};

// " (did you mean 'x'?)" for the candidate closest to `word` in edit distance, when it is close
// (at most 2 edits, or a third of the word); "" otherwise.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

class Section {
 public:
  Section(std::string name, const toml::table* table, std::string base_dir = ".")
      : name_(std::move(name)), table_(table), base_dir_(std::move(base_dir)) {}

  const std::string& name() const { return name_; }
  std::string qualified(const std::string& key) const { return name_ + "." + key; }
  bool has(const std::string& key) const;
  // Directory against which relative file paths in this section are resolved (the config's).
  const std::string& base_dir() const { return base_dir_; }

  double real(const std::string& key, std::optional<double> fallback = std::nullopt) const;
  std::int64_t integer(const std::string& key, std::optional<std::int64_t> fallback = std::nullopt) const;
  std::string string(const std::string& key, std::optional<std::string> fallback = std::nullopt) const;
  // string(key) as a file path, a relative one resolved against base_dir().
  std::string file_path(const std::string& key) const;
  bool boolean(const std::string& key, std::optional<bool> fallback = std::nullopt) const;
  Vec3 vec3(const std::string& key, std::optional<Vec3> fallback = std::nullopt) const;
  std::vector<double> reals(const std::string& key) const;
  std::vector<Vec3> vec3s(const std::string& key) const;

  // Throws InputError naming the first key of the section that is not in `allowed`.
  void check_known(const std::vector<ParamSpec>& allowed, const std::string& context) const;

 private:
  const toml::node* find(const std::string& key) const;
  // The node of `key`; nullptr when absent and a fallback exists; throws when absent without one.
  const toml::node* lookup(const std::string& key, bool has_fallback) const;
  [[noreturn]] void missing(const std::string& key) const;
  std::string name_;
  const toml::table* table_;
  std::string base_dir_;
};

}  // namespace grazing
