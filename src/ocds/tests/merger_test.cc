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

TEST(MergerTest, NoReleases) {
  Merger merger(Rules());
  EXPECT_EQ(merger.Compile({}).value().release.ToJson(), R"({"tag":["compiled"]})");
  EXPECT_EQ(merger.Version({}).value().release.ToJson(), "{}");
}

}  // namespace
}  // namespace cobuy::ocds
