// Outcome figures golden cases: src/community/tests/figures_cases.json. Each case is the
// communities' records and now, with the expected figures (platform and each community, checked
// as the API's JSON by src/http/tests/figures_view_test.cc), the platform report in each
// language and the CSV.
#include "community/figures.h"

#include <gtest/gtest.h>

#include "figures_cases.h"

namespace cobuy::community {
namespace {

using testing::FiguresCases;
using testing::CaseActivities;

// The figures as numbers are checked through the JSON the API answers with
// (src/http/tests/figures_view_test.cc); here, the report in each language and the CSV.
TEST(FiguresTest, GoldenCases) {
  nlohmann::json cases = FiguresCases();
  ASSERT_EQ(cases["cases"].size(), 3u);
  for (const auto& c : cases["cases"]) {
    SCOPED_TRACE(c["description"].get<std::string>());
    const UnixSeconds now = c["now"].get<UnixSeconds>();
    const std::vector<CommunityActivity> activities = CaseActivities(c);
    const nlohmann::json& expect = c["expect"];

    OutcomeFigures platform = ComputeFigures(activities, now);
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
