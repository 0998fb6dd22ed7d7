#include "refdata/cpv_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "refdata/loader.h"

namespace cobuy {
namespace {

CpvCode Code(std::string code, std::map<std::string, std::string> labels) {
  CpvCode c;
  c.code = std::move(code);
  c.code8 = c.code.substr(0, 8);
  c.labels = std::move(labels);
  return c;  // significant digits and level left out: the index derives what it needs
}

// A small vocabulary whose ranking is easy to follow.
std::vector<CpvCode> SmallVocabulary() {
  return {
      Code("30000000-9", {{"en", "Office and computing machinery"}, {"de", "Büromaschinen"}}),
      Code("30200000-1", {{"en", "Computer equipment and supplies"}, {"de", "Computeranlagen"}}),
      Code("30213000-5", {{"en", "Personal computers"}, {"de", "Personalcomputer"}}),
      Code("30213100-6", {{"en", "Portable computers"},
                          {"de", "Tragbare Computer"},
                          {"fr", "Ordinateurs portables"}}),
      Code("30213200-7", {{"en", "Tablet computer"}, {"de", "Tablet-Computer"}}),
      Code("30237270-2", {{"en", "Portable computer carrying cases"},
                          {"de", "Tragetaschen für tragbare Computer"}}),
      Code("32344280-2", {{"en", "Portable radios"}, {"de", "Tragbare Funkgeräte"}}),
      Code("34144511-3", {{"en", "Refuse-collection vehicles"},
                          {"de", "Müllfahrzeuge"},
                          {"fr", "Bennes à ordures"}}),
  };
}

std::vector<std::string> Codes(const std::vector<CpvMatch>& matches) {
  std::vector<std::string> codes;
  for (const CpvMatch& m : matches) codes.push_back(m.code->code);
  return codes;
}

using Strings = std::vector<std::string>;

TEST(CpvIndexTest, FindAcceptsCodeWithOrWithoutCheckDigit) {
  CpvIndex index(SmallVocabulary());
  EXPECT_EQ(index.size(), 8u);
  ASSERT_NE(index.Find("30213100-6"), nullptr);
  EXPECT_EQ(index.Find("30213100-6")->code, "30213100-6");
  EXPECT_EQ(index.Find("30213100"), index.Find("30213100-6"));
  EXPECT_EQ(index.Find("  30213100-6\t"), index.Find("30213100-6"));
  EXPECT_EQ(index.Find("30213100-7"), nullptr);  // wrong check digit
  EXPECT_EQ(index.Find("30213101"), nullptr);
  EXPECT_EQ(index.Find("3021310"), nullptr);
  EXPECT_EQ(index.Find("30213100-"), nullptr);
  EXPECT_EQ(index.Find("3021310a"), nullptr);
  EXPECT_EQ(index.Find(""), nullptr);
}

TEST(CpvIndexTest, RepeatedCodeKeepsTheFirst) {
  std::vector<CpvCode> codes = SmallVocabulary();
  codes.push_back(Code("30213100-6", {{"en", "Another label"}}));
  CpvIndex index(codes);
  EXPECT_EQ(index.size(), 8u);
  EXPECT_EQ(index.Find("30213100")->labels.at("en"), "Portable computers");
  EXPECT_TRUE(index.Search("another", "en", 10).empty());
}

TEST(CpvIndexTest, DigitsSearchByCodePrefixMostGeneralFirst) {
  CpvIndex index(SmallVocabulary());
  EXPECT_EQ(Codes(index.Search("302", "en", 10)),
            (Strings{"30200000-1", "30213000-5", "30213100-6", "30213200-7", "30237270-2"}));
  EXPECT_EQ(Codes(index.Search("3", "en", 3)), (Strings{"30000000-9", "30200000-1", "30213000-5"}));
  EXPECT_EQ(Codes(index.Search(" 30213100-6 ", "en", 10)), (Strings{"30213100-6"}));
  EXPECT_EQ(Codes(index.Search("30213100-", "en", 10)), (Strings{"30213100-6"}));
  EXPECT_TRUE(index.Search("30213100-7", "en", 10).empty());
  EXPECT_TRUE(index.Search("99", "en", 10).empty());

  std::vector<CpvMatch> m = index.Search("30213", "de", 10);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].matched_language, "de");
  EXPECT_EQ(m[0].matched_label, "Personalcomputer");
  EXPECT_DOUBLE_EQ(m[0].score, 1.0);
  EXPECT_DOUBLE_EQ(m[1].score, 0.5);
  // No label in the asked language: English.
  EXPECT_EQ(index.Search("30213", "sv", 1)[0].matched_label, "Personal computers");
}

