// The capability table of docs/COMMUNITIES.md, cell by cell.
#include "community/access.h"

#include <gtest/gtest.h>

namespace cobuy::community {
namespace {

User Person(Role role, UserStatus status = UserStatus::kActive) {
  User u;
  u.id = UserId(7);
  u.role = role;
  u.status = status;
  return u;
}

Membership Member(MemberRole role, MemberStatus status = MemberStatus::kActive) {
  Membership m;
  m.user_id = 7;
  m.role = role;
  m.status = status;
  return m;
}

std::string Row(const Capabilities& c) {
  return std::string(c.view_workspace ? "V" : "-") + (c.contribute ? "C" : "-") + (c.plan ? "P" : "-") +
         (c.manage ? "M" : "-");
}

TEST(AccessTest, CapabilitiesByRole) {
  User buyer = Person(Role::kBuyer);
  Caller c{&buyer, false};
  EXPECT_EQ(Row(CapabilitiesOf(c, Member(MemberRole::kLeader))), "VCPM");
  EXPECT_EQ(Row(CapabilitiesOf(c, Member(MemberRole::kCore))), "VCP-");
  EXPECT_EQ(Row(CapabilitiesOf(c, Member(MemberRole::kMember))), "VC--");
  EXPECT_EQ(Row(CapabilitiesOf(c, Member(MemberRole::kObserver))), "V---");
  EXPECT_EQ(Row(CapabilitiesOf(c, std::nullopt)), "----");
  EXPECT_EQ(Row(CapabilitiesOf(c, Member(MemberRole::kLeader, MemberStatus::kRequested))), "----");
  EXPECT_EQ(Row(CapabilitiesOf(c, Member(MemberRole::kMember, MemberStatus::kInvited))), "----");
}

TEST(AccessTest, SecretariatMayDoEverythingWithoutMembership) {
  User admin = Person(Role::kPlatformAdmin);
  EXPECT_EQ(Row(CapabilitiesOf({&admin, false}, std::nullopt)), "VCPM");
}

TEST(AccessTest, MarketActorsAndDisabledPeopleAreNeverMembers) {
  User seller = Person(Role::kMarketActor);
  EXPECT_EQ(Row(CapabilitiesOf({&seller, true}, Member(MemberRole::kLeader))), "----");
  User gone = Person(Role::kBuyer, UserStatus::kDisabled);
  EXPECT_EQ(Row(CapabilitiesOf({&gone, false}, Member(MemberRole::kLeader))), "----");
  EXPECT_EQ(Row(CapabilitiesOf({nullptr, false}, std::nullopt)), "----");
}

TEST(AccessTest, DecideSaysWhatIsMissing) {
  User buyer = Person(Role::kBuyer);
  Caller c{&buyer, false};
  EXPECT_TRUE(Decide({nullptr, false}, std::nullopt, Capability::kViewPublic).ok());
  Status anon = Decide({nullptr, false}, std::nullopt, Capability::kViewWorkspace);
  EXPECT_EQ(anon.code(), StatusCode::kUnauthenticated);
  Status outsider = Decide(c, std::nullopt, Capability::kViewWorkspace);
  EXPECT_EQ(outsider.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(outsider.message(), "only the community's members can do this");
  EXPECT_EQ(Decide(c, Member(MemberRole::kObserver), Capability::kContribute).message(),
            "observers can read but not contribute");
  EXPECT_EQ(Decide(c, Member(MemberRole::kMember), Capability::kPlan).message(),
            "only the community's leader and core group can do this");
  EXPECT_EQ(Decide(c, Member(MemberRole::kCore), Capability::kManage).message(),
            "only the community's leader and the secretariat can do this");
  EXPECT_TRUE(Decide(c, Member(MemberRole::kCore), Capability::kPlan).ok());
}

TEST(AccessTest, JoiningRules) {
  User seller = Person(Role::kMarketActor);
  EXPECT_EQ(MayJoin({&seller, true}).message(),
            "market actors do not join communities; they are invited to single events");
  User observer = Person(Role::kObserver);
  EXPECT_TRUE(MayJoin({&observer, false}).ok());
  EXPECT_EQ(JoiningRole(observer), MemberRole::kObserver);
  EXPECT_EQ(JoiningRole(Person(Role::kOrganisationAdmin)), MemberRole::kMember);
  EXPECT_EQ(MayJoin({nullptr, false}).code(), StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace cobuy::community
