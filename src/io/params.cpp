#include "grazing/params.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include "grazing/error.hpp"

namespace grazing {
namespace {

std::string describe(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date/time";
  }
}

std::optional<double> as_real(const toml::node& n) {
  if (auto f = n.value_exact<double>()) return *f;
  if (auto i = n.value_exact<std::int64_t>()) return static_cast<double>(*i);
  return std::nullopt;
}

}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  // Levenshtein distance, case-insensitive, one row at a time.
  auto distance = [](const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diag = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t up = row[j];
        const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
        diag = up;
      }
    }
    return row[b.size()];
  };
  const std::string* best = nullptr;
  std::size_t best_d = 0;
  for (const auto& c : candidates) {
    const std::size_t d = distance(word, c);
    if (!best || d < best_d) best = &c, best_d = d;
  }
  if (!best || best_d == 0 || best_d > std::max<std::size_t>(2, word.size() / 3)) return "";
  return fmt::format(" (did you mean '{}'?)", *best);
}

const char* type_name(ParamType t) {
  switch (t) {
    case ParamType::kReal: return "number";
    case ParamType::kInteger: return "integer";
    case ParamType::kString: return "string";
    case ParamType::kBool: return "boolean";
    case ParamType::kVec3: return "[x, y, z]";
    case ParamType::kRealList: return "array of numbers";
    case ParamType::kVec3List: return "array of [x, y, z]";
  }
  return "?";
}

const toml::node* Section::find(const std::string& key) const {
  return table_ ? table_->get(key) : nullptr;
}

bool Section::has(const std::string& key) const { return find(key) != nullptr; }

void Section::missing(const std::string& key) const {
  throw InputError(qualified(key), "required key is missing");
}

const toml::node* Section::lookup(const std::string& key, bool has_fallback) const {
  const toml::node* n = find(key);
  if (!n && !has_fallback) missing(key);
  return n;
}

double Section::real(const std::string& key, std::optional<double> fallback) const {
  const toml::node* n = lookup(key, fallback.has_value());
  if (!n) return *fallback;
  auto v = as_real(*n);
  if (!v) throw InputError(qualified(key), fmt::format("expected a number, got {}", describe(*n)));
  if (!std::isfinite(*v)) throw InputError(qualified(key), "must be finite");
  return *v;
}

std::int64_t Section::integer(const std::string& key, std::optional<std::int64_t> fallback) const {
  const toml::node* n = lookup(key, fallback.has_value());
  if (!n) return *fallback;
  if (auto i = n->value_exact<std::int64_t>()) return *i;
  if (auto f = n->value_exact<double>(); f && std::isfinite(*f) && *f == std::floor(*f) && std::fabs(*f) < 9e15)
    return static_cast<std::int64_t>(*f);  // 1e6 written as a float is accepted when it is integral
  throw InputError(qualified(key), fmt::format("expected an integer, got {}", describe(*n)));
}

std::string Section::file_path(const std::string& key) const {
  std::filesystem::path p = string(key);
  if (p.is_relative()) p = std::filesystem::path(base_dir_) / p;
  return p.string();
}

std::string Section::string(const std::string& key, std::optional<std::string> fallback) const {
  const toml::node* n = lookup(key, fallback.has_value());
  if (!n) return *fallback;
  if (auto s = n->value_exact<std::string>()) {
    // Paths and names reach C interfaces (the file system, HDF5) that would stop at a NUL and use the
    // rest as another name: output.dir = "runs/a\u0000b" would write to runs/a.
    if (s->find('\0') != std::string::npos)
      throw InputError(qualified(key), fmt::format("'{}' contains a NUL character (\\u0000), which no name or path may hold", *s));
    return *s;
  }
  throw InputError(qualified(key), fmt::format("expected a string, got {}", describe(*n)));
}

bool Section::boolean(const std::string& key, std::optional<bool> fallback) const {
  const toml::node* n = lookup(key, fallback.has_value());
  if (!n) return *fallback;
  if (auto b = n->value_exact<bool>()) return *b;
  throw InputError(qualified(key), fmt::format("expected true or false, got {}", describe(*n)));
}

static Vec3 to_vec3(const toml::node& n, const std::string& qkey) {
  const toml::array* a = n.as_array();
  if (!a || a->size() != 3)
    throw InputError(qkey, fmt::format("expected an array of three numbers [x, y, z], got {}", describe(n)));
  Vec3 out;
  for (int k = 0; k < 3; ++k) {
    auto v = as_real(*a->get(static_cast<std::size_t>(k)));
    if (!v || !std::isfinite(*v)) throw InputError(qkey, "expected an array of three finite numbers [x, y, z]");
    out[k] = *v;
  }
  return out;
}

Vec3 Section::vec3(const std::string& key, std::optional<Vec3> fallback) const {
  const toml::node* n = lookup(key, fallback.has_value());
  if (!n) return *fallback;
  return to_vec3(*n, qualified(key));
}

std::vector<double> Section::reals(const std::string& key) const {
  const toml::node* n = find(key);
  if (!n) missing(key);
  const toml::array* a = n->as_array();
  if (!a) throw InputError(qualified(key), fmt::format("expected an array of numbers, got {}", describe(*n)));
  std::vector<double> out;
  for (const auto& el : *a) {
    auto v = as_real(el);
    if (!v || !std::isfinite(*v)) throw InputError(qualified(key), "expected an array of finite numbers");
    out.push_back(*v);
  }
  return out;
}

std::vector<Vec3> Section::vec3s(const std::string& key) const {
  const toml::node* n = find(key);
  if (!n) missing(key);
  const toml::array* a = n->as_array();
  if (!a) throw InputError(qualified(key), fmt::format("expected an array of [x, y, z], got {}", describe(*n)));
  std::vector<Vec3> out;
  for (const auto& el : *a) out.push_back(to_vec3(el, qualified(key)));
  return out;
}

void Section::check_known(const std::vector<ParamSpec>& allowed, const std::string& context) const {
  if (!table_) return;
  for (const auto& [k, v] : *table_) {
    const std::string key(k.str());
    bool ok = false;
    for (const auto& p : allowed) ok = ok || p.key == key;
    if (!ok) {
      std::string names;
      std::vector<std::string> keys;
      for (const auto& p : allowed) names += (names.empty() ? "" : ", ") + p.key, keys.push_back(p.key);
      throw InputError(qualified(key), fmt::format("unknown key for {}{} (allowed: {})", context, did_you_mean(key, keys), names));
    }
  }
}

}  // namespace grazing
