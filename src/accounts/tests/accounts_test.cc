#include "accounts/accounts.h"

#include <gtest/gtest.h>

namespace cobuy {
namespace {

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::Open({.location = ":memory:"}).value();
    ASSERT_TRUE(store_->Migrate().ok());
    ReferenceData ref;
    ref.checksum = "test";
    ref.countries = {
        {"NL", "NLD", "Netherlands", "🇳🇱", true, true, false, "NL", {"EUR"}, {}},
        {"NO", "NOR", "Norway", "🇳🇴", false, true, true, "NO", {"NOK"}, {}},
        {"GB", "GBR", "United Kingdom", "🇬🇧", false, false, false, "UK", {"GBP"}, {}},
        {"DE", "DEU", "Germany", "🇩🇪", true, true, false, "DE", {"EUR"}, {}},
    };
    ref.nuts = {{"NL350", "NL", 3, "NL35", "Utrecht", "Utrecht"}, {"DE212", "DE", 3, "DE21", "München", "München"}};
    ASSERT_TRUE(store_->ReplaceReferenceData(ref).ok());
    accounts_ = Accounts::Create(*store_, clock_, hasher_).value();
    utrecht_ = accounts_->CreateOrganisation(nullptr, {"Gemeente Utrecht", "municipality", "NL", "NL350", {}, 9e8}).value();
    supplier_ = accounts_->CreateOrganisation(nullptr, {"Electra GmbH", "supplier", "DE", "DE212", {}, {}}).value();
    ASSERT_TRUE(accounts_->AddUser("Admin@Utrecht.example", "Anouk", utrecht_.id, "org_admin", kPassword).ok());
    ASSERT_TRUE(accounts_->AddUser("buyer@utrecht.example", "Daan", utrecht_.id, "buyer", kPassword).ok());
  }

  Actor SignInAs(const std::string& email) {
    auto r = accounts_->SignIn(email, kPassword, "10.0.0.1");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return Actor{r->user, r->session};
  }

  static constexpr const char* kPassword = "a good password";
  FixedClock clock_{1'800'000'000};
  PasswordHasher hasher_{{.opslimit = 1, .memlimit = 8192, .max_concurrent = 2}};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Accounts> accounts_;
  Organisation utrecht_, supplier_;
};

TEST_F(AccountsTest, SignInCreatesASessionThatAuthenticates) {
  auto r = accounts_->SignIn("ADMIN@utrecht.example ", kPassword, "10.0.0.1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->user.email, "admin@utrecht.example");
  EXPECT_EQ(r->session.token_hash, HashToken(r->token));
  EXPECT_EQ(r->session.expires_at, clock_.Now() + 12 * 3600);
  auto actor = accounts_->Authenticate(r->token);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->user.id, r->user.id);
  clock_.Advance(12 * 3600);
  EXPECT_EQ(accounts_->Authenticate(r->token).status(), Unauthenticated("the session has expired; sign in again"));
}

TEST_F(AccountsTest, WrongPasswordAndUnknownEmailGiveTheSameAnswer) {
  auto wrong = accounts_->SignIn("admin@utrecht.example", "not the password", "10.0.0.1");
  auto unknown = accounts_->SignIn("nobody@utrecht.example", "not the password", "10.0.0.1");
  EXPECT_EQ(wrong.status(), Unauthenticated("the e-mail address or password is wrong"));
  EXPECT_EQ(unknown.status(), wrong.status());
  auto audit = store_->ListAudit(10).value();
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit[0].event, "signin.failure");
  EXPECT_EQ(audit[0].detail, "unknown e-mail");
  EXPECT_EQ(audit[1].detail, "wrong password");
}

TEST_F(AccountsTest, ThrottlesAnAccountAfterFiveFailures) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(accounts_->SignIn("admin@utrecht.example", "wrong password", "10.0.0.1").status().code(),
              StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(accounts_->SignIn("admin@utrecht.example", kPassword, "10.0.0.2").status(),
            ResourceExhausted("too many failed sign-ins; try again later"));
  EXPECT_EQ(accounts_->RetryAfter("admin@utrecht.example", "10.0.0.2"), 15 * 60);
  // Unknown accounts are throttled alike, so throttling reveals nothing.
  for (int i = 0; i < 5; ++i) (void)accounts_->SignIn("ghost@utrecht.example", "wrong password", "10.0.0.3");
  EXPECT_EQ(accounts_->SignIn("ghost@utrecht.example", "x", "10.0.0.4").status().code(), StatusCode::kResourceExhausted);
  clock_.Advance(15 * 60);
  EXPECT_TRUE(accounts_->SignIn("admin@utrecht.example", kPassword, "10.0.0.2").ok());
}

