// Data-driven cases: src/groups/tests/cases/*.json, each
//   {"description": "...", "instance": <an instance>, "expected": <SolutionToJson without "seconds">}
// or, for an invalid instance, "error": "the exact message". Solve's answer must equal
// "expected" exactly (object member order ignored), and SolveExhaustively's status and
// objective must agree with it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "groups/groups.h"

namespace cobuy::groups {
namespace {

std::vector<std::string> CaseFiles() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(COBUY_SOURCE_DIR "/src/groups/tests/cases")) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class GroupsCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GroupsCaseTest, Case) {
  std::ifstream in(GetParam());
  nlohmann::json spec = nlohmann::json::parse(in);
  auto instance = ParseInstance(spec.at("instance").dump());
  if (spec.contains("error")) {
    ASSERT_FALSE(instance.ok());
    EXPECT_EQ(instance.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(instance.status().message(), spec["error"].get<std::string>());
    return;
  }
  ASSERT_TRUE(instance.ok()) << instance.status().ToString();
  auto solution = Solve(*instance);
  ASSERT_TRUE(solution.ok()) << solution.status().ToString();
  nlohmann::json got = nlohmann::json::parse(SolutionToJson(*solution, false).dump());
  EXPECT_EQ(got, spec.at("expected")) << got.dump(1);
  Solution exhaustive = SolveExhaustively(*instance);
  EXPECT_EQ(exhaustive.status, solution->status);
  EXPECT_EQ(exhaustive.objective, solution->objective);
}

INSTANTIATE_TEST_SUITE_P(Cases, GroupsCaseTest, ::testing::ValuesIn(CaseFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace cobuy::groups
