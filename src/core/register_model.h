// The contract register: plain records shared by ingest/ (which builds them from OCDS data)
// and store/ (which persists them). One contracting process (an ocid) is projected into a
// ProcessRecord: the process row and its lots, items, awards, contracts, parties and
// suppliers, as later steps query them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cobuy {

// A release as published, kept verbatim (normalised only where ingest said so).
struct RawRelease {
  std::string ocid;
  std::string id;
  std::string date;  // as published: the key is (ocid, id, date)
  std::string json;  // compact JSON of the release
  std::string file;
  std::uint64_t offset = 0;
};

// What became of a release offered to the store.
enum class ReleaseOutcome : std::uint8_t {
  kNew,        // stored
  kUnchanged,  // the same (ocid, id, date) was stored already with the same content
  kConflict,   // the same key was stored already with other content (the stored one is kept)
};

// An amount as published, and in euro at the ECB rate of its date.
struct Money {
  std::optional<double> amount;
  std::string currency;        // as published (upper-cased), empty when not given
  std::optional<double> eur;   // empty when the currency or the rate is unknown
};

// A problem found while ingesting: where (file and byte offset), which release, what.
struct IngestProblem {
  enum class Severity : std::uint8_t { kWarning, kRejected };
  Severity severity = Severity::kWarning;
  std::string file;
  std::uint64_t offset = 0;
  std::string ocid;        // empty when unknown
  std::string release_id;  // empty when unknown
  std::string code;        // stable machine name: "no_date", "tag_not_array", ...
  std::string message;     // human-readable, says what and what was done
};

std::string_view SeverityName(IngestProblem::Severity severity);  // "warning" | "rejected"

// One run of `cobuy ingest` as the ingest_runs table records it.
struct IngestRun {
  std::int64_t id = 0;
  std::string started_at;   // ISO 8601 UTC
  std::string finished_at;  // empty while running
  std::string status;       // "running" | "completed" | "failed"
  std::vector<std::string> files;
  std::uint64_t bytes = 0;
  std::uint64_t releases_read = 0;
  std::uint64_t releases_new = 0;
  std::uint64_t releases_unchanged = 0;
  std::uint64_t releases_rejected = 0;
  std::uint64_t warnings = 0;
  std::uint64_t processes_compiled = 0;
};

struct LotRecord {
  std::string id;
  std::string title;
  std::string description;
  std::string status;
  Money value;
};

struct ItemRecord {
  std::string source;     // "tender" | "award" | "contract"
  std::string parent_id;  // the award or contract id; empty for tender items
  int position = 0;       // index in its list
  std::string id;
  std::string description;
  std::string cpv;        // validated CPV code with check digit ("34144511-3"), or empty
  std::string scheme;     // classification as published
  std::string classification_id;
  std::string additional_classifications;  // JSON array of {"scheme","id"}, as published
  std::optional<double> quantity;
  std::string unit_name;
  std::string unit_id;
  Money unit_price;
  std::string related_lot;
};

struct AwardRecord {
  std::string id;
  std::string title;
  std::string status;
  std::string date;
  Money value;
  std::string related_lots;  // space-separated lot ids
};

struct ContractRecord {
  std::string id;
  std::string award_id;
  std::string title;
  std::string status;
  std::string date_signed;
  std::string period_start;
  std::string period_end;
  Money value;
};

// An organisation as the register knows it: one per identifier (scheme + id) across all
// publishers. One published without an identifier is known by its name in its country:
// scheme "<CC>-NAME", identifier its NameKey ("ville-de-lyon"), `by_name` set; the store
// records each spelling and publisher that was merged into it. `key` is assigned by the store.
struct RegisterOrganisation {
  std::string scheme;      // upper-cased, "NL-KVK"
  std::string identifier;  // trimmed, inner spaces removed
  std::string name;
  std::string country;     // ISO 3166-1 alpha-2 or empty
  bool by_name = false;
};

// A process's title and description in one more language than its own (TED's translated
// titles, eForms' multilingual texts, OCDS language variants "title_de").
struct ProcessText {
  std::string language;  // ISO 639-1, lower case
  std::string title;
  std::string description;
};

struct PartyRecord {
  std::string id;
  std::string name;
  std::string roles;  // space-separated OCDS roles
  std::optional<RegisterOrganisation> organisation;  // when it has an identifier
  std::string country;  // ISO 3166-1 alpha-2 or empty
  std::string region;
  std::string locality;
};

struct SupplierRecord {
  std::string award_id;
  std::string party_id;
  std::string name;
  std::optional<RegisterOrganisation> organisation;
};

struct ProcessRecord {
  std::string ocid;
  std::string compiled;  // compact JSON of the compiled release
  int release_count = 0;
  std::string first_date;
  std::string last_date;
  std::string tags;  // space-separated, every tag of every release, in first-seen order
  std::string title;
  std::string description;
  std::string language;
  std::string status;  // tender.status
  std::string buyer_party_id;
  std::string buyer_name;
  std::string procuring_entity_name;
  std::string buyer_type;  // the buyer's eu-buyer-legal-type classification ("la", "body-pl-ra"), or empty
  std::string country;  // the buyer's ISO 3166-1 alpha-2, or empty
  std::string region;   // the buyer's address region as published
  std::string procurement_method;
  std::string procurement_method_details;
  std::string main_category;
  bool is_framework = false;
  bool is_dps = false;
  bool is_cpb = false;  // a central purchasing body buys or procures
  std::string buyer_categories;  // verbatim
  std::optional<std::int64_t> max_participants;
  std::string tender_start;
  std::string tender_end;
  std::string award_date;      // the earliest award date
  std::string contract_start;  // the earliest contract start
  std::string contract_end;    // the latest contract end
  Money value;                 // tender.value
  std::optional<double> awarded_eur;     // sum of the awards' values in euro
  std::optional<double> contracted_eur;  // sum of the contracts' values in euro
  std::string main_cpv;        // tender.classification, else the first item's CPV

  std::vector<LotRecord> lots;
  std::vector<ItemRecord> items;
  std::vector<AwardRecord> awards;
  std::vector<ContractRecord> contracts;
  std::vector<PartyRecord> parties;
  std::vector<SupplierRecord> suppliers;
  std::vector<ProcessText> texts;  // other languages, by language
};

}  // namespace cobuy
