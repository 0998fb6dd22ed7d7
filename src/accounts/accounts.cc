#include "accounts/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/text.h"

namespace cobuy {
namespace {

constexpr std::string_view kWrongCredentials = "the e-mail address or password is wrong";
constexpr std::string_view kSignInThrottled = "too many failed sign-ins; try again later";
constexpr std::string_view kRequestsThrottled = "too many requests from this address; try again later";

// Throttle keys. Sign-in failures count per (e-mail, address) pair and per address.
std::string PairKey(const std::string& email, const std::string& address) {
  return "signin:" + email + "|" + address;
}
std::string AddressKey(const std::string& address) {
  return "signin-address:" + address;
}
std::string RequestKey(const std::string& address) {
  return "request:" + address;
}
std::string ResetMailKey(const std::string& email) {
  return "reset-mail:" + email;
}
const std::unordered_set<std::string> kLanguages = {"en", "de", "fr"};

Status CheckName(std::string_view name, std::string_view field, size_t max_len) {
  std::string_view t = Trim(name);
  if (t.empty()) return InvalidArgument("must not be empty", std::string(field));
  if (t.size() > max_len)
    return InvalidArgument(fmt::format("must be at most {} bytes long", max_len), std::string(field));
  if (!IsValidUtf8(t)) return InvalidArgument("must be valid UTF-8", std::string(field));
  if (FindUnsafeCharacter(t, /*allow_breaks=*/false)) {
    return InvalidArgument("must not contain control characters", std::string(field));
  }
  return Status::Ok();
}

}  // namespace

std::string RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string HashToken(std::string_view token) {
  unsigned char hash[32];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

bool Accounts::IsValidEmail(std::string_view email) {
  if (email.size() < 3 || email.size() > 254) return false;
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at != email.rfind('@')) return false;
  std::string_view domain = email.substr(at + 1);
  if (domain.empty() || domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.') {
    return false;
  }
  for (unsigned char c : email) {
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') return false;
  }
  return IsValidUtf8(email);
}

std::string Accounts::NormaliseEmail(std::string_view email) {
  return AsciiLower(Trim(email));
}

Accounts::Accounts(Store& store, const Clock& clock, PasswordHasher& hasher, AccountsOptions options)
    : store_(store), clock_(clock), hasher_(hasher), options_(std::move(options)), throttle_(store, clock) {}

Result<std::unique_ptr<Accounts>> Accounts::Create(Store& store, const Clock& clock, PasswordHasher& hasher,
                                                   AccountsOptions options) {
  std::unique_ptr<Accounts> a(new Accounts(store, clock, hasher, std::move(options)));
  COBUY_ASSIGN_OR_RETURN(a->countries_, store.ListCountries());
  for (size_t i = 0; i < a->countries_.size(); ++i) a->country_index_.emplace(a->countries_[i].code, i);
  COBUY_ASSIGN_OR_RETURN(a->nuts_, store.ListNutsRegions());
  for (size_t i = 0; i < a->nuts_.size(); ++i) a->nuts_index_.emplace(a->nuts_[i].code, i);
  return a;
}

void Accounts::Audit(std::string event, const Actor* actor, std::optional<OrganisationId> org, std::string subject,
                     std::string address, std::string detail) {
  AuditEvent e;
  e.at = clock_.Now();
  e.event = std::move(event);
  if (actor) e.actor = actor->user.id;
  e.organisation = org;
  e.subject = std::move(subject);
  e.address = std::move(address);
  e.detail = std::move(detail);
  // The audit log must not make the action fail; a failure here is visible in the store's
  // own errors elsewhere.
  (void)store_.AppendAudit(e);
}

// --- sign-in ----------------------------------------------------------------------------

UnixSeconds Accounts::RetryAfter(const std::string& email, const std::string& address) {
  return std::max(throttle_.RetryAfter(PairKey(NormaliseEmail(email), address)).value_or(0),
                  throttle_.RetryAfter(AddressKey(address)).value_or(0));
}

UnixSeconds Accounts::RequestRetryAfter(const std::string& address) {
  return throttle_.RetryAfter(RequestKey(address)).value_or(0);
}

Status Accounts::AdmitRequest(const std::string& address) {
  COBUY_ASSIGN_OR_RETURN(bool admitted, throttle_.Admit(RequestKey(address), options_.request_backoff));
  return admitted ? Status::Ok() : ResourceExhausted(std::string(kRequestsThrottled));
}

Result<int> Accounts::ForgetStaleThrottles() {
  // A counter untouched for longer than every policy's forget_after would start over anyway.
  const UnixSeconds longest =
      std::max({options_.signin_pair_backoff.forget_after, options_.signin_address_backoff.forget_after,
                options_.request_backoff.forget_after, options_.reset_mail_backoff.forget_after});
  return store_.DeleteStaleThrottles(clock_.Now() - longest);
}

void Accounts::RecordFailure(const std::string& email, const std::string& address) {
  // A store failure here must not turn a wrong password into a 500; the next attempt counts.
  (void)throttle_.Record(PairKey(email, address), options_.signin_pair_backoff);
  (void)throttle_.Record(AddressKey(address), options_.signin_address_backoff);
}

Result<SignInResult> Accounts::SignIn(const std::string& email_in, const std::string& password,
                                      const std::string& address) {
  const std::string email = NormaliseEmail(email_in);
  if (email.empty()) return InvalidArgument("must not be empty", "email");
  if (password.empty()) return InvalidArgument("must not be empty", "password");
  if (password.size() > 128) return Unauthenticated(std::string(kWrongCredentials));
  const std::string pair_key = PairKey(email, address);
  COBUY_ASSIGN_OR_RETURN(UnixSeconds pair_wait, throttle_.RetryAfter(pair_key));
  COBUY_ASSIGN_OR_RETURN(UnixSeconds address_wait, throttle_.RetryAfter(AddressKey(address)));
  if (pair_wait > 0 || address_wait > 0) {
    // One audit row per block, however many attempts it refuses.
    if (throttle_.FirstRefusal(pair_wait > 0 ? pair_key : AddressKey(address))) {
      Audit("signin.throttled", nullptr, std::nullopt, email, address,
            pair_wait > 0 ? "e-mail and address" : "address");
    }
    return ResourceExhausted(std::string(kSignInThrottled));
  }
  auto user = store_.FindUserByEmail(email);
  if (!user.ok() && user.status().code() != StatusCode::kNotFound) return user.status();
  bool match = false;
  if (user.ok()) {
    match = hasher_.Verify(user->password_hash, password);
  } else {
    hasher_.VerifyDummy(password);
  }
  if (!match || user->status == UserStatus::kDisabled || user->status == UserStatus::kRemoved) {
    RecordFailure(email, address);
    Audit("signin.failure", nullptr, user.ok() ? std::optional(user->organisation) : std::nullopt, email, address,
          user.ok() ? (match ? "account disabled" : "wrong password") : "unknown e-mail");
    return Unauthenticated(std::string(kWrongCredentials));
  }
  if (user->status == UserStatus::kUnconfirmed) {
    Audit("signin.unconfirmed", nullptr, user->organisation, email, address);
    return FailedPrecondition("confirm your e-mail address first: follow the link in the e-mail we sent you");
  }
  if (user->status == UserStatus::kPending) {
    Audit("signin.pending", nullptr, user->organisation, email, address);
    return FailedPrecondition("your account is waiting for approval by your organisation's administrator");
  }
  (void)throttle_.Clear(pair_key);
  SignInResult result;
  result.user = std::move(user).value();
  result.token = RandomToken();
  Session& s = result.session;
  s.token_hash = HashToken(result.token);
  s.user = result.user.id;
  s.csrf_token = RandomToken();
  s.created_at = clock_.Now();
  s.expires_at = s.created_at + options_.session_lifetime;
  s.address = address;
  COBUY_RETURN_IF_ERROR(store_.CreateSession(s));
  Actor actor{result.user, s};
  Audit("signin.success", &actor, result.user.organisation, email, address);
  return result;
}

Status Accounts::SignOut(const std::string& token, const std::string& address) {
  if (token.empty()) return Status::Ok();
  auto actor = Authenticate(token);
  COBUY_RETURN_IF_ERROR(store_.DeleteSession(HashToken(token)));
  if (actor.ok()) Audit("signout", &*actor, actor->user.organisation, actor->user.email, address);
  return Status::Ok();
}

Status Accounts::SignOutEverywhere(const Actor& actor) {
  COBUY_RETURN_IF_ERROR(store_.DeleteSessionsOfUser(actor.user.id));
  Audit("signout.everywhere", &actor, actor.user.organisation, actor.user.email, actor.session.address);
  return Status::Ok();
}

Status Accounts::ChangePassword(const Actor& actor, const std::string& current, const std::string& next) {
  const std::string& address = actor.session.address;
  if (RetryAfter(actor.user.email, address) > 0) return ResourceExhausted(std::string(kSignInThrottled));
  if (current.empty()) return InvalidArgument("must not be empty", "current_password");
  if (current.size() > 128 || !hasher_.Verify(actor.user.password_hash, current)) {
    RecordFailure(actor.user.email, address);
    Audit("password.change_failure", &actor, actor.user.organisation, actor.user.email, address);
    return InvalidArgument("is not your current password", "current_password");
  }
  COBUY_RETURN_IF_ERROR(CheckPasswordPolicy(next, "new_password"));
  COBUY_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(next));
  COBUY_RETURN_IF_ERROR(store_.SetUserPassword(actor.user.id, hash));
  COBUY_RETURN_IF_ERROR(store_.DeleteOtherSessions(actor.user.id, actor.session.token_hash));
  Audit("password.changed", &actor, actor.user.organisation, actor.user.email, address);
  (void)store_.EnqueueMail({0, actor.user.email, "Your Cobuy password was changed",
                            fmt::format("The password of your Cobuy account was changed and your other sessions were "
                                        "ended. If it was not you, reset your password at {}/forgot-password",
                                        options_.public_url),
                            clock_.Now()});
  return Status::Ok();
}

