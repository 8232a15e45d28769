#include "commands.hpp"
#include "study/study.hpp"

namespace grazing {

int plot_directory(const std::string& dir, const std::string& kind);

int study_command(const StudyCommandOptions& o) {
  StudyOptions s;
  s.study_path = o.study;
  s.out_dir = o.out_dir;
  s.overrides = o.overrides;
  s.threads = o.threads;
  s.plots = !o.no_plots;
  s.smoke = o.smoke;
  s.force = o.force;
  s.progress = o.quiet ? Progress::Mode::kQuiet : Progress::Mode::kAuto;
  const StudyResult r = run_study(s);
  return r.plots ? plot_directory(r.dir, "study") : 0;
}

}  // namespace grazing
