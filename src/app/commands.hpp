#pragma once
#include <string>
#include <vector>

namespace grazing {

struct RunOptions {
  std::string config;
  std::string out_dir;
  std::vector<std::string> overrides;
  int threads = -1;  // -1: not given
  std::string progress = "auto";
  bool quiet = false;
  bool force = false;      // replace the run in an existing, non-empty run directory
  std::string resume;      // continue the run in this directory from its checkpoint.h5
};

struct StudyCommandOptions {
  std::string study;
  std::string out_dir;
  std::vector<std::string> overrides;
  int threads = -1;
  bool no_plots = false;
  bool quiet = false;
  bool smoke = false;
  bool force = false;
};

struct BenchOptions {
  bool quick = false;
  std::string json;
};

int run_command(const RunOptions& opts, const std::string& command_line);
int check_command(const RunOptions& opts);
int bench_command(const BenchOptions& opts);
int study_command(const StudyCommandOptions& opts);
int plot_command(const std::string& dir);
int list_command(const std::string& what);
// grazing list --markdown TABLE: one Markdown table of the docs (docs/commands/list.md); `docs` is the
// path from the document to docs/ (for the links of the models table).
const std::vector<std::string>& markdown_tables();
int list_markdown(const std::string& table, const std::string& docs);

}  // namespace grazing
