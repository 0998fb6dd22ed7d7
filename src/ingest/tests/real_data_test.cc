// Every dataset of real published OCDS data in ../shared/data/ocds/real ingests without a
// crash, with the counts and problem kinds listed in real_data_expected.tsv (one line per
// dataset: folder, files, read, new, unchanged, rejected, warnings, compiled, problem kinds).
// Adding a dataset means adding a line.
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ingest_test_support.h"

namespace cobuy::ingest::testing {
namespace {

namespace fs = std::filesystem;

struct Expected {
  std::string folder;
  std::string line;
  friend void PrintTo(const Expected& e, std::ostream* os) { *os << e.folder; }
};

std::vector<Expected> Lines() {
  std::vector<Expected> out;
  std::ifstream in(std::string(COBUY_SOURCE_DIR) + "/src/ingest/tests/real_data_expected.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    out.push_back({line.substr(0, line.find('\t')), line});
  }
  return out;
}

class RealData : public ::testing::TestWithParam<Expected> {};

TEST_P(RealData, IngestsWithTheExpectedReport) {
  fs::path root = fs::path(COBUY_SHARED_DIR) / "data/ocds/real" / GetParam().folder;
  ASSERT_TRUE(fs::exists(root)) << root;
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::string db = FreshDatabase();
  std::string report = db + ".report.jsonl";
  Env env(db);
  auto run = env.Ingest(files, report);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  auto problems = env.reg->ListIngestProblems(run->id);
  ASSERT_TRUE(problems.ok());
  std::map<std::string, int> kinds;
  for (const auto& p : *problems) ++kinds[std::string(SeverityName(p.severity)) + ":" + p.code];
  // The report lists the same problems as the table.
  std::ifstream in(report);
  int report_lines = 0;
  for (std::string l; std::getline(in, l);) ++report_lines;
  EXPECT_EQ(report_lines, static_cast<int>(problems->size()));

  std::string got = fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t", GetParam().folder, files.size(), run->releases_read,
                                run->releases_new, run->releases_unchanged, run->releases_rejected, run->warnings,
                                run->processes_compiled);
  bool first = true;
  for (const auto& [k, n] : kinds) {
    got += fmt::format("{}{}={}", first ? "" : " ", k, n);
    first = false;
  }
  EXPECT_EQ(got, GetParam().line);

  // Ingesting the same files again changes nothing.
  auto again = env.Ingest(files);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->releases_new, 0u);
  EXPECT_EQ(again->processes_compiled, 0u);
  EXPECT_EQ(again->releases_read, run->releases_read);
}

std::string Name(const ::testing::TestParamInfo<Expected>& info) {
  std::string name = info.param.folder;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Datasets, RealData, ::testing::ValuesIn(Lines()), Name);

}  // namespace
}  // namespace cobuy::ingest::testing
