// The timeline of a three-release process: what each release changed.
#include "register/timeline.h"

#include <gtest/gtest.h>

namespace cobuy::reg {
namespace {

using Strings = std::vector<std::string>;

TEST(TimelineTest, ThreeReleasesAndTheirChanges) {
  std::vector<StoredRelease> releases = {
      // Stored out of date order on purpose: the timeline is oldest first.
      {"ocds-t-1", "r2", "2024-03-01T00:00:00Z",
       R"({"ocid":"ocds-t-1","id":"r2","date":"2024-03-01T00:00:00Z","tag":["award","tenderUpdate"],)"
       R"("tender":{"status":"complete","value":{"amount":1200,"currency":"EUR"}},)"
       R"("awards":[{"id":"a1","status":"active","value":{"amount":1100,"currency":"EUR"}}]})"},
      {"ocds-t-1", "r1", "2024-01-05T00:00:00Z",
       R"({"ocid":"ocds-t-1","id":"r1","date":"2024-01-05T00:00:00Z","tag":["tender"],"initiationType":"tender",)"
       R"("buyer":{"id":"B1","name":"Gemeente Utrecht"},"parties":[{"id":"B1","name":"Gemeente Utrecht","roles":["buyer"]}],)"
       R"("tender":{"id":"t1","title":"Laptops","status":"active","value":{"amount":1000,"currency":"EUR"},)"
       R"("items":[{"id":"1","description":"Laptop"}]}})"},
      {"ocds-t-1", "r3", "2024-04-01T00:00:00Z",
       R"({"ocid":"ocds-t-1","id":"r3","date":"2024-04-01T00:00:00Z","tag":["contract"],)"
       R"("tender":{"title":"Laptops","status":"complete"},"awards":[{"id":"a1","status":"active"}],)"
       R"("contracts":[{"id":"c1","awardID":"a1","period":{"endDate":"2027-03-31T00:00:00Z"}}]})"},
  };
  ocds::MergeRules rules;
  auto timeline = BuildTimeline(releases, rules);
  ASSERT_TRUE(timeline.ok()) << timeline.status().ToString();
  ASSERT_EQ(timeline->size(), 3u);

  const TimelineEntry& first = (*timeline)[0];
  EXPECT_EQ(first.date, "2024-01-05T00:00:00Z");
  EXPECT_EQ(first.release_id, "r1");
  EXPECT_EQ(first.tags, Strings{"tender"});
  EXPECT_EQ(first.changes, (Strings{"initiationType", "buyer/id", "buyer/name", "parties", "tender/id", "tender/title",
                                    "tender/status", "tender/value/amount", "tender/value/currency", "tender/items"}));

  const TimelineEntry& second = (*timeline)[1];
  EXPECT_EQ(second.release_id, "r2");
  EXPECT_EQ(second.tags, (Strings{"award", "tenderUpdate"}));
  EXPECT_EQ(second.changes, (Strings{"tender/status", "tender/value/amount", "awards"}));

  // Restating values changes nothing; only the new contract counts.
  const TimelineEntry& third = (*timeline)[2];
  EXPECT_EQ(third.release_id, "r3");
  EXPECT_EQ(third.tags, Strings{"contract"});
  EXPECT_EQ(third.changes, Strings{"contracts"});
}

TEST(TimelineTest, ARemovedFieldIsAChange) {
  std::vector<StoredRelease> releases = {
      {"o", "r1", "2024-01-01T00:00:00Z",
       R"({"ocid":"o","id":"r1","date":"2024-01-01T00:00:00Z","tag":["planning"],"planning":{"rationale":"x"},"tender":{"title":"T"}})"},
      {"o", "r2", "2024-02-01T00:00:00Z",
       R"({"ocid":"o","id":"r2","date":"2024-02-01T00:00:00Z","tag":["tender"],"planning":{"rationale":null}})"},
  };
  auto timeline = BuildTimeline(releases, ocds::MergeRules());
  ASSERT_TRUE(timeline.ok()) << timeline.status().ToString();
  EXPECT_EQ((*timeline)[1].changes, Strings{"planning/rationale"});
}

TEST(TimelineTest, AReleaseThatIsNotJsonIsAnError) {
  std::vector<StoredRelease> releases = {{"o", "r1", "2024-01-01T00:00:00Z", "{not json"}};
  EXPECT_EQ(BuildTimeline(releases, ocds::MergeRules()).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cobuy::reg
