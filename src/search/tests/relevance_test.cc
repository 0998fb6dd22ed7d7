// Relevance golden file: relevance.tsv lists queries, each with the ocids that must appear in
// its top 10, over three corpora: "real" (every dataset in ../shared/data/ocds/real),
// "generated" (cobuy gen, seed 2026, 3000 releases) and "fixture" (search_fixture.jsonl).
// Adding a case means adding a line: corpus <TAB> query string <TAB> ocids <TAB> why.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../../ingest/tests/ingest_test_support.h"
#include "gen/gen.h"
#include "refdata/loader.h"
#include "search/search.h"

namespace cobuy::search {
namespace {

namespace fs = std::filesystem;
using ingest::testing::Env;
using ingest::testing::FreshDatabase;

const ReferenceData& Reference() {
  static const ReferenceData data = [] {
    auto d = LoadReferenceData(std::string(COBUY_SOURCE_DIR) + "/data/ref");
    if (!d.ok()) throw std::runtime_error(d.status().ToString());
    return *d;
  }();
  return data;
}

std::vector<std::string> CorpusFiles(const std::string& corpus, const std::string& dir) {
  if (corpus == "fixture") return {std::string(COBUY_SOURCE_DIR) + "/src/search/tests/search_fixture.jsonl"};
  if (corpus == "generated") {
    std::string path = dir + "/generated.jsonl";
    std::ofstream out(path, std::ios::binary);
    gen::GenOptions options;
    options.seed = 2026;
    options.releases = 3000;
    Status s = gen::WriteGenerated(options, Reference(), gen::Format::kJsonl, false, [&out](std::string_view bytes) {
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      return Status::Ok();
    });
    if (!s.ok()) throw std::runtime_error(s.ToString());
    return {path};
  }
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(COBUY_SHARED_DIR) / "data/ocds/real")) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One index per corpus, built on first use.
SearchIndex& Corpus(const std::string& corpus) {
  static std::map<std::string, std::unique_ptr<SearchIndex>> indexes;
  auto it = indexes.find(corpus);
  if (it != indexes.end()) return *it->second;
  std::string db = FreshDatabase();
  Env env(db);
  auto run = env.Ingest(CorpusFiles(corpus, fs::path(db).parent_path().string()));
  if (!run.ok()) throw std::runtime_error(run.status().ToString());
  static const CpvLabels labels = CpvLabels::FromReference(Reference().cpv);
  auto writer = IndexWriter::Open(IndexPathFor(db), labels);
  if (!writer.ok()) throw std::runtime_error(writer.status().ToString());
  FixedClock clock(1780000000);
  if (auto s = (*writer)->Update(*env.reg, clock); !s.ok()) throw std::runtime_error(s.status().ToString());
  auto index = SearchIndex::Open(IndexPathFor(db));
  if (!index.ok()) throw std::runtime_error(index.status().ToString());
  return *indexes.emplace(corpus, std::move(*index)).first->second;
}

struct Case {
  int line = 0;
  std::string corpus, query, why;
  std::vector<std::string> ocids;
  friend void PrintTo(const Case& c, std::ostream* os) { *os << "line " << c.line << ": " << c.query; }
};

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t i = 0;
  while (true) {
    size_t j = s.find(sep, i);
    out.push_back(s.substr(i, j == std::string::npos ? std::string::npos : j - i));
    if (j == std::string::npos) return out;
    i = j + 1;
  }
}

std::vector<Case> Cases() {
  std::vector<Case> out;
  std::ifstream in(std::string(COBUY_SOURCE_DIR) + "/src/search/tests/relevance.tsv");
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    auto cols = Split(line, '\t');
    if (cols.size() < 3) throw std::runtime_error("relevance.tsv line " + std::to_string(n) + ": three columns needed");
    Case c{n, cols[0], cols[1], cols.size() > 3 ? cols[3] : "", {}};
    for (const std::string& o : Split(cols[2], ' '))
      if (!o.empty()) c.ocids.push_back(o);
    out.push_back(std::move(c));
  }
  return out;
}

// "q=a%20b&country=NL" -> params (values are percent-decoded).
Params ParseQueryString(const std::string& s) {
  Params out;
  for (const std::string& pair : Split(s, '&')) {
    size_t eq = pair.find('=');
    std::string key = pair.substr(0, eq), raw = eq == std::string::npos ? "" : pair.substr(eq + 1), value;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '%' && i + 2 < raw.size()) {
        value += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        value += raw[i] == '+' ? ' ' : raw[i];
      }
    }
    out.emplace(key, value);
  }
  return out;
}

class Relevance : public ::testing::TestWithParam<Case> {};

TEST_P(Relevance, ExpectedProcessesAreInTheTopTen) {
  const Case& c = GetParam();
  auto q = ParseSearchParams(ParseQueryString(c.query), "2026-06-01");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  q->limit = 10;
  q->facets = false;
  auto r = Corpus(c.corpus).Search(*q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> top;
  for (const SearchHit& h : r->hits) top.push_back(h.ocid);
  for (const std::string& want : c.ocids) {
    EXPECT_NE(std::find(top.begin(), top.end(), want), top.end())
        << want << " is not in the top 10 of '" << c.query << "' (" << c.why << "); top: "
        << ::testing::PrintToString(top);
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, Relevance, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.corpus + "_line" + std::to_string(info.param.line);
                         });

}  // namespace
}  // namespace cobuy::search
