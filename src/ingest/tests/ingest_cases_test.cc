// Data-driven ingest cases: each file in cases/ gives SQL to run first (optional), the input
// files (as JSON values or as raw text), the expected counts of one or more ingest runs, the expected problems (severity,
// file, offset, ocid, code) and SQL queries over the register with their expected rows.
// Adding a case means adding a file.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ingest_test_support.h"

namespace cobuy::ingest::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> CaseFiles() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(std::string(COBUY_SOURCE_DIR) + "/src/ingest/tests/cases")) {
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class IngestCase : public ::testing::TestWithParam<std::string> {};

TEST_P(IngestCase, Matches) {
  std::ifstream in(GetParam());
  nlohmann::json c = nlohmann::json::parse(in);
  std::string db = FreshDatabase();
  std::string dir = fs::path(db).parent_path().string();
  // Input files: {"name": ..., "copy": "path in the repository"}, {"name": ..., "text": "..."},
  // {"name": ..., "json": value} or {"name": ..., "lines": [values]} (JSON Lines).
  std::vector<std::string> paths;
  for (const auto& f : c["files"]) {
    std::string path = dir + "/" + f["name"].get<std::string>();
    std::ofstream out(path);
    if (f.contains("copy")) {
      std::ifstream src(std::string(COBUY_SOURCE_DIR) + "/" + f["copy"].get<std::string>());
      ASSERT_TRUE(src) << f["copy"];
      out << src.rdbuf();
    } else if (f.contains("text")) {
      out << f["text"].get<std::string>();
    } else if (f.contains("json")) {
      out << f["json"].dump();
    } else {
      for (const auto& line : f["lines"]) out << line.dump() << "\n";
    }
    paths.push_back(path);
  }
  // "setup": SQL run before ingesting (e.g. Cobuy organisations with identifiers).
  for (const auto& sql : c.value("setup", nlohmann::json::array())) Exec(db, sql.get<std::string>());
  Env env(db);
  int n = 0;
  for (const auto& expected : c["runs"]) {
    SCOPED_TRACE("run " + std::to_string(++n));
    auto run = env.Ingest(paths);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    nlohmann::json got = {{"read", run->releases_read},         {"new", run->releases_new},
                          {"unchanged", run->releases_unchanged}, {"rejected", run->releases_rejected},
                          {"warnings", run->warnings},           {"compiled", run->processes_compiled}};
    EXPECT_EQ(got, expected["counts"]);
    auto problems = env.reg->ListIngestProblems(run->id);
    ASSERT_TRUE(problems.ok());
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& p : *problems) {
      listed.push_back({std::string(SeverityName(p.severity)), fs::path(p.file).filename().string(), p.offset, p.ocid,
                        p.code});
    }
    EXPECT_EQ(listed, expected.value("problems", nlohmann::json::array())) << listed.dump(1);
  }
  for (const auto& q : c.value("queries", nlohmann::json::array())) {
    nlohmann::json rows = Query(db, q["sql"].get<std::string>());
    EXPECT_EQ(rows, q["rows"]) << q["sql"].get<std::string>() << "\n got: " << rows.dump();
  }
}

std::string Name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, IngestCase, ::testing::ValuesIn(CaseFiles()), Name);

}  // namespace
}  // namespace cobuy::ingest::testing
