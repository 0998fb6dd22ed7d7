// Organisations, people, sessions, invitations and the audit log: plain records shared by
// the store (which persists them) and accounts/ (which enforces the rules on them).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"

namespace cobuy {

enum class OrganisationType {
  kMunicipality,
  kRegion,
  kCentralGovernment,
  kCentralPurchasingBody,
  kPublicAgency,
  kPublicUndertaking,
  kHospitalOrUniversity,
  kSupplier,
  kIndustryAssociation,
  kOther,
};

// "municipality", "central_purchasing_body", ...
std::string_view OrganisationTypeName(OrganisationType type);
std::optional<OrganisationType> ParseOrganisationType(std::string_view name);
const std::vector<OrganisationType>& AllOrganisationTypes();
// Suppliers and industry associations are market actors, not buyers.
bool IsMarketOrganisation(OrganisationType type);

struct Identifier {
  std::string scheme;  // org-id.guide list code, "NL-KVK", "FR-RCS", "GB-COH", ...
  std::string id;
  // A claim of an identifier found in the imported register waits for the secretariat's
  // approval before it links the organisation to the register's data (set by the store).
  bool pending = false;
  // The same identifier, whatever the state of its claim.
  friend bool operator==(const Identifier& a, const Identifier& b) { return a.scheme == b.scheme && a.id == b.id; }
};

// An organisation's pending claim of a register identifier, as the secretariat reviews it.
struct IdentifierClaim {
  OrganisationId organisation;
  std::string organisation_name;
  Identifier identifier;
  std::string register_name;  // the register's name for the identifier, empty when none
};

struct Organisation {
  OrganisationId id;
  std::string name;
  OrganisationType type = OrganisationType::kOther;
  std::string country;      // ISO 3166-1 alpha-2
  std::string nuts;         // NUTS 2024 code, may be empty
  std::vector<Identifier> identifiers;
  std::optional<double> annual_budget_eur;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
};

enum class Role { kPlatformAdmin, kOrganisationAdmin, kBuyer, kMarketActor, kObserver };
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// kUnconfirmed: a sign-up whose e-mail address is not yet confirmed (invisible to the
// organisation's admins, replaced by a new sign-up or an invitation for the same address);
// kPending: confirmed, waiting for an admin; kRemoved: a removed person's anonymised record,
// kept so that what they wrote keeps an author.
enum class UserStatus { kActive, kPending, kDisabled, kUnconfirmed, kRemoved };
std::string_view UserStatusName(UserStatus status);
std::optional<UserStatus> ParseUserStatus(std::string_view name);

struct User {
  UserId id;
  std::string email;  // lower-cased
  std::string name;
  OrganisationId organisation;
  Role role = Role::kBuyer;
  UserStatus status = UserStatus::kActive;
  std::string language = "en";  // preferred UI language
  std::string password_hash;    // argon2id, libsodium string format
  UnixSeconds created_at = 0;
};

struct Session {
  std::string token_hash;  // hex BLAKE2b of the cookie token; the token itself is never stored
  UserId user;
  std::string csrf_token;
  UnixSeconds created_at = 0;
  UnixSeconds expires_at = 0;
  std::string address;  // client address at sign-in
};

struct Invitation {
  InvitationId id;
  std::string token_hash;
  std::string email;
  OrganisationId organisation;
  Role role = Role::kBuyer;
  UserId invited_by;
  UnixSeconds created_at = 0;
  UnixSeconds expires_at = 0;
  std::optional<UnixSeconds> accepted_at;
};

// A single-use secret sent by e-mail: a password reset or an e-mail confirmation.
enum class TokenPurpose { kPasswordReset, kEmailConfirmation };
std::string_view TokenPurposeName(TokenPurpose purpose);  // "password_reset", "email_confirmation"
struct AccountToken {
  std::string token_hash;  // hex BLAKE2b of the token; the token itself is never stored
  TokenPurpose purpose = TokenPurpose::kPasswordReset;
  UserId user;
  UnixSeconds created_at = 0;
  UnixSeconds expires_at = 0;
};

// An e-mail waiting to be delivered. Delivery comes in a later step; tests read the outbox.
struct OutboxMessage {
  std::int64_t id = 0;
  std::string to;
  std::string subject;
  std::string body;
  UnixSeconds created_at = 0;
};

struct AuditEvent {
  std::int64_t id = 0;
  UnixSeconds at = 0;
  std::string event;  // "signin.success", "signin.failure", "org.updated", ...
  std::optional<UserId> actor;
  std::optional<OrganisationId> organisation;
  std::string subject;  // e-mail or object the event is about
  std::string address;  // client address, if any
  std::string detail;
};

}  // namespace cobuy
