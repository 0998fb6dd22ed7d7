// Store: Cobuy's persistence, behind one small interface.
//
// Every SQL statement of Cobuy lives in this module. Callers see records (core/) and
// Status/Result values; which backend runs underneath is chosen by Store::Open from the
// location: a file path (or ":memory:") opens SQLite; a PostgreSQL implementation will be
// chosen by a "postgresql://" location without touching callers.
//
// Failures: kNotFound when a looked-up object does not exist; kAlreadyExists when a unique
// key is taken (the message names the key); kUnavailable when the database stays locked past
// the busy timeout; kInternal for anything else the database reports.
//
// Thread-safety: a Store is safe to use from many threads at once. Several processes (the
// server and a CLI command) may open the same SQLite file at once: WAL mode lets readers run
// beside one writer, and writers wait up to the busy timeout.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/accounts_model.h"
#include "core/reference.h"
#include "core/status.h"

namespace cobuy {

struct StoreOptions {
  // A file path, or ":memory:" for a private in-memory database (tests).
  std::string location;
  // How long a writer waits for another writer before giving up with kUnavailable.
  int busy_timeout_ms = 10000;
  // Connections kept for concurrent readers (file databases only).
  int pool_size = 8;
  // How much of the database file each connection maps into memory (PRAGMA mmap_size): reads
  // are faster, and the mapped pages count in the process's RSS. 0 reads through the page
  // cache only (bulk ingest: its RSS then stays flat as the database grows). Only the
  // register store reads it so far.
  std::int64_t mmap_bytes = std::int64_t{256} << 20;
};

// Fields of an organisation that an update may change; unset fields keep their value.
struct OrganisationUpdate {
  std::optional<std::string> name;
  std::optional<OrganisationType> type;
  std::optional<std::string> country;
  std::optional<std::string> nuts;
  std::optional<std::vector<Identifier>> identifiers;
  std::optional<std::optional<double>> annual_budget_eur;
  // Identifiers new to the organisation that match the imported register wait for the
  // secretariat's approval, unless the update comes from the secretariat itself.
  bool trusted = false;
};

struct MigrationInfo {
  int version = 0;
  std::string name;
  std::string applied_at;
};

class Store {
 public:
  // Opens (creating if needed) the store at options.location. Does not migrate.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);

  virtual ~Store() = default;
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // --- schema -------------------------------------------------------------------------
  // Applies every migration not yet applied, each in its own transaction, recording it.
  // Returns the migrations applied by this call (empty when up to date).
  virtual Result<std::vector<MigrationInfo>> Migrate() = 0;
  // Migrations applied so far, oldest first.
  virtual Result<std::vector<MigrationInfo>> AppliedMigrations() = 0;
  // The number of the newest migration this build knows.
  virtual int LatestSchemaVersion() const = 0;

  // --- reference data -----------------------------------------------------------------
  // Replaces all reference data in one transaction. Skips the work (returns false) when
  // data.checksum equals the checksum of what is stored; returns true when it loaded.
  virtual Result<bool> ReplaceReferenceData(const ReferenceData& data) = 0;
  virtual Result<std::string> ReferenceDataChecksum() = 0;
  virtual Result<std::vector<Country>> ListCountries() = 0;
  virtual Result<std::vector<CpvCode>> ListCpvCodes() = 0;
  virtual Result<std::vector<NutsRegion>> ListNutsRegions() = 0;
  // ECB euro reference rates, by currency and date.
  virtual Result<std::vector<FxRate>> ListFxRates() = 0;

  // --- organisations ------------------------------------------------------------------
  // kAlreadyExists when the name is taken (case-insensitive), or (field "identifiers[i]")
  // when another organisation claims one of its identifiers. Identifiers are approved.
  virtual Result<OrganisationId> CreateOrganisation(const Organisation& org) = 0;
  virtual Result<Organisation> GetOrganisation(OrganisationId id) = 0;
  // Exact name, case-insensitive.
  virtual Result<Organisation> FindOrganisationByName(const std::string& name) = 0;
  // All organisations, by name.
  virtual Result<std::vector<Organisation>> ListOrganisations() = 0;
  // kAlreadyExists as CreateOrganisation. Kept identifiers keep their claim's state.
  virtual Result<Organisation> UpdateOrganisation(OrganisationId id, const OrganisationUpdate& update,
                                                  UnixSeconds now) = 0;
  // Claims of register identifiers waiting for the secretariat, oldest organisation first.
  virtual Result<std::vector<IdentifierClaim>> ListPendingIdentifierClaims() = 0;
  // Approving links the identifier to `org` and drops other organisations' pending claims of
  // it; declining drops the claim. kNotFound when `org` has no pending claim of it.
  virtual Status DecideIdentifierClaim(OrganisationId org, const Identifier& identifier, bool approve) = 0;

