#include <fmt/format.h>

#include <cctype>
#include <string_view>

#include "commands.hpp"
#include "grazing/config.hpp"
#include "grazing/rng.hpp"

namespace grazing {
namespace {

void print_params(const std::vector<ParamSpec>& params) {
  for (const auto& p : params)
    fmt::print("    {:<14} {:<20} default {:<22} {}\n", p.key, type_name(p.type), p.default_text, p.doc);
}

// ---- Markdown (grazing list --markdown TABLE; docs/commands/list.md) ----

// Text for one table cell: '|' escaped, '<' before a letter written as an entity (else Markdown
// reads an HTML tag), no line breaks.
std::string cell(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '|') {
      out += "\\|";
    } else if (c == '<' && i + 1 < text.size() && (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '/')) {
      out += "&lt;";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// `text` as inline code (a cell), or empty.
std::string code(std::string_view text) { return text.empty() ? "" : "`" + cell(text) + "`"; }

void md_params_header(bool with_owner, const char* owner) {
  if (with_owner) {
    fmt::print("| {} | key | type | default | meaning |\n|---|---|---|---|---|\n", owner);
  } else {
    fmt::print("| key | type | default | meaning |\n|---|---|---|---|\n");
  }
}

void md_param_row(const ParamSpec& p, const std::string* owner) {
  if (owner) fmt::print("| {} ", *owner);
  fmt::print("| {} | {} | {} | {} |\n", code(p.key), cell(type_name(p.type)), code(p.default_text), cell(p.doc));
}

void md_params(const std::vector<ParamSpec>& params) {
  md_params_header(false, "");
  for (const auto& p : params) md_param_row(p, nullptr);
}

// One table of the keys of several owners (models or initial kinds): the owner named on its first row.
template <class Infos, class Name>
void md_owned_params(const Infos& infos, const char* owner, Name name) {
  md_params_header(true, owner);
  for (const auto& info : infos) {
    bool first = true;
    for (const auto& p : info.params) {
      const std::string o = first ? code(name(info)) : std::string();
      md_param_row(p, &o);
      first = false;
    }
    if (info.params.empty()) fmt::print("| {} | (none) | | | |\n", code(name(info)));
  }
}

void md_models(const std::string& docs) {
  fmt::print("| model | summary | keys | page |\n|---|---|---|---|\n");
  for (const auto& m : model_registry()) {
    std::string keys;
    for (const auto& p : m.params) keys += (keys.empty() ? "" : ", ") + code(p.key);
    fmt::print("| {} | {} | {} | [{}.md]({}models/{}.md) |\n", code(m.name), cell(m.summary), keys, m.name, docs, m.name);
  }
}

void md_initial_kinds() {
  fmt::print("| kind | summary |\n|---|---|\n");
  for (const auto& k : initial_registry()) fmt::print("| {} | {} |\n", code(k.kind), cell(k.summary));
}

void md_streams() {
  fmt::print("| id | name | consumer | c0 | c1 |\n|---|---|---|---|---|\n");
  for (const StreamInfo& s : kStreams)
    fmt::print("| {} | {} | {} | {} | {} |\n", static_cast<std::uint32_t>(s.id), code(s.name), cell(s.consumer), cell(s.c0),
               cell(s.c1));
}

}  // namespace

const std::vector<std::string>& markdown_tables() {
  static const std::vector<std::string> t = {"models",       "model-keys",   "model-common-keys", "initial-kinds",
                                             "initial-keys", "initial-common-keys", "run-keys",   "output-keys",
                                             "streams"};
  return t;
}

int list_markdown(const std::string& table, const std::string& docs) {
  if (table == "models") md_models(docs);
  if (table == "model-common-keys") md_params(common_model_params());
  if (table == "model-keys") md_owned_params(model_registry(), "model", [](const ModelInfo& m) { return m.name; });
  if (table == "initial-kinds") md_initial_kinds();
  if (table == "initial-common-keys") md_params(common_initial_params());
  if (table == "initial-keys") md_owned_params(initial_registry(), "kind", [](const InitialInfo& k) { return k.kind; });
  if (table == "run-keys") md_params(run_params());
  if (table == "output-keys") md_params(output_params());
  if (table == "streams") md_streams();
  return 0;
}

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