TEST(CpvIndexTest, WordsMatchAccentAndCaseInsensitivelyInAnyLanguage) {
  CpvIndex index(SmallVocabulary());
  for (const char* query : {"Müllfahrzeuge", "mullfahrzeuge", "MÜLLFAHRZEUGE", "muellfahrzeuge"}) {
    std::vector<CpvMatch> m = index.Search(query, "en", 10);
    if (std::string(query) == "muellfahrzeuge") {
      EXPECT_TRUE(m.empty());  // folding drops accents; it does not transliterate
      continue;
    }
    ASSERT_EQ(m.size(), 1u) << query;
    EXPECT_EQ(m[0].code->code, "34144511-3");
    EXPECT_EQ(m[0].matched_language, "de");
    EXPECT_EQ(m[0].matched_label, "Müllfahrzeuge");
  }
  EXPECT_EQ(Codes(index.Search("bennes a ordures", "fr", 10)), (Strings{"34144511-3"}));
  EXPECT_EQ(Codes(index.Search("refuse collection", "en", 10)), (Strings{"34144511-3"}));
}

TEST(CpvIndexTest, AllWordsMustMatchInTheSameLabel) {
  CpvIndex index(SmallVocabulary());
  // "portable" is English, "computer" German: no single label has both.
  EXPECT_TRUE(index.Search("tragbare computers", "en", 10).empty());
  EXPECT_EQ(Codes(index.Search("tragbare computer", "de", 10)),
            (Strings{"30213100-6", "30237270-2"}));
  EXPECT_TRUE(index.Search("portable nothing", "en", 10).empty());
}

TEST(CpvIndexTest, OnlyTheLastWordIsAPrefix) {
  CpvIndex index(SmallVocabulary());
  EXPECT_EQ(Codes(index.Search("portab", "en", 10)),
            (Strings{"32344280-2", "30213100-6", "30237270-2"}));
  EXPECT_TRUE(index.Search("portab computers", "en", 10).empty());
  EXPECT_EQ(Codes(index.Search("portable comp", "en", 10)), (Strings{"30213100-6", "30237270-2"}));
}

TEST(CpvIndexTest, RankingExactThenWholeWordsThenPrefix) {
  CpvIndex index(SmallVocabulary());
  std::vector<CpvMatch> m = index.Search("portable computers", "en", 10);
  ASSERT_EQ(Codes(m), (Strings{"30213100-6"}));
  EXPECT_DOUBLE_EQ(m[0].score, 3.7);  // exact, asked language, no extra word

  // "computer": a whole word in four codes' labels, only a prefix ("computers") in one.
  // Among the whole-word ones: English labels first, by fewer extra words, then shorter.
  m = index.Search("computer", "en", 10);
  EXPECT_EQ(Codes(m),
            (Strings{"30213200-7", "30200000-1", "30237270-2", "30213100-6", "30213000-5"}));
  EXPECT_EQ(m[0].matched_label, "Tablet computer");
  EXPECT_EQ(m[1].matched_label, "Computer equipment and supplies");
  EXPECT_EQ(m[2].matched_label, "Portable computer carrying cases");
  // A whole word in German outranks a prefix in English.
  EXPECT_EQ(m[3].matched_label, "Tragbare Computer");
  EXPECT_EQ(m[4].matched_label, "Personal computers");
  EXPECT_GT(m[0].score, m[1].score);
  EXPECT_DOUBLE_EQ(m[1].score, m[2].score);  // they differ only in label length
  EXPECT_GT(m[2].score, m[3].score);
  EXPECT_GT(m[3].score, m[4].score);
}