  // --- people -------------------------------------------------------------------------
  // kAlreadyExists (field "email") when the e-mail is taken.
  virtual Result<UserId> CreateUser(const User& user) = 0;
  virtual Result<User> GetUser(UserId id) = 0;
  virtual Result<User> FindUserByEmail(const std::string& email) = 0;
  virtual Result<std::vector<User>> ListUsers(OrganisationId organisation) = 0;
  virtual Status SetUserStatus(UserId id, UserStatus status) = 0;
  virtual Status SetUserProfile(UserId id, const std::string& name, const std::string& language) = 0;
  virtual Status SetUserPassword(UserId id, const std::string& password_hash) = 0;
  virtual Status DeleteUser(UserId id) = 0;
  // Anonymises a person (status removed, a placeholder e-mail and name, no password) and
  // ends their sessions, in one transaction; what they wrote keeps an author.
  virtual Status RemoveUser(UserId id) = 0;

  // --- sessions -----------------------------------------------------------------------
  virtual Status CreateSession(const Session& session) = 0;
  // kNotFound when unknown or expired at `now`.
  virtual Result<Session> GetSession(const std::string& token_hash, UnixSeconds now) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteSessionsOfUser(UserId user) = 0;
  // Every session of `user` but the one with `keep_token_hash`.
  virtual Status DeleteOtherSessions(UserId user, const std::string& keep_token_hash) = 0;
  virtual Result<int> DeleteExpiredSessions(UnixSeconds now) = 0;

  // --- invitations --------------------------------------------------------------------
  // Stores the invitation and queues its e-mail in one transaction.
  virtual Result<InvitationId> CreateInvitation(const Invitation& invitation, const OutboxMessage& mail) = 0;
  virtual Result<Invitation> GetInvitationByToken(const std::string& token_hash) = 0;
  // Creates the user and marks the invitation accepted in one transaction.
  // kFailedPrecondition when already accepted.
  virtual Result<UserId> AcceptInvitation(InvitationId id, const User& user, UnixSeconds now) = 0;

  // --- account tokens (password reset, e-mail confirmation) ---------------------------
  // Stores the token and queues its e-mail in one transaction; earlier unused tokens of the
  // same user and purpose stop working.
  virtual Status CreateAccountToken(const AccountToken& token, const OutboxMessage& mail) = 0;
  // Marks the token used and returns it. kNotFound when unknown, of another purpose, used
  // or expired at `now`.
  virtual Result<AccountToken> UseAccountToken(const std::string& token_hash, TokenPurpose purpose,
                                               UnixSeconds now) = 0;

  // --- throttles ----------------------------------------------------------------------
  // Counts one event against `key` and returns the count, which starts over when the last
  // event is `forget_after` seconds old or older.
  virtual Result<int> CountThrottleEvent(const std::string& key, UnixSeconds now, UnixSeconds forget_after) = 0;
  // Blocks `key` until `until` (never shortens a block).
  virtual Status BlockThrottle(const std::string& key, UnixSeconds until) = 0;
  // When the block of `key` ends; 0 when it never was blocked.
  virtual Result<UnixSeconds> ThrottleBlockedUntil(const std::string& key) = 0;
  // True for the first caller only of each block (the block ending at `until`).
  virtual Result<bool> ClaimThrottleReport(const std::string& key, UnixSeconds until) = 0;
  virtual Status ClearThrottle(const std::string& key) = 0;
  // Forgets counters whose last event is older than `before`.
  virtual Result<int> DeleteStaleThrottles(UnixSeconds before) = 0;

  // --- outbox and audit ---------------------------------------------------------------
  virtual Status EnqueueMail(const OutboxMessage& mail) = 0;
  virtual Result<std::vector<OutboxMessage>> ListOutbox() = 0;
  virtual Status AppendAudit(const AuditEvent& event) = 0;
  // Newest first.
  virtual Result<std::vector<AuditEvent>> ListAudit(int limit) = 0;
};

}  // namespace cobuy