Status Accounts::RequestPasswordReset(const std::string& email_in, const std::string& address) {
  const std::string email = NormaliseEmail(email_in);
  if (!IsValidEmail(email)) return InvalidArgument(fmt::format("'{}' is not an e-mail address", email_in), "email");
  COBUY_RETURN_IF_ERROR(AdmitRequest(address));
  auto user = store_.FindUserByEmail(email);
  if (!user.ok()) {
    if (user.status().code() != StatusCode::kNotFound) return user.status();
    Audit("password.reset_requested", nullptr, std::nullopt, email, address, "unknown e-mail");
    return Status::Ok();
  }
  if (user->status != UserStatus::kActive && user->status != UserStatus::kPending) {
    Audit("password.reset_requested", nullptr, user->organisation, email, address, "account not active");
    return Status::Ok();
  }
  // Bound the e-mails one account receives; the caller cannot tell.
  COBUY_ASSIGN_OR_RETURN(bool send, throttle_.Admit(ResetMailKey(email), options_.reset_mail_backoff));
  if (!send) return Status::Ok();
  const std::string token = RandomToken();
  AccountToken t{HashToken(token), TokenPurpose::kPasswordReset, user->id, clock_.Now(),
                 clock_.Now() + options_.password_reset_lifetime};
  COBUY_RETURN_IF_ERROR(store_.CreateAccountToken(
      t,
      {0, email, "Reset your Cobuy password",
       fmt::format("Someone asked to reset the password of your Cobuy account. To choose a new one, open within "
                   "an hour {}/reset-password/{}\nIf it was not you, ignore this message; your password is unchanged.",
                   options_.public_url, token),
       t.created_at}));
  Audit("password.reset_requested", nullptr, user->organisation, email, address, "sent");
  return Status::Ok();
}

