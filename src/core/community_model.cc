#include "core/community_model.h"

#include <array>
#include <utility>

namespace cobuy {
namespace {

template <typename E, size_t N>
struct Names {
  std::array<std::pair<E, std::string_view>, N> items;
  std::string_view Of(E v) const {
    for (const auto& [e, n] : items) {
      if (e == v) return n;
    }
    return "";
  }
  std::optional<E> Find(std::string_view name) const {
    for (const auto& [e, n] : items) {
      if (n == name) return e;
    }
    return std::nullopt;
  }
  std::vector<E> All() const {
    std::vector<E> out;
    for (const auto& item : items) out.push_back(item.first);
    return out;
  }
};

constexpr Names<CommunityKind, 4> kCommunityKinds{{{
    {CommunityKind::kCommunityOfPractice, "community_of_practice"},
    {CommunityKind::kWorkingGroup, "working_group"},
    {CommunityKind::kInterestGroup, "interest_group"},
    {CommunityKind::kObserverGroup, "observer_group"},
}}};
constexpr Names<Openness, 2> kOpenness{{{{Openness::kOpen, "open"}, {Openness::kClosed, "closed"}}}};
constexpr Names<MemberRole, 4> kMemberRoles{{{
    {MemberRole::kLeader, "leader"},
    {MemberRole::kCore, "core"},
    {MemberRole::kMember, "member"},
    {MemberRole::kObserver, "observer"},
}}};
constexpr Names<MemberStatus, 3> kMemberStatuses{{{
    {MemberStatus::kActive, "active"},
    {MemberStatus::kRequested, "requested"},
    {MemberStatus::kInvited, "invited"},
}}};
constexpr Names<EventKind, 9> kEventKinds{{{
    {EventKind::kOnlineMeeting, "online_meeting"},
    {EventKind::kInPersonMeeting, "in_person_meeting"},
    {EventKind::kStudyVisit, "study_visit"},
    {EventKind::kSiteVisit, "site_visit"},
    {EventKind::kFactoryVisit, "factory_visit"},
    {EventKind::kMarketEngagement, "market_engagement"},
    {EventKind::kPitchingSession, "pitching_session"},
    {EventKind::kIndustryMeeting, "industry_meeting"},
    {EventKind::kStaffExchange, "staff_exchange"},
}}};
constexpr Names<EventStatus, 2> kEventStatuses{
    {{{EventStatus::kScheduled, "scheduled"}, {EventStatus::kCancelled, "cancelled"}}}};
constexpr Names<OutputKind, 5> kOutputKinds{{{
    {OutputKind::kJointTenderSpecification, "joint_tender_specification"},
    {OutputKind::kCriteriaSet, "criteria_set"},
    {OutputKind::kStatementOfDemand, "statement_of_demand"},
    {OutputKind::kDeclarationOfIntent, "declaration_of_intent"},
    {OutputKind::kReport, "report"},
}}};
constexpr Names<Ambition, 3> kAmbitions{
    {{{Ambition::kLow, "low"}, {Ambition::kMedium, "medium"}, {Ambition::kHigh, "high"}}}};
constexpr Names<ActivityStatus, 4> kActivityStatuses{{{
    {ActivityStatus::kPlanned, "planned"},
    {ActivityStatus::kInProgress, "in_progress"},
    {ActivityStatus::kDone, "done"},
    {ActivityStatus::kCancelled, "cancelled"},
}}};
constexpr Names<ExchangeKind, 2> kExchangeKinds{
    {{{ExchangeKind::kOffer, "offer"}, {ExchangeKind::kRequest, "request"}}}};
constexpr Names<ExchangeStatus, 3> kExchangeStatuses{
    {{{ExchangeStatus::kOpen, "open"}, {ExchangeStatus::kMatched, "matched"}, {ExchangeStatus::kDone, "done"}}}};

template <typename E>
constexpr const auto& Table();
template <>
constexpr const auto& Table<CommunityKind>() {
  return kCommunityKinds;
}
template <>
constexpr const auto& Table<Openness>() {
  return kOpenness;
}
template <>
constexpr const auto& Table<MemberRole>() {
  return kMemberRoles;
}
template <>
constexpr const auto& Table<MemberStatus>() {
  return kMemberStatuses;
}
template <>
constexpr const auto& Table<EventKind>() {
  return kEventKinds;
}
template <>
constexpr const auto& Table<EventStatus>() {
  return kEventStatuses;
}
template <>
constexpr const auto& Table<OutputKind>() {
  return kOutputKinds;
}
template <>
constexpr const auto& Table<Ambition>() {
  return kAmbitions;
}
template <>
constexpr const auto& Table<ActivityStatus>() {
  return kActivityStatuses;
}
template <>
constexpr const auto& Table<ExchangeKind>() {
  return kExchangeKinds;
}
template <>
constexpr const auto& Table<ExchangeStatus>() {
  return kExchangeStatuses;
}

}  // namespace

#define COBUY_ENUM_NAMES(E)                             \
  std::string_view Name(E v) {                          \
    return Table<E>().Of(v);                            \
  }                                                     \
  template <>                                           \
  std::optional<E> Parse<E>(std::string_view name) {    \
    return Table<E>().Find(name);                       \
  }                                                     \
  template <>                                           \
  const std::vector<E>& AllValues<E>() {                \
    static const std::vector<E> all = Table<E>().All(); \
    return all;                                         \
  }

COBUY_ENUM_NAMES(CommunityKind)
COBUY_ENUM_NAMES(Openness)
COBUY_ENUM_NAMES(MemberRole)
COBUY_ENUM_NAMES(MemberStatus)
COBUY_ENUM_NAMES(EventKind)
COBUY_ENUM_NAMES(EventStatus)
COBUY_ENUM_NAMES(OutputKind)
COBUY_ENUM_NAMES(Ambition)
COBUY_ENUM_NAMES(ActivityStatus)
COBUY_ENUM_NAMES(ExchangeKind)
COBUY_ENUM_NAMES(ExchangeStatus)
#undef COBUY_ENUM_NAMES

bool IsMeeting(EventKind kind) {
  return kind != EventKind::kStaffExchange;
}

}  // namespace cobuy
