// The market views of Step 6 (docs/MARKET.md) as pure functions of a Snapshot: collaboration
// opportunities, price benchmarks, supplier concentration, consolidation and buyers' early
// warnings. A Snapshot holds, compactly and in memory, what they read of the register and the
// pipeline; it is loaded from a MarketStore once and then kept current by Apply with the
// processes that changed, so that recomputing after an ingest costs what changed plus one
// pass in memory.
//
// Thread-safety: a Snapshot is not synchronised; the functions only read it (market::Market
// guards it with a shared mutex).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/market_model.h"
#include "core/status.h"
#include "store/market_store.h"

namespace cobuy::market {

inline constexpr int kNoDay = std::numeric_limits<int>::min();

// A common unit: prices per `unit` are the price per published unit divided by `size`.
struct CommonUnit {
  std::string unit;  // "KGM", "LTR", "MTR", "MTK", "KWH", "HUR", "DAY", "H87", "MON", or the published one
  std::string name;  // "kilogram", ...
  double size = 1;   // how many common units one published unit is
};
// The common unit of a published unit (UN/CEFACT id, else its name); an unknown unit is its own
// common unit (id upper-cased, else the name lower-cased). nullopt when both are empty.
std::optional<CommonUnit> NormaliseUnit(std::string_view unit_id, std::string_view unit_name);

// The digits of a CPV code ("34144511-3" -> 34144511), 0 when it is not one.
std::uint32_t CpvDigits(std::string_view cpv);
// The code's class at `digits` significant digits, as digits: ClassOf(34144511, 4) == 3414.
std::uint32_t ClassOf(std::uint32_t cpv8, int digits);
// "3414" -> "34140000": the class written as a CPV code without check digit.
std::string ClassCode(std::uint32_t cls, int digits);
// Whether a process's space-separated release tags ("planning tender award") hold `tag`.
bool HasTag(std::string_view tags, std::string_view tag);

struct Buyer {
  std::string id;  // "SCHEME-IDENTIFIER", or "cobuy-<organisation id>"
  std::string name;
  std::string country;
  std::int64_t register_id = 0;
  std::int64_t organisation_id = 0;  // the Cobuy organisation, 0 when none
  bool eligible = false;             // in the EU, the EEA or EFTA
};

struct Supplier {
  std::string id;  // "SCHEME-IDENTIFIER", or the name when it has no identifier
  std::string name;
};

struct Contract {
  std::string ocid;
  int buyer = -1;  // index into buyers; -1 when the process names no buyer
  std::uint32_t cpv = 0;
  int end_day = kNoDay;  // the latest contract end
  double value_eur = std::numeric_limits<double>::quiet_NaN();
  bool framework = false;
  bool open_to_others = false;
  bool cancelled = false;
  bool planning_only = false;  // no tender yet: a plan, not a contract
  std::uint8_t method = 0;     // index into Snapshot::methods
  std::int16_t tenderers = -1;
  int tender_days = -1;  // the tender period's length, -1 when unknown
  std::vector<int> suppliers;
  int first_price = -1;  // its price points are prices[first_price, first_price + price_count)
  int price_count = 0;
  bool live = true;  // false once replaced by Apply
};

struct PricePoint {
  int contract = -1;
  std::uint32_t cpv = 0;
  int unit = -1;          // index into Snapshot::units
  double price = 0;       // EUR per common unit
  double unit_price = 0;  // EUR per published unit
  std::optional<double> quantity;
  bool live = true;
};

struct Planned {
  std::int64_t id = 0;
  int buyer = -1;
  std::string title;
  std::uint32_t cpv = 0;
  int day = kNoDay;  // the planned tender date
  double value_eur = std::numeric_limits<double>::quiet_NaN();
  bool open_to_collaboration = false;
  PipelineStatus status = PipelineStatus::kPlanned;
};

// The prices of one CPV code and common unit, kept sorted, with how many each buyer has.
struct PriceKey {
  std::vector<double> sorted;
  std::unordered_map<int, int> buyers;
};

class Snapshot {
 public:
  // Reads everything (market_facts, market_prices, organisations, pipeline entries).
  static Result<Snapshot> Load(MarketStore& store);

