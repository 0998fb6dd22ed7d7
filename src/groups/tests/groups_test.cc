// Hand-checked instances: each test's comment gives the reasoning behind the expected optimum.
#include <gtest/gtest.h>

#include "groups/groups.h"

namespace cobuy::groups {
namespace {

using nlohmann::json;

// An instance from a JSON string; fails the test when it does not parse.
Instance Make(const json& j) {
  auto in = ParseInstance(j.dump());
  EXPECT_TRUE(in.ok()) << in.status().ToString();
  return in.ok() ? *in : Instance{};
}

Solution SolveBoth(const json& j) {
  Instance in = Make(j);
  auto s = Solve(in);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  Solution exhaustive = SolveExhaustively(in);
  if (s.ok()) {
    EXPECT_EQ(s->status, exhaustive.status);
    EXPECT_EQ(s->objective, exhaustive.objective);
  }
  return s.ok() ? *s : Solution{};
}

std::vector<std::string> Group(const Solution& s, const std::string& area) {
  for (const auto& [a, members] : s.groups) {
    if (a == area) return members;
  }
  return {};
}

const Membership* Entry(const Solution& s, const std::string& org, const std::string& area) {
  for (const auto& [o, entries] : s.organisations) {
    if (o != org) continue;
    for (const Membership& m : entries) {
      if (m.area == area) return &m;
    }
  }
  return nullptr;
}

std::string Code(const Solution& s, const std::string& org, const std::string& area) {
  const Membership* m = Entry(s, org, area);
  return m ? m->code : "(none)";
}

std::string AreaCode(const Solution& s, const std::string& area) {
  for (const AreaVerdict& a : s.areas) {
    if (a.area == area) return a.code;
  }
  return "(none)";
}

std::vector<std::string> Bindings(const Solution& s) {
  std::vector<std::string> out;
  for (const Binding& b : s.binding) {
    std::string what = b.constraint;
    for (const std::string* part : {&b.area, &b.country, &b.organisation}) {
      if (!part->empty()) what += ":" + *part;
    }
    out.push_back(what);
  }
  return out;
}

json Org(const std::string& id, const std::string& country, json interests, json leads = json::array()) {
  return {{"id", id}, {"country", country}, {"interests", std::move(interests)}, {"leads", std::move(leads)}};
}

json Base(json areas, json orgs, int k = 1, int m = 1) {
  return {{"areas", std::move(areas)},
          {"max_open_areas", k},
          {"max_groups_per_organisation", m},
          {"require_lead", false},
          {"organisations", std::move(orgs)}};
}

// [[organisation, area], ...] (a braced {{"o", "a"}} would be a JSON object).
json P(std::initializer_list<std::pair<const char*, const char*>> pairs) {
  json out = json::array();
  for (const auto& [o, a] : pairs) out.push_back(json::array({o, a}));
  return out;
}

json Area(const std::string& id, int min, int max) {
  return {{"id", id}, {"min_size", min}, {"max_size", max}};
}

// Three organisations of equal interest, two places: the earliest two ids get them, whatever
// order the instance lists them in. Objective 2 + 2.
TEST(GroupsTest, TiesGoToEarlierIds) {
  Solution s = SolveBoth(
      Base({Area("a", 1, 2)}, {Org("o3", "DE", {{"a", 2}}), Org("o1", "DE", {{"a", 2}}), Org("o2", "DE", {{"a", 2}})}));
  EXPECT_EQ(s.status, SolveStatus::kOptimal);
  EXPECT_EQ(s.objective, 4);
  EXPECT_EQ(s.gap, 0.0);
  EXPECT_EQ(Group(s, "a"), (std::vector<std::string>{"o1", "o2"}));
  EXPECT_EQ(Code(s, "o3", "a"), "group_full");
  EXPECT_EQ(Code(s, "o1", "a"), "assigned");
  EXPECT_EQ(Entry(s, "o1", "a")->reason, "interest 2");
  EXPECT_EQ(Bindings(s), (std::vector<std::string>{"max_size:a"}));
  EXPECT_EQ(s.binding[0].detail, "2 of 2 places taken; 1 more organisation is interested");
  // Organisations are listed in instance order.
  ASSERT_EQ(s.organisations.size(), 3u);
  EXPECT_EQ(s.organisations[0].first, "o3");
}

// A full group of more interested members: the less interested one is out for lower interest.
TEST(GroupsTest, LowerInterest) {
  Solution s = SolveBoth(
      Base({Area("a", 1, 2)}, {Org("o1", "DE", {{"a", 1}}), Org("o2", "DE", {{"a", 3}}), Org("o3", "DE", {{"a", 3}})}));
  EXPECT_EQ(s.objective, 6);
  EXPECT_EQ(Group(s, "a"), (std::vector<std::string>{"o2", "o3"}));
  EXPECT_EQ(Code(s, "o1", "a"), "lower_interest");
}

// Pinning o3 takes one place; the other goes to o1 (tie with o2, earlier id).
TEST(GroupsTest, Pinned) {
  json j =
      Base({Area("a", 1, 2)}, {Org("o1", "DE", {{"a", 2}}), Org("o2", "DE", {{"a", 2}}), Org("o3", "DE", {{"a", 1}})});
  j["pinned"] = P({{"o3", "a"}});
  Solution s = SolveBoth(j);
  EXPECT_EQ(s.objective, 3);
  EXPECT_EQ(Group(s, "a"), (std::vector<std::string>{"o1", "o3"}));
  EXPECT_EQ(Code(s, "o3", "a"), "pinned");
  EXPECT_EQ(Entry(s, "o3", "a")->reason, "pinned by the secretariat; interest 1");
  EXPECT_EQ(Code(s, "o2", "a"), "group_full");
}

// Forbidding o1 leaves the places to o2 and o3.
TEST(GroupsTest, Forbidden) {
  json j =
      Base({Area("a", 1, 2)}, {Org("o1", "DE", {{"a", 3}}), Org("o2", "DE", {{"a", 2}}), Org("o3", "DE", {{"a", 1}})});
  j["forbidden"] = P({{"o1", "a"}});
  Solution s = SolveBoth(j);
  EXPECT_EQ(s.objective, 3);
  EXPECT_EQ(Group(s, "a"), (std::vector<std::string>{"o2", "o3"}));
  EXPECT_EQ(Code(s, "o1", "a"), "forbidden");
}

// At most one member per country: o2 (DE) cannot join beside o1 (DE); o3 (FR) takes the place.
TEST(GroupsTest, CountryCap) {
  json j =
      Base({Area("a", 1, 2)}, {Org("o1", "DE", {{"a", 3}}), Org("o2", "DE", {{"a", 3}}), Org("o3", "FR", {{"a", 1}})});
  j["max_per_country"] = 1;
  Solution s = SolveBoth(j);
  EXPECT_EQ(s.objective, 4);
  EXPECT_EQ(Group(s, "a"), (std::vector<std::string>{"o1", "o3"}));
  EXPECT_EQ(Code(s, "o2", "a"), "country_cap");
  EXPECT_EQ(Bindings(s), (std::vector<std::string>{"max_size:a", "max_per_country:a:DE"}));
}

// The only volunteer o3 (interest 1) must be in the two-place group; the other place goes to
// o1 (tie with o2). Without require_lead the optimum would be 6.
TEST(GroupsTest, RequireLead) {
  json j = Base({Area("a", 2, 2)},
                {Org("o1", "DE", {{"a", 3}}), Org("o2", "DE", {{"a", 3}}), Org("o3", "DE", {{"a", 1}}, {"a"})});
  j["require_lead"] = true;
  Solution s = SolveBoth(j);
  EXPECT_EQ(s.objective, 4);
  EXPECT_EQ(Group(s, "a"), (std::vector<std::string>{"o1", "o3"}));
  EXPECT_EQ(Code(s, "o2", "a"), "group_full");
  j["require_lead"] = false;
  EXPECT_EQ(SolveBoth(j).objective, 6);
}

// M = 1: o1 goes to b (only it is interested there), o2 to a: 2 + 3 = 5 beats o1 in a (3).
TEST(GroupsTest, MaxGroupsPerOrganisation) {
  Solution s = SolveBoth(Base({Area("a", 1, 1), Area("b", 1, 1)},
                              {Org("o1", "DE", {{"a", 3}, {"b", 2}}), Org("o2", "DE", {{"a", 3}})}, 2, 1));
  EXPECT_EQ(s.objective, 5);
  EXPECT_EQ(Group(s, "a"), (std::vector<std::string>{"o2"}));
  EXPECT_EQ(Group(s, "b"), (std::vector<std::string>{"o1"}));
  EXPECT_EQ(Code(s, "o1", "a"), "max_groups");
  EXPECT_EQ(Entry(s, "o1", "a")->reason, "already in 1 of at most 1 groups: b (interest 2)");
  EXPECT_EQ(Bindings(s), (std::vector<std::string>{"max_size:a", "max_groups_per_organisation:o1"}));
  // With M = 2, o1 joins both: 3 + 2, and a has room for one only: o1 and o2 tie, o1 wins.
  Solution two = SolveBoth(Base({Area("a", 1, 1), Area("b", 1, 1)},
                                {Org("o1", "DE", {{"a", 3}, {"b", 2}}), Org("o2", "DE", {{"a", 3}})}, 2, 2));
  EXPECT_EQ(two.objective, 5);
  EXPECT_EQ(Group(two, "a"), (std::vector<std::string>{"o1"}));
}

// K = 1: a (3 + 3) opens, b (2 + 2) stays closed because of the limit.
TEST(GroupsTest, MaxOpenAreas) {
  Solution s = SolveBoth(Base({Area("a", 1, 2), Area("b", 1, 2)},
                              {Org("o1", "DE", {{"a", 3}, {"b", 2}}), Org("o2", "FR", {{"a", 3}, {"b", 2}})}, 1, 2));
  EXPECT_EQ(s.objective, 6);
  EXPECT_EQ(s.groups.size(), 1u);
  EXPECT_EQ(AreaCode(s, "a"), "open");
  EXPECT_EQ(AreaCode(s, "b"), "max_open_areas");
  EXPECT_EQ(Code(s, "o1", "b"), "area_not_open");
  EXPECT_EQ(Bindings(s), (std::vector<std::string>{"max_open_areas"}));
  EXPECT_EQ(s.binding[0].detail, "1 of 1 areas open");
}

// The secretariat fixes b open: the better area a stays closed.
TEST(GroupsTest, FixedOpenAreas) {
  json j = Base({Area("a", 1, 2), Area("b", 1, 2), Area("c", 1, 2)},
                {Org("o1", "DE", {{"a", 3}, {"b", 1}}), Org("o2", "FR", {{"a", 3}, {"b", 2}, {"c", 1}})}, 2, 2);
  j["open_areas"] = {"b"};
  Solution s = SolveBoth(j);
  EXPECT_EQ(s.objective, 3);
  EXPECT_EQ(Group(s, "b"), (std::vector<std::string>{"o1", "o2"}));
  EXPECT_EQ(AreaCode(s, "a"), "not_in_open_areas");
  EXPECT_EQ(AreaCode(s, "c"), "not_in_open_areas");
  EXPECT_EQ(Bindings(s), (std::vector<std::string>{"open_areas"}));
  // Groups are listed in instance order.
  j["open_areas"] = {"c", "a"};
  Solution both = SolveBoth(j);
  ASSERT_EQ(both.groups.size(), 2u);
  EXPECT_EQ(both.groups[0].first, "a");
  EXPECT_EQ(both.objective, 7);
}

// Areas too small to fill, or without a volunteer, stay closed with the reason.
TEST(GroupsTest, ClosedAreaReasons) {
  json j = Base({Area("a", 1, 3), Area("b", 3, 3), Area("c", 1, 3), Area("d", 1, 3)},
                {Org("o1", "DE", {{"a", 3}, {"b", 3}, {"c", 3}}, {"a"}), Org("o2", "FR", {{"a", 1}, {"c", 2}})}, 4, 2);
  j["require_lead"] = true;
  Solution s = SolveBoth(j);
  EXPECT_EQ(s.objective, 4);
  EXPECT_EQ(AreaCode(s, "a"), "open");
  EXPECT_EQ(AreaCode(s, "b"), "too_few_candidates");
  EXPECT_EQ(AreaCode(s, "c"), "no_lead");
  EXPECT_EQ(AreaCode(s, "d"), "no_candidates");
  EXPECT_EQ(Code(s, "o1", "b"), "area_not_open");
  EXPECT_EQ(Bindings(s), (std::vector<std::string>{"min_size:b", "require_lead:c"}));
}

Infeasibility Infeasible(const json& j) {
  Solution s = SolveBoth(j);
  EXPECT_EQ(s.status, SolveStatus::kInfeasible);
  EXPECT_FALSE(s.objective.has_value());
  EXPECT_TRUE(s.groups.empty());
  Infeasibility exhaustive = SolveExhaustively(Make(j)).infeasible.value_or(Infeasibility{});
  EXPECT_EQ(s.infeasible.value_or(Infeasibility{}).detail, exhaustive.detail);
  return s.infeasible.value_or(Infeasibility{});
}

json Three() {
  return Base({Area("a", 1, 2), Area("b", 1, 2)},
              {Org("o1", "DE", {{"a", 3}}, {"a"}), Org("o2", "DE", {{"a", 2}, {"b", 1}}), Org("o3", "FR", {{"b", 1}})},
              1, 1);
}

TEST(GroupsInfeasibleTest, PinnedNotInterested) {
  json j = Three();
  j["pinned"] = P({{"o3", "a"}});
  Infeasibility why = Infeasible(j);
  EXPECT_EQ(why.constraint, "pinned");
  EXPECT_EQ(why.organisation, "o3");
  EXPECT_EQ(why.area, "a");
  EXPECT_EQ(why.detail, "o3 is pinned to a but not interested in it");
}

TEST(GroupsInfeasibleTest, PinnedAndForbidden) {
  json j = Three();
  j["pinned"] = P({{"o1", "a"}});
  j["forbidden"] = P({{"o1", "a"}});
  EXPECT_EQ(Infeasible(j).detail, "o1 is both pinned to and forbidden from a");
}

TEST(GroupsInfeasibleTest, PinnedOutsideFixedOpenAreas) {
  json j = Three();
  j["open_areas"] = {"b"};
  j["pinned"] = P({{"o1", "a"}});
  Infeasibility why = Infeasible(j);
  EXPECT_EQ(why.constraint, "open_areas");
  EXPECT_EQ(why.detail, "o1 is pinned to a, which is not among the fixed open areas");
}

TEST(GroupsInfeasibleTest, TooManyFixedOpenAreas) {
  json j = Three();
  j["open_areas"] = {"a", "b"};
  Infeasibility why = Infeasible(j);
  EXPECT_EQ(why.constraint, "max_open_areas");
  EXPECT_EQ(why.detail, "2 areas are fixed open (a, b) but at most 1 may be open");
}

TEST(GroupsInfeasibleTest, PinsNeedMoreOpenAreas) {
  json j = Three();
  j["pinned"] = P({{"o1", "a"}, {"o3", "b"}});
  EXPECT_EQ(Infeasible(j).detail, "pinned organisations need 2 areas open (a, b) but at most 1 may be open");
}

TEST(GroupsInfeasibleTest, PinnedToMoreThanMGroups) {
  json j = Three();
  j["max_open_areas"] = 2;
  j["pinned"] = P({{"o2", "a"}, {"o2", "b"}});
  Infeasibility why = Infeasible(j);
  EXPECT_EQ(why.constraint, "max_groups_per_organisation");
  EXPECT_EQ(why.organisation, "o2");
  EXPECT_EQ(why.detail, "o2 is pinned to 2 groups but may be in at most 1");
}

TEST(GroupsInfeasibleTest, TooFewInterested) {
  json j = Three();
  j["areas"][0]["min_size"] = 3;
  j["areas"][0]["max_size"] = 5;
  j["open_areas"] = {"a"};
  Infeasibility why = Infeasible(j);
  EXPECT_EQ(why.constraint, "min_size");
  EXPECT_EQ(why.area, "a");
  EXPECT_EQ(why.detail, "only 2 organisations are interested in a; a group needs at least 3");
  j["areas"][0]["min_size"] = 2;
  j["forbidden"] = P({{"o2", "a"}});
  EXPECT_EQ(Infeasible(j).detail,
            "only 1 organisation is interested in a and not forbidden from it; a group needs at least 2");
}

TEST(GroupsInfeasibleTest, NoVolunteer) {
  json j = Three();
  j["require_lead"] = true;
  j["pinned"] = P({{"o3", "b"}});
  Infeasibility why = Infeasible(j);
  EXPECT_EQ(why.constraint, "require_lead");
  EXPECT_EQ(why.area, "b");
  EXPECT_EQ(why.detail, "no organisation that may join b volunteers to lead it");
}

TEST(GroupsInfeasibleTest, PinnedOverMaxSize) {
  json j = Three();
  j["areas"][0]["max_size"] = 1;
  j["pinned"] = P({{"o1", "a"}, {"o2", "a"}});
  Infeasibility why = Infeasible(j);
  EXPECT_EQ(why.constraint, "max_size");
  EXPECT_EQ(why.detail, "2 organisations are pinned to a, which takes at most 1");
}

TEST(GroupsInfeasibleTest, CountryCap) {
  json j = Three();
  j["max_per_country"] = 1;
  j["areas"][0]["min_size"] = 2;
  j["open_areas"] = {"a"};
  Infeasibility why = Infeasible(j);
  EXPECT_EQ(why.constraint, "max_per_country");
  EXPECT_EQ(why.detail, "with at most 1 per country only 1 organisation can join a; a group needs at least 2");
  j["pinned"] = P({{"o1", "a"}, {"o2", "a"}});
  why = Infeasible(j);
  EXPECT_EQ(why.country, "DE");
  EXPECT_EQ(why.detail, "2 organisations from DE are pinned to a; at most 1 per country may join");
}

// No direct check fires: a and b each have two candidates, but o1 and o2 may be in one group
// each and both groups need two. Relaxing min_size (tried first) for both areas makes it
// feasible, relaxing it for one area alone does not.
TEST(GroupsInfeasibleTest, FoundByRelaxation) {
  json j = Base({Area("a", 2, 2), Area("b", 2, 2)},
                {Org("o1", "DE", {{"a", 3}, {"b", 3}}), Org("o2", "FR", {{"a", 1}, {"b", 1}})}, 2, 1);
  j["open_areas"] = {"a", "b"};
  Infeasibility why = Infeasible(j);
  EXPECT_EQ(why.constraint, "min_size");
  EXPECT_EQ(why.area, "");
  EXPECT_EQ(why.detail, "no assignment gives every open group its minimum size together with the other constraints");
  // With a third organisation interested only in b and b needing all three, relaxing a's
  // minimum alone does not help (b still takes o1 and o2), relaxing b's does (o3 alone).
  j["organisations"].push_back(Org("o3", "FR", {{"b", 1}}));
  j["areas"][1]["max_size"] = 3;
  j["areas"][1]["min_size"] = 3;
  why = Infeasible(j);
  EXPECT_EQ(why.constraint, "min_size");
  EXPECT_EQ(why.area, "b");
  EXPECT_EQ(why.detail, "no assignment gives b at least 3 members together with the other constraints");
}

Status Invalid(json j) {
  auto in = ParseInstance(j.dump());
  EXPECT_FALSE(in.ok());
  return in.status();
}

TEST(GroupsParseTest, Errors) {
  json good = Three();
  json j = good;
  j["organisations"][1]["interests"]["ev-truck"] = 2;
  Status s = Invalid(j);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "organisations[1].interests.ev-truck: no such area");
  EXPECT_EQ(s.field(), "organisations[1].interests.ev-truck");
  j = good;
  j["organisations"][0]["interests"]["a"] = 4;
  EXPECT_EQ(Invalid(j).message(), "organisations[0].interests.a: expected an integer 0..3");
  j["organisations"][0]["interests"]["a"] = 1.5;
  EXPECT_EQ(Invalid(j).message(), "organisations[0].interests.a: expected an integer 0..3");
  j = good;
  j["areas"][1]["min_size"] = 3;
  j["areas"][1]["max_size"] = 2;
  EXPECT_EQ(Invalid(j).message(), "areas[1]: min_size 3 exceeds max_size 2");
  j = good;
  j["areas"][1]["id"] = "a";
  EXPECT_EQ(Invalid(j).message(), "areas[1].id: duplicate id 'a'");
  j = good;
  j["organisations"][2]["id"] = "o1";
  EXPECT_EQ(Invalid(j).message(), "organisations[2].id: duplicate id 'o1'");
  j = good;
  j["max_open_areas"] = "2";
  EXPECT_EQ(Invalid(j).message(), "max_open_areas: expected an integer 0..1000000");
  j = good;
  j["require_lead"] = 1;
  EXPECT_EQ(Invalid(j).message(), "require_lead: expected true or false");
  j = good;
  j.erase("max_groups_per_organisation");
  EXPECT_EQ(Invalid(j).message(), "max_groups_per_organisation: missing");
  j = good;
  j["max_per_contry"] = 2;
  EXPECT_EQ(Invalid(j).message(), "max_per_contry: unknown field");
  j = good;
  j["pinned"] = P({{"o9", "a"}});
  EXPECT_EQ(Invalid(j).message(), "pinned[0][0]: no such organisation 'o9'");
  j = good;
  j["forbidden"] = P({{"o1", "z"}});
  EXPECT_EQ(Invalid(j).message(), "forbidden[0][1]: no such area 'z'");
  j = good;
  j["forbidden"] = {"o1"};
  EXPECT_EQ(Invalid(j).message(), "forbidden[0]: expected an [organisation, area] pair");
  j = good;
  j["organisations"][0]["leads"] = {"x"};
  EXPECT_EQ(Invalid(j).message(), "organisations[0].leads[0]: no such area 'x'");
  j = good;
  j["organisations"][0].erase("country");
  EXPECT_EQ(Invalid(j).message(), "organisations[0].country: missing");
  j = good;
  j["time_limit_seconds"] = 0;
  EXPECT_EQ(Invalid(j).message(), "time_limit_seconds: expected a number of seconds > 0");
  j = good;
  j["open_areas"] = {"a", "a"};
  EXPECT_EQ(Invalid(j).message(), "open_areas[1]: 'a' is listed twice");
  auto bad = ParseInstance("{\"areas\": [");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind("malformed JSON: parse error at line 1, column 12", 0), 0u)
      << bad.status().message();
  EXPECT_EQ(ParseInstance("[]").status().message(), "the instance must be a JSON object");
}