Status Accounts::ResetPassword(const std::string& token, const std::string& next, const std::string& address) {
  COBUY_RETURN_IF_ERROR(CheckPasswordPolicy(next, "password"));
  auto used = store_.UseAccountToken(HashToken(token), TokenPurpose::kPasswordReset, clock_.Now());
  if (!used.ok()) {
    if (used.status().code() == StatusCode::kNotFound) {
      return NotFound("this password reset link is unknown, used or expired; ask for a new one");
    }
    return used.status();
  }
  COBUY_ASSIGN_OR_RETURN(User user, store_.GetUser(used->user));
  COBUY_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(next));
  COBUY_RETURN_IF_ERROR(store_.SetUserPassword(user.id, hash));
  COBUY_RETURN_IF_ERROR(store_.DeleteSessionsOfUser(user.id));
  (void)throttle_.Clear(PairKey(user.email, address));
  Audit("password.reset", nullptr, user.organisation, user.email, address);
  return Status::Ok();
}

Result<Actor> Accounts::Authenticate(const std::string& token) {
  if (token.empty()) return Unauthenticated("not signed in");
  auto session = store_.GetSession(HashToken(token), clock_.Now());
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kNotFound)
      return Unauthenticated("the session has expired; sign in again");
    return session.status();
  }
  auto user = store_.GetUser(session->user);
  if (!user.ok() || user->status != UserStatus::kActive) return Unauthenticated("not signed in");
  return Actor{std::move(user).value(), std::move(session).value()};
}

// --- organisations ------------------------------------------------------------------------

const Country* Accounts::FindCountry(const std::string& code) const {
  auto it = country_index_.find(code);
  return it == country_index_.end() ? nullptr : &countries_[it->second];
}

bool Accounts::IsEligible(const Organisation& org) const {
  const Country* c = FindCountry(org.country);
  return c && c->eligible();
}

bool Accounts::CanAdminister(const Actor& actor, OrganisationId org) const {
  if (actor.user.role == Role::kPlatformAdmin) return true;
  return actor.user.role == Role::kOrganisationAdmin && actor.user.organisation == org;
}

