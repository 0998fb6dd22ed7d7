// Eligibility: may the signed-in organisation buy through a contracting process of the
// register? The question every buyer asks on a contract page, answered from the published
// data only: a framework agreement, a dynamic purchasing system or a central purchasing
// body; its end date; and the buyer categories (eForms BT-111, free text in any language).
//
// The answer is a verdict and the reasons for it (stable codes with string parameters, which
// the web translates; see docs/API.md). It never claims more certainty than the data gives:
// whatever the rules below cannot read is "ask the lead buyer".
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/accounts_model.h"
#include "core/register_model.h"

namespace cobuy::reg {

enum class Verdict { kLikelyUsable, kNotUsable, kAskLeadBuyer };

// "likely_usable" | "not_usable" | "ask_lead_buyer"
std::string_view VerdictName(Verdict verdict);

// One reason: a code ("expired") and its parameters ({"end_date", "2024-01-01"}), in order.
struct EligibilityReason {
  std::string code;
  std::vector<std::pair<std::string, std::string>> params;
  friend bool operator==(const EligibilityReason&, const EligibilityReason&) = default;
};

struct Eligibility {
  Verdict verdict = Verdict::kAskLeadBuyer;
  std::vector<EligibilityReason> reasons;  // deciding reasons first, then informative ones
};

// The organisation asking.
struct EligibilityOrganisation {
  std::string name;
  std::string country;  // ISO 3166-1 alpha-2
  std::string nuts;     // NUTS code, may be empty
  OrganisationType type = OrganisationType::kOther;
  std::vector<std::string> identifiers;  // "SCHEME-ID", as the register keys them ("NL-KVK-30280353")
};

// Assesses `process` for `org` on `today` ("YYYY-MM-DD"). Rules, in order:
//   - the organisation is the buyer (an identifier of a party with role buyer, or the buyer's
//     name) -> likely_usable (own_contract), unless the end date has passed;
//   - neither a framework agreement, a DPS nor a central purchasing body -> not_usable
//     (not_framework);
//   - the end date (contract_end) has passed -> not_usable (expired);
//   - buyer categories: none -> ask_lead_buyer (no_categories); naming the organisation (its
//     name or identifier) -> likely_usable (named_buyer); naming other buyers (the process's
//     buyer, an identifier, "Gemeente X", "Stadt X", "City of X", ... without a generic
//     "all ...") -> not_usable (named_buyers_only); limited to another country (its name in
//     en/de/fr/nl/es, or a NUTS code) -> not_usable (country_mismatch); covering the
//     organisation's type (its words in en/de/fr/nl/es, or "all contracting authorities")
//     or "all ... in <its country>" with no other restriction -> likely_usable
//     (categories_match); anything else -> ask_lead_buyer (categories_unclear);
//   - likely_usable without a published end date -> ask_lead_buyer (no_end_date).
// Informative reasons follow: max_participants, cpb, dps_open.
Eligibility AssessEligibility(const ProcessRecord& process, const EligibilityOrganisation& org, std::string_view today);

}  // namespace cobuy::reg
