// Data-driven test against the reference fixtures of ocdsmerge (shared/data/ocds/merge-fixtures):
// one case per expected output file NAME-compiled.json / NAME-versioned.json, whose input is
// NAME.json (a list of releases). Outputs are compared as JSON values, not as text.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ocds/merge_rules.h"
#include "ocds/merger.h"
#include "ocds/value.h"

namespace cobuy::ocds {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(COBUY_SHARED_DIR) + "/data/ocds/merge-fixtures";

struct FixtureCase {
  std::string folder;  // "1.1", "1.0" or "schema"
  std::string name;    // input NAME
  bool versioned;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string SchemaFor(const std::string& folder) {
  if (folder == "1.1") return kFixtures + "/release-schema-1__1__4.json";
  if (folder == "1.0") return kFixtures + "/release-schema-1__0__3.json";
  return kFixtures + "/schema.json";
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<FixtureCase> FindCases() {
  std::vector<FixtureCase> cases;
  for (const char* folder : {"1.1", "1.0", "schema"}) {
    fs::path dir = fs::path(kFixtures) / folder;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string file = entry.path().filename().string();
      for (const auto& [suffix, versioned] : {std::pair<std::string, bool>{"-compiled.json", false},
                                              std::pair<std::string, bool>{"-versioned.json", true}}) {
        if (EndsWith(file, suffix)) cases.push_back({folder, file.substr(0, file.size() - suffix.size()), versioned});
      }
    }
  }
  std::sort(cases.begin(), cases.end(), [](const FixtureCase& a, const FixtureCase& b) {
    return std::tie(a.folder, a.name, a.versioned) < std::tie(b.folder, b.name, b.versioned);
  });
  return cases;
}

// Warnings a fixture must produce (compiled and versioned alike); none for the others.
const std::map<std::string, std::vector<std::string>>& ExpectedWarnings() {
  static const auto* warnings = new std::map<std::string, std::vector<std::string>>{
      {"schema/identifier-merge-duplicate-id",
       {"Multiple objects have the `id` value '1' in the `nested.identifierMerge` array",
        "Multiple objects have the `id` value '1' in the `nested.array` array"}},
  };
  return *warnings;
}

const MergeRules& RulesFor(const std::string& folder) {
  static auto* cache = new std::map<std::string, MergeRules>();
  auto it = cache->find(folder);
  if (it == cache->end()) {
    Result<MergeRules> rules = MergeRules::FromFile(SchemaFor(folder));
    EXPECT_TRUE(rules.ok()) << rules.status().ToString();
    it = cache->emplace(folder, rules.ok() ? std::move(rules).value() : MergeRules()).first;
  }
  return it->second;
}

class MergeFixtureTest : public testing::TestWithParam<FixtureCase> {};

TEST_P(MergeFixtureTest, MatchesReference) {
  const FixtureCase& c = GetParam();
  fs::path dir = fs::path(kFixtures) / c.folder;
  Result<Value> input = Value::Parse(ReadFile(dir / (c.name + ".json")));
  ASSERT_TRUE(input.ok()) << input.status().ToString();
  ASSERT_TRUE(input->is_array());
  std::vector<Value> releases = std::move(input->as_array());

  Merger merger(RulesFor(c.folder));
  Result<MergedRelease> merged = c.versioned ? merger.Version(std::move(releases)) : merger.Compile(std::move(releases));
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();

  std::string expected_file = c.name + (c.versioned ? "-versioned.json" : "-compiled.json");
  nlohmann::json expected = nlohmann::json::parse(ReadFile(dir / expected_file));
  nlohmann::json actual = nlohmann::json::parse(merged->release.ToJson());
  EXPECT_EQ(actual, expected) << "actual:   " << actual.dump() << "\nexpected: " << expected.dump();

  auto w = ExpectedWarnings().find(c.folder + "/" + c.name);
  std::vector<std::string> want = w == ExpectedWarnings().end() ? std::vector<std::string>{} : w->second;
  EXPECT_EQ(merged->warnings, want);
}

std::string CaseName(const testing::TestParamInfo<FixtureCase>& info) {
  std::string name = info.param.folder + "_" + info.param.name + (info.param.versioned ? "_versioned" : "_compiled");
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, MergeFixtureTest, testing::ValuesIn(FindCases()), CaseName);

TEST(MergeFixtureSetTest, HasAllFiftyExpectedOutputs) { EXPECT_EQ(FindCases().size(), 50u); }

}  // namespace
}  // namespace cobuy::ocds
