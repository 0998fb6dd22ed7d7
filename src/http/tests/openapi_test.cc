// Every route the server registers is described in the OpenAPI document, and the document
// describes no route that does not exist.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "http/router.h"
#include "market/market.h"
#include "needs/needs.h"

namespace cobuy::http {
namespace {

TEST(OpenApiTest, DocumentAndRoutesAgree) {
  // A file, so that the register (its own connections) sees the migrated schema.
  std::string db = ::testing::TempDir() + "openapi_test.db";
  std::remove(db.c_str());
  auto store = Store::Open({.location = db}).value();
  ASSERT_TRUE(store->Migrate().ok());
  auto reg = RegisterStore::Open({.location = db}).value();
  FixedClock clock(0);
  PasswordHasher hasher({.opslimit = 1, .memlimit = 8192, .max_concurrent = 1});
  auto accounts = Accounts::Create(*store, clock, hasher).value();
  CpvIndex cpv({});
  Services services{*store, *accounts, cpv, clock, *reg};
  auto community_store = CommunityStore::Open({.location = db}).value();
  community::Communities communities(*community_store, *store, clock);
  services.communities = &communities;
  services.community_store = community_store.get();
  auto assessment_store = AssessmentStore::Open({.location = db}).value();
  needs::Needs needs(*assessment_store, *community_store, communities, *accounts, *store, clock);
  services.needs = &needs;
  auto market_store = MarketStore::Open({.location = db}).value();
  auto market = market::Market::Create({*market_store, *store, cpv, clock, community_store.get(), &communities, {}}).value();
  services.market = market.get();
  Router router = BuildApiRouter(services);

  auto doc = nlohmann::json::parse(OpenApiDocument());
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::set<std::pair<std::string, std::string>> documented;
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) {
      std::string m = method;
      std::transform(m.begin(), m.end(), m.begin(), ::toupper);
      documented.insert({m, path});
      EXPECT_TRUE(op.contains("summary")) << m << " " << path;
      EXPECT_TRUE(op.contains("responses")) << m << " " << path;
    }
  }
  std::set<std::pair<std::string, std::string>> registered;
  for (const Route& r : router.routes()) {
    registered.insert({r.method, r.path});
    EXPECT_TRUE(documented.contains({r.method, r.path})) << "route missing from openapi.json: " << r.method << " " << r.path;
  }
  for (const auto& d : documented) {
    EXPECT_TRUE(registered.contains(d)) << "openapi.json describes a route that does not exist: " << d.first << " "
                                        << d.second;
  }
  EXPECT_EQ(registered.size(), router.routes().size()) << "a route is registered twice";
}

}  // namespace
}  // namespace cobuy::http
