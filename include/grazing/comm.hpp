// The processes of a run: an MPI job (docs/parallel.md), or the single process of a build without MPI
// (every call below is then the identity). Counter-based randomness makes results independent of how
// the work is split; this file only moves bytes. Every call is collective unless it says otherwise.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace grazing {

class Comm {
 public:
  static Comm& world();
  // The processes of this communicator that give the same `color`, ranked in this communicator's order
  // (collective). A Comm may be copied; the processes' group lives as long as one copy does.
  Comm split(int color) const;
  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }
  int local_size() const { return local_size_; }  // processes on this machine (sharing its cores)

  void barrier() const;
  double max(double x) const;
  std::uint64_t sum(std::uint64_t x) const;
  bool any(bool x) const;
  // Rank 0's string, on every rank.
  void broadcast(std::string& s) const;
  // Each rank's `bytes` bytes, concatenated in rank order, on rank 0 (empty elsewhere).
  std::vector<char> gather(const void* data, std::size_t bytes) const;
  // The same on every rank.
  std::vector<char> allgather(const void* data, std::size_t bytes) const;
  // Doubles to every rank: send[sdispl[p] .. + scount[p]) goes to rank p, which receives it at
  // recv[rdispl[me] ..]. Counts are known on both sides (no size exchange).
  void alltoallv(const double* send, const std::vector<int>& scount, const std::vector<int>& sdispl, double* recv,
                 const std::vector<int>& rcount, const std::vector<int>& rdispl) const;
  // Point to point (not collective). send returns at once and keeps `data` until the message is
  // delivered; finish_sends waits for every message this process has sent.
  void send(int dest, int tag, std::string data) const;
  void finish_sends() const;
  // A message that has arrived, or (wait) the next one to arrive, from any process with any tag:
  // true and its source and tag, or false (no wait, nothing arrived).
  bool probe(int& source, int& tag, bool wait) const;
  std::string receive(int source, int tag) const;
  // Ends every process of the job with `code` (after printing `message` on stderr). Not collective.
  [[noreturn]] void abort(const std::string& message, int code) const;

  // Bytes this process has sent to others so far (for the cost figures of run.json).
  std::uint64_t bytes_sent() const { return bytes_sent_; }

  struct Handle;  // the MPI communicator and the messages in flight (comm.cpp)

 private:
  int rank_ = 0, size_ = 1, local_size_ = 1;
  mutable std::uint64_t bytes_sent_ = 0;
  std::shared_ptr<Handle> handle_;
  friend class MpiSession;
};

// MPI_Init / MPI_Finalize around main (nothing without MPI).
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

// Whether this build has MPI (GRAZING_MPI), for run.json and `grazing --version`.
bool have_mpi();

// Contiguous ranges of particles 0..N-1 over P processes, in whole blocks of kMomentBlock particles
// (the blocks of the moment sums, so that a distributed sum adds the same block values in the same
// order as the serial one): rank p holds [offset(p), offset(p + 1)).
constexpr std::size_t kMomentBlock = 64;
std::vector<std::size_t> block_offsets(std::size_t N, int P);

}  // namespace grazing
