// Relevance golden file: relevance.tsv lists queries, each with the ocids that must appear in
// its top 10, over three corpora: "real" (every dataset in ../shared/data/ocds/real),
// "generated" (cobuy gen, seed 2026, 3000 releases) and "fixture" (search_fixture.jsonl),
// built once per run by the search_corpus fixtures (relevance_corpus.h).
// Adding a case means adding a line: corpus <TAB> query string <TAB> ocids <TAB> why.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "relevance_corpus.h"
#include "search/search.h"

namespace cobuy::search {
namespace {

namespace fs = std::filesystem;

// The test process's own folder for its copies of the indexes, removed when it ends.
struct CopyFolder {
  CopyFolder() {
    std::string pattern = (fs::temp_directory_path() / "cobuy-relevance-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~CopyFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string path;
};

// One index per corpus and test process: a copy of the one the fixture built
// ($COBUY_CORPUS_DIR), or else built here on first use.
SearchIndex& Corpus(const std::string& corpus) {
  static std::map<std::string, std::unique_ptr<SearchIndex>> indexes;
  static CopyFolder copies;
  auto it = indexes.find(corpus);
  if (it != indexes.end()) return *it->second;
  std::string path;
  if (const char* folder = std::getenv("COBUY_CORPUS_DIR"); folder && *folder) {
    if (!fs::exists(testing::CorpusDoneIn(folder, corpus))) {
      throw std::runtime_error("no " + corpus + " corpus in " + folder + ": run its fixture (search_corpus)");
    }
    path = copies.path + "/" + corpus;
    fs::copy(testing::CorpusIndexIn(folder, corpus), path, fs::copy_options::recursive);
  } else {
    auto built = testing::BuildCorpusIndex(corpus);
    if (!built.ok()) throw std::runtime_error(built.status().ToString());
    path = *built;
  }
  auto index = SearchIndex::Open(path);
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
        << want << " is not in the top 10 of '" << c.query << "' (" << c.why
        << "); top: " << ::testing::PrintToString(top);
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, Relevance, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.corpus + "_line" + std::to_string(info.param.line);
                         });

}  // namespace
}  // namespace cobuy::search
