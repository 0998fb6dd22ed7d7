// Accounts: organisations, people, sign-in, sessions, invitations and sign-up, with the
// rules that govern them (validation, least-privilege permissions, throttling, audit).
//
// Every method that acts for someone takes the Actor it acts for and returns
// kPermissionDenied when that actor may not do it. Validation failures are
// kInvalidArgument naming the field. Sign-in failures never tell whether an account exists.
//
// Accounts does not own the Store, Clock or PasswordHasher; they must outlive it.
// Thread-safety: thread-safe (its state is the store's, throttles included, and a read-only
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
  UnixSeconds password_reset_lifetime = 3600;
  UnixSeconds email_confirmation_lifetime = 24 * 3600;
  // Failed sign-ins back off per (e-mail, address) pair, so that nobody can lock the owner
  // out by failing from elsewhere: 3 free, then 30 s doubling to 15 minutes.
  BackoffPolicy signin_pair_backoff{3, 30, 15 * 60, 24 * 3600};
  // ... and per address, against one password tried on many accounts. Short, because
  // everyone behind one proxy shares an address: 20 free, then 5 s doubling to 1 minute.
  BackoffPolicy signin_address_backoff{20, 5, 60, 3600};
  // Sign-ups and password-reset requests per address: 5 free, then 1 minute doubling to 1 hour.
  BackoffPolicy request_backoff{5, 60, 3600, 3600};
  // Reset e-mails per account (beyond this, requests are answered alike but send nothing).
  BackoffPolicy reset_mail_backoff{3, 3600, 3600, 3600};
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
  // password, or a disabled account; kResourceExhausted when this e-mail and address, or
  // this address, are throttled (RetryAfter tells how long); kFailedPrecondition when the
  // password is right but the account awaits approval or e-mail confirmation.
  Result<SignInResult> SignIn(const std::string& email, const std::string& password, const std::string& address);
  // Seconds until this e-mail may try again from this address.
  UnixSeconds RetryAfter(const std::string& email, const std::string& address);
  Status SignOut(const std::string& token, const std::string& address);
  // Ends every session of the actor, this one included.
  Status SignOutEverywhere(const Actor& actor);
  // Needs the current password (kInvalidArgument "current_password" when wrong, counted as
  // a failed sign-in); ends the actor's other sessions.
  Status ChangePassword(const Actor& actor, const std::string& current_password, const std::string& new_password);
  // Sends a single-use reset link when the e-mail belongs to an account; the answer is the
  // same when it does not. kResourceExhausted when the address asked too often.
  Status RequestPasswordReset(const std::string& email, const std::string& address);
  // Sets the password of the link's account and ends all its sessions. kNotFound when the
  // token is unknown, used or expired.
  Status ResetPassword(const std::string& token, const std::string& new_password, const std::string& address);
  // Seconds until this address may sign up or ask for a password reset again.
  UnixSeconds RequestRetryAfter(const std::string& address);
  // Forgets the throttles' counters too old to count any more (a daily job).
  Result<int> ForgetStaleThrottles();
  // The actor behind a session cookie; kUnauthenticated when unknown, expired or disabled.
  Result<Actor> Authenticate(const std::string& token);

  // --- organisations ------------------------------------------------------------------
  // `actor` empty: the command line, run by the operator.
  Result<Organisation> CreateOrganisation(const Actor* actor, const NewOrganisation& input);
  Result<Organisation> UpdateOrganisation(const Actor& actor, OrganisationId id, const OrganisationChanges& changes);
  // Found by numeric id or by exact name.
  Result<Organisation> FindOrganisation(const std::string& name_or_id);
  // The secretariat's review of register identifiers claimed by organisations.
  Result<std::vector<IdentifierClaim>> ListIdentifierClaims(const Actor& actor);
  Status DecideIdentifierClaim(const Actor& actor, OrganisationId org, const Identifier& identifier, bool approve);
  // True when the organisation's country is in the EU, the EEA or EFTA.
  bool IsEligible(const Organisation& org) const;
  const Country* FindCountry(const std::string& code) const;
  // The reference data Accounts validates against, as the store lists them (by code).
  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<NutsRegion>& nuts_regions() const { return nuts_; }

  // --- people -------------------------------------------------------------------------
  // The command line's `user add`: creates an active user.
  Result<User> AddUser(const std::string& email, const std::string& name, OrganisationId org, const std::string& role,
                       const std::string& password);
  Result<std::vector<User>> ListPeople(const Actor& actor, OrganisationId org);
  Result<User> UpdateProfile(const Actor& actor, std::optional<std::string> name, std::optional<std::string> language);
  // Self sign-up: an unconfirmed user who gets an e-mail confirmation link; once confirmed
  // (ConfirmEmail), an org admin approves. An earlier unconfirmed sign-up of the e-mail is
  // replaced. When the e-mail is taken, nothing is created and the owner is told by
  // e-mail; the caller sees the same answer. kResourceExhausted when the address signed up
  // too often.
  Status SignUp(const std::string& email, const std::string& name, const std::string& password, OrganisationId org,
                const std::string& address);
  // Confirms a sign-up's e-mail: the request now waits for the organisation's admins, who
  // are told. kNotFound when the token is unknown, used or expired.
  Status ConfirmEmail(const std::string& token);
  Result<User> Approve(const Actor& actor, OrganisationId org, UserId user);
  Status Decline(const Actor& actor, OrganisationId org, UserId user);
  // An org admin (or the secretariat; `actor` empty: the command line) disables or
  // re-enables a person of the organisation; disabling ends their sessions at once. Nobody
  // disables themselves.
  Result<User> SetDisabled(const Actor* actor, OrganisationId org, UserId user, bool disabled);
  // Removes a person: anonymised, signed out, their e-mail free again.
  Status RemovePerson(const Actor* actor, OrganisationId org, UserId user);
  // The command line's `user set-password`: sets a password and ends every session.
  Status SetPassword(UserId user, const std::string& password);

  // --- invitations --------------------------------------------------------------------
  // When the e-mail already has an account, the answer is the same (no enumeration): an
  // invitation is recorded but its e-mail tells the owner they have an account, without the
  // link. An unconfirmed sign-up of the e-mail is replaced.
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
  Result<User> PersonToManage(const Actor* actor, OrganisationId org, UserId user, std::string_view verb);
  // Drops an unconfirmed sign-up of `email`, which must never block an account.
  Status DropUnconfirmed(const std::string& email);
  // Records a failed password check of `email` from `address`.
  void RecordFailure(const std::string& email, const std::string& address);
  // Counts a sign-up or password-reset request from `address`; kResourceExhausted when the
  // address asked too often.
  Status AdmitRequest(const std::string& address);
  Status CheckRoleFor(const Actor* actor, const Organisation& org, Role role) const;
  Status ValidateOrganisation(const std::string& name, const std::string& country, const std::string& nuts,
                              const std::vector<Identifier>& identifiers, std::optional<double> budget) const;
  void Audit(std::string event, const Actor* actor, std::optional<OrganisationId> org, std::string subject,
             std::string address = {}, std::string detail = {});

  Store& store_;
  const Clock& clock_;
  PasswordHasher& hasher_;
  AccountsOptions options_;
  Throttle throttle_;
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
