// Communities: the rules around the CommunityStore. Every operation takes the caller, checks
// what they may do (access.h) before it reads or writes, validates its input (errors name
// the field), and notifies the people concerned (respecting their preferences).
//
// Thread-safety: safe to call from many threads (state lives in the stores).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "community/access.h"
#include "community/exchange.h"
#include "community/figures.h"
#include "community/health.h"
#include "core/clock.h"
#include "store/community_store.h"
#include "store/store.h"

namespace cobuy::community {

// The checksum the document library keeps of a file: SHA-256, lower-case hex.
std::string Sha256Hex(std::string_view bytes);

// Upload limits of the document library: one file, and all versions of a community's documents
// together (Communities::set_storage_quota changes the latter).
inline constexpr std::int64_t kMaxDocumentBytes = 20 * 1024 * 1024;
inline constexpr std::int64_t kDefaultStorageQuotaBytes = std::int64_t{1} << 30;

struct CommunityInput {
  std::optional<std::string> name, kind, openness, aim, entry_requirements, topic;
};

struct EventInput {
  std::optional<std::string> kind, title, agenda, starts_at, ends_at, time_zone, place, online_url, status, minutes;
};

struct ActivityInput {
  std::optional<std::string> title, due, status;
  std::optional<std::optional<std::int64_t>> objective_id, owner_id;  // outer: given; inner: null clears
};

struct OutputInput {
  std::optional<std::string> kind, title, summary;
  std::optional<std::optional<std::int64_t>> document_id;
  std::optional<bool> published;
};

struct ExchangeInput {
  std::string kind, topic, description, starts_on, ends_on;
  std::optional<std::int64_t> community_id;
};

// The community a request is about, with the caller's standing in it.
struct Workspace {
  Community community;
  std::optional<Membership> membership;
  Caller caller;
  Capabilities can;
  std::int64_t user_id() const { return caller.user ? caller.user->id.value : 0; }
};

class Communities {
 public:
  Communities(CommunityStore& store, Store& accounts, const Clock& clock)
      : store_(store), accounts_(accounts), clock_(clock) {}

  // The bytes a community's library may hold (every version counted); an upload past it is
  // refused (kFailedPrecondition).
  void set_storage_quota(std::int64_t bytes) { storage_quota_ = bytes; }

  // The caller as the rules see them (looks up whether their organisation is a market actor).
  Result<Caller> CallerOf(const User* user);

  // The community `id` after checking that the caller has `need` there (kNotFound for an
  // unknown community, then kUnauthenticated / kPermissionDenied).
  Result<Workspace> Enter(const Caller& caller, std::int64_t id, Capability need);

  // --- communities and members ----------------------------------------------------------
  Result<std::int64_t> Create(const Caller& caller, const CommunityInput& in);
  Status Update(const Workspace& ws, const CommunityInput& in);
  // Accepts an invitation, joins an open community, or asks to join a closed one.
  Result<Membership> Join(const Caller& caller, std::int64_t id, const std::string& note);
  // Leaves; the last leader cannot leave (kFailedPrecondition).
  Status Leave(const Workspace& ws);
  Result<Membership> Invite(const Workspace& ws, const std::string& email, const std::string& role);
  // Approves a request (status "active") and/or changes a role.
  Result<Membership> ChangeMember(const Workspace& ws, std::int64_t user_id, const std::optional<std::string>& role,
                                  const std::optional<std::string>& status);
  Status RemoveMember(const Workspace& ws, std::int64_t user_id);

  // --- discussions ------------------------------------------------------------------------
  Result<std::int64_t> CreateThread(const Workspace& ws, const std::string& title, const std::string& body,
                                    const std::vector<std::int64_t>& mentions);
  Result<std::int64_t> Reply(const Workspace& ws, std::int64_t thread_id, const std::string& body,
                             const std::vector<std::int64_t>& mentions);
  Status EditPost(const Workspace& ws, std::int64_t post_id, const std::string& body);
  Status HidePost(const Workspace& ws, std::int64_t post_id, const std::string& reason);

  // --- documents --------------------------------------------------------------------------
  // Checks size, name, extension and content (the bytes must be what the extension says);
  // the media type is the server's, from the extension. Returns the document id.
  Result<std::int64_t> Upload(const Workspace& ws, const std::string& title, const std::string& filename,
                              const std::string& bytes);
  Result<int> UploadVersion(const Workspace& ws, std::int64_t document_id, const std::string& filename,
                            const std::string& bytes);

