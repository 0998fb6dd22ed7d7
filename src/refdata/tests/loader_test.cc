#include "refdata/loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cobuy {
namespace {

namespace fs = std::filesystem;

const fs::path kRefDir = COBUY_SOURCE_DIR "/data/ref";

// The real data, loaded once for all tests.
const ReferenceData& Data() {
  static const Result<ReferenceData> data = LoadReferenceData(kRefDir);
  if (!data.ok()) {
    ADD_FAILURE() << data.status().ToString();
    static const ReferenceData empty;
    return empty;
  }
  return *data;
}

const Country* FindCountry(const std::string& code) {
  for (const Country& c : Data().countries) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const CpvCode* FindCpv(const std::string& code) {
  for (const CpvCode& c : Data().cpv) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

TEST(LoadReferenceDataTest, Counts) {
  const ReferenceData& data = Data();
  EXPECT_EQ(data.cpv.size(), 9454u);
  EXPECT_EQ(data.countries.size(), 250u);
  EXPECT_EQ(data.nuts.size(), 1903u);
  EXPECT_EQ(data.currencies.size(), 179u);
  // 6,983 days x 41 currencies, less the N/A cells.
  EXPECT_EQ(data.fx_rates.size(), 217555u);
}

TEST(LoadReferenceDataTest, CpvLevelsMatchTheOfficialFigures) {
  int by_digits[9] = {};
  int divisions = 0;
  for (const CpvCode& c : Data().cpv) {
    ASSERT_GE(c.significant_digits, 2);
    ASSERT_LE(c.significant_digits, 8);
    ++by_digits[c.significant_digits];
    if (c.level == CpvLevel::kDivision) ++divisions;
    EXPECT_EQ(c.labels.count("en"), 1u) << c.code;
  }
  EXPECT_EQ(divisions, 45);
  EXPECT_EQ(by_digits[3], 272);
  EXPECT_EQ(by_digits[4], 1002);
  EXPECT_EQ(by_digits[5], 2379);
  EXPECT_EQ(by_digits[6], 3140);
  EXPECT_EQ(by_digits[7], 1811);
  EXPECT_EQ(by_digits[8], 805);
}

TEST(LoadReferenceDataTest, Countries) {
  const Country* de = FindCountry("DE");
  ASSERT_NE(de, nullptr);
  EXPECT_EQ(de->alpha3, "DEU");
  EXPECT_EQ(de->name_en, "Germany");
  EXPECT_EQ(de->flag, "🇩🇪");
  EXPECT_TRUE(de->eu);
  EXPECT_TRUE(de->eea);
  EXPECT_FALSE(de->efta);
  EXPECT_TRUE(de->eligible());
  EXPECT_EQ(de->nuts_code, "DE");
  EXPECT_EQ(de->currencies, (std::vector<std::string>{"EUR"}));
  EXPECT_EQ(de->names.at("de"), "Deutschland");
  EXPECT_EQ(de->names.at("fr"), "Allemagne");
  EXPECT_EQ(de->names.size(), 24u);

  const Country* no = FindCountry("NO");
  ASSERT_NE(no, nullptr);
  EXPECT_FALSE(no->eu);
  EXPECT_TRUE(no->eea);
  EXPECT_TRUE(no->efta);
  EXPECT_TRUE(no->eligible());

  const Country* ch = FindCountry("CH");
  ASSERT_NE(ch, nullptr);
  EXPECT_FALSE(ch->eu);
  EXPECT_FALSE(ch->eea);
  EXPECT_TRUE(ch->efta);
  EXPECT_TRUE(ch->eligible());
  EXPECT_EQ(ch->currencies, (std::vector<std::string>{"CHF", "CHE", "CHW"}));

  const Country* gb = FindCountry("GB");
  ASSERT_NE(gb, nullptr);
  EXPECT_FALSE(gb->eu);
  EXPECT_FALSE(gb->eea);
  EXPECT_FALSE(gb->efta);
  EXPECT_FALSE(gb->eligible());
  EXPECT_EQ(gb->nuts_code, "UK");

  EXPECT_EQ(FindCountry("GR")->nuts_code, "EL");
  // No EU label for the French overseas departments: left out, not empty.
  EXPECT_EQ(FindCountry("GF")->names.count("de"), 0u);

  const int eu = static_cast<int>(std::count_if(Data().countries.begin(), Data().countries.end(),
                                                [](const Country& c) { return c.eu; }));
  const int eea = static_cast<int>(std::count_if(Data().countries.begin(), Data().countries.end(),
                                                 [](const Country& c) { return c.eea; }));
  const int eligible =
      static_cast<int>(std::count_if(Data().countries.begin(), Data().countries.end(),
                                     [](const Country& c) { return c.eligible(); }));
  EXPECT_EQ(eu, 27);
  EXPECT_EQ(eea, 30);
  EXPECT_EQ(eligible, 31);  // EEA plus Switzerland
}

TEST(LoadReferenceDataTest, CpvRecord) {
  const CpvCode* c = FindCpv("30213100-6");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->code8, "30213100");
  EXPECT_EQ(c->parent, "30213000-5");
  // Six significant digits: below the category level in CPV terms.
  EXPECT_EQ(c->significant_digits, 6);
  EXPECT_EQ(c->level, CpvLevel::kSubcategory);
  EXPECT_EQ(c->labels.at("en"), "Portable computers");
  EXPECT_EQ(c->labels.at("de"), "Tragbare Computer");
  EXPECT_EQ(c->labels.at("fr"), "Ordinateurs portables");
  EXPECT_EQ(c->labels.size(), 23u);

  const CpvCode* parent = FindCpv("30213000-5");
  ASSERT_NE(parent, nullptr);
  EXPECT_EQ(parent->level, CpvLevel::kCategory);
  EXPECT_EQ(parent->significant_digits, 5);
  EXPECT_EQ(parent->parent, "30210000-4");
  EXPECT_EQ(parent->labels.at("en"), "Personal computers");

  const CpvCode* division = FindCpv("03000000-1");
  ASSERT_NE(division, nullptr);
  EXPECT_EQ(division->level, CpvLevel::kDivision);
  EXPECT_EQ(division->parent, "");
  EXPECT_EQ(Data().cpv.front().code, "03000000-1");  // file order

  // The official file has no Hungarian or Italian label here.
  const CpvCode* gap = FindCpv("03117140-7");
  ASSERT_NE(gap, nullptr);
  EXPECT_EQ(gap->labels.count("hu"), 0u);
  EXPECT_EQ(gap->labels.count("it"), 0u);
  EXPECT_EQ(gap->labels.size(), 21u);
}

TEST(LoadReferenceDataTest, NutsCurrenciesAndRates) {
  const auto& nuts = Data().nuts;
  auto de212 =
      std::find_if(nuts.begin(), nuts.end(), [](const NutsRegion& r) { return r.code == "DE212"; });
  ASSERT_NE(de212, nuts.end());
  EXPECT_EQ(de212->country_code, "DE");
  EXPECT_EQ(de212->level, 3);
  EXPECT_EQ(de212->parent, "DE21");
  EXPECT_EQ(de212->name, "München, Kreisfreie Stadt");
  auto el30 =
      std::find_if(nuts.begin(), nuts.end(), [](const NutsRegion& r) { return r.code == "EL30"; });
  ASSERT_NE(el30, nuts.end());
  EXPECT_EQ(el30->name_latin, "Attiki");

  const auto& currencies = Data().currencies;
  auto eur = std::find_if(currencies.begin(), currencies.end(),
                          [](const Currency& c) { return c.code == "EUR"; });
  ASSERT_NE(eur, currencies.end());
  EXPECT_EQ(eur->numeric, "978");
  EXPECT_EQ(eur->minor_units, 2);
  EXPECT_EQ(eur->name, "Euro");
  auto jpy = std::find_if(currencies.begin(), currencies.end(),
                          [](const Currency& c) { return c.code == "JPY"; });
  EXPECT_EQ(jpy->minor_units, 0);
  auto xau = std::find_if(currencies.begin(), currencies.end(),
                          [](const Currency& c) { return c.code == "XAU"; });
  EXPECT_EQ(xau->minor_units, 0);  // "N.A." in ISO 4217

  const auto& rates = Data().fx_rates;
  ASSERT_FALSE(rates.empty());
  EXPECT_EQ(rates.front().date, "2026-04-13");
  EXPECT_EQ(rates.front().currency, "USD");
  EXPECT_DOUBLE_EQ(rates.front().rate, 1.1684);
  EXPECT_EQ(rates.back().date, "1999-01-04");
  auto gbp_1999 = std::find_if(rates.begin(), rates.end(), [](const FxRate& r) {
    return r.date == "1999-01-04" && r.currency == "GBP";
  });
  ASSERT_NE(gbp_1999, rates.end());
  EXPECT_DOUBLE_EQ(gbp_1999->rate, 0.7111);
  // N/A cells are skipped: no BGN after the euro changeover, no RUB after 2022-03-01.
  std::string last_bgn, last_rub;
  for (const FxRate& r : rates) {
    if (r.currency == "BGN") last_bgn = std::max(last_bgn, r.date);
    if (r.currency == "RUB") last_rub = std::max(last_rub, r.date);
  }
  EXPECT_EQ(last_bgn, "2025-12-31");
  EXPECT_EQ(last_rub, "2022-03-01");
}

TEST(LoadReferenceDataTest, ChecksumIsAHexDigestOfTheFiles) {
  const std::string& sum = Data().checksum;
  EXPECT_EQ(sum.size(), 64u);
  EXPECT_EQ(sum.find_first_not_of("0123456789abcdef"), std::string::npos);
}

// A copy of data/ref in a temporary directory, to break files in.
class BrokenDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cobuy_refdata_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::copy(kRefDir, dir_, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Read(const std::string& file) {
    std::ifstream in(dir_ / file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void Write(const std::string& file, const std::string& text) {
    std::ofstream out(dir_ / file, std::ios::binary | std::ios::trunc);
    out << text;
  }
  // Replaces the first occurrence of `from` in `file`.
  void Replace(const std::string& file, const std::string& from, const std::string& to) {
    std::string text = Read(file);
    size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    Write(file, text);
  }

  fs::path dir_;
};

TEST_F(BrokenDataTest, BadFlagNamesFileLineAndColumn) {
  Replace("countries/countries.csv", "DE,DEU,276,🇩🇪,Germany,DEU,1,1,0,",
          "DE,DEU,276,🇩🇪,Germany,DEU,x,1,0,");
  EXPECT_EQ(
      LoadReferenceData(dir_).status(),
      InvalidArgument("countries/countries.csv:81: column eu_member: expected 0 or 1, got 'x'",
                      "eu_member"));
}

TEST_F(BrokenDataTest, MissingColumn) {
  Replace("countries/countries.csv", ",eea_member,", ",eea,");
  EXPECT_EQ(LoadReferenceData(dir_).status(),
            InvalidArgument("countries/countries.csv:1: missing column 'eea_member'"));
}

TEST_F(BrokenDataTest, UnterminatedQuote) {
  Write("countries/countries.csv", Read("countries/countries.csv") + "ZZ,\"ZZZ,999\n");
  EXPECT_EQ(
      LoadReferenceData(dir_).status(),
      InvalidArgument("countries/countries.csv:252: unterminated quoted field in column 'alpha3'"));
}

TEST_F(BrokenDataTest, DuplicateCountry) {
  Write("countries/countries.csv", Read("countries/countries.csv") +
                                       "DE,DEU,276,🇩🇪,Germany,DEU,1,1,0,DE,EUR" +
                                       std::string(24, ',') + "\n");
  EXPECT_EQ(
      LoadReferenceData(dir_).status(),
      InvalidArgument("countries/countries.csv:252: duplicate country DE (first at line 81)"));
}

TEST_F(BrokenDataTest, MissingFile) {
  fs::remove(dir_ / "nuts/nuts_2024.csv");
  Status status = LoadReferenceData(dir_).status();
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "nuts/nuts_2024.csv: cannot open " +
                                  (dir_ / "nuts/nuts_2024.csv").string() +
                                  ": No such file or directory");
}

TEST_F(BrokenDataTest, UnknownCpvParent) {
  Replace("cpv/cpv_2008_main_structure.csv", "30213100-6,30213100,6,subcategory_1,30213000-5",
          "30213100-6,30213100,6,subcategory_1,30213999-9");
  EXPECT_EQ(LoadReferenceData(dir_).status(),
            InvalidArgument("cpv/cpv_2008_main_structure.csv:1965: column parent_code: parent "
                            "'30213999-9' of 30213100-6 is not a known code",
                            "parent_code"));
}

TEST_F(BrokenDataTest, CpvLevelDisagreesWithDigits) {
  Replace("cpv/cpv_2008_main_structure.csv", "30213100-6,30213100,6,subcategory_1,",
          "30213100-6,30213100,6,category,");
  EXPECT_EQ(LoadReferenceData(dir_).status(),
            InvalidArgument("cpv/cpv_2008_main_structure.csv:1965: column level_name: expected the "
                            "level name for 6 significant digits, got 'category'",
                            "level_name"));
}

TEST_F(BrokenDataTest, BadRate) {
  Replace("fx/ecb_eurofxref_hist.csv", "2026-04-10,1.1711,", "2026-04-10,1.17.11,");
  EXPECT_EQ(
      LoadReferenceData(dir_).status(),
      InvalidArgument("fx/ecb_eurofxref_hist.csv:3: column USD: expected a positive number or "
                      "N/A, got '1.17.11'",
                      "USD"));
}

TEST_F(BrokenDataTest, ChecksumFollowsTheBytes) {
  Result<ReferenceData> same = LoadReferenceData(dir_);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->checksum, Data().checksum);  // the directory does not matter
  Replace("cpv/cpv_2008_main.csv", "Portable computers", "Portable Computers");
  Result<ReferenceData> changed = LoadReferenceData(dir_);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_NE(changed->checksum, Data().checksum);
}

}  // namespace
}  // namespace cobuy
