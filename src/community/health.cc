#include "community/health.h"

#include <fmt/format.h>

namespace cobuy::community {
namespace {

constexpr int kMinParticipants = 3;
constexpr int kMinMeetings = 2;
// "The twelve months before now": 365 days; a meeting exactly 365 days ago still counts.
constexpr UnixSeconds kYear = 365 * 86400;

}  // namespace

std::vector<HealthFlag> EvaluateHealth(const CommunityActivity& activity, UnixSeconds now) {
  std::vector<HealthFlag> flags;
  if (activity.kind != CommunityKind::kInterestGroup) return flags;
  if (activity.active_members < kMinParticipants) {
    flags.push_back({"too_few_participants",
                     fmt::format("{} participant{}; an interest group needs at least {}", activity.active_members,
                                 activity.active_members == 1 ? "" : "s", kMinParticipants)});
  }
  if (!activity.has_leader) {
    flags.push_back({"no_facilitator", "no active facilitator; an interest group needs one"});
  }
  int meetings = 0;
  for (const auto& e : activity.events) {
    if (!e.cancelled && IsMeeting(e.kind) && e.starts_at < now && e.starts_at >= now - kYear) ++meetings;
  }
  if (meetings < kMinMeetings) {
    flags.push_back({"too_few_meetings", fmt::format("{} meeting{} in the last 12 months; an interest group needs at "
                                                     "least {}",
                                                     meetings, meetings == 1 ? "" : "s", kMinMeetings)});
  }
  return flags;
}

}  // namespace cobuy::community
