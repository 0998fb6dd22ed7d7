// Accounts: organisations, people, sign-in, sessions, invitations and sign-up, with the
// rules that govern them (validation, least-privilege permissions, throttling, audit).
//
// Every method that acts for someone takes the Actor it acts for and returns
// kPermissionDenied when that actor may not do it. Validation failures are
// kInvalidArgument naming the field. Sign-in failures never tell whether an account exists.
//
// Accounts does not own the Store, Clock or PasswordHasher; they must outlive it.
// Thread-safety: thread-safe (its state is the store's, the throttles' and a read-only
// copy of the countries and NUTS regions taken at construction).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "accounts/password.h"
#include "accounts/throttle.h"
#include "core/accounts_model.h"
#include "core/clock.h"
#include "core/reference.h"
#include "core/status.h"
#include "store/store.h"

namespace cobuy {

struct AccountsOptions {
  UnixSeconds session_lifetime = 12 * 3600;
  UnixSeconds invitation_lifetime = 14 * 24 * 3600;
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;
  UnixSeconds throttle_window = 15 * 60;
  // Base of links in e-mails, e.g. "http://127.0.0.1:8080".
  std::string public_url = "http://127.0.0.1:8080";
};

// Who is acting: a signed-in person, with the session they act through.
struct Actor {
  User user;
  Session session;
};

struct SignInResult {
  User user;
  Session session;
  std::string token;  // the cookie value; only its hash is stored
};

struct NewOrganisation {
  std::string name;
  std::string type;  // parsed and validated by Accounts
  std::string country;
  std::string nuts;
  std::vector<Identifier> identifiers;
  std::optional<double> annual_budget_eur;
};

// An update as received: unset fields keep their value; `annual_budget_eur` set to an
// empty optional clears the budget.
struct OrganisationChanges {
  std::optional<std::string> name;
  std::optional<std::string> type;
  std::optional<std::string> country;
  std::optional<std::string> nuts;
  std::optional<std::vector<Identifier>> identifiers;
  std::optional<std::optional<double>> annual_budget_eur;
};

struct InvitationView {
  Invitation invitation;
  Organisation organisation;
};

struct CreatedInvitation {
  Invitation invitation;
  std::string token;  // goes into the e-mail; only its hash is stored
};

class Accounts {
 public:
  // Loads the countries and NUTS regions it validates against from the store.
  static Result<std::unique_ptr<Accounts>> Create(Store& store, const Clock& clock, PasswordHasher& hasher,
                                                  AccountsOptions options = {});

  // --- sign-in ------------------------------------------------------------------------
  // kUnauthenticated "e-mail address or password is wrong" for an unknown e-mail, a wrong
  // password, or a disabled account; kResourceExhausted when throttled (RetryAfter tells
  // how long); kFailedPrecondition when the password is right but the account awaits approval.
  Result<SignInResult> SignIn(const std::string& email, const std::string& password, const std::string& address);
  // Seconds until this e-mail or address may try again (the larger of the two).
  UnixSeconds RetryAfter(const std::string& email, const std::string& address);
  Status SignOut(const std::string& token, const std::string& address);
  // The actor behind a session cookie; kUnauthenticated when unknown, expired or disabled.
  Result<Actor> Authenticate(const std::string& token);

  // --- organisations ------------------------------------------------------------------
  // `actor` empty: the command line, run by the operator.
  Result<Organisation> CreateOrganisation(const Actor* actor, const NewOrganisation& input);
  Result<Organisation> UpdateOrganisation(const Actor& actor, OrganisationId id, const OrganisationChanges& changes);
  // Found by numeric id or by exact name.
  Result<Organisation> FindOrganisation(const std::string& name_or_id);
  // True when the organisation's country is in the EU, the EEA or EFTA.
  bool IsEligible(const Organisation& org) const;
  const Country* FindCountry(const std::string& code) const;
  // The reference data Accounts validates against, as the store lists them (by code).
  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<NutsRegion>& nuts_regions() const { return nuts_; }

  // --- people -------------------------------------------------------------------------
  // The command line's `user add`: creates an active user.
  Result<User> AddUser(const std::string& email, const std::string& name, OrganisationId org,
                       const std::string& role, const std::string& password);
  Result<std::vector<User>> ListPeople(const Actor& actor, OrganisationId org);
  Result<User> UpdateProfile(const Actor& actor, std::optional<std::string> name, std::optional<std::string> language);
  // Self sign-up: a pending user that an org admin approves. When the e-mail is taken,
  // nothing is created and the owner is told by e-mail; the caller sees the same answer.
  Status SignUp(const std::string& email, const std::string& name, const std::string& password,
                OrganisationId org, const std::string& address);
  Result<User> Approve(const Actor& actor, OrganisationId org, UserId user);
  Status Decline(const Actor& actor, OrganisationId org, UserId user);

  // --- invitations --------------------------------------------------------------------
  Result<CreatedInvitation> Invite(const Actor& actor, OrganisationId org, const std::string& email,
                                   const std::string& role);
  // kNotFound when unknown, used or expired.
  Result<InvitationView> GetInvitation(const std::string& token);
  Result<User> AcceptInvitation(const std::string& token, const std::string& name, const std::string& password);

  static bool IsValidEmail(std::string_view email);
  static std::string NormaliseEmail(std::string_view email);

 private:
  Accounts(Store& store, const Clock& clock, PasswordHasher& hasher, AccountsOptions options);

  bool CanAdminister(const Actor& actor, OrganisationId org) const;
  Status CheckRoleFor(const Actor* actor, const Organisation& org, Role role) const;
  Status ValidateOrganisation(const std::string& name, const std::string& country, const std::string& nuts,
                              const std::vector<Identifier>& identifiers, std::optional<double> budget) const;
  void Audit(std::string event, const Actor* actor, std::optional<OrganisationId> org, std::string subject,
             std::string address = {}, std::string detail = {});

  Store& store_;
  const Clock& clock_;
  PasswordHasher& hasher_;
  AccountsOptions options_;
  SignInThrottle account_throttle_;
  SignInThrottle address_throttle_;
  std::vector<Country> countries_;
  std::vector<NutsRegion> nuts_;
  std::unordered_map<std::string, size_t> country_index_;  // ISO code -> position in countries_
  std::unordered_map<std::string, size_t> nuts_index_;     // NUTS code -> position in nuts_
};

// 32 random bytes, base64url without padding.
std::string RandomToken();
// Hex BLAKE2b-256 of a token: what the store keeps.
std::string HashToken(std::string_view token);

}  // namespace cobuy
