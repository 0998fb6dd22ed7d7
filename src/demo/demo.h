// The demo data set `cobuy demo load` puts in a store: organisations in many countries and
// people of every role, so that a person can sign in and look around. Loading is
// idempotent: what exists already is kept.
#pragma once

#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/status.h"

namespace cobuy {

struct DemoSignIn {
  std::string email;
  std::string role;
  std::string organisation;
};

struct DemoSummary {
  int organisations_created = 0;
  int people_created = 0;
  std::vector<DemoSignIn> sign_ins;  // every demo person
};

// Every demo person's password. Demo data only: never use it on a real deployment.
inline constexpr const char* kDemoPassword = "cobuy-demo-2026";

Result<DemoSummary> LoadDemo(Store& store, Accounts& accounts);

}  // namespace cobuy