TEST_F(AccountsTest, ThrottlesAnAddressAcrossAccounts) {
  for (int i = 0; i < 20; ++i) {
    (void)accounts_->SignIn("user" + std::to_string(i) + "@x.example", "wrong password", "10.9.9.9");
  }
  EXPECT_EQ(accounts_->SignIn("buyer@utrecht.example", kPassword, "10.9.9.9").status().code(),
            StatusCode::kResourceExhausted);
  EXPECT_TRUE(accounts_->SignIn("buyer@utrecht.example", kPassword, "10.0.0.1").ok());
}

TEST_F(AccountsTest, OnlyAdminsOfTheOrganisationMayEditIt) {
  Actor buyer = SignInAs("buyer@utrecht.example");
  OrganisationChanges c;
  c.annual_budget_eur = std::optional<double>(1e9);
  EXPECT_EQ(accounts_->UpdateOrganisation(buyer, utrecht_.id, c).status().code(), StatusCode::kPermissionDenied);
  Actor admin = SignInAs("admin@utrecht.example");
  EXPECT_EQ(accounts_->UpdateOrganisation(admin, supplier_.id, c).status().code(), StatusCode::kPermissionDenied);
  auto updated = accounts_->UpdateOrganisation(admin, utrecht_.id, c);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->annual_budget_eur, 1e9);
  EXPECT_EQ(store_->ListAudit(1).value()[0].event, "org.updated");
}

TEST_F(AccountsTest, OrganisationValidationNamesTheField) {
  Actor admin = SignInAs("admin@utrecht.example");
  OrganisationChanges c;
  c.nuts = "DE212";
  EXPECT_EQ(accounts_->UpdateOrganisation(admin, utrecht_.id, c).status(),
            InvalidArgument("NUTS region DE212 is not in Netherlands", "nuts"));
  c = {};
  c.country = "XX";
  EXPECT_EQ(accounts_->UpdateOrganisation(admin, utrecht_.id, c).status(),
            InvalidArgument("'XX' is not an ISO 3166-1 alpha-2 country code", "country"));
  c = {};
  c.annual_budget_eur = std::optional<double>(-5);
  EXPECT_EQ(accounts_->UpdateOrganisation(admin, utrecht_.id, c).status().field(), "annual_budget_eur");
  c = {};
  c.identifiers = std::vector<Identifier>{{"NL-KVK", "1"}, {"", "2"}};
  EXPECT_EQ(accounts_->UpdateOrganisation(admin, utrecht_.id, c).status(),
            InvalidArgument("must not be empty", "identifiers[1].scheme"));
  c = {};
  c.type = "supplier";
  EXPECT_EQ(accounts_->UpdateOrganisation(admin, utrecht_.id, c).status().code(), StatusCode::kPermissionDenied);
}

TEST_F(AccountsTest, EligibilityFollowsTheCountry) {
  EXPECT_TRUE(accounts_->IsEligible(utrecht_));
  auto oslo = accounts_->CreateOrganisation(nullptr, {"Oslo kommune", "municipality", "NO", "", {}, {}}).value();
  EXPECT_TRUE(accounts_->IsEligible(oslo));  // EEA and EFTA
  auto camden = accounts_->CreateOrganisation(nullptr, {"Camden", "municipality", "GB", "", {}, {}}).value();
  EXPECT_FALSE(accounts_->IsEligible(camden));
}

TEST_F(AccountsTest, PeopleAreVisibleToMembersOnly) {
  Actor buyer = SignInAs("buyer@utrecht.example");
  EXPECT_EQ(accounts_->ListPeople(buyer, utrecht_.id)->size(), 2u);
  EXPECT_EQ(accounts_->ListPeople(buyer, supplier_.id).status().code(), StatusCode::kPermissionDenied);
}

