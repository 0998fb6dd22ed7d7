#include "ocds/merge_rules.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cobuy::ocds {
namespace {

const std::string kFixtures = std::string(COBUY_SHARED_DIR) + "/data/ocds/merge-fixtures";

const MergeRules& Rules11() {
  static const MergeRules* rules = new MergeRules(MergeRules::FromFile(kFixtures + "/release-schema-1__1__4.json").value());
  return *rules;
}
const MergeRules& Rules10() {
  static const MergeRules* rules = new MergeRules(MergeRules::FromFile(kFixtures + "/release-schema-1__0__3.json").value());
  return *rules;
}

TEST(MergeRulesTest, Ocds11KnownPaths) {
  const MergeRules& r = Rules11();
  EXPECT_EQ(r.Lookup("tag"), FieldRule::kOmit);
  EXPECT_EQ(r.Lookup("id"), FieldRule::kOmit);
  EXPECT_EQ(r.Lookup("date"), FieldRule::kOmit);
  EXPECT_EQ(r.Lookup("ocid"), FieldRule::kNone);
  EXPECT_EQ(r.Lookup("awards"), FieldRule::kIdentifierMerge);
  EXPECT_EQ(r.Lookup("awards.suppliers"), FieldRule::kIdentifierMerge);
  EXPECT_EQ(r.Lookup("tender"), FieldRule::kObject);
  EXPECT_EQ(r.Lookup("tender.items"), FieldRule::kIdentifierMerge);
  EXPECT_EQ(r.Lookup("tender.items.classification"), FieldRule::kObject);
  EXPECT_EQ(r.Lookup("tender.items.additionalClassifications"), FieldRule::kWholeList);  // wholeListMerge in 1.1.4
  EXPECT_EQ(r.Lookup("parties.roles"), FieldRule::kWholeList);
  EXPECT_EQ(r.Lookup("tender.submissionMethod"), FieldRule::kWholeList);
  EXPECT_EQ(r.Lookup("tender.title"), FieldRule::kNone);
  EXPECT_EQ(r.Lookup("noSuchField"), FieldRule::kNone);
  EXPECT_EQ(r.Lookup("noSuchField.deeper"), FieldRule::kNone);
}

TEST(MergeRulesTest, Ocds10SuppliersAreWholeList) {
  const MergeRules& r = Rules10();
  EXPECT_EQ(r.Lookup("awards.suppliers"), FieldRule::kWholeList);
  EXPECT_EQ(r.Lookup("ocid"), FieldRule::kOmit);  // mergeStrategy ocdsOmit in 1.0
  EXPECT_EQ(r.Lookup("awards"), FieldRule::kIdentifierMerge);
}

TEST(MergeRulesTest, TrieStepsMatchLookup) {
  const MergeRules& r = Rules11();
  MergeRules::NodeId n = r.Child(r.Child(r.root(), "awards"), "suppliers");
  EXPECT_EQ(r.rule(n), FieldRule::kIdentifierMerge);
  EXPECT_EQ(r.Child(r.root(), "nope"), MergeRules::kNoNode);
  EXPECT_EQ(r.Child(MergeRules::kNoNode, "x"), MergeRules::kNoNode);
}

TEST(MergeRulesTest, ResolvesRefsAndRules) {
  nlohmann::json schema = nlohmann::json::parse(R"({
    "properties": {
      "a": {"$ref": "#/definitions/A"},
      "list": {"type": "array", "items": {"$ref": "#/definitions/WithId"}},
      "plain": {"type": "array", "items": {"$ref": "#/definitions/NoId"}},
      "strings": {"type": "array", "items": {"type": "string"}},
      "mixed": {"type": "array", "items": {"type": ["object", "string"], "properties": {"id": {}}}},
      "version": {"type": "array", "mergeStrategy": "ocdsVersion", "items": {"$ref": "#/definitions/WithId"}},
      "omitted": {"type": "string", "mergeStrategy": "ocdsOmit"},
      "kept": {"type": "string", "omitWhenMerged": false},
      "wlmObject": {"type": "object", "wholeListMerge": true, "properties": {"x": {"omitWhenMerged": true}}}
    },
    "definitions": {
      "A": {"type": "object", "properties": {"b": {"type": "string", "omitWhenMerged": true}}},
      "WithId": {"type": "object", "properties": {"id": {"type": "string"}, "sub": {"$ref": "#/definitions/A"}}},
      "NoId": {"type": "object", "properties": {"name": {"type": "string"}}}
    }
  })");
  Result<MergeRules> r = MergeRules::FromSchema(schema);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Lookup("a"), FieldRule::kObject);
  EXPECT_EQ(r->Lookup("a.b"), FieldRule::kOmit);
  EXPECT_EQ(r->Lookup("list"), FieldRule::kIdentifierMerge);
  EXPECT_EQ(r->Lookup("list.sub.b"), FieldRule::kOmit);
  EXPECT_EQ(r->Lookup("plain"), FieldRule::kWholeList);
  EXPECT_EQ(r->Lookup("strings"), FieldRule::kWholeList);
  EXPECT_EQ(r->Lookup("mixed"), FieldRule::kWholeList);
  EXPECT_EQ(r->Lookup("version"), FieldRule::kWholeList);
  EXPECT_EQ(r->Lookup("omitted"), FieldRule::kOmit);
  EXPECT_EQ(r->Lookup("kept"), FieldRule::kNone);
  EXPECT_EQ(r->Lookup("wlmObject"), FieldRule::kObject);  // wholeListMerge applies to arrays only
  EXPECT_EQ(r->Lookup("wlmObject.x"), FieldRule::kOmit);
}

TEST(MergeRulesTest, CutsRefCycles) {
  nlohmann::json schema = nlohmann::json::parse(R"({
    "properties": {"node": {"$ref": "#/definitions/Node"}},
    "definitions": {"Node": {"type": "object", "properties": {
      "drop": {"omitWhenMerged": true},
      "child": {"$ref": "#/definitions/Node"}}}}
  })");
  Result<MergeRules> r = MergeRules::FromSchema(schema);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Lookup("node.drop"), FieldRule::kOmit);
  EXPECT_EQ(r->Lookup("node.child"), FieldRule::kNone);  // the cycle is cut here
}

TEST(MergeRulesTest, ReportsBadSchemas) {
  Result<MergeRules> no_props = MergeRules::FromSchema(nlohmann::json::object());
  ASSERT_FALSE(no_props.ok());
  EXPECT_EQ(no_props.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(no_props.status().message(), "release schema: no `properties`");

  Result<MergeRules> dangling = MergeRules::FromSchema(
      nlohmann::json::parse(R"({"properties": {"a": {"$ref": "#/definitions/Missing"}}})"));
  ASSERT_FALSE(dangling.ok());
  EXPECT_EQ(dangling.status().message(), "release schema: $ref \"#/definitions/Missing\" points nowhere");

  Result<MergeRules> remote = MergeRules::FromSchema(
      nlohmann::json::parse(R"({"properties": {"a": {"$ref": "https://example.com/x.json"}}})"));
  ASSERT_FALSE(remote.ok());
  EXPECT_EQ(remote.status().code(), StatusCode::kInvalidArgument);

  Result<MergeRules> missing = MergeRules::FromFile("/nonexistent/schema.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace cobuy::ocds
