// The run directory: moments.csv (header, rows, values), run.json (keys), particles.h5 (layout and
// agreement with moments.csv), exact_moments named as an approximation.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "grazing/config.hpp"
#include "grazing/run.hpp"

using namespace grazing;
namespace fs = std::filesystem;

namespace {

std::vector<std::vector<std::string>> read_csv(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, ',')) cells.push_back(c);
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace

TEST(Output, RunDirectoryHasContractFilesAndLayout) {
  const fs::path dir = fs::temp_directory_path() / "grazing_test_output";
  fs::remove_all(dir);
  toml::table cfg = toml::parse(R"(
[model]
name = "mbc"
gamma = -2.0
h = 0.05
[initial]
kind = "maxwellian"
N = 50
exact_moments = true
mean = [0.1, 0.2, 0.3]
[run]
t_end = 0.3
output_every = 0.1
replicas = 3
seed = 11
[output]
particles = true
)");
  RunSpec spec = build_run_spec(cfg, "cfg.toml");
  spec.out_dir = dir.string();
  Progress quiet(Progress::Mode::kQuiet);
  const nlohmann::json j = run_to_directory(spec, quiet, "test");

  for (const char* key : {"model", "parameters", "landau_C", "N", "replicas", "seed", "threads", "events", "wall_seconds",
                          "max_rel_energy_drift", "max_momentum_drift", "version", "approximations"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["landau_C"].get<double>(), 0.5);
  EXPECT_EQ(j["N"].get<int>(), 50);
  EXPECT_EQ(j["approximations"].size(), 1u);  // exact_moments is named
  EXPECT_LT(j["max_rel_energy_drift"].get<double>(), 1e-14);
  std::ifstream jf(dir / "run.json");
  EXPECT_EQ(nlohmann::json::parse(jf)["events"], j["events"]);

  const auto rows = read_csv(dir / "moments.csv");
  ASSERT_EQ(rows.size(), 1u + 3 * 4);
  std::string header;
  for (const auto& c : rows[0]) header += (header.empty() ? "" : ",") + c;
  EXPECT_EQ(header, "replica,t,events,mean_vx,mean_vy,mean_vz,mean_v2,Mxx,Myy,Mzz,Mxy,Mxz,Myz,mean_v4");
  // exact_moments: every replica starts at mean (0.1, 0.2, 0.3) and Theta = 3
  for (std::size_t r = 1; r <= 3; ++r) {
    EXPECT_EQ(rows[r][1], "0");
    EXPECT_NEAR(std::stod(rows[r][3]), 0.1, 1e-15);
    EXPECT_NEAR(std::stod(rows[r][7]) + std::stod(rows[r][8]) + std::stod(rows[r][9]), 3.0, 1e-13);
  }
  // the last rows are at t_end with cumulative events
  EXPECT_EQ(rows.back()[1], "0.3");
  EXPECT_GT(std::stoull(rows.back()[2]), 0u);

  // particles.h5: /times (4), /velocities (4, 3, 50, 3); the mean of replica 2 at t index 3 matches
  // mean_vx of its moments.csv row.
  const hid_t f = H5Fopen((dir / "particles.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t d = H5Dopen2(f, "velocities", H5P_DEFAULT);
  const hid_t sp = H5Dget_space(d);
  hsize_t dims[4];
  ASSERT_EQ(H5Sget_simple_extent_ndims(sp), 4);
  H5Sget_simple_extent_dims(sp, dims, nullptr);
  EXPECT_EQ(dims[0], 4u);
  EXPECT_EQ(dims[1], 3u);
  EXPECT_EQ(dims[2], 50u);
  EXPECT_EQ(dims[3], 3u);
  std::vector<double> all(4 * 3 * 50 * 3);
  H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, all.data());
  H5Sclose(sp);
  H5Dclose(d);
  H5Fclose(f);
  double sx = 0;
  for (int i = 0; i < 50; ++i) sx += all[((3 * 3 + 2) * 50 + i) * 3 + 0];
  const auto& row = rows[1 + 3 * 3 + 2];  // t index 3, replica 2
  ASSERT_EQ(row[0], "2");
  EXPECT_NEAR(sx / 50, std::stod(row[3]), 1e-14);
  fs::remove_all(dir);
}
