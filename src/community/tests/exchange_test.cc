#include "community/exchange.h"

#include <gtest/gtest.h>

namespace cobuy::community {
namespace {

StaffExchange Exchange(std::int64_t id, ExchangeKind kind, std::int64_t organisation, std::string topic,
                       std::string description, std::string starts_on, std::string ends_on) {
  StaffExchange e;
  e.id = id;
  e.kind = kind;
  e.user_id = id * 10;
  e.organisation_id = organisation;
  e.topic = std::move(topic);
  e.description = std::move(description);
  e.starts_on = std::move(starts_on);
  e.ends_on = std::move(ends_on);
  return e;
}

// An offer to host, ten days in March 2027. Words: electric, buses (topic: weight 2), depot,
// charging (description: weight 1).
StaffExchange Mine() {
  return Exchange(1, ExchangeKind::kOffer, 10, "Electric buses", "Depot charging", "2027-03-01", "2027-03-10");
}

std::vector<std::int64_t> Ids(const std::vector<ExchangeMatch>& matches) {
  std::vector<std::int64_t> out;
  for (const ExchangeMatch& m : matches) out.push_back(m.exchange.id);
  return out;
}

TEST(ExchangeTest, HandComputedScoresAndOrder) {
  const auto r = ExchangeKind::kRequest;
  std::vector<StaffExchange> others = {
      // Words buses (2), electric, depot, visit (1). Weighted Jaccard with mine:
      // shared min(2,1)+min(2,2)+min(1,1) = 4 over max 2+2+1+1(charging)+1(visit) = 7.
      // Dates 6-10 March: 5 days of the shorter range's 10. Score 70*4/7 + 30*5/10 = 55.
      Exchange(5, r, 20, "buses", "electric depot visit", "2027-03-06", "2027-03-20"),
      // Words charging, infrastructure (2), electric, buses (1; "for" is a stop word): shared
      // min(2,1) electric + min(2,1) buses + min(1,2) charging = 3, over max electric 2 + buses 2
      // + charging 2 + depot 1 + infrastructure 2 = 9. Dates 1-4 March: 4 of 4 days. Score 70*3/9 + 30.
      Exchange(6, r, 30, "Charging infrastructure", "for electric buses", "2027-03-01", "2027-03-04"),
      // As 5, a lower id: before 5.
      Exchange(4, r, 40, "buses", "electric depot visit", "2027-03-06", "2027-03-20"),
      // As 5 but covering all of mine: 70*4/7 + 30 = 70, overlap 10.
      Exchange(9, r, 50, "buses", "electric depot visit", "2027-02-20", "2027-03-20"),
      // Also 70 (2 of 2 days), but a smaller overlap: after 9.
      Exchange(2, r, 60, "buses", "electric depot visit", "2027-03-01", "2027-03-02"),
  };
  std::vector<ExchangeMatch> matches = SuggestMatches(Mine(), others);
  ASSERT_EQ(Ids(matches), (std::vector<std::int64_t>{9, 2, 4, 5, 6}));
  EXPECT_DOUBLE_EQ(matches[0].score, 70.0);
  EXPECT_EQ(matches[0].overlap_days, 10);
  EXPECT_DOUBLE_EQ(matches[1].score, 70.0);
  EXPECT_EQ(matches[1].overlap_days, 2);
  EXPECT_DOUBLE_EQ(matches[2].score, 55.0);
  EXPECT_EQ(matches[2].overlap_days, 5);
  EXPECT_DOUBLE_EQ(matches[3].score, 55.0);
  EXPECT_EQ(matches[3].overlap_days, 5);
  EXPECT_EQ(matches[3].shared_words, (std::vector<std::string>{"buses", "depot", "electric"}));
  EXPECT_DOUBLE_EQ(matches[4].score, 70.0 / 3.0 + 30.0);
  EXPECT_EQ(matches[4].overlap_days, 4);
  EXPECT_EQ(matches[4].shared_words, (std::vector<std::string>{"buses", "charging", "electric"}));
  EXPECT_EQ(matches[4].exchange.organisation_id, 30);
}

TEST(ExchangeTest, WhatIsNeverSuggested) {
  const auto r = ExchangeKind::kRequest;
  StaffExchange matched = Exchange(15, r, 21, "electric buses", "", "2027-03-01", "2027-03-10");
  matched.status = ExchangeStatus::kMatched;
  StaffExchange done = Exchange(16, r, 22, "electric buses", "", "2027-03-01", "2027-03-10");
  done.status = ExchangeStatus::kDone;
  std::vector<StaffExchange> others = {
      Mine(),                                                                                    // itself
      Exchange(11, ExchangeKind::kOffer, 20, "electric buses", "", "2027-03-01", "2027-03-10"),  // same kind
      Exchange(12, r, 10, "electric buses", "", "2027-03-01", "2027-03-10"),                     // same organisation
      Exchange(13, r, 23, "electric buses", "", "2027-03-11", "2027-03-20"),  // starts the day after mine ends
      Exchange(14, r, 24, "electric buses", "", "2027-02-01", "2027-02-28"),  // ends the day before mine starts
      matched,
      done,
      Exchange(17, r, 25, "School meals", "organic catering", "2027-03-01", "2027-03-10"),  // no shared word
      Exchange(18, r, 26, "the of and", "for with", "2027-03-01", "2027-03-10"),            // stop words only
      Exchange(19, r, 27, "electric buses", "", "2027-02-30", "2027-03-10"),                // no such date
      Exchange(20, r, 28, "electric buses", "", "2027-03-10", "2027-03-01"),                // ends before it starts
      Exchange(21, r, 29, "electric buses", "", "2027-03-10", "2027-03-12"),                // one day: suggested
  };
  std::vector<ExchangeMatch> matches = SuggestMatches(Mine(), others);
  ASSERT_EQ(Ids(matches), std::vector<std::int64_t>{21});
  EXPECT_EQ(matches[0].overlap_days, 1);
  // electric, buses both topic words (2+2 shared) of 2+2+1+1: 4/6; 1 of 3 days.
  EXPECT_DOUBLE_EQ(matches[0].score, 70.0 * 4 / 6 + 30.0 / 3);

  // A request finds offers the same way.
  StaffExchange request = Exchange(30, r, 70, "Electric buses", "", "2027-03-05", "2027-03-05");
  EXPECT_EQ(Ids(SuggestMatches(request, {Mine()})), std::vector<std::int64_t>{1});
}

TEST(ExchangeTest, WordsAreFoldedWithoutStopWords) {
  StaffExchange mine =
      Exchange(1, ExchangeKind::kOffer, 10, "Véhicules ÉLECTRIQUES de la ville", "", "2027-05-01", "2027-05-31");
  StaffExchange other = Exchange(2, ExchangeKind::kRequest, 20, "vehicules electriques pour la Ville",
                                 "Besuch für Fuhrparkleiter", "2027-05-10", "2027-05-19");
  std::vector<ExchangeMatch> matches = SuggestMatches(mine, {other});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].shared_words, (std::vector<std::string>{"electriques", "vehicules", "ville"}));
  // Shared 2+2+2 of 2+2+2+1 (besuch)+1 (fuhrparkleiter); "fur" is a stop word. 10 of 10 days.
  EXPECT_DOUBLE_EQ(matches[0].score, 70.0 * 6 / 8 + 30.0);
  EXPECT_EQ(matches[0].overlap_days, 10);
  EXPECT_TRUE(SuggestMatches(mine, {}).empty());
}

}  // namespace
}  // namespace cobuy::community
