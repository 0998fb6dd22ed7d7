// cobuy opportunities --db PATH [--as-of YYYY-MM-DD] [--cpv-digits N] [--min-buyers N] [--window-months N] [--json]
// cobuy prices --db PATH --cpv CODE [--min-peers N] [--json]
//
// The collaboration opportunities and price benchmarks of docs/MARKET.md, computed from the
// whole register and pipeline: a table, or with --json the documents the API answers.
#include <filesystem>

#include <fmt/format.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "market/market.h"
#include "store/community_store.h"
#include "store/market_store.h"

namespace cobuy::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct MarketArgs {
  std::string db = "var/cobuy.db";
  market::OpportunityParams opportunities;  // its defaults are the command's
  std::string cpv;
  int min_peers = 5;
  bool json = false;
};

std::string Money(const json& v) {
  if (!v.is_number()) return "-";
  return fmt::format("{:.2f}", v.get<double>());
}

Status RunOpportunities(const MarketArgs& a) {
  COBUY_ASSIGN_OR_RETURN(MarketSession m, OpenMarket(a.db, false));
  const market::OpportunityParams& p = a.opportunities;
  COBUY_ASSIGN_OR_RETURN(json out, m.market->Opportunities(nullptr, p, "", false, "en"));
  if (a.json) {
    fmt::print("{}\n", out.dump(2));
    return Status::Ok();
  }
  fmt::print("Collaboration opportunities on {} (CPV {} digits, at least {} buyers, {} months)\n",
             out["as_of"].get<std::string>(), p.cpv_digits, p.min_buyers, p.window_months);
  for (const json& o : out["opportunities"]) {
    fmt::print("\n{:>5}  {} {}  — {} buyers, {} contracts, {} pipeline entries, EUR {}, {} to {}\n",
               o["score"].get<double>(), o["cpv"].get<std::string>(), o["cpv_label"].get<std::string>(),
               o["buyers"].size(), o["ocids"].size(), o["pipeline"].size(), Money(o["combined_value_eur"]),
               o["timing"]["from"].get<std::string>(), o["timing"]["to"].get<std::string>());
    for (const json& b : o["buyers"]) {
      fmt::print("       {} ({})\n", b["name"].get<std::string>(), b["country"].get<std::string>());
    }
    fmt::print("       {}: {}\n", o["action"]["code"].get<std::string>(), o["action"]["reason"].get<std::string>());
  }
  if (out["opportunities"].empty()) fmt::print("none\n");
  return Status::Ok();
}

Status RunPrices(const MarketArgs& a) {
  COBUY_ASSIGN_OR_RETURN(MarketSession m, OpenMarket(a.db, false));
  COBUY_ASSIGN_OR_RETURN(json out, m.market->Prices(nullptr, a.cpv, a.min_peers, "en"));
  if (a.json) {
    fmt::print("{}\n", out.dump(2));
    return Status::Ok();
  }
  fmt::print("{:<10} {:<6} {:>6} {:>6} {:>12} {:>12} {:>12} {:>12} {:>12}  {}\n", "cpv", "unit", "count", "buyers",
             "min", "q1", "median", "q3", "max", "label");
  for (const json& b : out["benchmarks"]) {
    if (b["withheld"].get<bool>()) {
      fmt::print("{:<10} {:<6} {:>6} {:>6}  withheld: fewer than {} buyers  {}\n", b["cpv"].get<std::string>(),
                 b["unit"].get<std::string>(), b["count"].get<int>(), b["buyers"].get<int>(), a.min_peers,
                 b["cpv_label"].get<std::string>());
      continue;
    }
    fmt::print("{:<10} {:<6} {:>6} {:>6} {:>12} {:>12} {:>12} {:>12} {:>12}  {}\n", b["cpv"].get<std::string>(),
               b["unit"].get<std::string>(), b["count"].get<int>(), b["buyers"].get<int>(), Money(b["min_eur"]),
               Money(b["q1_eur"]), Money(b["median_eur"]), Money(b["q3_eur"]), Money(b["max_eur"]),
               b["cpv_label"].get<std::string>());
  }
  if (out["benchmarks"].empty()) fmt::print("no priced items under CPV {}\n", a.cpv);
  return Status::Ok();
}

}  // namespace

Result<market::WarningThresholds> LoadWarningThresholds() {
  auto dir = FindDataDir("");
  if (!dir.ok()) return market::WarningThresholds{};
  fs::path file = dir->parent_path() / "market" / "thresholds.csv";
  if (!fs::exists(file)) return market::WarningThresholds{};
  return market::LoadThresholds(file.string());
}

Result<MarketSession> OpenMarket(const std::string& db, bool notify) {
  MarketSession m;
  COBUY_ASSIGN_OR_RETURN(m.store, OpenMigratedStore(db));
  COBUY_ASSIGN_OR_RETURN(m.market_store, MarketStore::Open({.location = db}));
  if (notify) {
    COBUY_ASSIGN_OR_RETURN(m.community_store, CommunityStore::Open({.location = db}));
  }
  COBUY_ASSIGN_OR_RETURN(auto codes, m.store->ListCpvCodes());
  m.cpv = std::make_unique<CpvIndex>(codes);
  COBUY_ASSIGN_OR_RETURN(auto thresholds, LoadWarningThresholds());
  COBUY_ASSIGN_OR_RETURN(m.market, market::Market::Create({*m.market_store, *m.store, *m.cpv, SystemClock::Instance(),
                                                           m.community_store.get(), nullptr, std::move(thresholds)}));
  return m;
}

Result<market::UpdateStats> UpdateMarket(const std::string& db) {
  COBUY_ASSIGN_OR_RETURN(MarketSession m, OpenMarket(db, true));
  return m.market->Update();
}

void AddMarketCommands(CLI::App& app, Action& action) {
  auto args = std::make_shared<MarketArgs>();
  CLI::App* opp = app.add_subcommand("opportunities", "Collaboration opportunities from pipelines and the register");
  opp->add_option("--db", args->db, "SQLite database file")->capture_default_str();
  opp->add_option("--as-of", args->opportunities.as_of, "the day to look ahead from (YYYY-MM-DD; default today)");
  opp->add_option("--cpv-digits", args->opportunities.cpv_digits, "significant CPV digits of a class (2 to 8)")
      ->capture_default_str();
  opp->add_option("--min-buyers", args->opportunities.min_buyers, "buyers an opportunity needs (at least 2)")
      ->capture_default_str();
  opp->add_option("--window-months", args->opportunities.window_months, "months ahead (1 to 60)")
      ->capture_default_str();
  opp->add_flag("--json", args->json, "print JSON");
  opp->callback([&action, args] { action = [args] { return RunOpportunities(*args); }; });

  CLI::App* prices = app.add_subcommand("prices", "Unit price benchmarks per CPV code and unit");
  prices->add_option("--db", args->db, "SQLite database file")->capture_default_str();
  prices->add_option("--cpv", args->cpv, "CPV code or its first digits")->required();
  prices->add_option("--min-peers", args->min_peers, "fewest buyers a benchmark is shown for")->capture_default_str();
  prices->add_flag("--json", args->json, "print JSON");
  prices->callback([&action, args] { action = [args] { return RunPrices(*args); }; });
}

}  // namespace cobuy::cli
