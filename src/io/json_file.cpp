#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "grazing/output.hpp"

namespace grazing {

void write_json_file(const std::string& path, const nlohmann::json& j) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    if (!out) throw std::runtime_error("cannot write " + tmp);
    out << j.dump(2) << '\n';
    if (!out) throw std::runtime_error("write error on " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace grazing
