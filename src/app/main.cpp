// grazing: command-line entry point. Subcommands: run, check, study, plot, bench, list. Exit codes: 0 success, 1 runtime failure
// (I/O), 2 bad input (config, options, input files) with nothing written.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "grazing/comm.hpp"
#include "grazing/error.hpp"
#include "grazing/version.hpp"

int main(int argc, char** argv) {
  grazing::MpiSession mpi(argc, argv);
  const grazing::Comm& comm = grazing::Comm::world();
  CLI::App app{"grazing: stochastic particle systems converging to the spatially homogeneous Landau equation"};
  app.set_version_flag("--version", std::string(grazing::kVersion));
  app.require_subcommand(1);

  grazing::RunOptions run_opts;
  CLI::App* run = app.add_subcommand("run", "run a simulation from a TOML config (docs/commands/run.md)");
  run->add_option("config", run_opts.config, "config file (TOML; docs/config.md); omitted with --resume");
  run->add_flag("--force", run_opts.force, "replace the run in an existing, non-empty run directory");
  run->add_option("--resume", run_opts.resume, "continue the interrupted run in this directory from its checkpoint.h5");
  run->add_option("--out", run_opts.out_dir, "run directory (overrides output.dir)");
  run->add_option("--set", run_opts.overrides, "override a config key: section.key=value (repeatable)")
      ->take_all()->allow_extra_args(false);
  run->add_option("--threads", run_opts.threads, "worker threads (overrides run.threads; 0 = all cores)")
      ->check(CLI::Range(0, 4096));
  run->add_option("--progress", run_opts.progress, "progress display: auto, bar, lines, none")
      ->check(CLI::IsMember({"auto", "bar", "lines", "none"}));
  run->add_flag("-q,--quiet", run_opts.quiet, "no progress output (same as --progress none)");

  grazing::RunOptions check_opts;
  CLI::App* check = app.add_subcommand("check", "validate a run config without running it; print the resolved configuration (docs/commands/check.md)");
  check->add_option("config", check_opts.config, "config file (TOML; docs/config.md)")->required();
  check->add_option("--set", check_opts.overrides, "override a config key: section.key=value (repeatable)")
      ->take_all()->allow_extra_args(false);
  check->add_option("--out", check_opts.out_dir, "run directory (overrides output.dir)");

  grazing::StudyCommandOptions study_opts;
  CLI::App* study = app.add_subcommand("study", "run a convergence study: sweeps of a run config against a reference (docs/study.md)");
  study->add_option("study", study_opts.study, "study file (TOML; docs/study.md)")->required();
  study->add_option("--out", study_opts.out_dir, "output directory (overrides [output] dir)");
  study->add_option("--set", study_opts.overrides, "override a key of the base run config: section.key=value (repeatable)")
      ->take_all()->allow_extra_args(false);
  study->add_option("--threads", study_opts.threads, "worker threads (0 = all cores)")->check(CLI::Range(0, 4096));
  study->add_flag("--no-plots", study_opts.no_plots, "write the tables only");
  study->add_flag("--force", study_opts.force, "replace the study in an existing, non-empty output directory");
  study->add_flag("--smoke", study_opts.smoke,
                  "check a study file: every point shortened (N <= 200, replicas <= 3, times / 10); results not meaningful");
  study->add_flag("-q,--quiet", study_opts.quiet, "no progress output");

  std::string plot_dir;
  CLI::App* plot = app.add_subcommand("plot", "draw the plots of a run or study directory (docs/commands/plot.md)");
  plot->add_option("dir", plot_dir, "run or study directory")->required();

  grazing::BenchOptions bench_opts;
  CLI::App* bench = app.add_subcommand("bench", "rates of every model beside the random-number floor of a collision (docs/commands/bench.md)");
  bench->add_flag("--quick", bench_opts.quick, "one repeat, a tenth of the work, no N = 1e7 or 1e4 points (seconds)");
  bench->add_option("--json", bench_opts.json, "also write the table to this JSON file");

  CLI::App* list = app.add_subcommand("list", "list models and initial distributions with their keys");
  std::string list_what = "all";
  list->add_option("what", list_what, "models, initial, or all")->check(CLI::IsMember({"all", "models", "initial"}));
  std::string list_markdown;
  std::string list_docs = "docs/";
  list->add_option("--markdown", list_markdown, "print one Markdown table of the docs instead (scripts/update_docs.sh)")
      ->check(CLI::IsMember(grazing::markdown_tables()));
  list->add_option("--docs", list_docs, "with --markdown: the path from the document to docs/, for links (default docs/)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  std::string cmdline;
  for (int i = 0; i < argc; ++i) cmdline += (i ? " " : "") + std::string(argv[i]);
  try {
    if (*run) return grazing::run_command(run_opts, cmdline);
    // Only run and study spread over MPI processes; the other commands run on process 0.
    if (!comm.root() && !*study) return 0;
    if (*check) return grazing::check_command(check_opts);
    if (*list)
      return list_markdown.empty() ? grazing::list_command(list_what) : grazing::list_markdown(list_markdown, list_docs);
    if (*study) return grazing::study_command(study_opts);
    if (*plot) return grazing::plot_command(plot_dir);
    if (*bench) return grazing::bench_command(bench_opts);
  } catch (const grazing::InputError& e) {
    // Every process meets the same input error (each reads the same input, and process 0's verdict on
    // the output directory is broadcast): process 0 says it, all exit with 2.
    if (comm.root()) fmt::print(stderr, "grazing: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    // A failure on one process: it ends the whole job (the others may be waiting for it).
    if (comm.size() > 1)
      comm.abort(fmt::format("grazing: failed on MPI process {} of {}: {}\n", comm.rank(), comm.size(), e.what()), 1);
    fmt::print(stderr, "grazing: failed: {}\n", e.what());
    return 1;
  }
  return 0;
}
