#include "grazing/run_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "grazing/error.hpp"

namespace grazing {
namespace {

std::string holder_of(const std::string& info_path) {
  std::ifstream in(info_path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s.empty() ? "another process (it has not yet written who it is)" : s;
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "?";
  return buf;
}

}  // namespace

RunDirLock::RunDirLock(const std::string& dir, const std::string& key, const std::string& command) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw InputError(key, fmt::format("cannot open directory '{}': {}", dir, std::strerror(errno)));
  info_path_ = (std::filesystem::path(dir) / kInfoFile).string();
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK)
      throw InputError(key, fmt::format("'{}' is in use by {}; wait for it to end, or stop it with Ctrl-C or SIGTERM (it "
                                        "then writes a checkpoint) before starting another process there",
                                        dir, holder_of(info_path_)));
    throw InputError(key, fmt::format("cannot lock directory '{}': {}", dir, std::strerror(err)));
  }
  fd_ = fd;
  // Who holds it; this is also the check that the directory can be written (exit 2 before the run).
  const std::time_t t = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  const std::string text = fmt::format("process {} on {} since {}: {}\n", ::getpid(), host_name(), when, command);
  const int w = ::open(info_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const bool ok = w >= 0 && ::write(w, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const int err = errno;
  if (w >= 0) ::close(w);
  if (!ok) {
    ::unlink(info_path_.c_str());
    release();
    throw InputError(key, fmt::format("cannot write in directory '{}': {}", dir, std::strerror(err)));
  }
}

bool RunDirLock::empty_but_lock(const std::string& dir) {
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename() != kInfoFile) return false;
  return true;
}

RunDirLock::~RunDirLock() { release(); }

RunDirLock::RunDirLock(RunDirLock&& o) noexcept : fd_(o.fd_), info_path_(std::move(o.info_path_)) { o.fd_ = -1; }

RunDirLock& RunDirLock::operator=(RunDirLock&& o) noexcept {
  if (this != &o) {
    release();
    fd_ = o.fd_;
    info_path_ = std::move(o.info_path_);
    o.fd_ = -1;
  }
  return *this;
}

void RunDirLock::release() {
  if (fd_ < 0) return;
  ::unlink(info_path_.c_str());  // while still holding the lock: no other holder's file is removed
  ::close(fd_);                  // releases the lock
  fd_ = -1;
}

}  // namespace grazing
