#include "accounts/accounts.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

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
    utrecht_ =
        accounts_->CreateOrganisation(nullptr, {"Gemeente Utrecht", "municipality", "NL", "NL350", {}, 9e8}).value();
    supplier_ = accounts_->CreateOrganisation(nullptr, {"Electra GmbH", "supplier", "DE", "DE212", {}, {}}).value();
    ASSERT_TRUE(accounts_->AddUser("Admin@Utrecht.example", "Anouk", utrecht_.id, "org_admin", kPassword).ok());
    ASSERT_TRUE(accounts_->AddUser("buyer@utrecht.example", "Daan", utrecht_.id, "buyer", kPassword).ok());
  }

  Actor SignInAs(const std::string& email) {
    auto r = accounts_->SignIn(email, kPassword, "10.0.0.1");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return Actor{r->user, r->session};
  }

  // The token in the last e-mail to `to` after `marker` ("/reset-password/", ...).
  std::string TokenMailed(const std::string& to, const std::string& marker) {
    std::string token;
    const auto outbox = store_->ListOutbox().value();
    for (const auto& m : outbox) {
      size_t at = m.body.find(marker);
      if (m.to != to || at == std::string::npos) continue;
      at += marker.size();
      token = m.body.substr(at, m.body.find_first_of(" \n", at) - at);
    }
    return token;
  }

  int AuditCount(const std::string& event) {
    int n = 0;
    const auto audit = store_->ListAudit(100000).value();
    for (const auto& e : audit) n += e.event == event;
    return n;
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

// M1: five wrong passwords locked the account for everyone, renewable for ever. Now the
// failures back off the (e-mail, address) pair only: 3 free, then 30 s doubling to 15 min.
TEST_F(AccountsTest, FailuresBackOffPerEmailAndAddressAndNeverLockTheOwnerOut) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(accounts_->SignIn("admin@utrecht.example", "wrong password", "10.6.6.6").status(),
              Unauthenticated("the e-mail address or password is wrong"));
    EXPECT_EQ(accounts_->RetryAfter("admin@utrecht.example", "10.6.6.6"), 0);
  }
  EXPECT_EQ(accounts_->SignIn("admin@utrecht.example", "wrong password", "10.6.6.6").status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(accounts_->RetryAfter("admin@utrecht.example", "10.6.6.6"), 30);
  EXPECT_EQ(accounts_->SignIn("admin@utrecht.example", kPassword, "10.6.6.6").status(),
            ResourceExhausted("too many failed sign-ins; try again later"));
  clock_.Advance(30);
  (void)accounts_->SignIn("admin@utrecht.example", "wrong password", "10.6.6.6");
  EXPECT_EQ(accounts_->RetryAfter("admin@utrecht.example", "10.6.6.6"), 60);
  // The attacker keeps going for hours: the block never exceeds 15 minutes ...
  for (int i = 0; i < 40; ++i) {
    clock_.Advance(accounts_->RetryAfter("admin@utrecht.example", "10.6.6.6"));
    (void)accounts_->SignIn("admin@utrecht.example", "wrong password", "10.6.6.6");
  }
  EXPECT_EQ(accounts_->RetryAfter("admin@utrecht.example", "10.6.6.6"), 15 * 60);
  // ... and the owner, from their own address, signs in all along.
  EXPECT_EQ(accounts_->RetryAfter("admin@utrecht.example", "10.0.0.2"), 0);
  EXPECT_TRUE(accounts_->SignIn("admin@utrecht.example", kPassword, "10.0.0.2").ok());
  // Unknown accounts back off alike, so the throttle reveals nothing.
  for (int i = 0; i < 4; ++i) (void)accounts_->SignIn("ghost@utrecht.example", "wrong password", "10.0.0.3");
  EXPECT_EQ(accounts_->SignIn("ghost@utrecht.example", "x", "10.0.0.3").status().code(),
            StatusCode::kResourceExhausted);
}

