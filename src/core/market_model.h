// Shared pipeline, opportunities and price benchmarks (Step 6): plain records shared by the
// store and market/. See docs/MARKET.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace cobuy {

// What the market views read of one register process (table market_facts).
struct MarketFact {
  std::string ocid;
  std::int64_t buyer_org = 0;  // register organisation, 0 when the buyer has no identifier
  std::string country;
  std::string cpv;  // main CPV ("34144511-3"), or empty
  std::string method;
  std::string tags;    // every release tag, space-separated
  std::string status;  // tender.status
  std::string tender_start;
  std::string tender_end;
  std::string contract_end;
  std::optional<double> value_eur;  // awarded, else contracted, else estimated
  bool is_framework = false;
  bool open_to_others = false;  // a CPB, a DPS, or buyer categories named
  std::optional<int> tenderers;
  std::vector<std::string> suppliers;  // "#<register organisation id>" or the supplier's name
};

// One unit price paid (table market_prices).
struct MarketPrice {
  std::string ocid;
  std::string cpv;
  std::string unit_id;
  std::string unit_name;
  std::optional<double> quantity;
  double price_eur = 0;
};

// An organisation as the register knows it, with the Cobuy organisation it is, if any.
struct MarketOrganisation {
  std::int64_t id = 0;  // register organisation id
  std::string key;      // "SCHEME-IDENTIFIER"
  std::string name;
  std::string country;
  std::int64_t organisation_id = 0;  // Cobuy organisation, 0 when none
};

enum class PipelineStatus { kPlanned, kPreparing, kTendering, kAwarded, kCancelled };

struct PipelineEntry {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;  // Cobuy organisation, 0 for an unlinked register buyer
  std::string organisation_name;
  std::string organisation_country;
  std::int64_t buyer_org = 0;  // register organisation (imported entries)
  std::string buyer_org_key;   // its "SCHEME-IDENTIFIER"
  std::string buyer_org_name;
  std::string buyer_org_country;
  std::string source = "cobuy";  // "cobuy" | "ocds"
  std::string ocid;              // imported entries
  std::string title;
  std::string description;
  std::string cpv;
  std::optional<double> value_amount;
  std::string value_currency;
  std::optional<double> value_eur;
  std::string planned_tender_date;  // YYYY-MM-DD
  std::string contract_start;       // YYYY-MM-DD or empty
  std::optional<int> duration_months;
  std::string region;
  bool open_to_collaboration = false;
  std::string contact_name;
  std::string contact_email;
  PipelineStatus status = PipelineStatus::kPlanned;
  UnixSeconds status_changed_at = 0;
  std::int64_t status_changed_by = 0;
  std::string status_changed_by_name;
  std::int64_t created_by = 0;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
};

struct PipelineInterest {
  std::int64_t entry_id = 0;
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::int64_t user_id = 0;
  std::string user_name;
  std::string note;
  UnixSeconds created_at = 0;
};

struct PipelineFilter {
  std::int64_t organisation_id = 0;  // 0: every organisation
  std::string cpv_prefix;
  std::string from;  // planned tender date, inclusive
  std::string to;
  std::string status;  // empty: any
  bool collaboration_only = false;
  std::string source;  // empty: any
};

const char* Name(PipelineStatus s);
std::optional<PipelineStatus> ParsePipelineStatus(std::string_view s);
std::vector<std::string> AllPipelineStatuses();

}  // namespace cobuy