TEST(CpvIndexTest, RankingPrefersTheAskedLanguageThenEnglish) {
  CpvIndex index(SmallVocabulary());
  // Asked in German, 30213100-6 shows its German label, where "computer" is a whole word.
  std::vector<CpvMatch> m = index.Search("computer", "de", 10);
  auto it = std::find_if(m.begin(), m.end(),
                         [](const CpvMatch& x) { return x.code->code == "30213100-6"; });
  ASSERT_NE(it, m.end());
  EXPECT_EQ(it->matched_language, "de");
  EXPECT_EQ(it->matched_label, "Tragbare Computer");
  EXPECT_EQ(m[0].matched_label, "Tablet-Computer");  // as many extra words, shorter
  // Same class, same words: the asked language wins over English, English over others.
  std::vector<CpvCode> codes = {Code("11111111-1", {{"fr", "radio"}}),
                                Code("22222222-2", {{"en", "radio"}}),
                                Code("33333333-3", {{"it", "radio"}})};
  CpvIndex radios(codes);
  EXPECT_EQ(Codes(radios.Search("radio", "it", 10)),
            (Strings{"33333333-3", "22222222-2", "11111111-1"}));
  EXPECT_EQ(Codes(radios.Search("radio", "pl", 10)),
            (Strings{"22222222-2", "11111111-1", "33333333-3"}));
  EXPECT_EQ(Codes(radios.Search("radio", "IT", 10)),
            (Strings{"33333333-3", "22222222-2", "11111111-1"}));
}

TEST(CpvIndexTest, RankingTiesGoToTheMoreGeneralCodeThenTheCode) {
  std::vector<CpvCode> codes = {
      Code("44000000-0", {{"en", "Pumps"}}), Code("43100000-0", {{"en", "Pumps"}}),
      Code("43110000-3", {{"en", "Pumps"}}), Code("42100000-0", {{"en", "Pumps"}})};
  CpvIndex index(codes);
  EXPECT_EQ(Codes(index.Search("pumps", "en", 10)),
            (Strings{"44000000-0", "42100000-0", "43100000-0", "43110000-3"}));
}

TEST(CpvIndexTest, EachCodeOnceAndLimitRespected) {
  CpvIndex index(SmallVocabulary());
  std::vector<CpvMatch> all = index.Search("c", "en", 100);
  std::vector<std::string> codes = Codes(all);
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(std::adjacent_find(codes.begin(), codes.end()), codes.end());
  EXPECT_EQ(index.Search("c", "en", 2).size(), 2u);
  EXPECT_EQ(Codes(index.Search("c", "en", 2)), (Strings{Codes(all)[0], Codes(all)[1]}));
  EXPECT_TRUE(index.Search("c", "en", 0).empty());
}

TEST(CpvIndexTest, EmptyOrPunctuationQueryFindsNothing) {
  CpvIndex index(SmallVocabulary());
  EXPECT_TRUE(index.Search("", "en", 10).empty());
  EXPECT_TRUE(index.Search("   ", "en", 10).empty());
  EXPECT_TRUE(index.Search("-- ,", "en", 10).empty());
  EXPECT_TRUE(index.Search("zzz", "en", 10).empty());
}

TEST(CpvIndexTest, EmptyIndex) {
  CpvIndex index({});
  EXPECT_EQ(index.size(), 0u);
  EXPECT_EQ(index.Find("30213100"), nullptr);
  EXPECT_TRUE(index.Search("3", "en", 10).empty());
  EXPECT_TRUE(index.Search("computer", "en", 10).empty());
}

TEST(CpvIndexTest, PointersSurviveAMove) {
  CpvIndex index(SmallVocabulary());
  const CpvCode* found = index.Find("30213100");
  CpvIndex moved(std::move(index));
  EXPECT_EQ(moved.Find("30213100"), found);
  EXPECT_EQ(moved.Search("portable computers", "en", 1)[0].code, found);
}

// The real vocabulary, indexed once for the tests below.
const CpvIndex& RealIndex() {
  static const CpvIndex index = [] {
    Result<ReferenceData> data = LoadReferenceData(COBUY_SOURCE_DIR "/data/ref");
    if (!data.ok()) ADD_FAILURE() << data.status().ToString();
    return CpvIndex(data.ok() ? data->cpv : std::vector<CpvCode>{});
  }();
  return index;
}

TEST(CpvIndexRealDataTest, Size) { EXPECT_EQ(RealIndex().size(), 9454u); }