Status Accounts::ValidateOrganisation(const std::string& name, const std::string& country, const std::string& nuts,
                                      const std::vector<Identifier>& identifiers, std::optional<double> budget) const {
  COBUY_RETURN_IF_ERROR(CheckName(name, "name", 200));
  const Country* c = FindCountry(country);
  if (!c) return InvalidArgument(fmt::format("'{}' is not an ISO 3166-1 alpha-2 country code", country), "country");
  if (!nuts.empty()) {
    auto it = nuts_index_.find(nuts);
    if (it == nuts_index_.end()) return InvalidArgument(fmt::format("'{}' is not a NUTS 2024 code", nuts), "nuts");
    if (nuts_[it->second].country_code != c->nuts_code) {
      return InvalidArgument(fmt::format("NUTS region {} is not in {}", nuts, c->name_en), "nuts");
    }
  }
  if (identifiers.size() > 20) return InvalidArgument("at most 20 identifiers", "identifiers");
  for (size_t i = 0; i < identifiers.size(); ++i) {
    COBUY_RETURN_IF_ERROR(CheckName(identifiers[i].scheme, fmt::format("identifiers[{}].scheme", i), 64));
    COBUY_RETURN_IF_ERROR(CheckName(identifiers[i].id, fmt::format("identifiers[{}].id", i), 128));
    for (size_t j = 0; j < i; ++j) {
      if (identifiers[j] == identifiers[i]) {
        return InvalidArgument("the same identifier is given twice", fmt::format("identifiers[{}]", i));
      }
    }
  }
  if (budget && (!std::isfinite(*budget) || *budget < 0 || *budget > 1e13)) {
    return InvalidArgument("must be a non-negative amount in EUR below 10 trillion", "annual_budget_eur");
  }
  return Status::Ok();
}

Result<Organisation> Accounts::CreateOrganisation(const Actor* actor, const NewOrganisation& in) {
  if (actor && actor->user.role != Role::kPlatformAdmin) {
    return PermissionDenied("only the secretariat can create organisations");
  }
  auto type = ParseOrganisationType(in.type);
  if (!type) return InvalidArgument(fmt::format("'{}' is not an organisation type", in.type), "type");
  Organisation org;
  org.name = std::string(Trim(in.name));
  org.type = *type;
  org.country = in.country;
  org.nuts = in.nuts;
  org.identifiers = in.identifiers;
  org.annual_budget_eur = in.annual_budget_eur;
  COBUY_RETURN_IF_ERROR(ValidateOrganisation(org.name, org.country, org.nuts, org.identifiers, org.annual_budget_eur));
  org.created_at = org.updated_at = clock_.Now();
  COBUY_ASSIGN_OR_RETURN(org.id, store_.CreateOrganisation(org));
  Audit("org.created", actor, org.id, org.name);
  return org;
}

Result<Organisation> Accounts::UpdateOrganisation(const Actor& actor, OrganisationId id,
                                                  const OrganisationChanges& ch) {
  if (!CanAdminister(actor, id)) {
    return PermissionDenied("only this organisation's administrators and the secretariat can change its profile");
  }
  COBUY_ASSIGN_OR_RETURN(Organisation current, store_.GetOrganisation(id));
  OrganisationUpdate u;
  if (ch.name) u.name = std::string(Trim(*ch.name));
  if (ch.type) {
    auto t = ParseOrganisationType(*ch.type);
    if (!t) return InvalidArgument(fmt::format("'{}' is not an organisation type", *ch.type), "type");
    if (IsMarketOrganisation(*t) != IsMarketOrganisation(current.type) && actor.user.role != Role::kPlatformAdmin) {
      return PermissionDenied("only the secretariat can turn a buyer into a market actor or back");
    }
    u.type = t;
  }
  u.country = ch.country;
  u.nuts = ch.nuts;
  u.identifiers = ch.identifiers;
  u.annual_budget_eur = ch.annual_budget_eur;
  u.trusted = actor.user.role == Role::kPlatformAdmin;
  // Validate the result as a whole: a new country must agree with the (new or kept) region.
  std::string country = u.country.value_or(current.country);
  std::string nuts = u.nuts.value_or(u.country && *u.country != current.country ? "" : current.nuts);
  if (u.country && !u.nuts && *u.country != current.country) u.nuts = "";
  COBUY_RETURN_IF_ERROR(ValidateOrganisation(u.name.value_or(current.name), country, nuts,
                                             u.identifiers.value_or(current.identifiers),
                                             u.annual_budget_eur.value_or(current.annual_budget_eur)));
  COBUY_ASSIGN_OR_RETURN(Organisation updated, store_.UpdateOrganisation(id, u, clock_.Now()));
  Audit("org.updated", &actor, id, updated.name, actor.session.address);
  return updated;
}

