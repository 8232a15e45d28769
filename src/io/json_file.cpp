#include <filesystem>
#include <fstream>

#include "grazing/error.hpp"
#include "grazing/output.hpp"

namespace grazing {

void write_json_file(const std::string& path, const nlohmann::json& j) {
  const std::string tmp = path + ".tmp";
  std::error_code ec;
  {
    std::ofstream out(tmp);
    if (out) out << j.dump(2) << '\n' << std::flush;
    if (!out) {
      out.close();
      std::filesystem::remove(tmp, ec);
      throw OutputError("write error on " + tmp);
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw OutputError("cannot rename " + tmp + " to " + path + ": " + ec.message());
  }
}

}  // namespace grazing
