#include "grazing/comm.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

#ifdef GRAZING_MPI
#include <mpi.h>
#endif

namespace grazing {

Comm& Comm::world() {
  static Comm c;
  return c;
}

bool have_mpi() {
#ifdef GRAZING_MPI
  return true;
#else
  return false;
#endif
}

std::vector<std::size_t> block_offsets(std::size_t N, int P) {
  const std::size_t blocks = (N + kMomentBlock - 1) / kMomentBlock;
  std::vector<std::size_t> off(static_cast<std::size_t>(P) + 1);
  for (int p = 0; p <= P; ++p)
    off[p] = std::min(N, blocks * static_cast<std::size_t>(p) / static_cast<std::size_t>(P) * kMomentBlock);
  off[P] = N;
  return off;
}

#ifdef GRAZING_MPI

namespace {
void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) throw std::runtime_error(fmt::format("MPI error in {}", what));
}
}  // namespace

struct Comm::Handle {
  MPI_Comm comm = MPI_COMM_WORLD;
  bool owned = false;  // made by split: freed with the last copy
  struct Pending {
    std::string data;
    MPI_Request request;
  };
  std::vector<std::unique_ptr<Pending>> pending;  // sends in flight
  ~Handle() {
    for (auto& p : pending) MPI_Wait(&p->request, MPI_STATUS_IGNORE);
    if (owned) MPI_Comm_free(&comm);
  }
};

namespace {
// The communicator of a Comm (MPI_COMM_WORLD for the world, also before MpiSession has run).
MPI_Comm native(const std::shared_ptr<Comm::Handle>& h) { return h ? h->comm : MPI_COMM_WORLD; }
}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
  int provided = 0;
  // Only the main thread calls MPI (OpenMP threads never do).
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  Comm& c = Comm::world();
  MPI_Comm_rank(MPI_COMM_WORLD, &c.rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &c.size_);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &c.local_size_);
  MPI_Comm_free(&local);
  c.handle_ = std::make_shared<Comm::Handle>();
}

MpiSession::~MpiSession() {
  Comm::world().handle_.reset();  // messages still in flight are delivered first
  MPI_Finalize();
}

Comm Comm::split(int color) const {
  Comm c;
  c.local_size_ = local_size_;
  c.handle_ = std::make_shared<Handle>();
  if (size_ == 1) {
    c.handle_->comm = MPI_COMM_SELF;
    return c;
  }
  check(MPI_Comm_split(native(handle_), color, rank_, &c.handle_->comm), "comm_split");
  c.handle_->owned = true;
  MPI_Comm_rank(c.handle_->comm, &c.rank_);
  MPI_Comm_size(c.handle_->comm, &c.size_);
  return c;
}

void Comm::send(int dest, int tag, std::string data) const {
  if (!handle_) throw std::logic_error("Comm::send before MPI_Init");
  auto p = std::make_unique<Handle::Pending>();
  p->data = std::move(data);
  if (p->data.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("MPI message over 2 GiB");
  check(MPI_Isend(p->data.data(), static_cast<int>(p->data.size()), MPI_CHAR, dest, tag, handle_->comm, &p->request),
        "isend");
  bytes_sent_ += p->data.size();
  handle_->pending.push_back(std::move(p));
}

void Comm::finish_sends() const {
  if (!handle_) return;
  for (auto& p : handle_->pending) check(MPI_Wait(&p->request, MPI_STATUS_IGNORE), "wait");
  handle_->pending.clear();
}

bool Comm::probe(int& source, int& tag, bool wait) const {
  MPI_Status st;
  int flag = 1;
  if (wait) check(MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, native(handle_), &st), "probe");
  else check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, native(handle_), &flag, &st), "iprobe");
  if (!flag) return false;
  source = st.MPI_SOURCE;
  tag = st.MPI_TAG;
  return true;
}

std::string Comm::receive(int source, int tag) const {
  MPI_Status st;
  check(MPI_Probe(source, tag, native(handle_), &st), "probe");
  int n = 0;
  MPI_Get_count(&st, MPI_CHAR, &n);
  std::string s(static_cast<std::size_t>(n), '\0');
  check(MPI_Recv(s.data(), n, MPI_CHAR, source, tag, native(handle_), MPI_STATUS_IGNORE), "recv");
  return s;
}

void Comm::barrier() const {
  if (size_ > 1) check(MPI_Barrier(native(handle_)), "barrier");
}

double Comm::max(double x) const {
  if (size_ == 1) return x;
  double y = 0;
  check(MPI_Allreduce(&x, &y, 1, MPI_DOUBLE, MPI_MAX, native(handle_)), "allreduce");
  return y;
}

std::uint64_t Comm::sum(std::uint64_t x) const {
  if (size_ == 1) return x;
  std::uint64_t y = 0;
  check(MPI_Allreduce(&x, &y, 1, MPI_UINT64_T, MPI_SUM, native(handle_)), "allreduce");
  return y;
}

bool Comm::any(bool x) const {
  if (size_ == 1) return x;
  int a = x ? 1 : 0, b = 0;
  check(MPI_Allreduce(&a, &b, 1, MPI_INT, MPI_LOR, native(handle_)), "allreduce");
  return b != 0;
}

