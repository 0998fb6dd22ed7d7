// The figures the API answers with (GET /api/v1/figures and /communities/{id}/figures are
// FiguresJson of the computed figures): the golden cases of src/community/tests/figures_cases.json,
// platform and each community, compared with the handler's own JSON view.
#include <gtest/gtest.h>

#include "../../community/tests/figures_cases.h"
#include "http/handlers/community_views.h"

namespace cobuy::http {
namespace {

using community::testing::FiguresCases;
using community::testing::CaseActivities;

TEST(FiguresViewTest, GoldenCases) {
  nlohmann::json cases = FiguresCases();
  ASSERT_EQ(cases["cases"].size(), 3u);
  for (const auto& c : cases["cases"]) {
    SCOPED_TRACE(c["description"].get<std::string>());
    const UnixSeconds now = c["now"].get<UnixSeconds>();
    const std::vector<CommunityActivity> activities = CaseActivities(c);
    const nlohmann::json& expect = c["expect"];
    EXPECT_EQ(FiguresJson(community::ComputeFigures(activities, now)).dump(1), expect["platform"].dump(1));
    ASSERT_EQ(expect["communities"].size(), activities.size());
    for (size_t i = 0; i < activities.size(); ++i) {
      EXPECT_EQ(FiguresJson(community::ComputeFigures({activities[i]}, now)).dump(1), expect["communities"][i].dump(1))
          << activities[i].name;
    }
  }
}

// A community without events still lists every kind of meeting, at zero: the client draws
// one bar per kind.
TEST(FiguresViewTest, EveryMeetingKindIsListed) {
  CommunityActivity a;
  a.kind = CommunityKind::kCommunityOfPractice;
  nlohmann::json j = FiguresJson(community::ComputeFigures({a}, 1000));
  ASSERT_TRUE(j["meetings"].is_object());
  EXPECT_EQ(j["meetings"].size(), 8u);
  for (auto& [kind, n] : j["meetings"].items()) EXPECT_EQ(n, 0) << kind;
  EXPECT_FALSE(j["meetings"].contains("staff_exchange"));
  EXPECT_EQ(j["meetings_total"], 0);
}

}  // namespace
}  // namespace cobuy::http
