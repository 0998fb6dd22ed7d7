// Market: Step 6's service (docs/MARKET.md). The shared pipeline (publish, edit, status once
// for all, interest, watching), collaboration opportunities (found, explained, notified, and
// turned into a working-group proposal), price benchmarks, concentration, consolidation and
// early warnings, each checked against the caller's role first and rendered as the JSON the
// API and the CLI print.
//
// The views read a Snapshot kept in memory: loaded on first use, kept current by Update, which
// reads the log of processes SaveProcesses changed (market_changes) from two watermarks: the
// pipeline import's, kept in the database (planning stages become pipeline entries), and the
// snapshot's, kept in memory (the changed processes are read again). NotifyOpportunities tells
// the buyers concerned of new opportunities.
//
// Thread-safety: safe to call from many threads (a shared mutex guards the snapshot).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/accounts_model.h"
#include "core/clock.h"
#include "market/analysis.h"
#include "refdata/cpv_index.h"
#include "store/community_store.h"
#include "store/market_store.h"
#include "store/store.h"

namespace cobuy::community {
class Communities;
}

namespace cobuy::market {

struct MarketDeps {
  MarketStore& store;
  Store& accounts;
  const CpvIndex& cpv;
  const Clock& clock;
  CommunityStore* notifications = nullptr;        // null: nobody is notified (the CLI's reports)
  community::Communities* communities = nullptr;  // null: no proposals
  WarningThresholds thresholds;
};

struct UpdateStats {
  int processes = 0;          // changed processes taken (by the import or the loaded snapshot)
  int pipeline_imported = 0;  // planning stages imported or refreshed
  int opportunities = 0;      // found with the default parameters
  int notified = 0;           // people told of an opportunity
  bool reloaded = false;      // the loaded snapshot was built afresh (an organisation's identifiers changed)
};

class Market {
 public:
  // Reads the ECB rates (for pipeline values in other currencies) from the store.
  static Result<std::unique_ptr<Market>> Create(MarketDeps deps);

  // --- pipeline -------------------------------------------------------------------------
  Result<nlohmann::json> ListPipeline(const User& caller, const PipelineFilter& filter);
  Result<nlohmann::json> GetEntry(const User& caller, std::int64_t id);
  Result<nlohmann::json> CreateEntry(const User& caller, const nlohmann::json& body);
  Result<nlohmann::json> UpdateEntry(const User& caller, std::int64_t id, const nlohmann::json& body);
  Result<nlohmann::json> SetInterest(const User& caller, std::int64_t id, std::optional<std::string> note);
  Result<nlohmann::json> SetWatching(const User& caller, std::int64_t id, bool watching);

  // --- opportunities -----------------------------------------------------------------------
  // `caller` null: the CLI (every opportunity, no "mine").
  Result<nlohmann::json> Opportunities(const User* caller, OpportunityParams params, const std::string& country,
                                       bool mine_only, const std::string& lang);
  // A closed working group for the opportunity `key` (found with `params`); returns its id.
  Result<std::int64_t> Propose(const User& caller, const std::string& key, OpportunityParams params);

  // --- prices and market views --------------------------------------------------------------
  Result<nlohmann::json> Prices(const User* caller, const std::string& cpv_prefix, int min_peers,
                                const std::string& lang);
  Result<nlohmann::json> ContractPrices(const User& caller, const std::string& ocid, int min_peers,
                                        const std::string& lang);
  Result<nlohmann::json> OrganisationPrices(const User& caller, std::int64_t organisation_id, int min_peers,
                                            const std::string& lang);
  Result<nlohmann::json> Concentration(const User& caller, const std::string& cpv_prefix, const std::string& country,
                                       const std::string& lang);
  Result<nlohmann::json> Consolidation(const User& caller, const std::string& cpv_prefix, const std::string& lang);
  Result<nlohmann::json> Warnings(const User& caller, std::int64_t organisation_id, const std::string& lang);

  // --- keeping current -------------------------------------------------------------------
  Result<UpdateStats> Update();
  // Tells the organisation admins and buyers of the Cobuy organisations in today's
  // opportunities (default parameters), once per CPV class and organisation in each window.
  // Returns how many people were notified.
  Result<int> NotifyOpportunities();
  // Loads the snapshot now (otherwise the first view loads it).
  Status Load();

  std::string Today() const { return FormatDay(deps_.clock.Now()); }

  // Runs `fn` on the loaded snapshot under a shared lock (benchmarks, tests).
  Status Read(const std::function<Status(const Snapshot&)>& fn);

 private:
  explicit Market(MarketDeps deps) : deps_(std::move(deps)) {}

  Status RequireBuyerSide(const User& caller) const;
  Status RequireOwnOrganisation(const User& caller, std::int64_t organisation_id) const;
  // Runs `fn` with the snapshot loaded, under a shared lock.
  template <typename Fn>
  auto WithSnapshot(Fn&& fn) -> decltype(fn(std::declval<const Snapshot&>()));
  Status EnsureLoaded();
  // Builds a snapshot from the store and installs it with its watermark and links, taking
  // `lock` (unless held already) only to install it.
  Status LoadFresh(std::unique_lock<std::shared_mutex>& lock);
  // Re-reads pipeline entries into a loaded snapshot.
  Status RefreshEntries(const std::vector<std::int64_t>& ids);

  Result<nlohmann::json> EntryJson(const User& caller, const PipelineEntry& e);
  Result<PipelineEntry> ReadBody(const nlohmann::json& body, PipelineEntry e, bool create, bool imported);
  std::optional<double> ToEur(std::optional<double> amount, const std::string& currency) const;
  Status NotifyEntry(const PipelineEntry& e, std::int64_t except_user);
  Result<int> NotifyOpportunities(const Snapshot& s, const std::vector<Opportunity>& found, const OpportunityParams& p);
  std::string CpvLabel(std::uint32_t cpv8, const std::string& lang) const;
  nlohmann::json OpportunityJson(const Snapshot& s, const Opportunity& o,
                                 const std::map<std::string, std::string>& titles, std::int64_t my_org,
                                 const std::string& lang) const;
  nlohmann::json BenchmarkJson(const Snapshot& s, const Benchmark& b, const std::string& lang) const;

  MarketDeps deps_;
  std::map<std::string, double> rates_;  // units per EUR, the newest ECB rate
  std::shared_mutex mu_;
  std::unique_ptr<Snapshot> snapshot_;
  std::int64_t snapshot_seq_ = 0;  // the last change the snapshot took
  // The identifier links of register organisations to Cobuy organisations the snapshot was
  // built with: when they change, Update builds it afresh.
  std::vector<std::pair<std::int64_t, std::int64_t>> links_;
};

// Explanation sentences (en, de, fr).
std::string ActionReason(const std::string& action, int buyers, int span_days, const std::string& framework_title,
                         const std::string& lang);
std::string WarningAdvice(const EarlyWarning& w, const std::string& lang);

}  // namespace cobuy::market