void Comm::broadcast(std::string& s) const {
  if (size_ == 1) return;
  std::uint64_t n = s.size();
  check(MPI_Bcast(&n, 1, MPI_UINT64_T, 0, native(handle_)), "bcast");
  s.resize(n);
  if (n) check(MPI_Bcast(s.data(), static_cast<int>(n), MPI_CHAR, 0, native(handle_)), "bcast");
  if (root()) bytes_sent_ += n * static_cast<std::uint64_t>(size_ - 1);
}

namespace {
// Byte counts and displacements of a gather (MPI counts are int: messages < 2 GiB per rank).
void counts_of(std::size_t bytes, int size, std::vector<int>& counts, std::vector<int>& displs, MPI_Comm comm) {
  if (bytes > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("MPI message over 2 GiB from one rank (use more ranks or fewer particles per rank)");
  const int mine = static_cast<int>(bytes);
  counts.assign(size, 0);
  check(MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, comm), "allgather");
  displs.assign(size, 0);
  std::size_t total = 0;
  for (int p = 0; p < size; ++p) {
    displs[p] = static_cast<int>(total);
    total += counts[p];
  }
  if (total > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("MPI gather over 2 GiB (gather fewer particles at a time)");
}
}  // namespace

std::vector<char> Comm::gather(const void* data, std::size_t bytes) const {
  if (size_ == 1) return {static_cast<const char*>(data), static_cast<const char*>(data) + bytes};
  std::vector<int> counts, displs;
  counts_of(bytes, size_, counts, displs, native(handle_));
  std::vector<char> out;
  if (root()) out.resize(static_cast<std::size_t>(displs.back()) + counts.back());
  check(MPI_Gatherv(data, static_cast<int>(bytes), MPI_BYTE, out.data(), counts.data(), displs.data(), MPI_BYTE, 0,
                    native(handle_)),
        "gatherv");
  if (!root()) bytes_sent_ += bytes;
  return out;
}

std::vector<char> Comm::allgather(const void* data, std::size_t bytes) const {
  if (size_ == 1) return {static_cast<const char*>(data), static_cast<const char*>(data) + bytes};
  std::vector<int> counts, displs;
  counts_of(bytes, size_, counts, displs, native(handle_));
  std::vector<char> out(static_cast<std::size_t>(displs.back()) + counts.back());
  check(MPI_Allgatherv(data, static_cast<int>(bytes), MPI_BYTE, out.data(), counts.data(), displs.data(), MPI_BYTE,
                       native(handle_)),
        "allgatherv");
  bytes_sent_ += bytes * static_cast<std::uint64_t>(size_ - 1);
  return out;
}

void Comm::alltoallv(const double* send, const std::vector<int>& scount, const std::vector<int>& sdispl, double* recv,
                     const std::vector<int>& rcount, const std::vector<int>& rdispl) const {
  if (size_ == 1) {
    std::memcpy(recv + rdispl[0], send + sdispl[0], sizeof(double) * static_cast<std::size_t>(scount[0]));
    return;
  }
  check(MPI_Alltoallv(send, scount.data(), sdispl.data(), MPI_DOUBLE, recv, rcount.data(), rdispl.data(), MPI_DOUBLE,
                      native(handle_)),
        "alltoallv");
  for (int p = 0; p < size_; ++p)
    if (p != rank_) bytes_sent_ += sizeof(double) * static_cast<std::uint64_t>(scount[p]);
}

void Comm::abort(const std::string& message, int code) const {
  std::fputs(message.c_str(), stderr);
  std::fflush(stderr);
  if (size_ > 1) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

#else  // one process

MpiSession::MpiSession(int&, char**&) {}
MpiSession::~MpiSession() = default;
void Comm::barrier() const {}
double Comm::max(double x) const { return x; }
std::uint64_t Comm::sum(std::uint64_t x) const { return x; }
bool Comm::any(bool x) const { return x; }
void Comm::broadcast(std::string&) const {}
std::vector<char> Comm::gather(const void* data, std::size_t bytes) const {
  return {static_cast<const char*>(data), static_cast<const char*>(data) + bytes};
}
std::vector<char> Comm::allgather(const void* data, std::size_t bytes) const { return gather(data, bytes); }
void Comm::alltoallv(const double* send, const std::vector<int>& scount, const std::vector<int>& sdispl, double* recv,
                     const std::vector<int>&, const std::vector<int>& rdispl) const {
  std::memcpy(recv + rdispl[0], send + sdispl[0], sizeof(double) * static_cast<std::size_t>(scount[0]));
}
void Comm::abort(const std::string& message, int code) const {
  std::fputs(message.c_str(), stderr);
  std::exit(code);
}
struct Comm::Handle {};
Comm Comm::split(int) const { return *this; }
// One process sends to no other (the callers keep what they would send to themselves).
void Comm::send(int, int, std::string) const { throw std::logic_error("Comm::send in a build without MPI"); }
void Comm::finish_sends() const {}
bool Comm::probe(int&, int&, bool) const { return false; }
std::string Comm::receive(int, int) const { throw std::logic_error("Comm::receive in a build without MPI"); }

#endif

}  // namespace grazing
