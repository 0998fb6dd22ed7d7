// cobuy search --db PATH [--json] [--cpv PREFIX] [--country CC] [--ends-within MONTHS]
//              [--sort relevance|value|date|end] [--limit N] [--offset N] QUERY...
//
// Searches the contract register's index as the API does. Without --json: the number of
// matches, one line per hit and the top facet values. With --json: {"total", "hits", "facets"}
// (see search/json.h).
#include <fmt/format.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "search/json.h"

namespace cobuy::cli {
namespace {

struct SearchArgs {
  std::string db;
  bool json = false;
  std::string cpv;
  std::string country;
  std::string ends_within;
  std::string sort;
  std::string limit = "20";
  std::string offset = "0";
  std::vector<std::string> words;
};

std::string Money(const std::optional<double>& eur) {
  if (!eur) return "-";
  return fmt::format("EUR {:.0f}", *eur);
}

Status RunSearch(const SearchArgs& args) {
  search::Params params;
  std::string q;
  for (const std::string& w : args.words) q += (q.empty() ? "" : " ") + w;
  params.emplace("q", q);
  if (!args.cpv.empty()) params.emplace("cpv", args.cpv);
  if (!args.country.empty()) params.emplace("country", args.country);
  if (!args.ends_within.empty()) params.emplace("ends_within", args.ends_within);
  if (!args.sort.empty()) params.emplace("sort", args.sort);
  params.emplace("limit", args.limit);
  params.emplace("offset", args.offset);
  std::string today = FormatDay(SystemClock::Instance().Now());
  auto query = search::ParseSearchParams(params, today);
  if (!query.ok()) {
    // Name the option as the command line spells it.
    std::string field = query.status().field();
    std::string option = field == "q" ? "QUERY" : "--" + field;
    for (char& c : option) if (c == '_') c = '-';
    return InvalidArgument(fmt::format("{}: {}", option, query.status().message()));
  }
  if (!std::filesystem::exists(args.db)) return NotFound(fmt::format("no database at {}", args.db));
  COBUY_ASSIGN_OR_RETURN(auto index, search::SearchIndex::Open(search::IndexPathFor(args.db)));
  COBUY_ASSIGN_OR_RETURN(search::SearchResult result, index->Search(*query));
  if (args.json) {
    fmt::print("{}\n", search::ToJson(result).dump(2));
    return Status::Ok();
  }
  fmt::print("{}{} process{} match\n", result.total_exact ? "" : "about ", result.total,
             result.total == 1 ? "" : "es");
  for (const search::SearchHit& h : result.hits) {
    fmt::print("{}  {}\n    {}{}  {}  ends {}{}\n", h.ocid, h.title, h.buyer, h.country.empty() ? "" : " (" + h.country + ")",
               Money(h.value_eur), h.end_date.empty() ? "-" : h.end_date, h.framework ? "  [framework]" : "");
  }
  for (const auto& [name, values] : result.facets) {
    if (values.empty()) continue;
    std::string line;
    for (size_t i = 0; i < values.size() && i < 6; ++i)
      line += fmt::format("{}{} ({})", i ? ", " : "", values[i].value, values[i].count);
    fmt::print("{}: {}\n", name, line);
  }
  return Status::Ok();
}

}  // namespace

void AddSearchCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand("search", "Search the contract register");
  cmd->add_option("--db", args->db, "SQLite database file")->required();
  cmd->add_flag("--json", args->json, "print the result as JSON");
  cmd->add_option("--cpv", args->cpv, "only processes with a CPV code starting with these digits");
  cmd->add_option("--country", args->country, "only buyers in this country (ISO 3166 alpha-2)");
  cmd->add_option("--ends-within", args->ends_within, "only contracts ending within this many months");
  cmd->add_option("--sort", args->sort, "relevance, value, date or end");
  cmd->add_option("--limit", args->limit, "hits to show (1-100, default 20)");
  cmd->add_option("--offset", args->offset, "hits to skip");
  cmd->add_option("query", args->words, "words (any language) and cpv:PREFIX filters");
  cmd->callback([args, &action] { action = [args] { return RunSearch(*args); }; });
}

}  // namespace cobuy::cli
