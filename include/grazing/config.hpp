// Loading a run config: TOML file + command-line overrides (--set section.key=value), validated into
// a RunSpec before anything is written. Every error is an InputError naming the key.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "grazing/initial.hpp"
#include "grazing/model.hpp"

namespace grazing {

struct Plasma;  // plasma.hpp

struct RunSpec {
  std::string config_path;
  toml::table config;  // as read, overrides applied
  std::unique_ptr<Model> model;
  std::unique_ptr<InitialLaw> initial;
  std::size_t N = 0;
  bool exact_moments = false;
  // Clock: the run converges to the Landau equation with constant landau_C (docs/physics/index.md#the-constant-c-and-the-clocks) on
  // its output clock t; the model runs on its own clock s = t x time_scale, with
  // time_scale = landau_C / model->landau_C() (model.landau_C; 1 by default).
  double landau_C = 0;
  double time_scale = 1;
  double t_end = 0, output_every = 0;
  std::vector<double> output_times;  // 0, output_every, 2 output_every, ..., t_end
  std::uint64_t seed = 1;
  std::uint32_t replicas = 1;
  int threads = 0;  // 0: all available cores
  bool adapt_threads = true;  // run.adapt_threads: fewer threads inside a replica on a busy machine
  std::size_t checkpoint_every = 0;  // write checkpoint.h5 every this many output times (0: only when stopped)
  std::string distribute = "auto";   // run.distribute: over MPI processes (layout.hpp, docs/parallel.md)
  std::string out_dir;
  bool particles = false;
  bool quiet = false;
  // A run with [[species]] (docs/plasma.md): the species, their scales and classes; null otherwise.
  // Then velocities are on the engine's scale v / plasma->v_ref and the run's clock is in seconds.
  std::shared_ptr<const Plasma> plasma;
};

// The keys of the [run] and [output] sections (the [model] and [initial] keys come from the
// registries).
const std::vector<ParamSpec>& common_model_params();  // name, landau_C
const std::vector<ParamSpec>& run_params();
const std::vector<ParamSpec>& output_params();
// [model]'s keys in a run with [[species]] (name, gamma, tau).
const std::vector<ParamSpec>& species_model_params();
// [[species]], [plasma] and [model] of a run with species into `spec` (model, initial law, N, clock,
// plasma); InputError naming the key.
void read_species_run(const toml::table& config, const std::string& base_dir, RunSpec& spec);

// Parse a TOML file; throws InputError naming the file (and line) on a syntax error.
toml::table read_config_file(const std::string& path);
// Apply one "section.key=value" override; value is parsed as TOML, or taken as a string.
void apply_override(toml::table& root, const std::string& assignment);
// Validate everything and build the spec. base_dir: directory of the config file.
RunSpec build_run_spec(toml::table config, const std::string& config_path);

// One section alone, validated exactly as build_run_spec validates it (errors name initial.KEY or
// model.KEY), for the Python package's initial_sample and Simulation. [initial]: sets spec.initial,
// spec.N and spec.exact_moments; relative file paths resolve against base_dir. [model], for spec.N
// particles: sets spec.model, spec.landau_C and spec.time_scale.
void build_initial_spec(const toml::table* initial, const std::string& base_dir, RunSpec& spec);
void build_model_spec(const toml::table* model, const std::string& base_dir, RunSpec& spec);

// Memory a run needs (bytes), as checked before it starts.
struct RunMemory {
  double state = 0, model = 0;  // particles; what the model allocates while advancing
  double total() const { return state + model; }
};
RunMemory run_memory(const RunSpec& spec);
// Memory the system can give now (MemAvailable; physical memory where that is not known), bytes.
double available_memory_bytes();
// The memory guard for the N velocities of a file (initial kind "file"), applied as soon as the file's
// shape is known and before anything is allocated: reading needs a buffer and the law's copy, 24 bytes
// per particle each. Empty when they fit in 90 % of the memory available, else the message (the reader
// throws it as an InputError naming initial.path).
std::string file_memory_problem(std::size_t N, const std::string& path);

}  // namespace grazing
