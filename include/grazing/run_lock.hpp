// One process at a time in a run directory (docs/commands/run.md, "The directory lock"): `grazing run`
// (also with --force) and `grazing run --resume` hold an advisory lock on the directory from before they
// look at its files until they exit. The kernel drops the lock when the process ends, however it ends,
// so a killed run never leaves a stale lock. Who holds it is written in DIR/.grazing-lock (removed on
// release) for the message of the process that is refused.
#pragma once
#include <string>

namespace grazing {

class RunDirLock {
 public:
  RunDirLock() = default;
  // Lock `dir` (which must exist). Throws InputError under `key` (exit 2) when another process holds
  // it, naming that process, or when the directory cannot be written.
  RunDirLock(const std::string& dir, const std::string& key, const std::string& command);
  ~RunDirLock();
  RunDirLock(RunDirLock&& o) noexcept;
  RunDirLock& operator=(RunDirLock&& o) noexcept;
  RunDirLock(const RunDirLock&) = delete;
  RunDirLock& operator=(const RunDirLock&) = delete;
  bool held() const { return fd_ >= 0; }
  static constexpr const char* kInfoFile = ".grazing-lock";
  // Whether `dir` holds nothing but a lock record (a killed holder's, or this process's own).
  static bool empty_but_lock(const std::string& dir);

 private:
  void release();
  int fd_ = -1;
  std::string info_path_;
};

}  // namespace grazing
