// Initial kind "file": the same N velocities, read from CSV or HDF5, in every replica.
#include <fmt/format.h>

#include "grazing/error.hpp"
#include "grazing/initial.hpp"
#include "grazing/velocity_file.hpp"

namespace grazing {
namespace {

class FileLaw final : public InitialLaw {
 public:
  FileLaw(std::string path, std::string format, std::string dataset, std::vector<Vec3> v)
      : path_(std::move(path)), format_(std::move(format)), dataset_(std::move(dataset)), v_(std::move(v)) {}
  std::string kind() const override { return "file"; }
  nlohmann::json parameters() const override {
    nlohmann::json j = {{"path", path_}, {"format", format_}, {"N", v_.size()}};
    if (format_ == "hdf5") j["dataset"] = dataset_;
    return j;
  }
  Vec3 draw(CounterRng&) const override { return {}; }  // not used: fill() copies the file
  std::optional<ExactMoments> exact_moments() const override { return std::nullopt; }
  bool iid() const override { return false; }  // the file's velocities, in order
  void fill(ParticleStore& v, RngKey) const override {
    for (std::size_t i = 0; i < v_.size(); ++i) v.set(i, v_[i]);
  }
  std::optional<std::size_t> fixed_size() const override { return v_.size(); }

 private:
  std::string path_, format_, dataset_;
  std::vector<Vec3> v_;
};

}  // namespace

InitialInfo file_info() {
  return {"file",
          "velocities read from a CSV (vx,vy,vz per line) or HDF5 (dataset of shape (N, 3)) file; "
          "every replica starts from them",
          {{"path", ParamType::kString, "required", "file path; relative paths are resolved against the config file's directory"},
           {"format", ParamType::kString, "\"auto\"", "\"csv\", \"hdf5\" or \"auto\" (by extension: .h5/.hdf5 are HDF5, anything else CSV)"},
           {"dataset", ParamType::kString, "\"velocities\"", "HDF5 dataset name"}},
          [](const Section& s) -> std::unique_ptr<InitialLaw> {
            const std::string path = s.file_path("path");
            std::string format = s.string("format", "auto");
            if (format == "auto") format = velocity_format_of(path);
            const std::string dataset = s.string("dataset", "velocities");
            if (format == "csv" && s.has("dataset")) throw InputError(s.qualified("dataset"), "only used with format = \"hdf5\"");
            if (format != "csv" && format != "hdf5")
              throw InputError(s.qualified("format"), fmt::format("unknown format '{}' (allowed: auto, csv, hdf5)", format));
            std::vector<Vec3> v = read_velocities(path, format, dataset, s.qualified("path"));
            return std::make_unique<FileLaw>(path, format, dataset, std::move(v));
          }};
}

}  // namespace grazing
