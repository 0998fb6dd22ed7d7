// Eligibility golden cases: src/register/tests/eligibility_cases.json. Each case is the
// process fields, the organisation asking and today, with the expected verdict and reasons.
#include "register/eligibility.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

namespace cobuy::reg {
namespace {

nlohmann::json Cases() {
  std::ifstream in(COBUY_SOURCE_DIR "/src/register/tests/eligibility_cases.json");
  return nlohmann::json::parse(in);
}

ProcessRecord ToProcess(const nlohmann::json& j) {
  ProcessRecord p;
  p.ocid = "ocds-test";
  p.buyer_party_id = j.value("buyer_party_id", "");
  p.buyer_name = j.value("buyer_name", "");
  p.procuring_entity_name = j.value("procuring_entity_name", "");
  p.is_framework = j.value("is_framework", false);
  p.is_dps = j.value("is_dps", false);
  p.is_cpb = j.value("is_cpb", false);
  p.buyer_categories = j.value("buyer_categories", "");
  if (j.contains("max_participants") && !j["max_participants"].is_null()) {
    p.max_participants = j["max_participants"].get<std::int64_t>();
  }
  p.contract_end = j.value("contract_end", "");
  for (const auto& party : j.value("parties", nlohmann::json::array())) {
    PartyRecord r;
    r.id = party.value("id", "");
    r.name = party.value("name", "");
    r.roles = party.value("roles", "");
    if (party.contains("organisation") && party["organisation"].is_object()) {
      const auto& o = party["organisation"];
      r.organisation = RegisterOrganisation{o.value("scheme", ""), o.value("identifier", ""), o.value("name", ""),
                                            o.value("country", "")};
    }
    p.parties.push_back(std::move(r));
  }
  return p;
}

EligibilityOrganisation ToOrganisation(const nlohmann::json& j) {
  EligibilityOrganisation o;
  o.name = j.value("name", "");
  o.country = j.value("country", "");
  o.nuts = j.value("nuts", "");
  auto type = ParseOrganisationType(j.value("type", "other"));
  EXPECT_TRUE(type.has_value()) << j.dump();
  o.type = type.value_or(OrganisationType::kOther);
  o.identifiers = j.value("identifiers", std::vector<std::string>{});
  return o;
}

nlohmann::json ToJson(const Eligibility& e) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const EligibilityReason& r : e.reasons) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [k, v] : r.params) params[k] = v;
    reasons.push_back({{"code", r.code}, {"params", params}});
  }
  return {{"verdict", VerdictName(e.verdict)}, {"reasons", reasons}};
}

TEST(EligibilityTest, GoldenCases) {
  nlohmann::json cases = Cases();
  ASSERT_GE(cases["cases"].size(), 1u);
  for (const auto& c : cases["cases"]) {
    SCOPED_TRACE(c["description"].get<std::string>());
    Eligibility e =
        AssessEligibility(ToProcess(c["process"]), ToOrganisation(c["organisation"]), c["today"].get<std::string>());
    EXPECT_EQ(ToJson(e).dump(1), c["expect"].dump(1));
  }
}

TEST(EligibilityTest, CasesCoverEveryReasonAndVerdict) {
  std::set<std::string> codes, verdicts;
  nlohmann::json cases = Cases();
  for (const auto& c : cases["cases"]) {
    verdicts.insert(c["expect"]["verdict"].get<std::string>());
    for (const auto& r : c["expect"]["reasons"]) codes.insert(r["code"].get<std::string>());
  }
  EXPECT_EQ(codes, (std::set<std::string>{"not_framework", "expired", "no_end_date", "named_buyers_only", "named_buyer",
                                          "own_contract", "categories_match", "categories_unclear", "no_categories",
                                          "country_mismatch", "max_participants", "cpb", "dps_open"}));
  EXPECT_EQ(verdicts, (std::set<std::string>{"likely_usable", "not_usable", "ask_lead_buyer"}));
}

}  // namespace
}  // namespace cobuy::reg
