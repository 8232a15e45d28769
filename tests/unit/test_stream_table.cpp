// The stream table kStreams (include/grazing/rng.hpp) lists every enumerator of Stream exactly once,
// with its name and numeric value: the enum's body is read from the header itself, so an enumerator
// added without a row (or a row whose name or id is wrong) fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "grazing/rng.hpp"
#include "grazing/version.hpp"

using namespace grazing;

namespace {

// name -> value of every enumerator in the body of `enum class Stream` in rng.hpp.
std::map<std::string, std::uint32_t> enumerators_in_header() {
  std::ifstream in(std::string(kSourceDir) + "/include/grazing/rng.hpp");
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  const auto begin = s.find("enum class Stream");
  const auto end = s.find("};", begin);
  EXPECT_NE(begin, std::string::npos);
  EXPECT_NE(end, std::string::npos);
  std::map<std::string, std::uint32_t> out;
  std::string body = s.substr(begin, end - begin);
  body = std::regex_replace(body, std::regex("//[^\n]*"), "");  // comments may mention other names
  const std::regex item(R"((k[A-Za-z0-9]+)\s*=\s*([0-9]+)\s*,)");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), item); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1];
    EXPECT_FALSE(out.count(name)) << name;
    out[name] = static_cast<std::uint32_t>(std::stoul((*it)[2]));
  }
  return out;
}

}  // namespace

TEST(StreamTable, ListsEveryEnumeratorExactlyOnce) {
  const auto header = enumerators_in_header();
  ASSERT_GE(header.size(), 10u);
  std::map<std::string, int> rows;
  for (const StreamInfo& r : kStreams) {
    ++rows[std::string(r.name)];
    const auto it = header.find(std::string(r.name));
    ASSERT_NE(it, header.end()) << r.name << " is in kStreams but not in enum class Stream";
    EXPECT_EQ(static_cast<std::uint32_t>(r.id), it->second) << r.name;
    EXPECT_FALSE(r.consumer.empty()) << r.name;
  }
  for (const auto& [name, value] : header) EXPECT_EQ(rows[name], 1) << name << " (= " << value << ") rows in kStreams";
  EXPECT_EQ(kStreams.size(), header.size());
}

TEST(StreamTable, IdsAreDistinctAndIncreasing) {
  for (std::size_t i = 1; i < kStreams.size(); ++i) EXPECT_LT(kStreams[i - 1].id, kStreams[i].id) << kStreams[i].name;
}
