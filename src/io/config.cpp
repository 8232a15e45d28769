#include "grazing/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <unistd.h>

#include "grazing/error.hpp"
#include "grazing/stepper.hpp"

namespace grazing {

const std::vector<ParamSpec>& common_model_params() {
  static const std::vector<ParamSpec> p = {
      {"name", ParamType::kString, "required", "model name (grazing list)"},
      {"landau_C", ParamType::kReal, "the model's own C",
       "rescale the clock so that the run converges to the Landau equation with this constant C "
       "(docs/physics/index.md#the-constant-c-and-the-clocks: Du (1.1) is C = 1/2, Tabary (1) is C = 1); step parameters stay on the model's clock"},
  };
  return p;
}

const std::vector<ParamSpec>& run_params() {
  static const std::vector<ParamSpec> p = {
      {"t_end", ParamType::kReal, "required", "final time t_end > 0, on the run's clock (the model's own unless model.landau_C rescales it)"},
      {"output_every", ParamType::kReal, "t_end / 10", "interval between output times (0, dt, 2dt, ..., t_end); > 0"},
      {"seed", ParamType::kInteger, "1", "seed of the counter-based generator, 0 <= seed < 2^63"},
      {"replicas", ParamType::kInteger, "1", "independent replicas R >= 1, each with its own streams"},
      {"threads", ParamType::kInteger, "0", "worker threads (0: all cores); results do not depend on it"},
      {"adapt_threads", ParamType::kBool, "true",
       "inside one replica, use fewer threads for an output interval when other processes keep cores busy (checked "
       "before each interval; results do not depend on it; docs/performance.md#a-busy-machine)"},
      {"checkpoint_every", ParamType::kInteger, "0",
       "write checkpoint.h5 every this many output times, for grazing run --resume (0: only when stopped by a signal)"},
      {"distribute", ParamType::kString, "\"auto\"",
       "with several MPI processes: \"replicas\" (whole replicas per process), \"particles\" (every replica split over "
       "all processes; mbc, tabary pair-splitting, landau-diffusion), or \"auto\" (particles when there are fewer "
       "replicas than processes and the model can, else replicas); docs/parallel.md"},
  };
  return p;
}

const std::vector<ParamSpec>& output_params() {
  static const std::vector<ParamSpec> p = {
      {"dir", ParamType::kString, "\"runs/<config name>\"", "run directory (created; an existing non-empty one needs grazing run --force)"},
      {"particles", ParamType::kBool, "false", "also write every particle's velocity at every output time to particles.h5"},
  };
  return p;
}

toml::table read_config_file(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) throw InputError(path, "config file not found");
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw InputError(path, fmt::format("line {}, column {}: {}", e.source().begin.line,
                                       e.source().begin.column, e.description()));
  }
}

void apply_override(toml::table& root, const std::string& assignment) {
  // One key per --set: a newline would let the value parse as several TOML lines, of which only the
  // first was kept (model.gamma=1<newline>bogus=5 dropped the rest silently).
  for (const unsigned char ch : assignment)
    if (ch < 0x20 || ch == 0x7f)
      throw InputError("--set", fmt::format("'{}' contains a control character; give one section.key=value per --set, "
                                            "on one line", assignment));
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("--set", fmt::format("'{}' is not of the form section.key=value", assignment));
  const std::string path = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  const auto dot = path.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == path.size() || path.find('.', dot + 1) != std::string::npos)
    throw InputError("--set", fmt::format("'{}' must name a key as section.key, e.g. model.gamma", path));
  const std::string section = path.substr(0, dot), key = path.substr(dot + 1);
  toml::table parsed;
  try {
    parsed = toml::parse("v = " + value);
  } catch (const toml::parse_error&) {
    parsed = toml::table{{"v", value}};  // not a TOML value: take it as a bare string
  }
  if (!root.contains(section)) root.insert(section, toml::table{});
  toml::table* sec = root[section].as_table();
  if (!sec) throw InputError(section, "is not a table");
  sec->insert_or_assign(key, *parsed.get("v"));
}

namespace {

// "X (did you mean 'y'?) (allowed: a, b, c)"-style tail for a name not in a registry.
template <class Info>
std::string joined_names(const std::vector<Info>& registry, std::string Info::*field, const std::string& given) {
  std::string names;
  std::vector<std::string> all;
  for (const auto& entry : registry) names += (names.empty() ? "" : ", ") + entry.*field, all.push_back(entry.*field);
  return did_you_mean(given, all) + " (allowed: " + names + ")";
}

std::vector<ParamSpec> concat(std::vector<ParamSpec> a, const std::vector<ParamSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<double> output_grid(double t_end, double dt) {
  const double steps = t_end / dt;
  if (steps > 1e7) throw InputError("run.output_every", fmt::format("gives {:.3g} output times; at most 1e7 are allowed", steps));
  std::vector<double> t;
  const auto n = static_cast<std::int64_t>(std::floor(steps * (1.0 + 1e-12)));
  for (std::int64_t k = 0; k <= n; ++k) t.push_back(static_cast<double>(k) * dt);
  if (t.back() < t_end * (1.0 - 1e-12)) t.push_back(t_end);
  else t.back() = t_end;
  return t;
}

}  // namespace

double available_memory_bytes() {
  // MemAvailable (Linux >= 3.14): what can be allocated without swapping; physical memory otherwise.
  if (std::FILE* f = std::fopen("/proc/meminfo", "r")) {
    char line[256];
    double kib = -1;
    while (std::fgets(line, sizeof line, f))
      if (std::sscanf(line, "MemAvailable: %lf kB", &kib) == 1) break;
    std::fclose(f);
    if (kib > 0) return kib * 1024.0;
  }
  return static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGE_SIZE));
}

