// The demo data set `cobuy demo load` puts in a store: organisations in many countries and
// people of every role, so that a person can sign in and look around. Loading is
// idempotent: what exists already is kept.
#pragma once

#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/status.h"
#include "gen/gen.h"
#include "store/assessment_store.h"
#include "store/community_store.h"
#include "store/market_store.h"

namespace cobuy::needs {
class Needs;
}
namespace cobuy::market {
class Market;
}

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

// The demo's buyer organisations as the generated contract data names them (cobuy gen's seed
// buyers), so that the register shows their contracts. Each carries the identifier its
// published data uses: Lyon's and AP-HP's are on their Cobuy profiles, so their contracts link
// to them at once; Utrecht's (NL-KVK 30280353) is not, so the link appears when its admin
// adds it; the others get invented ones.
std::vector<gen::SeedBuyer> DemoBuyers();

// A saved search of a demo person (params: the search's query parameters as JSON).
struct DemoSavedSearch {
  std::string email;
  std::string name;
  std::string params;
};
// The demo people's saved searches, with alerts on.
std::vector<DemoSavedSearch> DemoSavedSearches();

// The demo's communities (electric refuse trucks, zero-emission construction sites, digital
// health, circular asphalt, socially responsible ICT, life-cycle costing), with a year of
// events around `now`, documents, outputs, discussions and work plans; the companies invited to
// their market engagement; a staff exchange offer and request. Communities that exist already
// are left as they are. Returns how many were created.
Result<int> LoadDemoCommunities(Store& store, Accounts& accounts, CommunityStore& communities, UnixSeconds now);

// The demo's needs assessment ("Joint procurement needs 2027": electric buses, large heat pumps,
// circular office furniture) answered by twelve demo organisations, closed ten days before
// `now`, the working groups the optimiser formed from it (created as communities), Lyon's
// commitment and Vienna's decline. Does nothing when it exists. Returns how many answered.
Result<int> LoadDemoAssessment(Store& store, AssessmentStore& assessments, needs::Needs& needs, UnixSeconds now);

// The demo's shared pipeline: eleven planned procurements of demo buyers dated in the coming
// months (electric refuse trucks, laptops, heat pumps in local currencies, and Camden's housing
// system, which is not grouped), Munich's interest in Vienna's entry and Vienna's status
// update. Does nothing when organisations published entries already. Returns how many.
Result<int> LoadDemoPipeline(Store& store, MarketStore& market_store, market::Market& market, UnixSeconds now);

// The seed and size of the demo's generated contract data.
inline constexpr std::uint64_t kDemoGenSeed = 2026;
inline constexpr std::int64_t kDemoGenReleases = 2000;
// The demo's generated eForms package (TED-shaped, synthetic): its seed and releases rendered.
inline constexpr std::uint64_t kDemoEformsSeed = 2027;
inline constexpr std::int64_t kDemoEformsReleases = 300;

}  // namespace cobuy
