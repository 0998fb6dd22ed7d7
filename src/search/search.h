// search: the contract register's full-text search engine, on Xapian.
//
// One Xapian document per process (ocid), built from the store's SearchSource:
//   - text (title, description, item and lot texts, buyer and supplier names) is folded
//     (Unicode case folding, accents removed: core/text.h) and stemmed by the document's
//     language (Snowball; the word as is where no stemmer exists), as terms "Z<stem>";
//   - the labels of the process's CPV codes and of their ancestors, in the languages Cobuy
//     ships (en, de, fr) and in the document's own language, are indexed the same way, each
//     stemmed in its own language, so a query in one language finds a notice published in
//     another;
//   - boolean filter terms (prefixes below) and value slots for facets, ranges and sorts.
// A query word matches a document when one of its stems in any stemming language does: the
// word's stems are an OP_SYNONYM group; the groups are joined with AND.
//
// Index maintenance: IndexWriter::Update drains the store's search_pending queue (filled by
// ingest in the transaction that saves a process) and then runs saved-search alerts over the
// processes it indexed; Rebuild builds a fresh index beside the old one and swaps it in.
// Both are idempotent: a run killed at any point and run again ends with the same index.
//
// Thread-safety: SearchIndex is safe to use from many threads at once (it keeps one Xapian
// handle per concurrent search). IndexWriter is for one thread; Xapian allows one writer per
// index at a time (a second gets kUnavailable).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/reference.h"
#include "core/status.h"
#include "store/register_store.h"

namespace cobuy::search {

// --- the query ----------------------------------------------------------------------------

enum class SortKey { kRelevance, kValue, kDate, kEnd };

struct SearchQuery {
  std::string text;                       // words; `cpv:` tokens are moved to cpv_prefixes
  std::vector<std::string> cpv_prefixes;  // digits, 2..8: any CPV code of the process starts so
  std::string country;                    // ISO alpha-2
  std::string nuts;                       // NUTS code prefix
  std::string buyer_type;
  std::string method;
  std::string status;
  int year = 0;
  std::vector<std::string> instruments;  // "framework" | "dps" | "cpb": all must hold
  std::optional<double> value_min, value_max;  // EUR
  std::string tender_from, tender_to, award_from, award_to, end_from, end_to;  // YYYY-MM-DD
  int ends_within_months = 0;  // contract end from `today` to today + N months
  std::string today;           // YYYY-MM-DD, for ends_within_months
  std::string buyer;           // register key "SCHEME-ID" or name
  std::string supplier;        // register key or name
  bool unit_prices = false;
  std::optional<SortKey> sort;  // default: relevance with words, date without
  bool ascending = false;
  int offset = 0;
  int limit = 20;
  bool facets = true;
  std::vector<std::string> only_ocids;  // when not empty: restrict to these processes
};

// The search's query parameters as the API and saved searches carry them (a parameter may
// repeat: "instrument"). The error names the parameter.
using Params = std::multimap<std::string, std::string>;
Result<SearchQuery> ParseSearchParams(const Params& params, const std::string& today);
// The same, from a JSON object of parameters (strings, numbers, booleans, or arrays of them).
Result<Params> ParamsFromJson(std::string_view json);
// "q=...&country=NL" (for links to a saved search).
std::string ParamsToQueryString(const Params& params);

// --- the result ---------------------------------------------------------------------------

struct TextSpan {
  std::string text;
  bool mark = false;
};

struct SearchHit {
  std::string ocid;
  std::string title;
  std::string buyer;
  std::string buyer_key;
  std::string country;
  std::vector<std::string> suppliers;
  std::optional<double> value_eur;
  std::string end_date;
  std::string date;
  std::string main_cpv;
  std::string status;
  bool framework = false, dps = false, cpb = false;
  double score = 0;  // 0..100 for relevance; 0 when sorted otherwise
  std::vector<TextSpan> snippet;
};

struct FacetCount {
  std::string value;
  std::int64_t count = 0;
};

struct SearchResult {
  std::int64_t total = 0;
  bool total_exact = true;
  std::vector<SearchHit> hits;
  // Facet name ("cpv_division", "cpv_group", "country", "nuts", "buyer_type", "method",
  // "instrument", "status", "year") -> values by count, then value.
  std::vector<std::pair<std::string, std::vector<FacetCount>>> facets;
  bool facets_exact = true;  // false: counted on a sample of the matches and scaled
};

struct SearchOptions {
  // Facets are counted over at most this many matching documents; beyond it they are
  // estimated from that sample (SearchResult::facets_exact false).
  int facet_sample = 2000;
};

// --- reading ------------------------------------------------------------------------------

class SearchIndex {
 public:
  // Opens the index at `path` for reading; kNotFound when there is none.
  static Result<std::unique_ptr<SearchIndex>> Open(const std::string& path, SearchOptions options = {});
  ~SearchIndex();

  Result<SearchResult> Search(const SearchQuery& query) const;
  std::int64_t DocumentCount() const;

 private:
  class Impl;
  explicit SearchIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// --- writing ------------------------------------------------------------------------------

// The CPV labels an index adds to documents: code8 -> (parent code8, label per language).
class CpvLabels {
 public:
  static CpvLabels FromReference(const std::vector<CpvCode>& codes);
  struct Entry {
    std::string parent8;
    std::vector<std::pair<std::string, std::string>> labels;  // (language, label)
  };
  const Entry* Find(std::string_view code8) const;

 private:
  std::map<std::string, Entry, std::less<>> entries_;
};

struct IndexStats {
  std::int64_t indexed = 0;   // documents added or replaced
  std::int64_t removed = 0;   // documents deleted (processes no longer in the store)
  std::int64_t alerts = 0;    // saved-search notifications sent
  double seconds = 0;
};

struct IndexProgress {
  std::int64_t done = 0;
  std::int64_t total = 0;
};

class IndexWriter {
 public:
  // Opens (creating when missing) the index at `path` for writing.
  static Result<std::unique_ptr<IndexWriter>> Open(const std::string& path, const CpvLabels& cpv);
  ~IndexWriter();

  // Indexes every pending process, then alerts the owners of saved searches that match
  // processes they have not been alerted about (an in-app notification and an e-mail).
  Result<IndexStats> Update(RegisterStore& store, const Clock& clock);
  // Builds the whole index afresh from the store (a new index beside the old one, swapped in
  // when complete). No alerts.
  Result<IndexStats> Rebuild(RegisterStore& store, const std::function<void(const IndexProgress&)>& on_progress = {});

 private:
  class Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Where the index of the database at `db_path` lives: "<db_path>.search".
std::string IndexPathFor(const std::string& db_path);

}  // namespace cobuy::search