Result<Organisation> Accounts::FindOrganisation(const std::string& name_or_id) {
  std::string_view s = Trim(name_or_id);
  if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) && s.size() < 18) {
    auto org = store_.GetOrganisation(OrganisationId(std::stoll(std::string(s))));
    if (org.ok() || org.status().code() != StatusCode::kNotFound) return org;
  }
  return store_.FindOrganisationByName(std::string(s));
}

Result<std::vector<IdentifierClaim>> Accounts::ListIdentifierClaims(const Actor& actor) {
  if (actor.user.role != Role::kPlatformAdmin)
    return PermissionDenied("only the secretariat reviews identifier claims");
  return store_.ListPendingIdentifierClaims();
}

Status Accounts::DecideIdentifierClaim(const Actor& actor, OrganisationId org, const Identifier& identifier,
                                       bool approve) {
  if (actor.user.role != Role::kPlatformAdmin)
    return PermissionDenied("only the secretariat reviews identifier claims");
  COBUY_RETURN_IF_ERROR(store_.DecideIdentifierClaim(org, identifier, approve));
  Audit(approve ? "identifier.approved" : "identifier.declined", &actor, org,
        fmt::format("{} {}", identifier.scheme, identifier.id), actor.session.address);
  return Status::Ok();
}

// --- people -------------------------------------------------------------------------------

Status Accounts::CheckRoleFor(const Actor* actor, const Organisation& org, Role role) const {
  if (role == Role::kPlatformAdmin) {
    if (actor && actor->user.role != Role::kPlatformAdmin) {
      return PermissionDenied("only the secretariat can appoint platform administrators");
    }
    return Status::Ok();
  }
  const bool market = IsMarketOrganisation(org.type);
  if (market && (role == Role::kBuyer || role == Role::kObserver)) {
    return InvalidArgument(fmt::format("a {} has no {}s", OrganisationTypeName(org.type), RoleName(role)), "role");
  }
  if (!market && role == Role::kMarketActor) {
    return InvalidArgument("market actors belong to suppliers and industry associations", "role");
  }
  return Status::Ok();
}

Result<User> Accounts::AddUser(const std::string& email_in, const std::string& name, OrganisationId org_id,
                               const std::string& role_name, const std::string& password) {
  const std::string email = NormaliseEmail(email_in);
  if (!IsValidEmail(email)) return InvalidArgument(fmt::format("'{}' is not an e-mail address", email_in), "email");
  auto role = ParseRole(role_name);
  if (!role) return InvalidArgument(fmt::format("'{}' is not a role", role_name), "role");
  COBUY_RETURN_IF_ERROR(CheckName(name, "name", 200));
  COBUY_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  COBUY_ASSIGN_OR_RETURN(Organisation org, store_.GetOrganisation(org_id));
  COBUY_RETURN_IF_ERROR(CheckRoleFor(nullptr, org, *role));
  User u;
  u.email = email;
  u.name = std::string(Trim(name));
  u.organisation = org_id;
  u.role = *role;
  u.status = UserStatus::kActive;
  u.created_at = clock_.Now();
  COBUY_ASSIGN_OR_RETURN(u.password_hash, hasher_.Hash(password));
  COBUY_ASSIGN_OR_RETURN(u.id, store_.CreateUser(u));
  Audit("user.created", nullptr, org_id, email, {}, std::string(RoleName(u.role)));
  return u;
}

Result<std::vector<User>> Accounts::ListPeople(const Actor& actor, OrganisationId org) {
  if (actor.user.role != Role::kPlatformAdmin && actor.user.organisation != org) {
    return PermissionDenied("only members of this organisation and the secretariat can see its people");
  }
  COBUY_ASSIGN_OR_RETURN(auto people, store_.ListUsers(org));
  // Unconfirmed sign-ups are nobody's business yet; removed people are gone.
  std::erase_if(people,
                [](const User& u) { return u.status == UserStatus::kUnconfirmed || u.status == UserStatus::kRemoved; });
  if (!CanAdminister(actor, org)) {  // pending sign-ups are the admins' business
    std::erase_if(people, [](const User& u) { return u.status == UserStatus::kPending; });
  }
  return people;
}

