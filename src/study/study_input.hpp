// A study file read and checked before anything is written (docs/study.md#what-is-checked-before-anything-is-written):
// the base run config, every sweep point's run spec, the reference and the diagnostics' settings.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "grazing/config.hpp"
#include "reference_law.hpp"
#include "study.hpp"

namespace grazing {

// study.reference and the radial solver's keys (docs/study.md#the-references).
struct ReferenceChoice {
  std::string kind = "none";  // "bkw", "radial" or "none"
  double gamma = 0;           // the base model's
  int cells = 200;
  double r_max = 10, dt = 1e-3;
  // f_t for a point's run spec (nullptr for "none").
  std::unique_ptr<ReferenceLaw> make(const RunSpec& spec) const {
    return make_reference(kind, spec, gamma, cells, r_max, dt);
  }
};

// The [study] keys of the diagnostics (docs/study.md#the-diagnostics).
struct DiagnosticSettings {
  int sliced_directions = 32;
  std::size_t quantile_cells = 65536;
  std::size_t pooled_max = 5000;
  bool entropy_fisher = true;
  bool exact_w2 = false;
  std::uint64_t near_diagonal_pairs = 200000;
};

struct StudyInput {
  std::string base_path;  // the base run config's file
  RunSpec base;           // the base, --set (and --smoke) applied, validated
  std::vector<RunSpec> points;  // every sweep point's run spec, in point order (docs/study.md#the-sweep-points)
  bool schedule = false;  // h from h_c N^(-h_beta): the points form one group of fits.csv
  ReferenceChoice reference;
  DiagnosticSettings diagnostics;
  std::string out_dir;
  bool plots = true;  // [output] plots
};

// Reads the study file and its base and checks all of it; throws InputError at the first problem.
StudyInput read_study_input(const StudyOptions& opt);

}  // namespace grazing