std::string file_memory_problem(std::size_t N, const std::string& path) {
  const double part = 24.0 * static_cast<double>(N), avail = available_memory_bytes();
  if (!(avail > 0) || 2 * part <= 0.9 * avail) return "";
  return fmt::format("N = {} velocities in '{}' need {:.3g} GB to read (read buffer {:.3g} GB, initial state {:.3g} GB); "
                     "this machine has {:.3g} GB available", N, path, 2 * part / 1e9, part / 1e9, part / 1e9, avail / 1e9);
}

RunMemory run_memory(const RunSpec& spec) {
  // Three doubles per particle and replica, plus what the model allocates per replica being advanced
  // (at most min(replicas, threads) at once; all cores when threads = 0). Writing a checkpoint needs
  // nothing more: the velocities go to the file from the stores directly.
  RunMemory m;
  m.state = 24.0 * static_cast<double>(spec.N) * spec.replicas;
  const double cores = static_cast<double>(::sysconf(_SC_NPROCESSORS_ONLN));
  const double concurrent = std::min<double>(spec.replicas, spec.threads > 0 ? spec.threads : cores);
  m.model = spec.model->memory_per_replica(spec.N) * concurrent;
  return m;
}

namespace {

// [initial]: the law, N and exact_moments (build_run_spec, build_initial_spec).
void read_initial_section(const Section& initial_sec, RunSpec& spec) {
  const std::string kind = initial_sec.string("kind");
  const InitialInfo* init = find_initial(kind);
  if (!init)
    throw InputError("initial.kind", fmt::format("unknown initial distribution '{}'{}", kind,
                                                 joined_names(initial_registry(), &InitialInfo::kind, kind)));
  initial_sec.check_known(concat(common_initial_params(), init->params), "initial kind '" + kind + "'");
  spec.initial = init->make(initial_sec);
  spec.exact_moments = initial_sec.boolean("exact_moments", false);
  if (spec.exact_moments && !spec.initial->exact_moments())
    throw InputError("initial.exact_moments", fmt::format("not available for kind '{}' (its exact moments are not known)", kind));
  if (auto fixed = spec.initial->fixed_size()) {
    if (initial_sec.has("N") && initial_sec.integer("N") != static_cast<std::int64_t>(*fixed))
      throw InputError("initial.N", fmt::format("is {} but the file holds {} velocities", initial_sec.integer("N"), *fixed));
    spec.N = *fixed;
  } else {
    const std::int64_t N = initial_sec.integer("N");
    if (N < 2) throw InputError("initial.N", fmt::format("must be an integer >= 2 (got {})", N));
    if (N > (std::int64_t{1} << 40)) throw InputError("initial.N", fmt::format("{} is too large", N));
    spec.N = static_cast<std::size_t>(N);
  }
}

// [model] for spec.N particles: the model, landau_C and time_scale.
void read_model_section(const Section& model_sec, RunSpec& spec) {
  const std::string name = model_sec.string("name");
  const ModelInfo* mi = find_model(name);
  if (!mi)
    throw InputError("model.name", fmt::format("unknown model '{}'{}", name,
                                               joined_names(model_registry(), &ModelInfo::name, name)));
  model_sec.check_known(concat(common_model_params(), mi->params), "model '" + name + "'");
  spec.model = mi->make(model_sec, spec.N);
  spec.landau_C = model_sec.real("landau_C", spec.model->landau_C());
  if (!(spec.landau_C > 0.0))
    throw InputError("model.landau_C", fmt::format("must be > 0 (got {})", spec.landau_C));
  spec.time_scale = spec.landau_C / spec.model->landau_C();
}

}  // namespace

void build_initial_spec(const toml::table* initial, const std::string& base_dir, RunSpec& spec) {
  read_initial_section(Section("initial", initial, base_dir), spec);
}

void build_model_spec(const toml::table* model, const std::string& base_dir, RunSpec& spec) {
  read_model_section(Section("model", model, base_dir), spec);
}