Result<User> Accounts::UpdateProfile(const Actor& actor, std::optional<std::string> name,
                                     std::optional<std::string> language) {
  if (name) COBUY_RETURN_IF_ERROR(CheckName(*name, "name", 200));
  if (language && !kLanguages.contains(*language)) {
    return InvalidArgument(fmt::format("'{}' is not one of en, de, fr", *language), "language");
  }
  std::string new_name = name ? std::string(Trim(*name)) : actor.user.name;
  std::string new_lang = language.value_or(actor.user.language);
  COBUY_RETURN_IF_ERROR(store_.SetUserProfile(actor.user.id, new_name, new_lang));
  return store_.GetUser(actor.user.id);
}

Status Accounts::DropUnconfirmed(const std::string& email) {
  auto existing = store_.FindUserByEmail(email);
  if (!existing.ok()) return existing.status().code() == StatusCode::kNotFound ? Status::Ok() : existing.status();
  if (existing->status != UserStatus::kUnconfirmed) return Status::Ok();
  COBUY_RETURN_IF_ERROR(store_.DeleteUser(existing->id));
  Audit("signup.replaced", nullptr, existing->organisation, email);
  return Status::Ok();
}

Status Accounts::SignUp(const std::string& email_in, const std::string& name, const std::string& password,
                        OrganisationId org_id, const std::string& address) {
  const std::string email = NormaliseEmail(email_in);
  if (!IsValidEmail(email)) return InvalidArgument(fmt::format("'{}' is not an e-mail address", email_in), "email");
  COBUY_RETURN_IF_ERROR(CheckName(name, "name", 200));
  COBUY_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  auto org = store_.GetOrganisation(org_id);
  if (!org.ok()) {
    if (org.status().code() == StatusCode::kNotFound) {
      return InvalidArgument(fmt::format("organisation {} does not exist", org_id.value), "organisation_id");
    }
    return org.status();
  }
  COBUY_RETURN_IF_ERROR(AdmitRequest(address));
  // An unconfirmed sign-up proves nothing; a new one (perhaps the real owner's) replaces it.
  COBUY_RETURN_IF_ERROR(DropUnconfirmed(email));
  User u;
  u.email = email;
  u.name = std::string(Trim(name));
  u.organisation = org_id;
  u.role = IsMarketOrganisation(org->type) ? Role::kMarketActor : Role::kBuyer;
  u.status = UserStatus::kUnconfirmed;
  u.created_at = clock_.Now();
  COBUY_ASSIGN_OR_RETURN(u.password_hash, hasher_.Hash(password));
  auto id = store_.CreateUser(u);
  if (!id.ok() && id.status().code() == StatusCode::kAlreadyExists) {
    Audit("signup.duplicate", nullptr, org_id, email, address);
    return store_.EnqueueMail({0, email, "Sign-up attempt on Cobuy",
                               fmt::format("Someone tried to sign up on Cobuy with this e-mail address, which already "
                                           "has an account. If it was you, sign in at {}/ instead; otherwise ignore "
                                           "this message.",
                                           options_.public_url),
                               clock_.Now()});
  }
  COBUY_ASSIGN_OR_RETURN(u.id, id);
  const std::string token = RandomToken();
  AccountToken t{HashToken(token), TokenPurpose::kEmailConfirmation, u.id, clock_.Now(),
                 clock_.Now() + options_.email_confirmation_lifetime};
  COBUY_RETURN_IF_ERROR(store_.CreateAccountToken(
      t, {0, email, "Confirm your e-mail address for Cobuy",
          fmt::format("You asked to join {} on Cobuy. Confirm that this e-mail address is yours within 24 hours at "
                      "{}/confirm-email/{}\nYour organisation's administrator sees your request once you confirm. If "
                      "it was not you, ignore this message.",
                      org->name, options_.public_url, token),
          t.created_at}));
  Audit("signup.requested", nullptr, org_id, email, address);
  return Status::Ok();
}

Status Accounts::ConfirmEmail(const std::string& token) {
  auto used = store_.UseAccountToken(HashToken(token), TokenPurpose::kEmailConfirmation, clock_.Now());
  if (!used.ok()) {
    if (used.status().code() == StatusCode::kNotFound) {
      return NotFound("this confirmation link is unknown, used or expired; sign up again");
    }
    return used.status();
  }
  COBUY_ASSIGN_OR_RETURN(User u, store_.GetUser(used->user));
  if (u.status != UserStatus::kUnconfirmed) return Status::Ok();
  COBUY_RETURN_IF_ERROR(store_.SetUserStatus(u.id, UserStatus::kPending));
  Audit("signup.confirmed", nullptr, u.organisation, u.email);
  COBUY_ASSIGN_OR_RETURN(Organisation org, store_.GetOrganisation(u.organisation));
  for (const User& admin : store_.ListUsers(u.organisation).value_or(std::vector<User>{})) {
    if (admin.role == Role::kOrganisationAdmin && admin.status == UserStatus::kActive) {
      (void)store_.EnqueueMail(
          {0, admin.email, "A sign-up awaits your approval",
           fmt::format("{} <{}> asks to join {} on Cobuy. Approve or decline at {}/organisation/people", u.name,
                       u.email, org.name, options_.public_url),
           clock_.Now()});
    }
  }
  return Status::Ok();
}

