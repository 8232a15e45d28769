// The pieces that keep a run directory sound: the digest a checkpoint records (XXH3-64), and the
// directory lock (docs/commands/run.md, "The directory lock"). The whole behaviour, with real runs,
// is tests/cli/run_directory.sh.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "grazing/digest.hpp"
#include "grazing/error.hpp"
#include "grazing/run_lock.hpp"

namespace grazing {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("grazing_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(Digest, KnownAnswerOfTheEmptyInput) {
  // XXH3_64bits of zero bytes with seed 0, as published with the xxHash specification.
  EXPECT_EQ(Digest().value(), 0x2D06800538D394C2ull);
  EXPECT_EQ(Digest().hex(), "2d06800538d394c2");
}

TEST(Digest, IndependentOfHowTheBytesArriveAndSensitiveToEveryBit) {
  std::mt19937_64 gen(11);
  std::vector<unsigned char> bytes(100003);
  for (auto& b : bytes) b = static_cast<unsigned char>(gen());
  Digest whole;
  whole.update(bytes.data(), bytes.size());
  Digest pieces;
  for (std::size_t at = 0; at < bytes.size();) {
    const std::size_t n = std::min<std::size_t>(bytes.size() - at, 1 + gen() % 5000);
    pieces.update(bytes.data() + at, n);
    at += n;
  }
  EXPECT_EQ(whole.value(), pieces.value());
  const Digest copy = whole;  // a copy goes on independently
  EXPECT_EQ(copy.value(), whole.value());
  for (std::size_t bit : {0ul, 7ul, 8ul * 50000 + 3, 8ul * bytes.size() - 1}) {
    auto flipped = bytes;
    flipped[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
    Digest d;
    d.update(flipped.data(), flipped.size());
    EXPECT_NE(d.value(), whole.value()) << "bit " << bit;
  }
}

TEST(Digest, FilePrefix) {
  const fs::path d = fresh_dir("digest");
  const std::string text = "replica,t\n0,0\n1,0\n0,0.5\n";
  std::ofstream(d / "f.csv") << text;
  Digest ref;
  ref.update(text.substr(0, 14));
  EXPECT_EQ(digest_file_prefix((d / "f.csv").string(), 14).value(), ref.value());
  EXPECT_THROW(digest_file_prefix((d / "f.csv").string(), text.size() + 1), std::runtime_error);
  EXPECT_THROW(digest_file_prefix((d / "missing.csv").string(), 1), std::runtime_error);
  fs::remove_all(d);
}

TEST(RunDirLock, ASecondHolderIsRefusedNamingTheFirst) {
  const fs::path d = fresh_dir("lock");
  const fs::path info = d / RunDirLock::kInfoFile;
  {
    RunDirLock first(d.string(), "output.dir", "grazing run a.toml");
    EXPECT_TRUE(first.held());
    EXPECT_TRUE(fs::exists(info));
    // flock locks belong to open file descriptions: a second one conflicts within one process too.
    try {
      RunDirLock second(d.string(), "--resume", "grazing run --resume d");
      FAIL() << "the second lock was granted";
    } catch (const InputError& e) {
      const std::string m = e.what();
      EXPECT_EQ(e.key(), "--resume");
      EXPECT_NE(m.find("is in use by process " + std::to_string(::getpid()) + " on "), std::string::npos) << m;
      EXPECT_NE(m.find("grazing run a.toml"), std::string::npos) << m;
    }
    EXPECT_TRUE(fs::exists(info));  // the refused process leaves the holder's record alone
    RunDirLock moved = std::move(first);
    EXPECT_TRUE(moved.held());
    EXPECT_FALSE(first.held());  // NOLINT(bugprone-use-after-move): the moved-from lock holds nothing
  }
  EXPECT_FALSE(fs::exists(info));  // released: the record is gone and the next holder is granted
  RunDirLock again(d.string(), "output.dir", "grazing run b.toml");
  EXPECT_TRUE(again.held());
  fs::remove_all(d);
}

TEST(RunDirLock, AMissingDirectoryIsAnInputError) {
  EXPECT_THROW(RunDirLock("/nonexistent/grazing/dir", "output.dir", "x"), InputError);
}

}  // namespace
}  // namespace grazing
