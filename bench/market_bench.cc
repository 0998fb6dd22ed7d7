// Step 6 benchmark (docs/PERFORMANCE.md): on a register database (bench/market_bench.sh builds
// one of about 1M generated processes),
//   1. full opportunity detection: the snapshot loaded from the database, then every
//      opportunity found (and rendered as the API's JSON, titles read);
//   2. full price benchmarks: every CPV code and unit;
//   3. concentration and consolidation over the whole register;
//   4. with --after COMMAND: the snapshot loaded, COMMAND run (an ingest of new releases in
//      another process, as `cobuy ingest` beside `cobuy serve`), then Update (the snapshot
//      takes the changed processes) and the opportunities and benchmarks found again.
// Prints figures and ratios to the goals; not a test.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <sys/wait.h>

#include <fmt/format.h>

#include "core/clock.h"
#include "market/market.h"
#include "refdata/cpv_index.h"
#include "store/market_store.h"
#include "store/store.h"

namespace {

using namespace cobuy;
using Steady = std::chrono::steady_clock;

double Since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}

int Fail(const Status& s) {
  std::fprintf(stderr, "market_bench: %s\n", s.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, after, as_of = "2026-06-30";
  int runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db")
      db = argv[i + 1];
    else if (a == "--after")
      after = argv[i + 1];
    else if (a == "--as-of")
      as_of = argv[i + 1];
    else if (a == "--runs")
      runs = std::atoi(argv[i + 1]);
  }
  if (db.empty()) {
    std::fprintf(stderr, "usage: market_bench --db PATH [--as-of YYYY-MM-DD] [--runs N] [--after COMMAND]\n");
    return 2;
  }
  auto store = Store::Open({.location = db});
  if (!store.ok()) return Fail(store.status());
  auto market_store = MarketStore::Open({.location = db});
  if (!market_store.ok()) return Fail(market_store.status());
  auto codes = (*store)->ListCpvCodes();
  if (!codes.ok()) return Fail(codes.status());
  CpvIndex cpv(*codes);
  FixedClock clock(static_cast<UnixSeconds>(*DayNumber(as_of)) * 86400);
  market::OpportunityParams params{as_of, 4, 3, 12};

  // Where a load's time goes: the store's scans alone, without building the snapshot.
  {
    auto t = Steady::now();
    size_t n = 0;
    if (Status s = (*market_store)->ForEachFact([&](MarketFact&&) {
          ++n;
          return Status::Ok();
        });
        !s.ok())
      return Fail(s);
    const double facts = Since(t);
    t = Steady::now();
    size_t m = 0;
    if (Status s = (*market_store)->ForEachPrice([&](MarketPrice&&) {
          ++m;
          return Status::Ok();
        });
        !s.ok())
      return Fail(s);
    const double price_scan = Since(t);
    t = Steady::now();
    size_t entries = 0;
    if (Status s = (*market_store)->ForEachActivePlanned([&](PipelineEntry&&) {
          ++entries;
          return Status::Ok();
        });
        !s.ok()) {
      return Fail(s);
    }
    const double pipeline = Since(t);
    t = Steady::now();
    auto orgs = (*market_store)->Organisations();
    if (!orgs.ok()) return Fail(orgs.status());
    const double organisations = Since(t);
    fmt::print(
        "store scans: {} facts {:.3f} s, {} prices {:.3f} s, {} planned pipeline entries {:.3f} s, {} organisations "
        "{:.3f} s\n",
        n, facts, m, price_scan, entries, pipeline, orgs->size(), organisations);
  }

  double best_load = 1e9, best_opp = 1e9, best_prices = 1e9, best_conc = 1e9, best_cons = 1e9, best_json = 1e9;
  size_t contracts = 0, prices = 0, opportunities = 0, benchmarks = 0, markets = 0, consolidations = 0;
  for (int r = 0; r < runs; ++r) {
    auto t = Steady::now();
    auto snap = market::Snapshot::Load(**market_store);
    if (!snap.ok()) return Fail(snap.status());
    best_load = std::min(best_load, Since(t));
    contracts = snap->contracts.size();
    prices = snap->prices.size();
    t = Steady::now();
    opportunities = market::FindOpportunities(*snap, params).size();
    best_opp = std::min(best_opp, Since(t));
    t = Steady::now();
    benchmarks = market::Benchmarks(*snap, "", 5).size();
    best_prices = std::min(best_prices, Since(t));
    t = Steady::now();
    markets = market::MarketConcentration(*snap, "", "").size();
    best_conc = std::min(best_conc, Since(t));
    t = Steady::now();
    consolidations = market::ConsolidationOpportunities(*snap, "").size();
    best_cons = std::min(best_cons, Since(t));
  }
  {
    auto m = market::Market::Create({**market_store, **store, cpv, clock, nullptr, nullptr, {}});
    if (!m.ok()) return Fail(m.status());
    if (Status s = (*m)->Load(); !s.ok()) return Fail(s);
    for (int r = 0; r < runs; ++r) {
      auto t = Steady::now();
      auto j = (*m)->Opportunities(nullptr, params, "", false, "en");
      if (!j.ok()) return Fail(j.status());
      best_json = std::min(best_json, Since(t));
    }
  }
  fmt::print("register: {} processes, {} unit prices (best of {} runs, as of {})\n", contracts, prices, runs, as_of);
  fmt::print("snapshot load:                {:8.3f} s\n", best_load);
  fmt::print("opportunities ({:>6} found):  {:8.3f} s   load + find {:7.3f} s = {:5.1f} % of the 10 s goal\n",
             opportunities, best_opp, best_load + best_opp, 100 * (best_load + best_opp) / 10);
  fmt::print("  as the API's JSON (titles): {:8.3f} s\n", best_json);
  fmt::print("benchmarks    ({:>6} keys):   {:8.3f} s   load + all  {:7.3f} s = {:5.1f} % of the 10 s goal\n",
             benchmarks, best_prices, best_load + best_prices, 100 * (best_load + best_prices) / 10);
  fmt::print("concentration ({:>6} markets):{:8.3f} s\n", markets, best_conc);
  fmt::print("consolidation ({:>6} found):  {:8.3f} s\n", consolidations, best_cons);

  if (!after.empty()) {
    auto m = market::Market::Create({**market_store, **store, cpv, clock, nullptr, nullptr, {}});
    if (!m.ok()) return Fail(m.status());
    if (Status s = (*m)->Load(); !s.ok()) return Fail(s);
    fmt::print("running: {}\n", after);
    std::fflush(stdout);
    const int rc = std::system(after.c_str());
    // `cobuy ingest` exits 3 when some releases were rejected or warned about (the generator's quirks).
    if (rc == -1 || !WIFEXITED(rc) || (WEXITSTATUS(rc) != 0 && WEXITSTATUS(rc) != 3)) {
      std::fprintf(stderr, "market_bench: the command failed\n");
      return 1;
    }
    auto t = Steady::now();
    auto updated = (*m)->Update();
    if (!updated.ok()) return Fail(updated.status());
    const double update = Since(t);
    double opp = 0, pr = 0;
    size_t found = 0, keys = 0;
    if (Status s = (*m)->Read([&](const market::Snapshot& snap) {
          auto t2 = Steady::now();
          found = market::FindOpportunities(snap, params).size();
          opp = Since(t2);
          t2 = Steady::now();
          keys = market::Benchmarks(snap, "", 5).size();
          pr = Since(t2);
          return Status::Ok();
        });
        !s.ok()) {
      return Fail(s);
    }
    t = Steady::now();
    auto j = (*m)->Opportunities(nullptr, params, "", false, "en");
    if (!j.ok()) return Fail(j.status());
    const double api = Since(t);
    fmt::print(
        "update: {} changed processes taken in {:.3f} s; then {} opportunities found again in {:.3f} s and "
        "{} benchmarks in {:.3f} s: {:.3f} s in all = {:.1f} % of the 1 s goal (the API's opportunities "
        "JSON afterwards: {:.3f} s)\n",
        updated->processes, update, found, opp, keys, pr, update + opp + pr, 100 * (update + opp + pr), api);
  }
  return 0;
}
