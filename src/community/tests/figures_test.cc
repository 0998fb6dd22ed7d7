// Outcome figures golden cases: src/community/tests/figures_cases.json. Each case is the
// communities' records and now, with the expected figures (platform and each community), the
// platform report in each language and the CSV.
#include "community/figures.h"

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

namespace cobuy::community {
namespace {

nlohmann::json Cases() {
  std::ifstream in(COBUY_SOURCE_DIR "/src/community/tests/figures_cases.json");
  return nlohmann::json::parse(in);
}

template <typename E>
E Must(const nlohmann::json& name) {
  std::optional<E> v = Parse<E>(name.get<std::string>());
  EXPECT_TRUE(v.has_value()) << name;
  return v.value_or(E{});
}

CommunityActivity ToActivity(const nlohmann::json& j) {
  CommunityActivity a;
  a.community_id = j.at("community_id").get<std::int64_t>();
  a.name = j.at("name").get<std::string>();
  a.kind = Must<CommunityKind>(j.at("kind"));
  for (const auto& o : j.at("member_organisations")) {
    CommunityActivity::MemberOrganisation m;
    m.id = o.at("id").get<std::int64_t>();
    if (!o.at("annual_budget_eur").is_null()) m.annual_budget_eur = o.at("annual_budget_eur").get<double>();
    a.member_organisations.push_back(m);
  }
  a.active_members = j.at("active_members").get<int>();
  a.has_leader = j.at("has_leader").get<bool>();
  for (const auto& e : j.at("events")) {
    CommunityActivity::HeldEvent h;
    h.kind = Must<EventKind>(e.at("kind"));
    h.starts_at = e.at("starts_at").get<UnixSeconds>();
    h.cancelled = e.at("cancelled").get<bool>();
    h.attending_market_organisations = e.at("attending_market_organisations").get<std::vector<std::int64_t>>();
    a.events.push_back(std::move(h));
  }
  a.documents = j.at("documents").get<int>();
  a.posts = j.at("posts").get<int>();
  return a;
}

nlohmann::json ToJson(const OutcomeFigures& f) {
  nlohmann::json meetings = nlohmann::json::object();
  for (const auto& [kind, n] : f.meetings) meetings[std::string(Name(kind))] = n;
  return {{"communities", f.communities},
          {"working_groups", f.working_groups},
          {"member_organisations", f.member_organisations},
          {"combined_budget_eur", f.combined_budget_eur},
          {"meetings", meetings},
          {"meetings_total", f.meetings_total},
          {"online_meetings", f.online_meetings},
          {"market_engagement_sessions", f.market_engagement_sessions},
          {"companies_engaged", f.companies_engaged},
          {"site_visits", f.site_visits},
          {"factory_visits", f.factory_visits},
          {"study_visits", f.study_visits},
          {"staff_exchanges", f.staff_exchanges},
          {"documents_shared", f.documents_shared},
          {"posts", f.posts}};
}

TEST(FiguresTest, GoldenCases) {
  nlohmann::json cases = Cases();
  ASSERT_EQ(cases["cases"].size(), 3u);
  for (const auto& c : cases["cases"]) {
    SCOPED_TRACE(c["description"].get<std::string>());
    const UnixSeconds now = c["now"].get<UnixSeconds>();
    std::vector<CommunityActivity> activities;
    for (const auto& a : c["activities"]) activities.push_back(ToActivity(a));
    const nlohmann::json& expect = c["expect"];

    OutcomeFigures platform = ComputeFigures(activities, now);
    EXPECT_EQ(ToJson(platform).dump(1), expect["platform"].dump(1));
    ASSERT_EQ(expect["communities"].size(), activities.size());
    for (size_t i = 0; i < activities.size(); ++i) {
      EXPECT_EQ(ToJson(ComputeFigures({activities[i]}, now)).dump(1), expect["communities"][i].dump(1))
          << activities[i].name;
    }
    for (const auto& [lang, report] : expect["report"].items()) {
      EXPECT_EQ(PlatformReport(platform, lang), report.get<std::string>()) << lang;
    }
    std::string csv;
    for (const auto& line : expect["csv"]) csv += line.get<std::string>() + "\r\n";
    EXPECT_EQ(FiguresCsv(activities, now), csv);
  }
}

// The money at the end of the report: "€41.2 billion".
std::string Money(double eur, std::string_view lang) {
  OutcomeFigures f;
  f.combined_budget_eur = eur;
  std::string report = PlatformReport(f, lang);
  for (std::string_view marker : {"combined budget of ", "Gesamtbudget von ", "budget cumulé de "}) {
    size_t at = report.find(marker);
    if (at != std::string::npos) return report.substr(at + marker.size(), report.size() - at - marker.size() - 1);
  }
  return "?";
}

TEST(FiguresTest, MoneyInEachLanguage) {
  // Billions (from 1,000 million) and millions with one decimal, dropped when it is 0; rounded half
  // away from zero.
  EXPECT_EQ(Money(41.2e9, "en"), "€41.2 billion");
  EXPECT_EQ(Money(41.2e9, "de"), "41,2 Mrd. €");
  EXPECT_EQ(Money(41.2e9, "fr"), "41,2 Md€");
  EXPECT_EQ(Money(850e6, "en"), "€850 million");
  EXPECT_EQ(Money(850e6, "de"), "850 Mio. €");
  EXPECT_EQ(Money(850e6, "fr"), "850 M€");
  EXPECT_EQ(Money(1.25e6, "en"), "€1.3 million");
  EXPECT_EQ(Money(1.24e6, "de"), "1,2 Mio. €");
  EXPECT_EQ(Money(3e9, "en"), "€3 billion");
  EXPECT_EQ(Money(999.96e6, "en"), "€1 billion");  // rounds up into the next unit
  EXPECT_EQ(Money(999.94e6, "en"), "€999.9 million");
  EXPECT_EQ(Money(950e6, "en"), "€950 million");
  EXPECT_EQ(Money(999'999.6, "en"), "€1 million");
  EXPECT_EQ(Money(999'999, "en"), "€999,999");
  EXPECT_EQ(Money(1234.5e9, "en"), "€1,234.5 billion");
  EXPECT_EQ(Money(1234.5e9, "de"), "1.234,5 Mrd. €");
  EXPECT_EQ(Money(1234.5e9, "fr"), "1 234,5 Md€");
  // Below a million: whole euros, grouped.
  EXPECT_EQ(Money(12'500, "en"), "€12,500");
  EXPECT_EQ(Money(12'500, "de"), "12.500 €");
  EXPECT_EQ(Money(12'500, "fr"), "12 500 €");
  EXPECT_EQ(Money(999.5, "en"), "€1,000");
  EXPECT_EQ(Money(0, "fr"), "0 €");
}

TEST(FiguresTest, StaffExchangesAreNotMeetings) {
  CommunityActivity a;
  a.kind = CommunityKind::kCommunityOfPractice;
  a.events = {{EventKind::kStaffExchange, 100, false, {5}}, {EventKind::kStaffExchange, 200, false, {}}};
  OutcomeFigures f = ComputeFigures({a}, 1000);
  EXPECT_EQ(f.staff_exchanges, 2);
  EXPECT_EQ(f.meetings_total, 0);
  EXPECT_EQ(f.meetings.count(EventKind::kStaffExchange), 0u);
  EXPECT_EQ(f.meetings.size(), 8u);   // every meeting kind, zeros included
  EXPECT_EQ(f.companies_engaged, 1);  // a market actor who attended counts, whatever the kind
}

}  // namespace
}  // namespace cobuy::community
