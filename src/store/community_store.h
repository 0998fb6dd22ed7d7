// CommunityStore: communities, memberships, and what happens in their workspaces
// (discussions, documents, events, work plan, outputs), staff exchanges and notification
// preferences. Persists records; enforces only integrity (the rules are in community/).
//
// Objects are always read through their community (GetThread(community_id, id), ...): an id
// of another community's object answers kNotFound, so a handler that checked access to one
// community cannot reach another's data.
//
// Thread-safety: safe to call from many threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/community_model.h"
#include "core/status.h"
#include "store/register_store.h"
#include "store/store.h"

namespace cobuy {

struct NotificationPreferences {
  bool daily_digest = true;
  // In-app notification kinds the person wants: "mention", "event_invitation", "membership", "health".
  std::vector<std::string> in_app = {"mention", "event_invitation", "membership", "health"};
};

// What a person's daily digest should list: notifications after the last digest.
struct PendingDigest {
  User user;
  std::vector<Notification> notifications;  // newest first
};

class CommunityStore {
 public:
  static Result<std::unique_ptr<CommunityStore>> Open(const StoreOptions& options);
  virtual ~CommunityStore() = default;
  CommunityStore() = default;
  CommunityStore(const CommunityStore&) = delete;
  CommunityStore& operator=(const CommunityStore&) = delete;

  // --- communities and members ----------------------------------------------------------
  // Creates the community and makes `leader` its active leader, in one transaction
  // (kAlreadyExists for a taken name).
  virtual Result<std::int64_t> CreateCommunity(const Community& c, std::int64_t leader, UnixSeconds now) = 0;
  virtual Status UpdateCommunity(const Community& c) = 0;
  virtual Result<Community> GetCommunity(std::int64_t id) = 0;
  virtual Result<std::vector<Community>> ListCommunities() = 0;  // by name
  // Members of every status, leaders first, then by organisation and name.
  virtual Result<std::vector<Membership>> ListMembers(std::int64_t community_id) = 0;
  virtual Result<std::optional<Membership>> GetMembership(std::int64_t community_id, std::int64_t user_id) = 0;
  virtual Result<std::vector<Membership>> MembershipsOf(std::int64_t user_id) = 0;
  virtual Status PutMember(std::int64_t community_id, std::int64_t user_id, MemberRole role, MemberStatus status,
                           const std::string& note, UnixSeconds now) = 0;
  virtual Status RemoveMember(std::int64_t community_id, std::int64_t user_id) = 0;

  // --- discussions ------------------------------------------------------------------------
  // A thread with its first post; returns the thread id.
  virtual Result<std::int64_t> CreateThread(std::int64_t community_id, const std::string& title, std::int64_t author,
                                            const std::string& body, const std::vector<std::int64_t>& mentions,
                                            UnixSeconds now) = 0;
  virtual Result<std::vector<Thread>> ListThreads(std::int64_t community_id) = 0;  // latest activity first
  virtual Result<Thread> GetThread(std::int64_t community_id, std::int64_t thread_id) = 0;
  virtual Result<std::vector<Post>> ListPosts(std::int64_t thread_id) = 0;  // oldest first
  virtual Result<std::int64_t> AddPost(std::int64_t thread_id, std::int64_t author, const std::string& body,
                                       const std::vector<std::int64_t>& mentions, UnixSeconds now) = 0;
  virtual Result<Post> GetPost(std::int64_t community_id, std::int64_t post_id) = 0;
  // Keeps the current text as a version, then replaces it.
  virtual Status EditPost(std::int64_t post_id, const std::string& body, UnixSeconds now) = 0;
  virtual Result<std::vector<std::pair<std::string, UnixSeconds>>> PostVersions(std::int64_t post_id) = 0;
  virtual Status HidePost(std::int64_t post_id, const std::string& reason, std::int64_t by) = 0;

