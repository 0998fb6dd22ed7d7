#include "ocds/merger.h"

#include <gtest/gtest.h>

namespace cobuy::ocds {
namespace {

const std::string kSchema11 = std::string(COBUY_SHARED_DIR) + "/data/ocds/merge-fixtures/release-schema-1__1__4.json";

const MergeRules& Rules() {
  static const MergeRules* rules = new MergeRules(MergeRules::FromFile(kSchema11).value());
  return *rules;
}

std::vector<Value> Releases(const char* json) { return std::move(Value::Parse(json).value().as_array()); }

TEST(MergerTest, KeepsRawNumbersAndSortsStablyByDate) {
  Merger merger(Rules());
  Result<MergedRelease> r = merger.Compile(Releases(R"([
    {"ocid":"o","id":"3","date":"2020-01-02","tender":{"value":{"amount":3.00}}},
    {"ocid":"o","id":"1","date":"2020-01-01","tender":{"value":{"amount":1.10,"currency":"EUR"}}},
    {"ocid":"o","id":"2","date":"2020-01-02","tender":{"value":{"amount":2.50}}}])"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Equal dates keep input order: release "2" (input index 2) comes after release "3".
  EXPECT_EQ(r->release.ToJson(),
            R"({"tag":["compiled"],"id":"o-2020-01-02","date":"2020-01-02","ocid":"o",)"
            R"("tender":{"value":{"amount":2.50,"currency":"EUR"}}})");
  EXPECT_TRUE(r->warnings.empty());
}

TEST(MergerTest, NullRemovesButKeepsParentObject) {
  Merger merger(Rules());
  Result<MergedRelease> r = merger.Compile(Releases(R"([
    {"ocid":"o","id":"1","date":"1","tender":{"title":"T"}},
    {"ocid":"o","id":"2","date":"2","tender":{"title":null}}])"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->release.ToJson(), R"({"tag":["compiled"],"id":"o-2","date":"2","ocid":"o","tender":{}})");
}

TEST(MergerTest, VersionsContextualIds) {
  Merger merger(Rules());
  Result<MergedRelease> r = merger.Version(Releases(R"([
    {"ocid":"o","id":"1","date":"1","tag":["tender"],"tender":{"id":"T1","items":[{"id":"i","quantity":1}]}},
    {"ocid":"o","id":"2","date":"2","tag":["tenderUpdate"],"tender":{"id":"T2","items":[{"id":"i","quantity":1}]}}])"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->release.ToJson(),
            R"({"ocid":"o","tender":{"id":[)"
            R"({"releaseID":"1","releaseDate":"1","releaseTag":["tender"],"value":"T1"},)"
            R"({"releaseID":"2","releaseDate":"2","releaseTag":["tenderUpdate"],"value":"T2"}],)"
            R"("items":[{"id":"i","quantity":[{"releaseID":"1","releaseDate":"1","releaseTag":["tender"],"value":1}]}]}})");
}

TEST(MergerTest, MergeGivesBothAndWarnings) {
  Merger merger(Rules());
  Result<MergedRecord> r = merger.Merge(Releases(R"([
    {"ocid":"o","id":"1","date":"1","awards":[{"id":"a","title":"x"},{"id":"a","status":"active"}]}])"),
                                        /*versioned=*/true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->compiled.ToJson(),
            R"({"tag":["compiled"],"id":"o-1","date":"1","ocid":"o","awards":[{"id":"a","title":"x","status":"active"}]})");
  ASSERT_TRUE(r->versioned.has_value());
  EXPECT_EQ(r->versioned->Find("ocid")->as_string(), "o");
  EXPECT_EQ(r->warnings, std::vector<std::string>{"Multiple objects have the `id` value 'a' in the `awards` array"});
}

TEST(MergerTest, RejectsReleasesWithoutDateOrOcid) {
  Merger merger(Rules());
  Result<MergedRelease> r = merger.Compile(Releases(R"([{"ocid":"o","date":"1"},{"ocid":"o"}])"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), InvalidArgument("release 1 has no `date`", "releases[1].date"));

  r = merger.Version(Releases(R"([{"ocid":5,"date":"1"}])"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), InvalidArgument("release 0: `ocid` is not a string", "releases[0].ocid"));

  r = merger.Compile(Releases(R"([[]])"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), InvalidArgument("release 0 is not a JSON object", "releases[0]"));
}

