#include "store/store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_db.h"

namespace cobuy {
namespace {

std::unique_ptr<Store> MigratedMemoryStore() {
  auto store = Store::Open({.location = ":memory:"});
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE((*store)->Migrate().ok());
  return std::move(store).value();
}

Organisation Org(std::string name, std::string country = "NL") {
  Organisation o;
  o.name = std::move(name);
  o.type = OrganisationType::kMunicipality;
  o.country = std::move(country);
  o.nuts = "NL350";
  o.identifiers = {{"NL-KVK", "123"}, {"NL-OIN", "456"}};
  o.annual_budget_eur = 9e8;
  o.created_at = 1000;
  return o;
}

User Person(std::string email, OrganisationId org) {
  User u;
  u.email = std::move(email);
  u.name = "Anouk";
  u.organisation = org;
  u.role = Role::kOrganisationAdmin;
  u.password_hash = "$argon2id$x";
  u.created_at = 1000;
  return u;
}

TEST(StoreTest, OpenRejectsEmptyAndPostgresLocations) {
  EXPECT_EQ(Store::Open({.location = ""}).status(), InvalidArgument("no database location given", "db"));
  EXPECT_EQ(Store::Open({.location = "postgresql://localhost/cobuy"}).status().code(), StatusCode::kInvalidArgument);
}

TEST(StoreTest, OpenFailsOnAnUnwritablePath) {
  auto s = Store::Open({.location = "/nonexistent-dir/sub/cobuy.db"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(s.status().message().find("/nonexistent-dir/sub/cobuy.db"), std::string::npos);
}

TEST(StoreTest, OrganisationRoundTripWithIdentifiers) {
  auto store = MigratedMemoryStore();
  auto id = store->CreateOrganisation(Org("Gemeente Utrecht"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto org = store->GetOrganisation(*id);
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(org->name, "Gemeente Utrecht");
  EXPECT_EQ(org->type, OrganisationType::kMunicipality);
  EXPECT_EQ(org->nuts, "NL350");
  EXPECT_EQ(org->identifiers, (std::vector<Identifier>{{"NL-KVK", "123"}, {"NL-OIN", "456"}}));
  EXPECT_EQ(org->annual_budget_eur, 9e8);
  EXPECT_EQ(store->FindOrganisationByName("gemeente utrecht")->id, *id);
}

// H5: a register identifier linked whichever organisation claimed it, the lowest id winning.
// Now an identifier is one organisation's, and a claim of a register identifier waits for
// the secretariat before the register's data links to the organisation.
TEST(StoreTest, RegisterIdentifierClaimsBelongToOneOrganisationAndWaitForApproval) {
  const std::string path = (std::filesystem::temp_directory_path() / "store_test_claims.db").string();
  std::filesystem::remove(path);
  auto store = Store::Open({.location = path}).value();
  ASSERT_TRUE(store->Migrate().ok());
  sqlite::ConnectionPool raw(path, 1000, 1);
  auto conn = raw.Acquire().value();
  ASSERT_TRUE(conn->Exec("INSERT INTO register_organisations(scheme, identifier, name) "
                         "VALUES ('FR-SIREN', '267500452', 'AP-HP')")
                  .ok());
  auto links = [&] {
    auto st = conn->Prepare("SELECT count(*) FROM register_organisation_links").value();
    EXPECT_TRUE(st.Step().value());
    return st.Int(0);
  };
  Organisation aphp_in = Org("AP-HP", "FR");
  aphp_in.identifiers = {};
  Organisation utrecht_in = Org("Gemeente Utrecht");
  utrecht_in.identifiers = {};
  OrganisationId utrecht = store->CreateOrganisation(utrecht_in).value();  // the lower id
  OrganisationId aphp = store->CreateOrganisation(aphp_in).value();
  OrganisationUpdate claim;
  claim.identifiers = std::vector<Identifier>{{"FR-SIREN", "267500452"}};
  auto claimed = store->UpdateOrganisation(aphp, claim, 2000);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_EQ(claimed->identifiers.size(), 1u);
  EXPECT_TRUE(claimed->identifiers[0].pending);
  EXPECT_EQ(links(), 0);  // nothing links before the secretariat approves
  EXPECT_EQ(store->UpdateOrganisation(utrecht, claim, 2000).status(),
            AlreadyExists("FR-SIREN 267500452 is already claimed by another organisation", "identifiers[0]"));
  auto pending = store->ListPendingIdentifierClaims().value();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].organisation, aphp);
  EXPECT_EQ(pending[0].register_name, "AP-HP");
  EXPECT_EQ(store->DecideIdentifierClaim(utrecht, {"FR-SIREN", "267500452"}, true).code(), StatusCode::kNotFound);
  ASSERT_TRUE(store->DecideIdentifierClaim(aphp, {"FR-SIREN", "267500452"}, true).ok());
  EXPECT_FALSE(store->GetOrganisation(aphp)->identifiers[0].pending);
  EXPECT_EQ(links(), 1);
  EXPECT_TRUE(store->ListPendingIdentifierClaims()->empty());
  // Keeping an approved identifier in a later update keeps it approved.
  claim.identifiers = std::vector<Identifier>{{"FR-SIREN", "267500452"}, {"FR-FINESS", "750100125"}};
  EXPECT_FALSE(store->UpdateOrganisation(aphp, claim, 3000)->identifiers[0].pending);
  // The secretariat's own edits are trusted.
  ASSERT_TRUE(conn->Exec("INSERT INTO register_organisations(scheme, identifier, name) "
                         "VALUES ('NL-KVK', '30280353', 'Gemeente Utrecht')")
                  .ok());
  OrganisationUpdate trusted;
  trusted.identifiers = std::vector<Identifier>{{"NL-KVK", "30280353"}};
  trusted.trusted = true;
  EXPECT_FALSE(store->UpdateOrganisation(utrecht, trusted, 3000)->identifiers[0].pending);
  EXPECT_EQ(links(), 2);
}

// A declined claim: the claimant keeps none of the identifier, nothing of the register links
// to it, and the identifier stays free for its owner, whose own claim the secretariat then
// approves; declining the squatter again changes nothing for the owner.
TEST(StoreTest, ADeclinedIdentifierClaimLeavesTheIdentifierToItsOwner) {
  const std::string path = (std::filesystem::temp_directory_path() / "store_test_declined_claim.db").string();
  std::filesystem::remove(path);
  auto store = Store::Open({.location = path}).value();
  ASSERT_TRUE(store->Migrate().ok());
  sqlite::ConnectionPool raw(path, 1000, 1);
  auto conn = raw.Acquire().value();
  ASSERT_TRUE(conn->Exec("INSERT INTO register_organisations(scheme, identifier, name) "
                         "VALUES ('FR-SIREN', '267500452', 'AP-HP')")
                  .ok());
  // Which Cobuy organisations the register's AP-HP links to.
  auto linked = [&] {
    auto st = conn->Prepare(
                      "SELECT l.organisation_id FROM register_organisation_links l JOIN register_organisations r "
                      "ON r.id = l.register_id WHERE r.scheme = 'FR-SIREN' AND r.identifier = '267500452' "
                      "ORDER BY l.organisation_id")
                  .value();
    std::vector<std::int64_t> ids;
    while (st.Step().value()) ids.push_back(st.Int(0));
    return ids;
  };
  Organisation utrecht_in = Org("Gemeente Utrecht");
  utrecht_in.identifiers = {};
  Organisation aphp_in = Org("AP-HP", "FR");
  aphp_in.identifiers = {};
  OrganisationId utrecht = store->CreateOrganisation(utrecht_in).value();
  OrganisationId aphp = store->CreateOrganisation(aphp_in).value();
  const Identifier siren{"FR-SIREN", "267500452"};
  OrganisationUpdate claim;
  claim.identifiers = std::vector<Identifier>{siren};

  // Utrecht claims AP-HP's identifier; the secretariat declines.
  ASSERT_TRUE(store->UpdateOrganisation(utrecht, claim, 2000)->identifiers[0].pending);
  EXPECT_EQ(store->UpdateOrganisation(aphp, claim, 2000).status(),
            AlreadyExists("FR-SIREN 267500452 is already claimed by another organisation", "identifiers[0]"));
  ASSERT_TRUE(store->DecideIdentifierClaim(utrecht, siren, false).ok());
  EXPECT_TRUE(store->GetOrganisation(utrecht)->identifiers.empty());
  EXPECT_TRUE(linked().empty());
  EXPECT_TRUE(store->ListPendingIdentifierClaims()->empty());
  EXPECT_EQ(store->DecideIdentifierClaim(utrecht, siren, false),
            NotFound(fmt::format("organisation {} has no pending claim of FR-SIREN 267500452", utrecht.value)));

  // The owner claims it and is approved: the register's AP-HP links to AP-HP alone.
  ASSERT_TRUE(store->UpdateOrganisation(aphp, claim, 3000)->identifiers[0].pending);
  ASSERT_TRUE(store->DecideIdentifierClaim(aphp, siren, true).ok());
  EXPECT_EQ(linked(), (std::vector<std::int64_t>{aphp.value}));
  // A late decline of the squatter, or of the owner's approved identifier, takes nothing away.
  EXPECT_EQ(store->DecideIdentifierClaim(utrecht, siren, false).code(), StatusCode::kNotFound);
  EXPECT_EQ(store->DecideIdentifierClaim(aphp, siren, false).code(), StatusCode::kNotFound);
  auto owner = store->GetOrganisation(aphp).value();
  ASSERT_EQ(owner.identifiers.size(), 1u);
  EXPECT_EQ(owner.identifiers[0].scheme, "FR-SIREN");
  EXPECT_EQ(owner.identifiers[0].id, "267500452");
  EXPECT_FALSE(owner.identifiers[0].pending);
  EXPECT_EQ(linked(), (std::vector<std::int64_t>{aphp.value}));
  EXPECT_TRUE(store->GetOrganisation(utrecht)->identifiers.empty());
  std::filesystem::remove(path);
}

TEST(StoreTest, OrganisationNamesAreUniqueIgnoringCaseAndAccents) {
  auto store = MigratedMemoryStore();
  ASSERT_TRUE(store->CreateOrganisation(Org("Landeshauptstadt München", "DE")).ok());
  auto dup = store->CreateOrganisation(Org("LANDESHAUPTSTADT MUNCHEN", "DE"));
  EXPECT_EQ(dup.status(), AlreadyExists("an organisation named 'LANDESHAUPTSTADT MUNCHEN' already exists", "name"));
}

TEST(StoreTest, UpdateOrganisationChangesOnlyGivenFields) {
  auto store = MigratedMemoryStore();
  OrganisationId id = store->CreateOrganisation(Org("Gemeente Utrecht")).value();
  OrganisationUpdate u;
  u.annual_budget_eur = std::optional<double>();  // clear
  u.identifiers = std::vector<Identifier>{{"NL-KVK", "999"}};
  auto org = store->UpdateOrganisation(id, u, 2000);
  ASSERT_TRUE(org.ok()) << org.status().ToString();
  EXPECT_EQ(org->name, "Gemeente Utrecht");
  EXPECT_FALSE(org->annual_budget_eur.has_value());
  EXPECT_EQ(org->identifiers, (std::vector<Identifier>{{"NL-KVK", "999"}}));
  EXPECT_EQ(org->updated_at, 2000);
  EXPECT_EQ(org->created_at, 1000);
  EXPECT_EQ(store->UpdateOrganisation(OrganisationId(99), u, 3).status(), NotFound("organisation 99 not found"));
}

TEST(StoreTest, UsersAreUniqueByEmailAndNeedAnOrganisation) {
  auto store = MigratedMemoryStore();
  OrganisationId org = store->CreateOrganisation(Org("Gemeente Utrecht")).value();
  auto id = store->CreateUser(Person("anouk@utrecht.example", org));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(store->CreateUser(Person("anouk@utrecht.example", org)).status(),
            AlreadyExists("a user with e-mail anouk@utrecht.example already exists", "email"));
  EXPECT_EQ(store->CreateUser(Person("x@y.example", OrganisationId(77))).status(),
            NotFound("organisation 77 not found"));
  auto u = store->FindUserByEmail("anouk@utrecht.example");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->id, *id);
  EXPECT_EQ(u->role, Role::kOrganisationAdmin);
  EXPECT_EQ(u->status, UserStatus::kActive);
  EXPECT_EQ(store->FindUserByEmail("nobody@x.example").status().code(), StatusCode::kNotFound);
}

TEST(StoreTest, SessionsExpire) {
  auto store = MigratedMemoryStore();
  OrganisationId org = store->CreateOrganisation(Org("Gemeente Utrecht")).value();
  UserId uid = store->CreateUser(Person("anouk@utrecht.example", org)).value();
  ASSERT_TRUE(store->CreateSession({"hash1", uid, "csrf", 100, 200, "127.0.0.1"}).ok());
  auto s = store->GetSession("hash1", 150);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->user, uid);
  EXPECT_EQ(s->csrf_token, "csrf");
  EXPECT_EQ(store->GetSession("hash1", 200).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store->DeleteExpiredSessions(200).value(), 1);
  EXPECT_EQ(store->GetSession("hash1", 150).status().code(), StatusCode::kNotFound);
}

TEST(StoreTest, InvitationAcceptedOnlyOnce) {
  auto store = MigratedMemoryStore();
  OrganisationId org = store->CreateOrganisation(Org("Gemeente Utrecht")).value();
  Invitation inv;
  inv.token_hash = "th";
  inv.email = "new@utrecht.example";
  inv.organisation = org;
  inv.role = Role::kBuyer;
  inv.expires_at = 5000;
  auto id = store->CreateInvitation(inv, {0, "new@utrecht.example", "Invitation", "body", 10});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(store->ListOutbox()->size(), 1u);
  User u = Person("new@utrecht.example", org);
  ASSERT_TRUE(store->AcceptInvitation(*id, u, 20).ok());
  EXPECT_EQ(store->GetInvitationByToken("th")->accepted_at, 20);
  u.email = "other@utrecht.example";
  EXPECT_EQ(store->AcceptInvitation(*id, u, 30).status(), FailedPrecondition("this invitation has already been used"));
  EXPECT_EQ(store->FindUserByEmail("other@utrecht.example").status().code(), StatusCode::kNotFound);
}

TEST(StoreTest, ReferenceDataReplacedOnlyWhenChecksumChanges) {
  auto store = MigratedMemoryStore();
  ReferenceData data;
  data.checksum = "abc";
  data.countries.push_back({"NO", "NOR", "Norway", "🇳🇴", false, true, true, "NO", {"NOK"}, {{"de", "Norwegen"}}});
  CpvCode cpv{"03000000-1", "03000000", 2, CpvLevel::kDivision, "", {{"en", "Agricultural products"}}};
  data.cpv.push_back(cpv);
  data.fx_rates.push_back({"2026-04-13", "NOK", 11.098});
  EXPECT_EQ(store->ReplaceReferenceData(data).value(), true);
  EXPECT_EQ(store->ReplaceReferenceData(data).value(), false);
  auto countries = store->ListCountries().value();
  ASSERT_EQ(countries.size(), 1u);
  EXPECT_TRUE(countries[0].eligible());
  EXPECT_EQ(countries[0].currencies, std::vector<std::string>{"NOK"});
  EXPECT_EQ(countries[0].names.at("de"), "Norwegen");
  auto codes = store->ListCpvCodes().value();
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].labels.at("en"), "Agricultural products");
  data.checksum = "def";
  data.countries.clear();
  EXPECT_EQ(store->ReplaceReferenceData(data).value(), true);
  EXPECT_TRUE(store->ListCountries()->empty());
}

TEST(StoreTest, TwoStoresOnOneFileWriteConcurrently) {
  auto path = std::filesystem::temp_directory_path() / ("cobuy-store-test-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  auto a = Store::Open({.location = path.string()}).value();
  auto b = Store::Open({.location = path.string()}).value();
  ASSERT_TRUE(a->Migrate().ok());
  EXPECT_TRUE(b->Migrate()->empty());  // already applied by a
  OrganisationId org = a->CreateOrganisation(Org("Gemeente Utrecht")).value();
  auto writer = [&](Store* s, int base) {
    for (int i = 0; i < 50; ++i) {
      EXPECT_TRUE(s->CreateUser(Person("u" + std::to_string(base + i) + "@x.example", org)).ok());
    }
  };
  std::thread t1(writer, a.get(), 0), t2(writer, b.get(), 1000);
  t1.join();
  t2.join();
  EXPECT_EQ(a->ListUsers(org)->size(), 100u);
  a.reset();
  b.reset();
  for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

}  // namespace
}  // namespace cobuy