  // --- documents --------------------------------------------------------------------------
  // A new document with its first version (the bytes stored once per checksum).
  virtual Result<std::int64_t> AddDocument(std::int64_t community_id, const std::string& title,
                                           const DocumentVersion& version, const std::string& bytes) = 0;
  // The next version of a document; returns its number.
  virtual Result<int> AddDocumentVersion(std::int64_t community_id, std::int64_t document_id,
                                         const DocumentVersion& version, const std::string& bytes) = 0;
  // One page of the community's documents, newest first: at most `limit` from `offset`, each
  // with all its versions, and how many documents the community has in all.
  virtual Result<std::pair<std::vector<Document>, std::int64_t>> ListDocuments(std::int64_t community_id, int offset,
                                                                               int limit) = 0;
  // The bytes of every version of the community's documents, added up.
  virtual Result<std::int64_t> DocumentBytes(std::int64_t community_id) = 0;
  virtual Result<Document> GetDocument(std::int64_t community_id, std::int64_t document_id) = 0;
  virtual Result<std::pair<DocumentVersion, std::string>> ReadDocument(std::int64_t community_id,
                                                                       std::int64_t document_id, int version) = 0;

  // --- events -----------------------------------------------------------------------------
  virtual Result<std::int64_t> CreateEvent(const Event& e, std::int64_t by) = 0;
  // Replaces the event's fields and bumps its sequence.
  virtual Status UpdateEvent(const Event& e, UnixSeconds now) = 0;
  virtual Result<Event> GetEvent(std::int64_t community_id, std::int64_t event_id) = 0;  // with people
  virtual Result<std::vector<Event>> ListEvents(std::int64_t community_id) = 0;          // by start, with people
  // Events of the communities where the person is an active member, and events they are invited to
  // as a guest (a market actor). A member's own invitation lapses with their membership.
  virtual Result<std::vector<Event>> EventsOf(std::int64_t user_id) = 0;
  virtual Status InviteToEvent(std::int64_t event_id, std::int64_t user_id, bool guest) = 0;
  virtual Status SetRegistered(std::int64_t event_id, std::int64_t user_id, bool registered) = 0;
  // Exactly these people attended (others: not).
  virtual Status SetAttendance(std::int64_t event_id, const std::vector<std::int64_t>& attended) = 0;

  // --- work plan and outputs --------------------------------------------------------------
  virtual Result<std::int64_t> AddObjective(std::int64_t community_id, const Objective& o) = 0;
  virtual Result<std::int64_t> AddActivity(std::int64_t community_id, const Activity& a) = 0;
  virtual Status UpdateActivity(std::int64_t community_id, const Activity& a) = 0;
  virtual Result<std::pair<std::vector<Objective>, std::vector<Activity>>> GetWorkPlan(std::int64_t community_id) = 0;
  virtual Result<std::int64_t> AddOutput(const Output& o) = 0;
  virtual Status UpdateOutput(const Output& o) = 0;
  virtual Result<Output> GetOutput(std::int64_t community_id, std::int64_t output_id) = 0;
  virtual Result<std::vector<Output>> ListOutputs(std::int64_t community_id, bool published_only) = 0;
  virtual Status AddSignatory(std::int64_t output_id, std::int64_t organisation_id, UnixSeconds now) = 0;

  // --- figures ----------------------------------------------------------------------------
  // What the figures and health rules are computed from; community_id 0: every community.
  virtual Result<std::vector<CommunityActivity>> Activities(std::int64_t community_id) = 0;

  // --- staff exchanges --------------------------------------------------------------------
  virtual Result<std::int64_t> CreateExchange(const StaffExchange& x) = 0;
  virtual Result<StaffExchange> GetExchange(std::int64_t id) = 0;
  virtual Result<std::vector<StaffExchange>> ListExchanges() = 0;  // newest first
  virtual Status UpdateExchange(const StaffExchange& x) = 0;

  // --- notifications ----------------------------------------------------------------------
  virtual Status AddNotifications(const std::vector<Notification>& notifications) = 0;
  virtual Result<NotificationPreferences> GetPreferences(std::int64_t user_id) = 0;
  virtual Status SetPreferences(std::int64_t user_id, const NotificationPreferences& prefs) = 0;
  // People with the daily digest on and notifications since their last digest.
  virtual Result<std::vector<PendingDigest>> PendingDigests() = 0;
  // In one transaction: the e-mail in the outbox, and the digest marked sent up to `last_id`.
  virtual Status RecordDigest(std::int64_t user_id, std::int64_t last_id, const OutboxMessage& mail) = 0;
  virtual Status SetCalendarToken(std::int64_t user_id, const std::string& token_hash) = 0;
  virtual Result<std::int64_t> FindCalendarToken(const std::string& token_hash) = 0;  // the user id
};

}  // namespace cobuy