  // Re-reads the processes `ocids` (changed since the load) and their pipeline entries.
  Status Apply(MarketStore& store, const std::vector<std::string>& ocids);
  // Re-reads the pipeline entries `ids` (published or edited since the load).
  Status ApplyPipeline(MarketStore& store, const std::vector<std::int64_t>& ids);

  std::vector<Buyer> buyers;
  std::vector<Supplier> suppliers;
  std::vector<Contract> contracts;
  std::vector<PricePoint> prices;
  std::vector<Planned> pipeline;
  std::vector<std::string> methods;  // procurement methods seen; index 0 is ""
  std::vector<CommonUnit> units;     // common units seen
  // Live prices by (CPV code, unit), kept current by Apply.
  std::map<std::pair<std::uint32_t, int>, PriceKey> price_keys;

  // Lookups.
  std::optional<int> ContractOf(std::string_view ocid) const;
  std::vector<int> BuyersOfOrganisation(std::int64_t organisation_id) const;
  // The price points of a contract (indices into prices).
  std::vector<int> PricesOfContract(int contract) const;

 private:
  Status AddFacts(std::vector<MarketFact>&& facts);
  Status AddPrices(std::vector<MarketPrice>&& prices, bool loading);
  void RemovePrice(const PricePoint& p);
  void PutPlanned(const PipelineEntry& e);
  int BuyerOfRegister(std::int64_t register_id, const std::string& fallback_country);
  // The register organisation with exactly this name (case and spacing aside) in this country.
  std::optional<std::int64_t> RegisterNamed(const std::string& name, const std::string& country);
  int SupplierOf(const std::string& key);
  bool IsEligible(const std::string& country) const;  // EU, EEA or EFTA (eligible_countries_ is sorted)
  int MethodOf(const std::string& method);
  int UnitOf(const CommonUnit& unit);

