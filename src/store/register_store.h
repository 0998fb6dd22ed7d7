// RegisterStore: the persistence of the contract register (OCDS data), beside Store.
//
// Ingest is two phases, each made of short transactions, so that a run killed at any point
// and run again ends with exactly the store an uninterrupted run gives:
//   1. StoreReleases: a batch of raw releases is inserted (a release whose (ocid, id, date) is
//      stored already changes nothing) and every ocid that got a new release is marked
//      pending, in one transaction with the batch's problems;
//   2. PendingOcids / ReleasesOf / SaveProcesses: pending ocids are compiled in ocid order,
//      and each batch of compiled processes replaces their projection and clears their
//      pending mark in one transaction.
// Register organisations are keyed by identifier (scheme + id): the same identifier is the
// same organisation whoever published it; the view register_organisation_links joins them
// to Cobuy organisations with that identifier.
//
// Failures as in store.h. Thread-safety: safe to use from many threads at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/register_model.h"
#include "core/status.h"
#include "store/store.h"

namespace cobuy {

// One stored release, as ReleasesOf returns it.
struct StoredRelease {
  std::string ocid;
  std::string id;
  std::string date;
  std::string json;
};

// A filter over processes, for export (empty fields match everything).
struct ProcessFilter {
  std::string ocid;
  std::string buyer;       // a buyer's register identifier "SCHEME-ID...", or its party name
  std::string cpv_prefix;  // digits; matches any item CPV or the main CPV
  std::string since;       // YYYY-MM-DD: processes with a release on or after this date
};

// One line of a list of processes.
struct ProcessSummary {
  std::string ocid;
  std::string title;
  std::string buyer_name;
  std::string country;
  std::string status;
  std::string last_date;
  std::string contract_end;
  std::string main_cpv;
  bool is_framework = false;
  std::optional<double> value_eur;  // awarded, else contracted, else the tender's estimate
  int release_count = 0;
};

// The register's size, for summaries and tests.
struct RegisterCounts {
  std::int64_t releases = 0;
  std::int64_t processes = 0;
  std::int64_t pending = 0;
  std::int64_t organisations = 0;
};

// One process as the search index takes it (search/ builds its document from this).
struct SearchSource {
  std::string ocid;
  std::string title;
  std::string description;
  std::string language;
  std::string buyer_name;
  std::string buyer_key;  // "SCHEME-IDENTIFIER" of the buyer's register organisation, or empty
  std::string buyer_type;
  std::string country;
  std::string region;
  std::string method;
  std::string status;
  bool is_framework = false;
  bool is_dps = false;
  bool is_cpb = false;
  std::string first_date;
  std::string last_date;
  std::string tender_start;
  std::string award_date;
  std::string contract_end;
  std::optional<double> value_eur;  // awarded, else contracted, else the tender's estimate
  std::string main_cpv;
  std::vector<std::string> cpvs;   // every CPV code of the process (main and items), distinct
  std::vector<std::string> texts;  // item descriptions and lot titles, distinct
  // The title and description in other languages (language, text), each indexed in its own.
  std::vector<std::pair<std::string, std::string>> translations;
  std::vector<std::pair<std::string, std::string>> suppliers;  // (name, register key or ""), distinct
  bool has_unit_prices = false;
};

// A search a user keeps; `params` is the search's query parameters as a JSON object.
struct SavedSearch {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string params;
  bool alerts = true;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_alert_at;
  std::string owner_language = "en";  // read from the owner's profile; alerts are written in it
};

// An in-app notification.
struct Notification {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string kind;  // "saved_search"
  std::string title;
  std::string body;
  std::string link;  // an app path
  std::int64_t created_at = 0;
  bool read = false;
};

class RegisterStore {
 public:
  // Opens the register in the database at options.location (migrated by Store::Migrate).
  static Result<std::unique_ptr<RegisterStore>> Open(const StoreOptions& options);

  virtual ~RegisterStore() = default;
  RegisterStore() = default;
  RegisterStore(const RegisterStore&) = delete;
  RegisterStore& operator=(const RegisterStore&) = delete;

  // --- ingest runs --------------------------------------------------------------------
  // Records a new run (status "running") and returns its id.
  virtual Result<std::int64_t> BeginIngestRun(const IngestRun& run) = 0;
  // Updates the run's counts, status and finished_at.
  virtual Status FinishIngestRun(const IngestRun& run) = 0;
  virtual Result<IngestRun> GetIngestRun(std::int64_t id) = 0;
  virtual Result<std::vector<IngestProblem>> ListIngestProblems(std::int64_t run_id) = 0;

