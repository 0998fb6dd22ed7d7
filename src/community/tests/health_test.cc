#include "community/health.h"

#include <gtest/gtest.h>

namespace cobuy::community {
namespace {

constexpr UnixSeconds kNow = 1796547600;  // 2026-12-06T09:00:00Z
constexpr UnixSeconds kDay = 86400;

// A healthy interest group: three participants, a facilitator, two meetings this year.
CommunityActivity Healthy() {
  CommunityActivity a;
  a.community_id = 4;
  a.name = "Sustainable food";
  a.kind = CommunityKind::kInterestGroup;
  a.active_members = 3;
  a.has_leader = true;
  a.events = {{EventKind::kOnlineMeeting, kNow - 10 * kDay, false, {}},
              {EventKind::kStudyVisit, kNow - 200 * kDay, false, {}}};
  return a;
}

std::vector<std::string> Codes(const std::vector<HealthFlag>& flags) {
  std::vector<std::string> out;
  for (const HealthFlag& f : flags) out.push_back(f.code);
  return out;
}

TEST(HealthTest, HealthyGroupHasNoFlags) {
  EXPECT_TRUE(EvaluateHealth(Healthy(), kNow).empty());
}

TEST(HealthTest, ParticipantsAtTheEdge) {
  CommunityActivity a = Healthy();
  a.active_members = 2;
  std::vector<HealthFlag> flags = EvaluateHealth(a, kNow);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].code, "too_few_participants");
  EXPECT_EQ(flags[0].detail, "2 participants; an interest group needs at least 3");
  a.active_members = 1;
  EXPECT_EQ(EvaluateHealth(a, kNow).at(0).detail, "1 participant; an interest group needs at least 3");
  a.active_members = 0;
  EXPECT_EQ(EvaluateHealth(a, kNow).at(0).detail, "0 participants; an interest group needs at least 3");
  a.active_members = 3;
  EXPECT_TRUE(EvaluateHealth(a, kNow).empty());
}

TEST(HealthTest, NoFacilitator) {
  CommunityActivity a = Healthy();
  a.has_leader = false;
  std::vector<HealthFlag> flags = EvaluateHealth(a, kNow);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].code, "no_facilitator");
  EXPECT_EQ(flags[0].detail, "no active facilitator; an interest group needs one");
}

TEST(HealthTest, MeetingsAtTheEdge) {
  CommunityActivity a = Healthy();
  a.events.pop_back();  // 1 meeting
  std::vector<HealthFlag> flags = EvaluateHealth(a, kNow);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].code, "too_few_meetings");
  EXPECT_EQ(flags[0].detail, "1 meeting in the last 12 months; an interest group needs at least 2");

  a.events.push_back({EventKind::kInPersonMeeting, kNow - 365 * kDay, false, {}});  // exactly a year ago: counts
  EXPECT_TRUE(EvaluateHealth(a, kNow).empty());
  a.events.back().starts_at = kNow - 366 * kDay;  // 366 days ago: too old
  EXPECT_EQ(Codes(EvaluateHealth(a, kNow)), std::vector<std::string>{"too_few_meetings"});
  a.events.back().starts_at = kNow - 365 * kDay - 1;
  EXPECT_EQ(Codes(EvaluateHealth(a, kNow)), std::vector<std::string>{"too_few_meetings"});
}

TEST(HealthTest, WhatDoesNotCountAsAMeeting) {
  CommunityActivity a = Healthy();
  a.events.pop_back();
  CommunityActivity cancelled = a;
  cancelled.events.push_back({EventKind::kOnlineMeeting, kNow - kDay, true, {}});
  CommunityActivity exchange = a;
  exchange.events.push_back({EventKind::kStaffExchange, kNow - kDay, false, {}});
  CommunityActivity future = a;
  future.events.push_back({EventKind::kOnlineMeeting, kNow + kDay, false, {}});
  CommunityActivity starting_now = a;
  starting_now.events.push_back({EventKind::kOnlineMeeting, kNow, false, {}});
  for (const CommunityActivity& c : {cancelled, exchange, future, starting_now}) {
    std::vector<HealthFlag> flags = EvaluateHealth(c, kNow);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail, "1 meeting in the last 12 months; an interest group needs at least 2");
  }
  CommunityActivity none = a;
  none.events.clear();
  EXPECT_EQ(EvaluateHealth(none, kNow).at(0).detail,
            "0 meetings in the last 12 months; an interest group needs at least 2");
  CommunityActivity market = a;  // every meeting kind counts, market engagement too
  market.events.push_back({EventKind::kMarketEngagement, kNow - kDay, false, {12}});
  EXPECT_TRUE(EvaluateHealth(market, kNow).empty());
}

TEST(HealthTest, AllFlagsInOrder) {
  CommunityActivity a = Healthy();
  a.active_members = 1;
  a.has_leader = false;
  a.events.clear();
  EXPECT_EQ(Codes(EvaluateHealth(a, kNow)),
            (std::vector<std::string>{"too_few_participants", "no_facilitator", "too_few_meetings"}));
}

TEST(HealthTest, OtherKindsAreNeverFlagged) {
  for (CommunityKind kind :
       {CommunityKind::kCommunityOfPractice, CommunityKind::kWorkingGroup, CommunityKind::kObserverGroup}) {
    CommunityActivity a;
    a.kind = kind;  // no members, no leader, no meetings
    EXPECT_TRUE(EvaluateHealth(a, kNow).empty()) << Name(kind);
  }
  CommunityActivity a;
  a.kind = CommunityKind::kInterestGroup;
  EXPECT_EQ(EvaluateHealth(a, kNow).size(), 3u);
}

}  // namespace
}  // namespace cobuy::community
