#include "http/views.h"

#include "core/clock.h"

namespace cobuy::http {

nlohmann::json OrganisationSummaryJson(const Organisation& org, const Accounts& accounts) {
  return {{"id", org.id.value},          {"name", org.name}, {"type", OrganisationTypeName(org.type)},
          {"country", org.country},      {"nuts", org.nuts}, {"eligible", accounts.IsEligible(org)}};
}

nlohmann::json OrganisationJson(const Organisation& org, const Accounts& accounts) {
  nlohmann::json j = OrganisationSummaryJson(org, accounts);
  nlohmann::json ids = nlohmann::json::array();
  for (const auto& i : org.identifiers) {
    ids.push_back({{"scheme", i.scheme}, {"id", i.id}, {"status", i.pending ? "pending" : "approved"}});
  }
  j["identifiers"] = std::move(ids);
  j["annual_budget_eur"] = org.annual_budget_eur ? nlohmann::json(*org.annual_budget_eur) : nlohmann::json(nullptr);
  j["created_at"] = FormatTimestamp(org.created_at);
  j["updated_at"] = FormatTimestamp(org.updated_at);
  return j;
}

nlohmann::json PersonJson(const User& u) {
  return {{"id", u.id.value},
          {"email", u.email},
          {"name", u.name},
          {"role", RoleName(u.role)},
          {"status", UserStatusName(u.status)}};
}

nlohmann::json MeJson(const User& user, const Organisation& org, const std::string& csrf_token,
                      const Accounts& accounts) {
  nlohmann::json j = PersonJson(user);
  j["language"] = user.language;
  j["csrf_token"] = csrf_token;
  j["organisation"] = OrganisationSummaryJson(org, accounts);
  return j;
}

}  // namespace cobuy::http