// H6: 20 failures from one address blocked everyone behind it (a TLS proxy) for 15 minutes.
// The address backs off too, but from 5 s doubling to 1 minute at most.
TEST_F(AccountsTest, AnAddressBacksOffBrieflyAcrossAccounts) {
  for (int i = 0; i < 20; ++i) {
    (void)accounts_->SignIn("user" + std::to_string(i) + "@x.example", "wrong password", "10.9.9.9");
  }
  EXPECT_EQ(accounts_->RetryAfter("buyer@utrecht.example", "10.9.9.9"), 0);
  (void)accounts_->SignIn("user20@x.example", "wrong password", "10.9.9.9");
  EXPECT_EQ(accounts_->RetryAfter("buyer@utrecht.example", "10.9.9.9"), 5);
  EXPECT_EQ(accounts_->SignIn("buyer@utrecht.example", kPassword, "10.9.9.9").status().code(),
            StatusCode::kResourceExhausted);
  EXPECT_TRUE(accounts_->SignIn("buyer@utrecht.example", kPassword, "10.0.0.1").ok());
  for (int i = 21; i < 40; ++i) {
    clock_.Advance(accounts_->RetryAfter("user@x.example", "10.9.9.9"));
    (void)accounts_->SignIn("user" + std::to_string(i) + "@x.example", "wrong password", "10.9.9.9");
  }
  EXPECT_EQ(accounts_->RetryAfter("buyer@utrecht.example", "10.9.9.9"), 60);
  clock_.Advance(60);
  EXPECT_TRUE(accounts_->SignIn("buyer@utrecht.example", kPassword, "10.9.9.9").ok());
}

// The counts are in the database, so every server sharing it sees them.
TEST_F(AccountsTest, ThrottlesAreSharedThroughTheStore) {
  for (int i = 0; i < 4; ++i) (void)accounts_->SignIn("admin@utrecht.example", "wrong password", "10.6.6.6");
  auto other_server = Accounts::Create(*store_, clock_, hasher_).value();
  EXPECT_EQ(other_server->RetryAfter("admin@utrecht.example", "10.6.6.6"), 30);
  EXPECT_EQ(other_server->SignIn("admin@utrecht.example", kPassword, "10.6.6.6").status().code(),
            StatusCode::kResourceExhausted);
}

// The daily job forgets counters older than every policy's forget_after (a day by default),
// and no sooner: a failure from an hour ago still counts.
TEST_F(AccountsTest, StaleThrottlesAreForgottenAfterADay) {
  (void)accounts_->SignIn("admin@utrecht.example", "wrong password", "10.6.6.6");  // pair and address keys
  clock_.Advance(3600);
  EXPECT_EQ(accounts_->ForgetStaleThrottles().value(), 0);
  clock_.Advance(23 * 3600 + 1);
  EXPECT_EQ(accounts_->ForgetStaleThrottles().value(), 2);
}

// M2: each throttled attempt wrote an audit row. Now one row per block.
TEST_F(AccountsTest, ThrottledAttemptsAreAuditedOncePerBlock) {
  for (int i = 0; i < 4; ++i) (void)accounts_->SignIn("admin@utrecht.example", "wrong password", "10.6.6.6");
  for (int i = 0; i < 1000; ++i) (void)accounts_->SignIn("admin@utrecht.example", "guess", "10.6.6.6");
  EXPECT_EQ(AuditCount("signin.throttled"), 1);
  EXPECT_EQ(AuditCount("signin.failure"), 4);
  clock_.Advance(30);
  (void)accounts_->SignIn("admin@utrecht.example", "wrong password", "10.6.6.6");  // a new block
  for (int i = 0; i < 100; ++i) (void)accounts_->SignIn("admin@utrecht.example", "guess", "10.6.6.6");
  EXPECT_EQ(AuditCount("signin.throttled"), 2);
}

