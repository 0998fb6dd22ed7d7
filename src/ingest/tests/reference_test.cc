#include "ingest/reference.h"

#include <gtest/gtest.h>

namespace cobuy::ingest {
namespace {

TEST(IsoDay, AcceptsTheFormsPublishersUse) {
  EXPECT_EQ(IsoDay("2016-06-02"), "2016-06-02");
  EXPECT_EQ(IsoDay("2016-06-02T10:00:00Z"), "2016-06-02");
  EXPECT_EQ(IsoDay("2016-06-02T10:00:00.123+03:00"), "2016-06-02");
  EXPECT_EQ(IsoDay("2016-06-02 10:00"), "2016-06-02");
  EXPECT_EQ(IsoDay(" 2016-06-02T10:00:00-0500 "), "2016-06-02");
}

TEST(IsoDay, RejectsTheRest) {
  EXPECT_EQ(IsoDay(""), std::nullopt);
  EXPECT_EQ(IsoDay("02/06/2016"), std::nullopt);
  EXPECT_EQ(IsoDay("2016-13-02"), std::nullopt);
  EXPECT_EQ(IsoDay("2016-06-02T10"), std::nullopt);
  EXPECT_EQ(IsoDay("2016-06-02Tnoon"), std::nullopt);
  EXPECT_EQ(IsoDay("2016-06-02T10:00:00+3"), std::nullopt);
}

IngestReference Sample() {
  std::vector<CpvCode> cpv = {{"34144511-3", "34144511", 8, CpvLevel::kSubcategory, "", {}}};
  std::vector<Currency> currencies = {{"EUR", "978", 2, "Euro"}, {"SEK", "752", 2, "Swedish krona"},
                                      {"MDL", "498", 2, "Moldovan leu"}};
  std::vector<FxRate> rates = {{"2024-01-02", "SEK", 11.0}, {"2024-01-05", "SEK", 10.0}};
  Country nl;
  nl.code = "NL";
  nl.alpha3 = "NLD";
  nl.name_en = "Netherlands";
  nl.names = {{"nl", "Nederland"}, {"fr", "Pays-Bas"}};
  return IngestReference(cpv, currencies, rates, {nl});
}

TEST(IngestReference, NormalisesCpvCodes) {
  IngestReference ref = Sample();
  bool ok = false;
  ASSERT_NE(ref.Cpv("34144511-3", &ok), nullptr);
  EXPECT_EQ(*ref.Cpv("34144511-3", &ok), "34144511-3");
  EXPECT_TRUE(ok);
  EXPECT_EQ(*ref.Cpv(" 34144511 ", &ok), "34144511-3");
  EXPECT_TRUE(ok);
  EXPECT_EQ(*ref.Cpv("34144511-7", &ok), "34144511-3");
  EXPECT_FALSE(ok);
  EXPECT_EQ(ref.Cpv("34144512"), nullptr);
  EXPECT_EQ(ref.Cpv("3414451"), nullptr);
  EXPECT_EQ(ref.Cpv("341445113"), nullptr);
}

TEST(IngestReference, ConvertsAtTheRateOfTheDay) {
  IngestReference ref = Sample();
  EXPECT_EQ(ref.ToEur(110.0, "SEK", "2024-01-02"), 10.0);
  EXPECT_EQ(ref.ToEur(110.0, "SEK", "2024-01-04"), 10.0);  // the latest day before
  EXPECT_EQ(ref.ToEur(100.0, "SEK", "2024-01-05"), 10.0);
  EXPECT_EQ(ref.ToEur(100.0, "SEK", "2030-01-01"), 10.0);  // after the last rate: the last
  EXPECT_EQ(ref.ToEur(110.0, "SEK", "1999-01-01"), 10.0);  // before the first: the first
  EXPECT_EQ(ref.ToEur(42.5, "EUR", "2024-01-01"), 42.5);
  EXPECT_EQ(ref.ToEur(1.0, "MDL", "2024-01-01"), std::nullopt);  // no ECB rate
  EXPECT_TRUE(ref.KnownCurrency("MDL"));
  EXPECT_FALSE(ref.KnownCurrency("XXY"));
}

TEST(IngestReference, FindsCountriesByCodeOrName) {
  IngestReference ref = Sample();
  EXPECT_EQ(ref.Country("NL"), "NL");
  EXPECT_EQ(ref.Country("nld"), "NL");
  EXPECT_EQ(ref.Country("Netherlands"), "NL");
  EXPECT_EQ(ref.Country("pays-bas"), "NL");
  EXPECT_EQ(ref.Country(" Nederland "), "NL");
  EXPECT_EQ(ref.Country("Atlantis"), "");
}

}  // namespace
}  // namespace cobuy::ingest