RunSpec build_run_spec(toml::table config, const std::string& config_path) {
  RunSpec spec;
  spec.config_path = config_path;
  const std::string base_dir = std::filesystem::path(config_path).parent_path().string();

  const bool species = config.contains("species");
  for (const auto& [k, v] : config) {
    const std::string s(k.str());
    if (s == "species" && v.is_array()) continue;
    if (s == "plasma" && !species) throw InputError("plasma", "needs [[species]] tables (docs/plasma.md)");
    if (s != "model" && s != "initial" && s != "run" && s != "output" && s != "plasma")
      throw InputError(s, fmt::format("unknown section{} (allowed: [model], [initial], [run], [output], [[species]], [plasma])",
                                      did_you_mean(s, {"model", "initial", "run", "output", "species", "plasma"})));
    if (!v.is_table()) throw InputError(s, s == "species" ? "write each species as a [[species]] table" : "must be a table, written [" + s + "]");
  }
  auto table = [&](const char* name) { return config[name].as_table(); };
  const Section model_sec("model", table("model"), base_dir), initial_sec("initial", table("initial"), base_dir),
      run_sec("run", table("run"), base_dir), output_sec("output", table("output"), base_dir);

  if (species) {
    read_species_run(config, base_dir, spec);
  } else {
    // [initial] first: N is needed by the model's defaults.
    read_initial_section(initial_sec, spec);
    read_model_section(model_sec, spec);
  }

  run_sec.check_known(run_params(), "[run]");
  spec.t_end = run_sec.real("t_end");
  if (!(spec.t_end > 0.0)) throw InputError("run.t_end", fmt::format("must be > 0 (got {})", spec.t_end));
  spec.output_every = run_sec.real("output_every", spec.t_end / 10.0);
  if (!(spec.output_every > 0.0))
    throw InputError("run.output_every", fmt::format("must be > 0 (got {})", spec.output_every));
  spec.output_times = output_grid(spec.t_end, spec.output_every);
  const std::int64_t seed = run_sec.integer("seed", 1);
  if (seed < 0) throw InputError("run.seed", fmt::format("must be >= 0 (got {})", seed));
  spec.seed = static_cast<std::uint64_t>(seed);
  const std::int64_t R = run_sec.integer("replicas", 1);
  if (R < 1 || R > (std::int64_t{1} << 31)) throw InputError("run.replicas", fmt::format("must be an integer in [1, 2^31] (got {})", R));
  spec.replicas = static_cast<std::uint32_t>(R);
  const std::int64_t threads = run_sec.integer("threads", 0);
  if (threads < 0 || threads > 4096) throw InputError("run.threads", fmt::format("must be in [0, 4096] (got {})", threads));
  spec.threads = static_cast<int>(threads);
  spec.adapt_threads = run_sec.boolean("adapt_threads", true);
  const std::int64_t every = run_sec.integer("checkpoint_every", 0);
  if (every < 0) throw InputError("run.checkpoint_every", fmt::format("must be an integer >= 0 (got {})", every));
  spec.checkpoint_every = static_cast<std::size_t>(every);
  spec.distribute = run_sec.string("distribute", "auto");
  if (spec.distribute != "auto" && spec.distribute != "replicas" && spec.distribute != "particles")
    throw InputError("run.distribute",
                     fmt::format("must be \"auto\", \"replicas\" or \"particles\" (got \"{}\")", spec.distribute));
  if (spec.distribute == "particles" && !spec.model->distributes_particles())
    throw InputError("run.distribute", fmt::format("model '{}' cannot split a replica's particles over processes "
                                                   "(mbc, tabary with scheme pair-splitting and landau-diffusion can)",
                                                   spec.model->name()));

  if (!std::isfinite(spec.t_end * spec.time_scale))
    throw InputError("model.landau_C", "makes the model's time t_end x landau_C / C infinite");
  check_interval_events(spec, spec.output_every * spec.time_scale, "per output interval", "decrease run.output_every");
  const double total_events = spec.model->expected_events(spec.N, spec.t_end * spec.time_scale) * spec.replicas;
  if (total_events >= 0 && !(total_events < 1e19))
    throw InputError("model." + spec.model->step_key(),
                     fmt::format("gives {:.3g} expected events in all; at most 1e19 fit the counters", total_events));
  // Memory (the resource guard): refuse a run that cannot fit in the memory available now.
  const RunMemory mem = run_memory(spec);
  const double avail = available_memory_bytes();
  if (avail > 0 && mem.total() > 0.9 * avail)
    throw InputError(spec.replicas > 1 ? "run.replicas" : "initial.N",
                     fmt::format("N = {} with {} replica(s) needs {:.3g} GB (particles {:.3g} GB, model work space {:.3g} GB); "
                                 "this machine has {:.3g} GB available",
                                 spec.N, spec.replicas, mem.total() / 1e9, mem.state / 1e9, mem.model / 1e9, avail / 1e9));

  output_sec.check_known(output_params(), "[output]");
  spec.out_dir = output_sec.string("dir", (std::filesystem::path("runs") / std::filesystem::path(config_path).stem()).string());
  if (spec.out_dir.empty()) throw InputError("output.dir", "must not be empty");
  spec.particles = output_sec.boolean("particles", false);
  if (spec.particles) {
    const double bytes = 24.0 * static_cast<double>(spec.N) * spec.replicas * static_cast<double>(spec.output_times.size());
    if (bytes > 1e12)
      throw InputError("output.particles", fmt::format("would write {:.3g} bytes; reduce N, replicas or output times", bytes));
  }
  spec.config = std::move(config);
  return spec;
}

}  // namespace grazing