// M4: change password (needs the current one; other sessions end), sign out everywhere.
TEST_F(AccountsTest, ChangePasswordNeedsTheCurrentOneAndEndsOtherSessions) {
  auto first = accounts_->SignIn("buyer@utrecht.example", kPassword, "10.0.0.1").value();
  auto second = accounts_->SignIn("buyer@utrecht.example", kPassword, "10.0.0.7").value();
  Actor actor{first.user, first.session};
  EXPECT_EQ(accounts_->ChangePassword(actor, "not my password", "a new good password"),
            InvalidArgument("is not your current password", "current_password"));
  EXPECT_EQ(accounts_->ChangePassword(actor, kPassword, "1234567890"),
            InvalidArgument("is too common and would be guessed early; choose another", "new_password"));
  ASSERT_TRUE(accounts_->ChangePassword(actor, kPassword, "a new good password").ok());
  EXPECT_TRUE(accounts_->Authenticate(first.token).ok());
  EXPECT_EQ(accounts_->Authenticate(second.token).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(accounts_->SignIn("buyer@utrecht.example", kPassword, "10.0.0.1").status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(accounts_->SignIn("buyer@utrecht.example", "a new good password", "10.0.0.1").ok());
  EXPECT_EQ(AuditCount("password.changed"), 1);
}

TEST_F(AccountsTest, SignOutEverywhereEndsEverySession) {
  auto first = accounts_->SignIn("buyer@utrecht.example", kPassword, "10.0.0.1").value();
  auto second = accounts_->SignIn("buyer@utrecht.example", kPassword, "10.0.0.7").value();
  ASSERT_TRUE(accounts_->SignOutEverywhere(Actor{second.user, second.session}).ok());
  EXPECT_EQ(accounts_->Authenticate(first.token).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(accounts_->Authenticate(second.token).status().code(), StatusCode::kUnauthenticated);
}

// M4: reset by e-mail token: single use, expires, hashed at rest, same answer for anyone.
TEST_F(AccountsTest, PasswordResetBySingleUseExpiringToken) {
  auto session = accounts_->SignIn("buyer@utrecht.example", kPassword, "10.0.0.1").value();
  ASSERT_TRUE(accounts_->RequestPasswordReset("Buyer@Utrecht.example", "10.0.0.8").ok());
  EXPECT_TRUE(accounts_->RequestPasswordReset("nobody@utrecht.example", "10.0.0.8").ok());  // same answer
  auto outbox = store_->ListOutbox().value();
  ASSERT_EQ(outbox.size(), 1u);  // only the account's owner gets a link
  EXPECT_EQ(outbox[0].subject, "Reset your Cobuy password");
  std::string token = TokenMailed("buyer@utrecht.example", "/reset-password/");
  ASSERT_EQ(token.size(), 43u);
  EXPECT_EQ(accounts_->ResetPassword(token, "1234567890", "10.0.0.8"),
            InvalidArgument("is too common and would be guessed early; choose another", "password"));
  ASSERT_TRUE(accounts_->ResetPassword(token, "a brand new password", "10.0.0.8").ok());
  EXPECT_EQ(accounts_->Authenticate(session.token).status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(accounts_->SignIn("buyer@utrecht.example", "a brand new password", "10.0.0.1").ok());
  const Status gone = NotFound("this password reset link is unknown, used or expired; ask for a new one");
  EXPECT_EQ(accounts_->ResetPassword(token, "another new password", "10.0.0.8"), gone);  // single use
  // Expires after an hour.
  ASSERT_TRUE(accounts_->RequestPasswordReset("buyer@utrecht.example", "10.0.0.8").ok());
  std::string late = TokenMailed("buyer@utrecht.example", "/reset-password/");
  ASSERT_NE(late, token);
  clock_.Advance(3600);
  EXPECT_EQ(accounts_->ResetPassword(late, "another new password", "10.0.0.8"), gone);
  EXPECT_EQ(accounts_->ResetPassword("made-up", "another new password", "10.0.0.8"), gone);
}

TEST_F(AccountsTest, PasswordResetRequestsAreThrottledPerAddress) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(accounts_->RequestPasswordReset("x" + std::to_string(i) + "@utrecht.example", "10.0.0.9").ok());
  }
  EXPECT_TRUE(accounts_->RequestPasswordReset("x5@utrecht.example", "10.0.0.9").ok());  // the 6th is counted ...
  EXPECT_EQ(accounts_->RequestPasswordReset("x6@utrecht.example", "10.0.0.9"),          // ... and blocks a minute
            ResourceExhausted("too many requests from this address; try again later"));
  EXPECT_EQ(accounts_->RequestRetryAfter("10.0.0.9"), 60);
  EXPECT_TRUE(accounts_->RequestPasswordReset("x6@utrecht.example", "10.0.0.10").ok());
}

// M4: an org admin disables (sessions end at once), enables and removes people.
TEST_F(AccountsTest, AdminsDisableEnableAndRemovePeople) {
  auto buyer = accounts_->SignIn("buyer@utrecht.example", kPassword, "10.0.0.1").value();
  Actor admin = SignInAs("admin@utrecht.example");
  Actor as_buyer{buyer.user, buyer.session};
  EXPECT_EQ(accounts_->SetDisabled(&as_buyer, utrecht_.id, admin.user.id, true).status(),
            PermissionDenied("only this organisation's administrators can disable people"));
  EXPECT_EQ(accounts_->SetDisabled(&admin, utrecht_.id, admin.user.id, true).status(),
            FailedPrecondition("you cannot disable yourself"));
  auto disabled = accounts_->SetDisabled(&admin, utrecht_.id, buyer.user.id, true);
  ASSERT_TRUE(disabled.ok()) << disabled.status().ToString();
  EXPECT_EQ(disabled->status, UserStatus::kDisabled);
  EXPECT_EQ(accounts_->Authenticate(buyer.token).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(store_->GetSession(buyer.session.token_hash, clock_.Now()).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(accounts_->SignIn("buyer@utrecht.example", kPassword, "10.0.0.1").status(),
            Unauthenticated("the e-mail address or password is wrong"));
  ASSERT_TRUE(accounts_->SetDisabled(&admin, utrecht_.id, buyer.user.id, false).ok());
  auto again = accounts_->SignIn("buyer@utrecht.example", kPassword, "10.0.0.1");
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(accounts_->RemovePerson(&admin, utrecht_.id, buyer.user.id).ok());
  EXPECT_EQ(accounts_->Authenticate(again->token).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(store_->FindUserByEmail("buyer@utrecht.example").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetUser(buyer.user.id)->status, UserStatus::kRemoved);
  EXPECT_EQ(accounts_->ListPeople(admin, utrecht_.id)->size(), 1u);
  EXPECT_EQ(accounts_->RemovePerson(&admin, utrecht_.id, buyer.user.id),
            NotFound(fmt::format("user {} is not in organisation {}", buyer.user.id.value, utrecht_.id.value)));
  // The e-mail can be invited again.
  EXPECT_TRUE(accounts_->Invite(admin, utrecht_.id, "buyer@utrecht.example", "buyer").ok());
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

// H5: any organisation could enter any identifier; now an identifier is one organisation's.
TEST_F(AccountsTest, AnIdentifierBelongsToOneOrganisation) {
  Actor admin = SignInAs("admin@utrecht.example");
  OrganisationChanges c;
  c.identifiers = std::vector<Identifier>{{"NL-KVK", "30280353"}};
  auto claimed = accounts_->UpdateOrganisation(admin, utrecht_.id, c);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_EQ(claimed->identifiers.size(), 1u);
  EXPECT_FALSE(claimed->identifiers[0].pending);  // not in the (empty) register: no proof needed
  ASSERT_TRUE(accounts_->AddUser("admin@electra.example", "Jonas", supplier_.id, "org_admin", kPassword).ok());
  Actor supplier_admin = SignInAs("admin@electra.example");
  c.identifiers = std::vector<Identifier>{{"DE-HRB", "1"}, {"NL-KVK", "30280353"}};
  EXPECT_EQ(accounts_->UpdateOrganisation(supplier_admin, supplier_.id, c).status(),
            AlreadyExists("NL-KVK 30280353 is already claimed by another organisation", "identifiers[1]"));
  EXPECT_TRUE(store_->GetOrganisation(supplier_.id)->identifiers.empty());  // nothing half-written
  EXPECT_EQ(accounts_->CreateOrganisation(nullptr, {"Copycat", "municipality", "NL", "", {{"NL-KVK", "30280353"}}, {}})
                .status()
                .code(),
            StatusCode::kAlreadyExists);
  // Keeping one's own identifier in an update is no second claim.
  c.identifiers = std::vector<Identifier>{{"NL-KVK", "30280353"}, {"NL-OIN", "0001"}};
  EXPECT_TRUE(accounts_->UpdateOrganisation(admin, utrecht_.id, c).ok());
  EXPECT_EQ(accounts_->ListIdentifierClaims(admin).status().code(), StatusCode::kPermissionDenied);
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

// M3: sign-up proves the e-mail before the organisation's admin sees it.
TEST_F(AccountsTest, SignUpConfirmsTheEmailThenWaitsForApprovalAndRevealsNothing) {
  ASSERT_TRUE(accounts_->SignUp("new@utrecht.example", "Sem", kPassword, utrecht_.id, "10.0.0.5").ok());
  EXPECT_EQ(accounts_->SignIn("new@utrecht.example", kPassword, "10.0.0.5").status(),
            FailedPrecondition("confirm your e-mail address first: follow the link in the e-mail we sent you"));
  Actor admin = SignInAs("admin@utrecht.example");
  EXPECT_EQ(accounts_->ListPeople(admin, utrecht_.id)->size(), 2u);  // unconfirmed: not shown
  auto outbox = store_->ListOutbox().value();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].to, "new@utrecht.example");
  EXPECT_EQ(outbox[0].subject, "Confirm your e-mail address for Cobuy");
  std::string token = TokenMailed("new@utrecht.example", "/confirm-email/");
  EXPECT_EQ(accounts_->ConfirmEmail("made-up"),
            NotFound("this confirmation link is unknown, used or expired; sign up again"));
  ASSERT_TRUE(accounts_->ConfirmEmail(token).ok());
  EXPECT_EQ(accounts_->ConfirmEmail(token).code(), StatusCode::kNotFound);  // single use
  EXPECT_EQ(accounts_->SignIn("new@utrecht.example", kPassword, "10.0.0.5").status(),
            FailedPrecondition("your account is waiting for approval by your organisation's administrator"));
  // A taken e-mail gets the same answer, and its owner an e-mail.
  EXPECT_TRUE(accounts_->SignUp("buyer@utrecht.example", "X", kPassword, utrecht_.id, "10.0.0.5").ok());
  outbox = store_->ListOutbox().value();
  ASSERT_EQ(outbox.size(), 3u);
  EXPECT_EQ(outbox[1].to, "admin@utrecht.example");
  EXPECT_EQ(outbox[1].subject, "A sign-up awaits your approval");
  EXPECT_EQ(outbox[2].to, "buyer@utrecht.example");
  EXPECT_EQ(outbox[2].subject, "Sign-up attempt on Cobuy");

  Actor buyer = SignInAs("buyer@utrecht.example");
  EXPECT_EQ(accounts_->ListPeople(buyer, utrecht_.id)->size(), 2u);  // pending hidden from non-admins
  UserId pending = store_->FindUserByEmail("new@utrecht.example")->id;
  EXPECT_EQ(accounts_->Approve(buyer, utrecht_.id, pending).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->ListPeople(admin, utrecht_.id)->size(), 3u);
  auto approved = accounts_->Approve(admin, utrecht_.id, pending);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->status, UserStatus::kActive);
  EXPECT_EQ(approved->role, Role::kBuyer);
  EXPECT_TRUE(accounts_->SignIn("new@utrecht.example", kPassword, "10.0.0.5").ok());
}

// M3: a squatter's unconfirmed sign-up blocked the real person's invitation (409).
TEST_F(AccountsTest, AnUnconfirmedSignUpNeverBlocksAnInvitation) {
  ASSERT_TRUE(accounts_->SignUp("eva@utrecht.example", "Squatter", kPassword, utrecht_.id, "10.0.0.5").ok());
  Actor admin = SignInAs("admin@utrecht.example");
  auto inv = accounts_->Invite(admin, utrecht_.id, "eva@utrecht.example", "buyer");
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  EXPECT_EQ(store_->FindUserByEmail("eva@utrecht.example").status().code(), StatusCode::kNotFound);
  // A squatter signing up after the invitation does not block its acceptance either.
  ASSERT_TRUE(accounts_->SignUp("eva@utrecht.example", "Squatter", kPassword, utrecht_.id, "10.0.0.5").ok());
  auto eva = accounts_->AcceptInvitation(inv->token, "Eva", "eva's own password");
  ASSERT_TRUE(eva.ok()) << eva.status().ToString();
  EXPECT_EQ(eva->status, UserStatus::kActive);
}

// An unconfirmed sign-up expires: 48 hours on, its link is dead, and it blocks neither the
// real person's own sign-up nor an invitation of the e-mail; a replaced sign-up's link never
// confirms the account that replaced it.
TEST_F(AccountsTest, AnExpiredUnconfirmedSignUpBlocksNothing) {
  ASSERT_TRUE(accounts_->SignUp("eva@utrecht.example", "Squatter", kPassword, utrecht_.id, "10.0.0.5").ok());
  const std::string squatter_link = TokenMailed("eva@utrecht.example", "/confirm-email/");
  const UnixSeconds squatted_at = clock_.Now();
  clock_.Advance(48 * 3600 + 1);
  EXPECT_EQ(accounts_->ConfirmEmail(squatter_link),
            NotFound("this confirmation link is unknown, used or expired; sign up again"));
  EXPECT_EQ(store_->FindUserByEmail("eva@utrecht.example")->created_at, squatted_at);

  // The real Eva signs up from another address: her sign-up replaces the stale one.
  ASSERT_TRUE(accounts_->SignUp("eva@utrecht.example", "Eva", "eva's own password", utrecht_.id, "10.0.0.6").ok());
  User eva = store_->FindUserByEmail("eva@utrecht.example").value();
  EXPECT_EQ(eva.name, "Eva");
  EXPECT_EQ(eva.status, UserStatus::kUnconfirmed);
  EXPECT_EQ(eva.created_at, squatted_at + 48 * 3600 + 1);
  EXPECT_EQ(AuditCount("signup.replaced"), 1);
  const std::string eva_link = TokenMailed("eva@utrecht.example", "/confirm-email/");
  ASSERT_NE(eva_link, squatter_link);
  EXPECT_EQ(accounts_->ConfirmEmail(squatter_link).code(), StatusCode::kNotFound);
  ASSERT_TRUE(accounts_->ConfirmEmail(eva_link).ok());
  EXPECT_EQ(store_->FindUserByEmail("eva@utrecht.example")->status, UserStatus::kPending);

  // Another stale squatter, of a second e-mail, does not block its invitation either.
  ASSERT_TRUE(accounts_->SignUp("tom@utrecht.example", "Squatter", kPassword, utrecht_.id, "10.0.0.5").ok());
  clock_.Advance(48 * 3600 + 1);
  Actor admin = SignInAs("admin@utrecht.example");
  auto inv = accounts_->Invite(admin, utrecht_.id, "tom@utrecht.example", "buyer");
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  EXPECT_EQ(store_->FindUserByEmail("tom@utrecht.example").status().code(), StatusCode::kNotFound);
  auto tom = accounts_->AcceptInvitation(inv->token, "Tom", "tom's own password");
  ASSERT_TRUE(tom.ok()) << tom.status().ToString();
  EXPECT_EQ(tom->status, UserStatus::kActive);
  EXPECT_EQ(tom->name, "Tom");
  EXPECT_EQ(AuditCount("signup.replaced"), 2);
}

TEST_F(AccountsTest, SignUpsAreThrottledPerAddress) {
  for (int i = 0; i < 6; ++i) {
    EXPECT_TRUE(
        accounts_->SignUp("s" + std::to_string(i) + "@utrecht.example", "S", kPassword, utrecht_.id, "10.0.0.5").ok());
  }
  EXPECT_EQ(accounts_->SignUp("s6@utrecht.example", "S", kPassword, utrecht_.id, "10.0.0.5"),
            ResourceExhausted("too many requests from this address; try again later"));
  EXPECT_EQ(accounts_->RequestRetryAfter("10.0.0.5"), 60);
}

// M6: inviting an e-mail that has an account answered 409 "already has an account".
TEST_F(AccountsTest, InvitingSomeoneWithAnAccountGetsTheSameAnswer) {
  Actor admin = SignInAs("admin@utrecht.example");
  auto existing = accounts_->Invite(admin, utrecht_.id, "buyer@utrecht.example", "buyer");
  ASSERT_TRUE(existing.ok()) << existing.status().ToString();
  auto fresh = accounts_->Invite(admin, utrecht_.id, "fresh@utrecht.example", "buyer");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(existing->invitation.role, fresh->invitation.role);
  EXPECT_EQ(existing->invitation.expires_at, fresh->invitation.expires_at);
  auto outbox = store_->ListOutbox().value();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].to, "buyer@utrecht.example");
  EXPECT_EQ(outbox[0].body.find("/invite/"), std::string::npos);  // no usable link
  EXPECT_NE(outbox[0].body.find("already has an account"), std::string::npos);
}

TEST_F(AccountsTest, InvitationCreatesTheAccountOnce) {
  Actor admin = SignInAs("admin@utrecht.example");
  EXPECT_EQ(accounts_->Invite(admin, utrecht_.id, "x@utrecht.example", "market_actor").status(),
            InvalidArgument("market actors belong to suppliers and industry associations", "role"));
  EXPECT_EQ(accounts_->Invite(admin, utrecht_.id, "x@utrecht.example", "platform_admin").status().code(),
            StatusCode::kPermissionDenied);
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