// Every label, searched for as a query in its language, finds its own code as an exact
// match: the index and the query are tokenized alike. Checked on a sample of codes.
TEST(CpvIndexRealDataTest, EveryLabelFindsItsCodeExactly) {
  const CpvIndex& index = RealIndex();
  int checked = 0;
  for (const char* code8 : {"03117140", "09310000", "30213100", "33192120", "34144511", "39130000",
                            "45000000", "48000000", "71000000", "90910000", "98000000"}) {
    const CpvCode* code = index.Find(code8);
    ASSERT_NE(code, nullptr) << code8;
    for (const auto& [lang, label] : code->labels) {
      std::vector<CpvMatch> matches = index.Search(label, lang, 200);
      auto it = std::find_if(matches.begin(), matches.end(),
                             [code](const CpvMatch& m) { return m.code == code; });
      ASSERT_NE(it, matches.end()) << code->code << " " << lang << " " << label;
      EXPECT_GE(it->score, 3.0) << code->code << " " << lang << " " << label;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 11 * 23 - 2);
}

TEST(CpvIndexRealDataTest, SafeToSearchFromManyThreads) {
  const CpvIndex& index = RealIndex();
  const std::vector<std::string> queries = {"portable computers", "mull", "3414", "ordinateurs",
                                            "co"};
  std::vector<std::vector<std::string>> expected;
  for (const std::string& q : queries) expected.push_back(Codes(index.Search(q, "en", 20)));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        for (size_t q = 0; q < queries.size(); ++q) {
          if (Codes(index.Search(queries[q], "en", 20)) != expected[q])
            ++mismatches[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches, (std::vector<int>{0, 0, 0, 0}));
}

// Golden cases: tests/cpv_search_golden.tsv, one per line:
//   query <TAB> lang <TAB> expected code <TAB> max rank
// '#' starts a comment line. Adding a case means adding a line.
struct GoldenCase {
  int line = 0;
  std::string query, lang, code;
  size_t max_rank = 0;
  std::string error;  // a malformed line, reported as a failure
};

std::vector<GoldenCase> ReadGoldenCases() {
  const std::string path = COBUY_SOURCE_DIR "/src/refdata/tests/cpv_search_golden.tsv";
  std::ifstream in(path);
  std::vector<GoldenCase> cases;
  if (!in) {
    cases.push_back({.error = "cannot open " + path});
    return cases;
  }
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty() || text[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream s(text);
    for (std::string field; std::getline(s, field, '\t');) fields.push_back(field);
    GoldenCase c{.line = line};
    if (fields.size() != 4) {
      c.error = "expected 4 tab-separated fields: " + text;
    } else {
      c.query = fields[0];
      c.lang = fields[1];
      c.code = fields[2];
      c.max_rank = std::strtoul(fields[3].c_str(), nullptr, 10);
      if (c.max_rank == 0) c.error = "max rank must be a positive number: " + fields[3];
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

// One test for the whole file: ctest runs each test in its own process, and each would
// build the index again. Every failing line is reported with what was found instead.
TEST(CpvSearchGoldenTest, EveryCaseFindsItsCodeWithinItsRank) {
  const std::vector<GoldenCase> cases = ReadGoldenCases();
  ASSERT_FALSE(cases.empty()) << "no cases in cpv_search_golden.tsv";
  for (const GoldenCase& c : cases) {
    if (!c.error.empty()) {
      ADD_FAILURE() << "cpv_search_golden.tsv:" << c.line << ": " << c.error;
      continue;
    }
    if (RealIndex().Find(c.code) == nullptr) {
      ADD_FAILURE() << "cpv_search_golden.tsv:" << c.line << ": unknown expected code " << c.code;
      continue;
    }
    std::vector<CpvMatch> matches = RealIndex().Search(c.query, c.lang, 10 + c.max_rank);
    size_t rank = 0;
    for (size_t i = 0; i < matches.size() && rank == 0; ++i) {
      if (matches[i].code->code == c.code) rank = i + 1;
    }
    if (rank >= 1 && rank <= c.max_rank) continue;
    std::string got;
    for (size_t i = 0; i < matches.size(); ++i) {
      got += "\n  " + std::to_string(i + 1) + ". " + matches[i].code->code + " [" +
             matches[i].matched_language + "] " + matches[i].matched_label;
    }
    ADD_FAILURE() << "cpv_search_golden.tsv:" << c.line << ": '" << c.query << "' [" << c.lang
                  << "] expected " << c.code << " at rank <= " << c.max_rank << ", got "
                  << (rank == 0 ? std::string("none") : "rank " + std::to_string(rank)) << got;
  }
  RecordProperty("cases", static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace cobuy
