// Communities of practice, working groups, interest groups and observer groups, and what
// happens in their members-only workspaces: plain records shared by the store (which
// persists them), community/ (which enforces the rules and computes figures) and http/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace cobuy {

enum class CommunityKind { kCommunityOfPractice, kWorkingGroup, kInterestGroup, kObserverGroup };
enum class Openness { kOpen, kClosed };
// leader is called "facilitator" in interest groups.
enum class MemberRole { kLeader, kCore, kMember, kObserver };
enum class MemberStatus { kActive, kRequested, kInvited };
enum class EventKind {
  kOnlineMeeting,
  kInPersonMeeting,
  kStudyVisit,
  kSiteVisit,
  kFactoryVisit,
  kMarketEngagement,
  kPitchingSession,
  kIndustryMeeting,
  kStaffExchange,
};
enum class EventStatus { kScheduled, kCancelled };
enum class OutputKind { kJointTenderSpecification, kCriteriaSet, kStatementOfDemand, kDeclarationOfIntent, kReport };
enum class Ambition { kLow, kMedium, kHigh };
enum class ActivityStatus { kPlanned, kInProgress, kDone, kCancelled };
enum class ExchangeKind { kOffer, kRequest };
enum class ExchangeStatus { kOpen, kMatched, kDone };

// Names as the API and the database spell them ("community_of_practice", ...), and back.
std::string_view Name(CommunityKind v);
std::string_view Name(Openness v);
std::string_view Name(MemberRole v);
std::string_view Name(MemberStatus v);
std::string_view Name(EventKind v);
std::string_view Name(EventStatus v);
std::string_view Name(OutputKind v);
std::string_view Name(Ambition v);
std::string_view Name(ActivityStatus v);
std::string_view Name(ExchangeKind v);
std::string_view Name(ExchangeStatus v);
// Parse<E>("working_group") -> E or nullopt.
template <typename E>
std::optional<E> Parse(std::string_view name);
// Every value of E, in declaration order.
template <typename E>
const std::vector<E>& AllValues();

// Events that are meetings (every kind is: a staff exchange is a visit of one person, counted apart).
bool IsMeeting(EventKind kind);

struct Community {
  std::int64_t id = 0;
  std::string name;
  CommunityKind kind = CommunityKind::kCommunityOfPractice;
  Openness openness = Openness::kOpen;
  std::string aim;
  std::string entry_requirements;
  std::string topic;
  std::int64_t created_by = 0;  // user id
  UnixSeconds created_at = 0;
};

struct Membership {
  std::int64_t community_id = 0;
  std::int64_t user_id = 0;
  std::string user_name;
  std::string email;
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::string country;
  std::optional<double> organisation_budget_eur;
  MemberRole role = MemberRole::kMember;
  MemberStatus status = MemberStatus::kActive;
  std::string note;  // the request's note
  UnixSeconds joined_at = 0;
};

struct Thread {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string title;
  std::int64_t author_id = 0;
  std::string author_name;
  UnixSeconds created_at = 0;
  UnixSeconds last_post_at = 0;
  int posts = 0;
};

struct Post {
  std::int64_t id = 0;
  std::int64_t thread_id = 0;
  std::int64_t author_id = 0;
  std::string author_name;
  std::string author_organisation;
  std::string body;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> edited_at;
  int versions = 1;
  bool hidden = false;
  std::string hidden_reason;
  std::vector<std::pair<std::int64_t, std::string>> mentions;  // user id, name
};

struct DocumentVersion {
  int version = 0;
  std::string filename;
  std::string media_type;
  std::int64_t size = 0;
  std::string sha256;  // hex
  UnixSeconds uploaded_at = 0;
  std::int64_t uploaded_by = 0;
  std::string uploaded_by_name;
};

struct Document {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string title;
  std::int64_t created_by = 0;
  std::string created_by_name;
  UnixSeconds created_at = 0;
  std::vector<DocumentVersion> versions;  // newest first
};

struct EventPerson {
  std::int64_t user_id = 0;
  std::string name;
  std::int64_t organisation_id = 0;
  std::string organisation;
  bool guest = false;  // a market actor invited to this event
  bool invited = false;
  bool registered = false;
  bool attended = false;
};

struct Event {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  EventKind kind = EventKind::kOnlineMeeting;
  std::string title;
  std::string agenda;
  UnixSeconds starts_at = 0;  // UTC
  UnixSeconds ends_at = 0;    // UTC
  std::string time_zone;      // IANA
  std::string place;
  std::string online_url;
  EventStatus status = EventStatus::kScheduled;
  std::string minutes;
  int sequence = 0;  // iCalendar SEQUENCE: bumped on every change
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
  std::vector<EventPerson> people;  // invited or registered
};

struct Objective {
  std::int64_t id = 0;
  std::string title;
  Ambition ambition = Ambition::kMedium;
};

struct Activity {
  std::int64_t id = 0;
  std::optional<std::int64_t> objective_id;
  std::string title;
  std::optional<std::int64_t> owner_id;
  std::string owner_name;
  std::string due;  // YYYY-MM-DD
  ActivityStatus status = ActivityStatus::kPlanned;
};

struct Signatory {
  std::int64_t organisation_id = 0;
  std::string name;
  std::string country;
  UnixSeconds signed_at = 0;
};

struct Output {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  OutputKind kind = OutputKind::kReport;
  std::string title;
  std::string summary;
  std::optional<std::int64_t> document_id;
  bool published = false;
  std::optional<UnixSeconds> published_at;
  UnixSeconds created_at = 0;
  std::vector<Signatory> signatories;
};

struct StaffExchange {
  std::int64_t id = 0;
  ExchangeKind kind = ExchangeKind::kOffer;
  std::int64_t user_id = 0;
  std::string user_name;
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::string country;
  std::string topic;
  std::string description;
  std::string starts_on;  // YYYY-MM-DD
  std::string ends_on;    // YYYY-MM-DD
  ExchangeStatus status = ExchangeStatus::kOpen;
  std::optional<std::int64_t> matched_with;
  std::optional<std::int64_t> community_id;
  std::optional<std::int64_t> report_document_id;
  UnixSeconds created_at = 0;
};

// What the outcome figures and the health rules are computed from: one community's record.
struct CommunityActivity {
  std::int64_t community_id = 0;
  std::string name;
  CommunityKind kind = CommunityKind::kCommunityOfPractice;
  struct MemberOrganisation {
    std::int64_t id = 0;
    std::optional<double> annual_budget_eur;
  };
  std::vector<MemberOrganisation> member_organisations;  // of active members, each once
  int active_members = 0;
  bool has_leader = false;  // an active leader (facilitator)
  struct HeldEvent {
    EventKind kind = EventKind::kOnlineMeeting;
    UnixSeconds starts_at = 0;
    bool cancelled = false;
    std::vector<std::int64_t> attending_market_organisations;  // market actors' organisations that attended
  };
  std::vector<HeldEvent> events;
  int documents = 0;
  int posts = 0;
};

}  // namespace cobuy
