// JSON views of records, shared by the handlers.
#pragma once

#include <nlohmann/json.hpp>

#include "accounts/accounts.h"
#include "core/accounts_model.h"

namespace cobuy::http {

nlohmann::json OrganisationSummaryJson(const Organisation& org, const Accounts& accounts);
nlohmann::json OrganisationJson(const Organisation& org, const Accounts& accounts);
nlohmann::json PersonJson(const User& user);
nlohmann::json MeJson(const User& user, const Organisation& org, const std::string& csrf_token,
                      const Accounts& accounts);

}  // namespace cobuy::http
