// Data-driven tests of the `cobuy` command line: each file in tests/cli/cases runs the real
// binary and checks its exit code and output. Format:
//
//   {"description": "...", "db": "demo" | "empty" | "none",
//    "steps": [{"args": ["org", "add", "--db", "{db}", ...], "stdin": "...",
//               "exit": 2, "stderr": "exact text", "stdout": "exact text",
//               "stdout_contains": ["..."], "stdout_json": <a JSON value>}]}
//
// "{db}" is a fresh database: a copy of the demo ("demo"), a new file ("empty"), or a path
// in a folder that cannot exist ("none"). "{src}" is the repository root (for fixture files).
// "stdout_json" compares stdout parsed as one JSON value (object member order ignored).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/process.h"

namespace cobuy::testing {
namespace {
namespace fs = std::filesystem;

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

class CliGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CliGoldenTest, Case) {
  std::ifstream in(GetParam());
  nlohmann::json spec = nlohmann::json::parse(in);
  TempDir tmp;
  std::string db = tmp.path() + "/cobuy.db";
  std::string kind = spec.value("db", "demo");
  if (kind == "demo") CopyDemoDatabase(db);
  if (kind == "none") db = "/proc/no-such-folder/cobuy.db";
  int n = 0;
  for (const auto& step : spec["steps"]) {
    SCOPED_TRACE("step " + std::to_string(n++) + ": " + step["args"].dump());
    std::vector<std::string> args;
    for (const auto& a : step["args"]) {
      args.push_back(ReplaceAll(ReplaceAll(a.get<std::string>(), "{db}", db), "{src}", COBUY_SOURCE_DIR));
    }
    RunResult r = RunCommand(COBUY_BINARY, args, step.value("stdin", ""));
    EXPECT_EQ(r.exit_code, step["exit"].get<int>()) << "stderr: " << r.err << "\nstdout: " << r.out;
    auto expected = [&](const char* key) {
      return ReplaceAll(ReplaceAll(step[key].get<std::string>(), "{db}", db), "{src}", COBUY_SOURCE_DIR);
    };
    if (step.contains("stderr")) {
      EXPECT_EQ(r.err, expected("stderr"));
    }
    if (step.contains("stdout")) {
      EXPECT_EQ(r.out, expected("stdout"));
    }
    if (step.contains("stdout_json")) {
      nlohmann::json got = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
      EXPECT_EQ(got, step["stdout_json"]) << "stdout: " << r.out;
    }
    for (const auto& s : step.value("stdout_contains", nlohmann::json::array())) {
      std::string text = ReplaceAll(ReplaceAll(s.get<std::string>(), "{db}", db), "{src}", COBUY_SOURCE_DIR);
      EXPECT_NE(r.out.find(text), std::string::npos) << "missing '" << text << "' in: " << r.out;
    }
    // An error is one line on stderr.
    if (r.exit_code != 0 && !r.err.empty()) {
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CliGoldenTest, ::testing::ValuesIn(CaseFiles(COBUY_SOURCE_DIR "/tests/cli/cases")),
                         [](const ::testing::TestParamInfo<std::string>& info) { return CaseName(info.param); });

}  // namespace
}  // namespace cobuy::testing