TEST(MergerTest, RejectsLiteralThenObject) {
  Merger merger(Rules());
  Result<MergedRelease> r = merger.Compile(Releases(R"([
    {"ocid":"o","date":"1","tender":"x"},{"ocid":"o","date":"2","tender":{"id":"T"}}])"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), InvalidArgument("`tender` is a literal in an earlier release and an object or array in a later one"));
}

// Arrays of 16 items or more match ids through a hash index: the same results as the scan of
// small arrays (ids equal as JSON values, 7 == 7.0; null ids match null ids; the first
// matching item wins), and the same duplicate-id warnings.
TEST(MergerTest, LargeArraysMatchIdsAsSmallOnes) {
  std::string r1 = R"({"ocid":"o","id":"1","date":"1","awards":[)";
  for (int i = 0; i < 20; ++i) r1 += R"({"id":"a)" + std::to_string(i) + R"(","v":)" + std::to_string(i) + "},";
  r1 += R"({"id":7,"n":"int"},{"id":null,"x":1},{"title":"no id"}]})";
  std::string r2 = R"({"ocid":"o","id":"2","date":"2","awards":[{"id":"a19","w":1},{"id":7.0,"n":"float"},)"
                   R"({"id":null,"y":2},{"id":"a3","w":3},{"id":"a3","z":3},{"id":"new","w":4},{"title":"no id 2"}]})";
  std::string r3 = R"({"ocid":"o","id":"3","date":"3","awards":[)";
  for (int i = 0; i < 19; ++i) r3 += R"({"id":"b)" + std::to_string(i) + R"(","k":)" + std::to_string(i) + "},";
  r3 += R"({"id":"b5","k2":"again"},{"id":1,"one":"int"},{"id":1.0,"two":"float"}]})";
  Merger merger(Rules());
  // Input order differs from date order.
  Result<MergedRelease> r = merger.Compile(Releases(("[" + r3 + "," + r1 + "," + r2 + "]").c_str()));
  ASSERT_TRUE(r.ok()) << r.status().ToString();

  std::string awards;
  for (int i = 0; i < 20; ++i) {
    awards += R"({"id":"a)" + std::to_string(i) + R"(","v":)" + std::to_string(i);
    if (i == 3) awards += R"(,"w":3,"z":3)";
    if (i == 19) awards += R"(,"w":1)";
    awards += "},";
  }
  awards += R"({"id":7,"n":"float"},{"x":1,"y":2},{"title":"no id"},{"id":"new","w":4},{"title":"no id 2"},)";
  for (int i = 0; i < 19; ++i) {
    awards += R"({"id":"b)" + std::to_string(i) + R"(","k":)" + std::to_string(i);
    if (i == 5) awards += R"(,"k2":"again")";
    awards += "},";
  }
  awards += R"({"id":1,"one":"int","two":"float"})";
  EXPECT_EQ(r->release.ToJson(), R"({"tag":["compiled"],"id":"o-3","date":"3","ocid":"o","awards":[)" + awards + "]}");
  EXPECT_EQ(r->warnings, (std::vector<std::string>{
                             "Multiple objects have the `id` value 'a3' in the `awards` array",
                             "Multiple objects have the `id` value 'b5' in the `awards` array",
                             "Multiple objects have the `id` value '1.0' in the `awards` array",
                         }));
}

// The compiled `id` ("{ocid}-{date}"), `date` and `ocid` are those of the last release (its
// own `id` is omitted by the schema); the metadata members come first, in this order.
TEST(MergerTest, CompiledMetadataComesFromTheLastRelease) {
  Merger merger(Rules());
  Result<MergedRelease> r = merger.Compile(Releases(R"([
    {"ocid":"o","id":"2","date":"2020-02","buyer":{"name":"B"}},
    {"ocid":"o","id":"1","date":"2020-01","tender":{"title":"T"}},
    {"ocid":"o","id":"3","date":"2020-03"}])"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->release.ToJson(), R"({"tag":["compiled"],"id":"o-2020-03","date":"2020-03","ocid":"o",)"
                                 R"("tender":{"title":"T"},"buyer":{"name":"B"}})");
}

TEST(MergerTest, NoReleases) {
  Merger merger(Rules());
  EXPECT_EQ(merger.Compile({}).value().release.ToJson(), R"({"tag":["compiled"]})");
  EXPECT_EQ(merger.Version({}).value().release.ToJson(), "{}");
}

}  // namespace
}  // namespace cobuy::ocds