  // --- events -----------------------------------------------------------------------------
  Result<std::int64_t> CreateEvent(const Workspace& ws, const EventInput& in);
  Status UpdateEvent(const Workspace& ws, std::int64_t event_id, const EventInput& in);
  // Invites members of the community and market actors (as guests); notifies each.
  Status InviteToEvent(const Workspace& ws, std::int64_t event_id, const std::vector<std::int64_t>& user_ids);
  // The event, for a member (view_workspace) or a market actor invited to it; else as Enter fails.
  Result<Event> EventFor(const Caller& caller, std::int64_t community_id, std::int64_t event_id);
  // Registers (or unregisters) the caller: contributors, or a guest invited to the event.
  Status Register(const Caller& caller, std::int64_t community_id, std::int64_t event_id, bool registered);
  Status SetAttendance(const Workspace& ws, std::int64_t event_id, const std::vector<std::int64_t>& attended);
  // iCalendar feeds: a community's events; every event the person may see.
  Result<std::string> CommunityCalendar(const Workspace& ws);
  Result<std::string> PersonalCalendar(std::int64_t user_id);
  // A new personal feed token (only its hash is stored); the old one stops working.
  Result<std::string> NewCalendarToken(std::int64_t user_id);
  // The user a feed token belongs to.
  Result<std::int64_t> CalendarTokenUser(const std::string& token);

  // --- work plan and outputs --------------------------------------------------------------
  Result<std::int64_t> AddObjective(const Workspace& ws, const std::string& title, const std::string& ambition);
  Result<std::int64_t> AddActivity(const Workspace& ws, const ActivityInput& in);
  Status UpdateActivity(const Workspace& ws, std::int64_t activity_id, const ActivityInput& in);
  Result<std::int64_t> AddOutput(const Workspace& ws, const OutputInput& in);
  // Publishing needs manage; other changes plan.
  Status UpdateOutput(const Workspace& ws, std::int64_t output_id, const OutputInput& in);
  // The caller signs a declaration of intent for their organisation.
  Status Sign(const Workspace& ws, std::int64_t output_id);

  // --- figures and health -----------------------------------------------------------------
  Result<OutcomeFigures> FiguresOf(const Workspace& ws);
  Result<std::vector<CommunityActivity>> AllActivities();
  Result<std::vector<HealthFlag>> HealthOf(const Workspace& ws);
  // Flags every unhealthy interest group to its facilitators and the secretariat (once a day
  // at most per community and flag); returns how many notifications were sent.
  Result<int> NotifyHealth();

  // --- staff exchanges --------------------------------------------------------------------
  Result<std::int64_t> CreateExchange(const Caller& caller, const ExchangeInput& in);
  // The caller's own exchange (kNotFound otherwise).
  Result<StaffExchange> OwnExchange(const Caller& caller, std::int64_t id);
  Result<std::vector<ExchangeMatch>> Matches(const Caller& caller, std::int64_t id);
  Status Match(const Caller& caller, std::int64_t id, std::int64_t with);
  // Files the report in the exchange's community library (or the library of a community
  // the owner leads or belongs to) and marks the exchange done.
  Status FileReport(const Caller& caller, std::int64_t id, const std::string& filename, const std::string& bytes);

  // --- notifications ----------------------------------------------------------------------
  // One daily digest e-mail per person with the digest on; returns how many were sent.
  Result<int> SendDigests(const std::string& base_url);

 private:
  // kFailedPrecondition when `bytes` more would take the community's library past its quota.
  Status CheckQuota(std::int64_t community_id, std::int64_t bytes);
  // The user ids of the community's active leaders (facilitators).
  Result<std::vector<std::int64_t>> ActiveLeaders(std::int64_t community_id);
  // Adds a notification of `kind` ("mention", "event_invitation", "membership", "health") for
  // each user who wants that kind in the app, in their language; `code` says what happened
  // ("invited", "requested", "approved", "matched" for membership).
  Status Notify(const std::vector<std::int64_t>& users, const std::string& kind, const std::string& code,
                const std::string& subject, const std::string& who, const std::string& link);

  CommunityStore& store_;
  Store& accounts_;
  std::int64_t storage_quota_ = kDefaultStorageQuotaBytes;
  const Clock& clock_;
};

}  // namespace cobuy::community
