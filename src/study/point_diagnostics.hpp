// One sweep point's diagnostics at its output times (docs/study.md#the-diagnostics): each process of
// the point's group diagnoses the replicas it holds (a ReplicaRecord each); the group's first process
// adds the records up in replica order into the point's lines of points.csv and, once the run has
// ended, its line of summary.csv (docs/parallel.md#studies).
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "grazing/comm.hpp"
#include "grazing/run.hpp"
#include "replica_record.hpp"
#include "study_input.hpp"
#include "tables.hpp"

namespace grazing {

class PointDiagnostics {
 public:
  PointDiagnostics(const StudyInput& in, std::size_t point, const Comm& group);
  // Output time k (SimulateHooks::on_output with local_states): true on the group's first process,
  // which has added the line of points.csv; false on the others (they have sent their records).
  bool at_output(std::size_t k, const std::vector<ReplicaState>& st, const std::vector<Moments>& mo);
  // The group's first process, after the run: the point's lines (diagnostics_seconds: the time spent
  // in the output callback).
  PointResult result(const RunSummary& rs, double diagnostics_seconds) const;

 private:
  ReplicaRecord diagnose(std::size_t k, std::size_t r, const ParticleStore& v, double mean_v4,
                         const std::vector<double>& Q) const;
  PointsRow add_up(std::size_t k, const std::vector<ReplicaRecord>& records);

  const DiagnosticSettings& settings_;
  const RunSpec& spec_;
  const std::vector<TestFunction>& bank_;
  const Comm& group_;
  std::size_t point_;
  double h_used_;                   // the step of the point's model (model.h or model.dt)
  std::unique_ptr<ReferenceLaw> ref_;
  bool whole_;                      // whole replicas per process (else distributed N)
  std::size_t r0_, r1_;             // the replicas this process diagnoses
  std::size_t n_pool_;              // each replica's share of the pooled samples
  bool exact_;                      // the exact 3-D W2 at this point's N
  std::vector<double> sup_w_, sup_w_iid_;  // per replica: sup over the output times so far of the W2 of |v|
  double max_nvar_ = 0;
  std::string rows_;                // the lines of points.csv so far
};

}  // namespace grazing
