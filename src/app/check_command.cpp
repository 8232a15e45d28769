// `grazing check CONFIG`: every validation `grazing run` does before it starts, nothing run or written;
// prints the resolved configuration (every key with its effective value, defaults filled in) and what
// the run would cost (docs/commands/check.md).
#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "grazing/config.hpp"
#include "grazing/plasma.hpp"

namespace grazing {

RunSpec resolve_run_spec(const RunOptions& opts);  // run_command.cpp

namespace {

// A JSON object of scalars and arrays (a model's or initial law's parameters()) as a TOML table.
toml::table to_toml(const nlohmann::json& j) {
  toml::table t;
  for (const auto& [k, v] : j.items()) {
    if (v.is_boolean()) t.insert(k, v.get<bool>());
    else if (v.is_number_integer()) t.insert(k, v.get<std::int64_t>());
    else if (v.is_number()) t.insert(k, v.get<double>());
    else if (v.is_string()) t.insert(k, v.get<std::string>());
    else if (v.is_object()) t.insert(k, to_toml(v));
    else if (v.is_array()) {
      toml::array a;
      for (const auto& e : v) {
        if (e.is_array()) {
          toml::array inner;
          for (const auto& x : e) inner.push_back(x.get<double>());
          a.push_back(std::move(inner));
        } else if (e.is_number_integer()) a.push_back(e.get<std::int64_t>());
        else if (e.is_number()) a.push_back(e.get<double>());
        else if (e.is_string()) a.push_back(e.get<std::string>());
        else if (e.is_boolean()) a.push_back(e.get<bool>());
      }
      t.insert(k, std::move(a));
    }
  }
  return t;
}

}  // namespace

int check_command(const RunOptions& opts) {
  const RunSpec spec = resolve_run_spec(opts);
  toml::table model = to_toml(spec.model->parameters());
  model.insert("name", spec.model->name());
  model.insert("landau_C", spec.landau_C);
  toml::table initial = to_toml(spec.initial->parameters());
  initial.insert("kind", spec.initial->kind());
  initial.insert_or_assign("N", static_cast<std::int64_t>(spec.N));
  initial.insert("exact_moments", spec.exact_moments);
  const toml::table run{{"t_end", spec.t_end},
                        {"output_every", spec.output_every},
                        {"seed", static_cast<std::int64_t>(spec.seed)},
                        {"replicas", static_cast<std::int64_t>(spec.replicas)},
                        {"threads", spec.threads},
                        {"checkpoint_every", static_cast<std::int64_t>(spec.checkpoint_every)}};
  const toml::table output{{"dir", spec.out_dir}, {"particles", spec.particles}};
  const toml::table resolved{{"model", model}, {"initial", initial}, {"run", run}, {"output", output}};

  if (spec.plasma)  // [[species]]: the config as read; what it resolves to is in the comments below
    std::cout << fmt::format("# {}: valid. Configuration (the species' classes, steps and scales follow):\n", opts.config)
              << toml::toml_formatter{spec.config} << "\n\n";
  else
    std::cout << fmt::format("# {}: valid. Resolved configuration (defaults filled in):\n", opts.config)
              << toml::toml_formatter{resolved} << "\n\n";
  const double events = spec.model->expected_events(spec.N, spec.t_end * spec.time_scale);
  const RunMemory mem = run_memory(spec);
  std::cout << fmt::format("# output times: {} (0 to {} every {})\n", spec.output_times.size(), spec.t_end, spec.output_every);
  if (events >= 0)
    std::cout << fmt::format("# expected events: {:.4g} per replica, {:.4g} in all\n", events, events * spec.replicas);
  std::cout << fmt::format("# memory: {:.3g} GB needed, {:.3g} GB available\n", mem.total() / 1e9, available_memory_bytes() / 1e9);
  if (spec.particles)
    std::cout << fmt::format("# particles.h5: {:.3g} GB\n",
                             24.0 * static_cast<double>(spec.N) * spec.replicas * static_cast<double>(spec.output_times.size()) / 1e9);
  if (spec.plasma) {  // the species' classes: lnL (and where it came from), step, events per second
    const Plasma& p = *spec.plasma;
    std::cout << fmt::format("# plasma: {} species, weight {:.6g} per macro-particle per m^3, v_ref = {:.6g} m/s, t_ref = {:.6g} s\n",
                             p.species.size(), p.weight, p.v_ref, p.t_ref);
    for (const PairClass& k : p.classes) {
      std::cout << fmt::format("# pair {}-{}: lnL = {:.6g} ({})", p.species[k.a].name, p.species[k.b].name, k.coulomb_log,
                               k.coulomb_log_source);
      if (p.class_clocks) std::cout << fmt::format(", h = {:.6g} s, {:.4g} events/s", k.h_seconds, k.rate / p.t_ref);
      std::cout << "\n";  // (the other models' step is in the approximation below)
    }
  }
  for (const auto& a : spec.model->approximations()) std::cout << "# approximation: " << a << "\n";
  const std::filesystem::path dir(spec.out_dir);
  if (std::filesystem::is_directory(dir) && !std::filesystem::is_empty(dir))
    std::cout << fmt::format("# note: {} exists and is not empty: grazing run needs --force (or --resume)\n", spec.out_dir);
  if (std::filesystem::is_directory(dir) && ::access(spec.out_dir.c_str(), W_OK | X_OK) != 0)
    std::cout << fmt::format("# note: {} cannot be written ({}): grazing run will refuse it\n", spec.out_dir, std::strerror(errno));
  std::filesystem::path existing = std::filesystem::absolute(dir);  // the nearest existing parent holds the files
  while (!existing.empty() && !std::filesystem::exists(existing) && existing != existing.parent_path())
    existing = existing.parent_path();
  std::error_code ec;
  const auto space = std::filesystem::space(existing, ec);
  const double needed = spec.particles ? 24.0 * static_cast<double>(spec.N) * spec.replicas *
                                             static_cast<double>(spec.output_times.size())
                                       : 0.0;
  if (!ec && needed > static_cast<double>(space.available))
    std::cout << fmt::format("# note: particles.h5 needs {:.3g} GB, the file system of {} has {:.3g} GB free\n",
                             needed / 1e9, spec.out_dir, static_cast<double>(space.available) / 1e9);
  return 0;
}

}  // namespace grazing