Result<User> Accounts::Approve(const Actor& actor, OrganisationId org, UserId user_id) {
  if (!CanAdminister(actor, org))
    return PermissionDenied("only this organisation's administrators can approve sign-ups");
  COBUY_ASSIGN_OR_RETURN(User u, store_.GetUser(user_id));
  if (u.organisation != org)
    return NotFound(fmt::format("user {} is not in organisation {}", user_id.value, org.value));
  if (u.status != UserStatus::kPending) return FailedPrecondition("this person is not waiting for approval");
  COBUY_RETURN_IF_ERROR(store_.SetUserStatus(user_id, UserStatus::kActive));
  u.status = UserStatus::kActive;
  Audit("signup.approved", &actor, org, u.email, actor.session.address);
  (void)store_.EnqueueMail({0, u.email, "Your Cobuy account is ready",
                            fmt::format("Your sign-up has been approved. Sign in at {}/", options_.public_url),
                            clock_.Now()});
  return u;
}

Status Accounts::Decline(const Actor& actor, OrganisationId org, UserId user_id) {
  if (!CanAdminister(actor, org))
    return PermissionDenied("only this organisation's administrators can decline sign-ups");
  COBUY_ASSIGN_OR_RETURN(User u, store_.GetUser(user_id));
  if (u.organisation != org)
    return NotFound(fmt::format("user {} is not in organisation {}", user_id.value, org.value));
  if (u.status != UserStatus::kPending) return FailedPrecondition("this person is not waiting for approval");
  COBUY_RETURN_IF_ERROR(store_.DeleteUser(user_id));
  Audit("signup.declined", &actor, org, u.email, actor.session.address);
  return Status::Ok();
}

Result<User> Accounts::PersonToManage(const Actor* actor, OrganisationId org, UserId user_id, std::string_view verb) {
  if (actor && !CanAdminister(*actor, org)) {
    return PermissionDenied(fmt::format("only this organisation's administrators can {} people", verb));
  }
  auto u = store_.GetUser(user_id);
  if (!u.ok() || u->organisation != org || u->status == UserStatus::kRemoved || u->status == UserStatus::kUnconfirmed) {
    if (u.ok() || u.status().code() == StatusCode::kNotFound) {
      return NotFound(fmt::format("user {} is not in organisation {}", user_id.value, org.value));
    }
    return u.status();
  }
  if (actor && u->id == actor->user.id) return FailedPrecondition(fmt::format("you cannot {} yourself", verb));
  if (actor && u->role == Role::kPlatformAdmin && actor->user.role != Role::kPlatformAdmin) {
    return PermissionDenied(fmt::format("only the secretariat can {} platform administrators", verb));
  }
  return u;
}

Result<User> Accounts::SetDisabled(const Actor* actor, OrganisationId org, UserId user_id, bool disabled) {
  COBUY_ASSIGN_OR_RETURN(User u, PersonToManage(actor, org, user_id, disabled ? "disable" : "enable"));
  if (u.status == UserStatus::kPending) {
    return FailedPrecondition("this person is waiting for approval; approve or decline the sign-up");
  }
  const UserStatus next = disabled ? UserStatus::kDisabled : UserStatus::kActive;
  if (u.status != next) {
    COBUY_RETURN_IF_ERROR(store_.SetUserStatus(u.id, next));
    u.status = next;
    Audit(disabled ? "user.disabled" : "user.enabled", actor, org, u.email, actor ? actor->session.address : "");
  }
  // Also when already disabled: a session must never outlive the decision.
  if (disabled) COBUY_RETURN_IF_ERROR(store_.DeleteSessionsOfUser(u.id));
  return u;
}

Status Accounts::RemovePerson(const Actor* actor, OrganisationId org, UserId user_id) {
  COBUY_ASSIGN_OR_RETURN(User u, PersonToManage(actor, org, user_id, "remove"));
  COBUY_RETURN_IF_ERROR(store_.RemoveUser(u.id));
  Audit("user.removed", actor, org, u.email, actor ? actor->session.address : "");
  return Status::Ok();
}