TEST(GroupsParseTest, RoundTripAndDefaults) {
  json j = Three();
  j["areas"][1] = {{"id", "b"}};
  j["pinned"] = P({{"o1", "a"}});
  j["time_limit_seconds"] = 2.5;
  Instance in = Make(j);
  EXPECT_EQ(in.areas[1].min_size, 5);
  EXPECT_EQ(in.areas[1].max_size, 10);
  EXPECT_EQ(in.time_limit_seconds, 2.5);
  EXPECT_EQ(in.organisations[1].interest, (std::vector<int>{2, 1}));
  json back = json::parse(InstanceToJson(in).dump());
  Instance again = Make(back);
  EXPECT_EQ(InstanceToJson(again).dump(), InstanceToJson(in).dump());
  EXPECT_EQ(back["areas"][1], json({{"id", "b"}, {"min_size", 5}, {"max_size", 10}}));
  EXPECT_EQ(back["organisations"][0]["leads"], json({"a"}));
}

TEST(GroupsTest, JsonOutput) {
  Solution s = SolveBoth(Base({Area("a", 1, 2)}, {Org("o1", "DE", {{"a", 2}}), Org("o2", "DE", {{"a", 0}})}));
  json j = json::parse(SolutionToJson(s, false).dump());
  EXPECT_EQ(j, json::parse(R"({
    "status": "optimal", "objective": 2, "gap": 0.0, "groups": {"a": ["o1"]},
    "explanation": {
      "binding": [],
      "areas": {"a": {"open": true, "code": "open", "reason": "open with 1 member (1-2), total interest 2"}},
      "organisations": {
        "o1": [{"area": "a", "interest": 2, "in": true, "code": "assigned", "reason": "interest 2"}],
        "o2": [{"area": "a", "interest": 0, "in": false, "code": "not_interested", "reason": "not interested in a"}]}}})"));
  EXPECT_TRUE(SolutionToJson(s).contains("seconds"));
}

}  // namespace
}  // namespace cobuy::groups
