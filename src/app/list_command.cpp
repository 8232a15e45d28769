#include <fmt/format.h>

#include "commands.hpp"
#include "grazing/config.hpp"

namespace grazing {
namespace {

void print_params(const std::vector<ParamSpec>& params) {
  for (const auto& p : params)
    fmt::print("    {:<14} {:<20} default {:<22} {}\n", p.key, type_name(p.type), p.default_text, p.doc);
}

}  // namespace

int list_command(const std::string& what) {
  if (what == "all" || what == "models") {
    fmt::print("Models ([model] name = ...); keys of every model:\n");
    print_params(common_model_params());
    for (const auto& m : model_registry()) {
      fmt::print("  {}\n    {}\n", m.name, m.summary);
      print_params(m.params);
    }
  }
  if (what == "all" || what == "initial") {
    fmt::print("{}Initial distributions ([initial] kind = ...); keys of every kind:\n", what == "all" ? "\n" : "");
    print_params(common_initial_params());
    for (const auto& k : initial_registry()) {
      fmt::print("  {}\n    {}\n", k.kind, k.summary);
      print_params(k.params);
    }
  }
  if (what == "all") {
    fmt::print("\n[run] keys:\n");
    print_params(run_params());
    fmt::print("\n[output] keys:\n");
    print_params(output_params());
  }
  return 0;
}

}  // namespace grazing
