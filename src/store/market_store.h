// MarketStore: what Step 6 reads and keeps (docs/MARKET.md): the market tables derived from the
// register (market_facts, market_prices, kept current by SaveProcesses), the queue of
// processes changed since the market views last took them, pipeline entries with their
// interests and watchers, and the record of which organisations were told of which
// opportunity. Persists records; the rules are in market/.
//
// Thread-safety: safe to call from many threads.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/market_model.h"
#include "core/status.h"
#include "store/store.h"

namespace cobuy {

class MarketStore {
 public:
  static Result<std::unique_ptr<MarketStore>> Open(const StoreOptions& options);
  virtual ~MarketStore() = default;
  MarketStore() = default;
  MarketStore(const MarketStore&) = delete;
  MarketStore& operator=(const MarketStore&) = delete;

  // --- the register, as the market views read it ----------------------------------------
  // Every process's facts in ocid order (streamed: `each` may stop the scan with an error).
  virtual Status ForEachFact(const std::function<Status(MarketFact&&)>& each) = 0;
  virtual Status ForEachPrice(const std::function<Status(MarketPrice&&)>& each) = 0;
  virtual Result<std::vector<MarketFact>> FactsOf(const std::vector<std::string>& ocids) = 0;
  virtual Result<std::vector<MarketPrice>> PricesOf(const std::vector<std::string>& ocids) = 0;
  // Every register organisation, with the Cobuy organisation it is linked to.
  virtual Result<std::vector<MarketOrganisation>> Organisations() = 0;
  // Register organisations by id (those that exist).
  virtual Result<std::vector<MarketOrganisation>> OrganisationsOf(const std::vector<std::int64_t>& ids) = 0;
  // Every (register organisation, Cobuy organisation) pair an identifier links, ascending.
  virtual Result<std::vector<std::pair<std::int64_t, std::int64_t>>> OrganisationLinks() = 0;
  // Countries whose organisations may form working groups (EU, EEA, EFTA).
  virtual Result<std::vector<std::string>> EligibleCountries() = 0;
  // Titles of processes by ocid (those that exist).
  virtual Result<std::vector<std::pair<std::string, std::string>>> Titles(const std::vector<std::string>& ocids) = 0;

  // --- changes: every process SaveProcesses saves is appended to a log (seq ascending); each
  // reader keeps its own watermark (the pipeline import in the database, a loaded snapshot in
  // memory) ---------------------------------------------------------------------------------
  // The oldest and newest seq in the log (0, 0 when it is empty).
  virtual Result<std::pair<std::int64_t, std::int64_t>> ChangeRange() = 0;
  // At most `limit` changes after `seq`, ascending.
  virtual Result<std::vector<std::pair<std::int64_t, std::string>>> ChangesAfter(std::int64_t seq, int limit) = 0;
  virtual Result<std::int64_t> Watermark(const std::string& name) = 0;  // 0 when never set
  virtual Status SetWatermark(const std::string& name, std::int64_t seq) = 0;
  // Forgets the changes up to `seq` (a reader behind them must load afresh).
  virtual Status PruneChanges(std::int64_t seq) = 0;
  // The pipeline entry a planning release of a process makes (title, description, CPV,
  // value, planned tender date, buyer), or nullopt when the process has no planning stage.
  virtual Result<std::optional<PipelineEntry>> PlanningOf(const std::string& ocid) = 0;

  // --- pipeline -----------------------------------------------------------------------
  // What the market views read of entries (id, organisation with its name and country,
  // buyer_org as stored, title, cpv, value_eur, planned date, open, status, ocid): every
  // planned or preparing entry, streamed; or the entries with these ids or ocids, any status.
  virtual Status ForEachActivePlanned(const std::function<Status(PipelineEntry&&)>& each) = 0;
  virtual Result<std::vector<PipelineEntry>> PlannedOf(const std::vector<std::int64_t>& ids,
                                                       const std::vector<std::string>& ocids) = 0;
  virtual Result<std::int64_t> CreateEntry(const PipelineEntry& e) = 0;
  // Every field but id, source, ocid, organisation and created_*.
  virtual Status UpdateEntry(const PipelineEntry& e) = 0;
  // Creates or refreshes the entry imported from a process (keyed by ocid); returns its id
  // and whether its status changed.
  virtual Result<std::pair<std::int64_t, bool>> UpsertImported(const PipelineEntry& e) = 0;
  virtual Result<PipelineEntry> GetEntry(std::int64_t id) = 0;
  virtual Result<std::vector<PipelineEntry>> ListEntries(const PipelineFilter& f) = 0;
  virtual Status PutInterest(const PipelineInterest& i) = 0;
  virtual Status RemoveInterest(std::int64_t entry_id, std::int64_t organisation_id) = 0;
  virtual Result<std::vector<PipelineInterest>> Interests(std::int64_t entry_id) = 0;
  virtual Status SetWatching(std::int64_t entry_id, std::int64_t user_id, bool watching) = 0;
  virtual Result<std::vector<std::int64_t>> Watchers(std::int64_t entry_id) = 0;

  // --- notices of opportunities --------------------------------------------------------
  // The day the organisation was last told of an opportunity in the CPV class, if ever.
  virtual Result<std::optional<std::string>> NoticedOn(const std::string& cpv_class, std::int64_t organisation_id) = 0;
  virtual Status RecordNotice(const std::string& cpv_class, std::int64_t organisation_id, const std::string& day) = 0;
};

}  // namespace cobuy