  std::unordered_map<std::string, int> contract_index_;
  std::unordered_map<std::int64_t, int> buyer_of_register_;
  std::unordered_map<std::int64_t, int> buyer_of_organisation_;  // Cobuy organisations without a register link
  std::unordered_map<std::int64_t, std::vector<int>> buyers_of_organisation_;
  std::unordered_map<std::string, int> supplier_index_;
  std::unordered_map<std::int64_t, MarketOrganisation> register_orgs_;
  std::unordered_map<std::int64_t, std::int64_t> register_of_organisation_;  // Cobuy organisation -> register id
  std::unordered_map<std::string, std::int64_t> register_by_name_;
  size_t register_by_name_built_for_ = 0;  // register_orgs_.size() when register_by_name_ was built
  std::unordered_map<std::string, std::pair<int, double>> unit_cache_;  // "id\x1fname" -> (unit, size)
  std::unordered_map<std::int64_t, int> pipeline_index_;
  std::vector<std::string> eligible_countries_;
};

// --- collaboration opportunities -----------------------------------------------------------

struct OpportunityParams {
  std::string as_of;  // YYYY-MM-DD
  int cpv_digits = 4;
  int min_buyers = 3;
  int window_months = 12;
};
// kInvalidArgument naming the field (as_of, cpv_digits 2..8, min_buyers >= 2, window_months 1..60).
Status Check(const OpportunityParams& p);

struct Opportunity {
  std::string key;  // the class's digits: "3414"
  std::string cpv;  // "34140000"
  std::vector<int> buyers;
  std::vector<int> contracts;  // ascending end date, then ocid
  std::vector<int> pipeline;   // indices into Snapshot::pipeline, ascending date
  // Suppliers of the contracts, with the buyers they supply, most buyers first.
  std::vector<std::pair<int, std::vector<int>>> suppliers;
  double combined_value_eur = 0;
  int from_day = 0, to_day = 0;
  double score = 0;
  double score_buyers = 0, score_value = 0, score_timing = 0, score_shared = 0, score_pipeline = 0;
  std::string action;  // "use_framework" | "joint_procurement" | "joint_market_engagement"
  int framework = -1;  // contract index for use_framework
};

// Best score first, then by key.
std::vector<Opportunity> FindOpportunities(const Snapshot& s, const OpportunityParams& p);

// --- prices ----------------------------------------------------------------------------------

struct Benchmark {
  std::uint32_t cpv = 0;
  int unit = -1;
  int count = 0;
  int buyers = 0;
  bool withheld = false;  // fewer than min_peers buyers
  double median = 0, q1 = 0, q3 = 0, min = 0, max = 0;
  double low_fence = 0, high_fence = 0;  // Tukey's fences on the log of the price
  int outliers = 0;
  std::vector<std::pair<double, int>> histogram;  // (lower bound, count), 10 log-spaced bins
};

// The value at quantile q (0..1) of sorted values, linear between order statistics (type 7).
double Quantile(const std::vector<double>& sorted, double q);
// Share (0..100) of `sorted` below x, ties counted half.
double PercentileRank(const std::vector<double>& sorted, double x);

// Benchmarks of every CPV code starting with `cpv_prefix` (digits; empty: all), by code and unit.
std::vector<Benchmark> Benchmarks(const Snapshot& s, std::string_view cpv_prefix, int min_peers);

// One price compared with the other buyers' prices of its code and unit.
struct Comparison {
  int point = -1;  // price point (ContractPrices) or -1 (OrganisationPrices)
  std::uint32_t cpv = 0;
  int unit = -1;
  double paid = 0;  // EUR per common unit (an organisation's median)
  int count = 0;    // prices it stands for
  int peers = 0;    // other buyers
  bool withheld = false;
  double peer_median = 0, peer_q1 = 0, peer_q3 = 0;
  double percentile = 0;
  std::string flag;  // "high", "low" or ""
};
std::vector<Comparison> ContractPrices(const Snapshot& s, int contract, int min_peers);
std::vector<Comparison> OrganisationPrices(const Snapshot& s, std::int64_t organisation_id, int min_peers);

// --- market views -----------------------------------------------------------------------------

struct Concentration {
  std::uint32_t cpv_class = 0;  // 4 digits
  std::string country;
  int contracts = 0;
  double total_eur = 0;
  int suppliers = 0;
  double hhi = 0;
  std::string level;                        // low | moderate | high
  std::vector<std::pair<int, double>> top;  // (supplier, share 0..1), at most 5
};
// Per CPV class (4 digits) and buyer country, HHI descending. `cpv_prefix` and `country` filter.
std::vector<Concentration> MarketConcentration(const Snapshot& s, std::string_view cpv_prefix,
                                               std::string_view country);

struct Consolidation {
  int supplier = -1;
  std::uint32_t cpv_class = 0;
  std::vector<int> buyers;
  std::vector<int> contracts;
  double total_eur = 0;
};
// One supplier, one CPV class (4 digits), three or more buyers on separate contracts; most buyers first.
std::vector<Consolidation> ConsolidationOpportunities(const Snapshot& s, std::string_view cpv_prefix);

struct WarningThresholds {
  // Minimum tender period in days per procurement method, and per (country, method) overrides.
  std::map<std::string, int> by_method{{"open", 30}, {"selective", 25}};
  std::map<std::pair<std::string, std::string>, int> by_country;
  int For(const std::string& country, const std::string& method) const;  // 0: no threshold
};
// Reads "country,method,min_days" lines (country "*" for the default) from a CSV file.
Result<WarningThresholds> LoadThresholds(const std::string& path);

struct EarlyWarning {
  std::string code;       // "single_bid" | "short_submission"
  std::string procedure;  // the procurement method
  int count = 0;          // processes flagged
  int of = 0;             // processes it could be checked on
  int threshold_days = 0;
  std::vector<int> contracts;
};
std::vector<EarlyWarning> EarlyWarnings(const Snapshot& s, std::int64_t organisation_id, const WarningThresholds& t);

}  // namespace cobuy::market