  // --- phase 1 ------------------------------------------------------------------------
  // Stores the releases and the problems of run `run_id` in one transaction; returns the
  // outcome of each release, in order.
  virtual Result<std::vector<ReleaseOutcome>> StoreReleases(std::int64_t run_id,
                                                            const std::vector<RawRelease>& releases,
                                                            const std::vector<IngestProblem>& problems) = 0;

  // --- phase 2 ------------------------------------------------------------------------
  // At most `limit` pending ocids after `after` (empty: from the first), in ocid order.
  virtual Result<std::vector<std::string>> PendingOcids(const std::string& after, int limit) = 0;
  // Every stored release of the ocids, grouped by ocid (in the order given), each group in
  // (date, storage) order.
  virtual Result<std::vector<StoredRelease>> ReleasesOf(const std::vector<std::string>& ocids) = 0;
  // In one transaction: replaces the projection of each process, creates the register
  // organisations they name, clears the pending mark of `done` (which includes the ocids
  // that could not be compiled), and records the problems. Returns (and records) a warning
  // "merged_by_name" for each new spelling or publisher of an organisation known by its name
  // that joined one already in the register.
  virtual Result<std::vector<IngestProblem>> SaveProcesses(std::int64_t run_id,
                                                           const std::vector<ProcessRecord>& processes,
                                                           const std::vector<std::string>& done,
                                                           const std::vector<IngestProblem>& problems) = 0;

  // --- reading ------------------------------------------------------------------------
  virtual Result<RegisterCounts> Counts() = 0;
  // The ocids of the processes matching `filter`, in ocid order.
  virtual Result<std::vector<std::string>> FindProcesses(const ProcessFilter& filter) = 0;
  // Processes, latest release first (then by ocid), and how many there are in all.
  virtual Result<std::pair<std::vector<ProcessSummary>, std::int64_t>> ListProcesses(int offset, int limit) = 0;
  // The compiled release of a process (kNotFound when unknown).
  virtual Result<std::string> CompiledRelease(const std::string& ocid) = 0;
  // The whole projection of a process: the process row with its lots, items, awards,
  // contracts, parties (with their register organisations) and suppliers, each list in key
  // order (lots and awards by id, items by source, parent and position, parties by id);
  // kNotFound when unknown.
  virtual Result<ProcessRecord> GetProcess(const std::string& ocid) = 0;

  // --- search -------------------------------------------------------------------------
  // Every process whose projection changed since the search index last took it is pending
  // (SaveProcesses marks it in the same transaction).
  // At most `limit` processes after `after` in ocid order, as the index takes them.
  virtual Result<std::vector<SearchSource>> SearchSources(const std::string& after, int limit) = 0;
  // The processes among `ocids` that exist, in ocid order.
  virtual Result<std::vector<SearchSource>> SearchSourcesOf(const std::vector<std::string>& ocids) = 0;
  // At most `limit` ocids pending for the search index, in ocid order; how many in all.
  virtual Result<std::vector<std::string>> SearchPending(int limit) = 0;
  virtual Result<std::int64_t> SearchPendingCount() = 0;
  virtual Status ClearSearchPending(const std::vector<std::string>& ocids) = 0;

  // --- saved searches and notifications -----------------------------------------------
  virtual Result<SavedSearch> CreateSavedSearch(const SavedSearch& search) = 0;
  // The user's saved searches, newest first; user_id 0: every saved search with alerts on.
  virtual Result<std::vector<SavedSearch>> ListSavedSearches(std::int64_t user_id) = 0;
  // One page of the user's saved searches, newest first: at most `limit` from `offset`, and
  // how many the user has in all.
  virtual Result<std::pair<std::vector<SavedSearch>, std::int64_t>> ListSavedSearchesPage(std::int64_t user_id,
                                                                                          int offset, int limit) = 0;
  // kNotFound unless the search exists and belongs to the user.
  virtual Status DeleteSavedSearch(std::int64_t user_id, std::int64_t id) = 0;
  // The ocids among `ocids` the saved search has not alerted about yet.
  virtual Result<std::vector<std::string>> UnalertedHits(std::int64_t search_id,
                                                         const std::vector<std::string>& ocids) = 0;
  // In one transaction: records the hits as alerted, the notification, and an e-mail to the
  // search's owner in the outbox.
  virtual Status RecordAlert(const SavedSearch& search, const std::vector<std::string>& ocids,
                             const Notification& notification, const std::string& mail_subject,
                             const std::string& mail_body) = 0;
  // The user's notifications, newest first, at most `limit`; and how many are unread.
  virtual Result<std::pair<std::vector<Notification>, std::int64_t>> ListNotifications(std::int64_t user_id,
                                                                                       int limit) = 0;
  // kNotFound unless the notification belongs to the user.
  virtual Status MarkNotificationRead(std::int64_t user_id, std::int64_t id, std::int64_t at) = 0;
};

}  // namespace cobuy