TEST_F(AccountsTest, SignUpWaitsForApprovalAndRevealsNothing) {
  ASSERT_TRUE(accounts_->SignUp("new@utrecht.example", "Sem", kPassword, utrecht_.id, "10.0.0.5").ok());
  EXPECT_EQ(accounts_->SignIn("new@utrecht.example", kPassword, "10.0.0.5").status(),
            FailedPrecondition("your account is waiting for approval by your organisation's administrator"));
  // A taken e-mail gets the same answer, and its owner an e-mail.
  EXPECT_TRUE(accounts_->SignUp("buyer@utrecht.example", "X", kPassword, utrecht_.id, "10.0.0.5").ok());
  auto outbox = store_->ListOutbox().value();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].to, "admin@utrecht.example");
  EXPECT_EQ(outbox[0].subject, "A sign-up awaits your approval");
  EXPECT_EQ(outbox[1].to, "buyer@utrecht.example");
  EXPECT_EQ(outbox[1].subject, "Sign-up attempt on Cobuy");

  Actor buyer = SignInAs("buyer@utrecht.example");
  EXPECT_EQ(accounts_->ListPeople(buyer, utrecht_.id)->size(), 2u);  // pending hidden from non-admins
  UserId pending = store_->FindUserByEmail("new@utrecht.example")->id;
  EXPECT_EQ(accounts_->Approve(buyer, utrecht_.id, pending).status().code(), StatusCode::kPermissionDenied);
  Actor admin = SignInAs("admin@utrecht.example");
  EXPECT_EQ(accounts_->ListPeople(admin, utrecht_.id)->size(), 3u);
  auto approved = accounts_->Approve(admin, utrecht_.id, pending);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->status, UserStatus::kActive);
  EXPECT_EQ(approved->role, Role::kBuyer);
  EXPECT_TRUE(accounts_->SignIn("new@utrecht.example", kPassword, "10.0.0.5").ok());
}

TEST_F(AccountsTest, InvitationCreatesTheAccountOnce) {
  Actor admin = SignInAs("admin@utrecht.example");
  EXPECT_EQ(accounts_->Invite(admin, utrecht_.id, "x@utrecht.example", "market_actor").status(),
            InvalidArgument("market actors belong to suppliers and industry associations", "role"));
  EXPECT_EQ(accounts_->Invite(admin, utrecht_.id, "x@utrecht.example", "platform_admin").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->Invite(admin, utrecht_.id, "buyer@utrecht.example", "buyer").status().code(),
            StatusCode::kAlreadyExists);
  auto inv = accounts_->Invite(admin, utrecht_.id, "Eva@Utrecht.example", "observer");
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  auto outbox = store_->ListOutbox().value();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].to, "eva@utrecht.example");
  EXPECT_NE(outbox[0].body.find("/invite/" + inv->token), std::string::npos);
  auto view = accounts_->GetInvitation(inv->token);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->organisation.name, "Gemeente Utrecht");
  EXPECT_EQ(accounts_->AcceptInvitation(inv->token, "Eva", "short").status(),
            InvalidArgument("must be at least 10 characters long", "password"));
  auto user = accounts_->AcceptInvitation(inv->token, "Eva Jansen", kPassword);
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->role, Role::kObserver);
  EXPECT_EQ(accounts_->AcceptInvitation(inv->token, "Eva", kPassword).status(),
            NotFound("this invitation has already been used"));
  EXPECT_EQ(accounts_->GetInvitation("made-up").status().code(), StatusCode::kNotFound);
}

TEST_F(AccountsTest, InvitationsExpire) {
  Actor admin = SignInAs("admin@utrecht.example");
  auto inv = accounts_->Invite(admin, utrecht_.id, "late@utrecht.example", "buyer").value();
  clock_.Advance(14 * 24 * 3600);
  EXPECT_EQ(accounts_->GetInvitation(inv.token).status(), NotFound("this invitation has expired; ask for a new one"));
}

TEST_F(AccountsTest, EmailValidation) {
  EXPECT_TRUE(Accounts::IsValidEmail("a.b@c.example"));
  EXPECT_FALSE(Accounts::IsValidEmail("a@b"));
  EXPECT_FALSE(Accounts::IsValidEmail("a b@c.example"));
  EXPECT_FALSE(Accounts::IsValidEmail("a@@c.example"));
  EXPECT_EQ(accounts_->AddUser("not-an-email", "X", utrecht_.id, "buyer", kPassword).status(),
            InvalidArgument("'not-an-email' is not an e-mail address", "email"));
}

}  // namespace
}  // namespace cobuy