Status Accounts::SetPassword(UserId user_id, const std::string& password) {
  COBUY_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  COBUY_ASSIGN_OR_RETURN(User u, store_.GetUser(user_id));
  if (u.status == UserStatus::kRemoved) return NotFound(fmt::format("user {} not found", user_id.value));
  COBUY_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
  COBUY_RETURN_IF_ERROR(store_.SetUserPassword(u.id, hash));
  COBUY_RETURN_IF_ERROR(store_.DeleteSessionsOfUser(u.id));
  Audit("password.set", nullptr, u.organisation, u.email);
  return Status::Ok();
}

// --- invitations --------------------------------------------------------------------------

Result<CreatedInvitation> Accounts::Invite(const Actor& actor, OrganisationId org_id, const std::string& email_in,
                                           const std::string& role_name) {
  if (!CanAdminister(actor, org_id))
    return PermissionDenied("only this organisation's administrators can invite people");
  const std::string email = NormaliseEmail(email_in);
  if (!IsValidEmail(email)) return InvalidArgument(fmt::format("'{}' is not an e-mail address", email_in), "email");
  auto role = ParseRole(role_name);
  if (!role) return InvalidArgument(fmt::format("'{}' is not a role", role_name), "role");
  COBUY_ASSIGN_OR_RETURN(Organisation org, store_.GetOrganisation(org_id));
  COBUY_RETURN_IF_ERROR(CheckRoleFor(&actor, org, *role));
  COBUY_RETURN_IF_ERROR(DropUnconfirmed(email));
  auto existing = store_.FindUserByEmail(email);
  if (!existing.ok() && existing.status().code() != StatusCode::kNotFound) return existing.status();
  const bool has_account = existing.ok();
  CreatedInvitation out;
  out.token = RandomToken();
  Invitation& inv = out.invitation;
  inv.token_hash = HashToken(out.token);
  inv.email = email;
  inv.organisation = org_id;
  inv.role = *role;
  inv.invited_by = actor.user.id;
  inv.created_at = clock_.Now();
  inv.expires_at = inv.created_at + options_.invitation_lifetime;
  OutboxMessage mail{0, email, fmt::format("{} invites you to Cobuy", org.name),
                     fmt::format("{} invites you to join {} on Cobuy as {}. Accept within 14 days at {}/invite/{}",
                                 actor.user.name, org.name, RoleName(*role), options_.public_url, out.token),
                     inv.created_at};
  if (has_account) {
    // The inviter gets the same answer as for a new address (the invitation is recorded,
    // so its id is real); the owner learns of it, and the token is sent to no one.
    mail.body = fmt::format(
        "{} tried to invite you to join {} on Cobuy, but this e-mail address already has an "
        "account. Sign in at {}/ ; to move to {}, ask its administrator.",
        actor.user.name, org.name, options_.public_url, org.name);
  }
  COBUY_ASSIGN_OR_RETURN(inv.id, store_.CreateInvitation(inv, mail));
  Audit("invitation.created", &actor, org_id, email, actor.session.address,
        has_account ? fmt::format("{}; has an account", RoleName(*role)) : std::string(RoleName(*role)));
  out.token = has_account ? std::string() : out.token;
  return out;
}

Result<InvitationView> Accounts::GetInvitation(const std::string& token) {
  auto inv = store_.GetInvitationByToken(HashToken(token));
  if (!inv.ok()) return inv.status();
  if (inv->accepted_at) return NotFound("this invitation has already been used");
  if (inv->expires_at <= clock_.Now()) return NotFound("this invitation has expired; ask for a new one");
  COBUY_ASSIGN_OR_RETURN(Organisation org, store_.GetOrganisation(inv->organisation));
  return InvitationView{std::move(inv).value(), std::move(org)};
}

Result<User> Accounts::AcceptInvitation(const std::string& token, const std::string& name,
                                        const std::string& password) {
  COBUY_ASSIGN_OR_RETURN(InvitationView view, GetInvitation(token));
  COBUY_RETURN_IF_ERROR(CheckName(name, "name", 200));
  COBUY_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  User u;
  u.email = view.invitation.email;
  u.name = std::string(Trim(name));
  u.organisation = view.invitation.organisation;
  u.role = view.invitation.role;
  u.status = UserStatus::kActive;
  u.created_at = clock_.Now();
  COBUY_ASSIGN_OR_RETURN(u.password_hash, hasher_.Hash(password));
  // A sign-up made after the invitation, never confirmed, does not block it.
  COBUY_RETURN_IF_ERROR(DropUnconfirmed(u.email));
  COBUY_ASSIGN_OR_RETURN(u.id, store_.AcceptInvitation(view.invitation.id, u, clock_.Now()));
  Audit("invitation.accepted", nullptr, u.organisation, u.email);
  return u;
}

}  // namespace cobuy
