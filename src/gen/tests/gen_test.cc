#include "gen/gen.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "ocds/value.h"
#include "refdata/loader.h"

namespace cobuy::gen {
namespace {

using ocds::Value;

const ReferenceData& Ref() {
  static const ReferenceData* ref = [] {
    auto r = LoadReferenceData(COBUY_SOURCE_DIR "/data/ref");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return new ReferenceData(std::move(r).value());
  }();
  return *ref;
}

std::vector<std::string> Lines(const GenOptions& opt) {
  std::vector<std::string> out;
  Status s = Generate(opt, Ref(), [&](std::string_view r) { out.emplace_back(r); });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::string Bytes(const GenOptions& opt, Format format, bool gzip = false) {
  std::string out;
  Status s = WriteGenerated(opt, Ref(), format, gzip, [&](std::string_view b) {
    out.append(b);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::uint64_t Fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

GenOptions Options(std::int64_t releases, std::uint64_t seed = 1) {
  GenOptions o;
  o.seed = seed;
  o.releases = releases;
  return o;
}

std::string Str(const Value& v, std::string_view key) {
  const Value* x = v.Find(key);
  return x && x->is_string() ? x->as_string() : std::string();
}

TEST(GenTest, SameSeedSameBytesDifferentSeedDifferentBytes) {
  std::string a = Bytes(Options(3000), Format::kJsonl);
  std::string b = Bytes(Options(3000), Format::kJsonl);
  std::string c = Bytes(Options(3000, 2), Format::kJsonl);
  EXPECT_EQ(Fnv1a(a), Fnv1a(b));
  EXPECT_EQ(a.size(), b.size());
  EXPECT_NE(Fnv1a(a), Fnv1a(c));
  // A small window changes the order only, never the set of releases.
  GenOptions small = Options(3000);
  small.window = 1;
  std::vector<std::string> x = Lines(Options(3000)), y = Lines(small);
  EXPECT_NE(x, y);
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  EXPECT_EQ(x, y);
}

TEST(GenTest, ExactReleaseCount) {
  for (std::int64_t n : {0, 1, 2, 7, 1234}) {
    EXPECT_EQ(Lines(Options(n)).size(), static_cast<size_t>(n)) << n;
    std::string jsonl = Bytes(Options(n), Format::kJsonl);
    EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), n);
  }
}

TEST(GenTest, EveryReleaseParsesWithOcidIdDateTag) {
  std::vector<std::string> lines = Lines(Options(5000));
  ASSERT_EQ(lines.size(), 5000u);
  int without_date = 0, string_tags = 0;
  for (const std::string& line : lines) {
    auto v = Value::Parse(line);
    ASSERT_TRUE(v.ok()) << line;
    EXPECT_EQ(Str(*v, "ocid").rfind("ocds-synth1-1-", 0), 0u) << line;
    EXPECT_FALSE(Str(*v, "id").empty());
    const Value* date = v->Find("date");
    if (!date) {
      ++without_date;
    } else {
      ASSERT_TRUE(date->is_string());
      EXPECT_EQ(date->as_string().size(), 20u);
      EXPECT_EQ(date->as_string().back(), 'Z');
      EXPECT_LE(date->as_string(), "2026-06-30T23:59:59Z");
      EXPECT_GE(date->as_string(), "2020-06-30T00:00:00Z");
    }
    const Value* tag = v->Find("tag");
    ASSERT_NE(tag, nullptr);
    if (tag->is_string()) {
      ++string_tags;
    } else {
      EXPECT_EQ(tag->as_array().size(), 1u);
    }
    EXPECT_EQ(Str(*v, "initiationType"), "tender");
    ASSERT_NE(v->Find("parties"), nullptr);
    ASSERT_NE(v->Find("buyer"), nullptr);
    ASSERT_NE(v->Find("tender"), nullptr);
  }
  // The quirks at their default rates are there, but rare.
  EXPECT_GT(without_date, 0);
  EXPECT_LT(without_date, 50);
  EXPECT_GT(string_tags, 0);
  EXPECT_LT(string_tags, 60);
}

// Ids are unique per ocid, except a release repeated verbatim; releases of one ocid come in
// date order and in stage order.
TEST(GenTest, IdsUniquePerOcidAndStagesInDateOrder) {
  std::vector<std::string> lines = Lines(Options(20000));
  std::map<std::string, std::map<std::string, std::string>> by_ocid;  // ocid -> id -> line
  std::map<std::string, std::pair<std::string, int>> last;             // ocid -> (date, stage)
  const std::map<std::string, int> kStage = {
      {"planning", 0}, {"tender", 1}, {"award", 2}, {"contract", 3}, {"contractAmendment", 4}};
  int repeats = 0;
  std::set<std::string> ocids;
  for (const std::string& line : lines) {
    Value v = Value::Parse(line).value();
    std::string ocid = Str(v, "ocid"), id = Str(v, "id");
    ocids.insert(ocid);
    auto [it, inserted] = by_ocid[ocid].emplace(id, line);
    if (!inserted) {
      EXPECT_EQ(it->second, line) << "duplicate id " << id << " in " << ocid;
      ++repeats;
    }
    const Value* tag = v.Find("tag");
    std::string t = tag->is_string() ? tag->as_string() : tag->as_array()[0].as_string();
    int stage = kStage.at(t);
    std::string date = Str(v, "date");
    auto& [prev_date, prev_stage] = last[ocid];
    if (!prev_date.empty() && !date.empty()) {
      EXPECT_LE(prev_date, date) << ocid;
    }
    if (!inserted) continue;
    EXPECT_TRUE(stage > prev_stage || (stage == 4 && prev_stage == 4) || prev_date.empty()) << ocid << " " << t;
    if (!date.empty()) prev_date = date;
    prev_stage = stage;
  }
  EXPECT_GT(repeats, 0);
  EXPECT_LT(repeats, 250);
  // Every process has 1 to 6 releases.
  size_t max_releases = 0;
  for (const auto& [ocid, ids] : by_ocid) max_releases = std::max(max_releases, ids.size());
  EXPECT_LE(max_releases, 6u);
  EXPECT_GE(max_releases, 5u);
  EXPECT_GT(ocids.size(), 4000u);
}

TEST(GenTest, WithoutQuirksEveryCodeAndCurrencyIsKnown) {
  std::set<std::string> cpv, currencies = {"EUR"};
  for (const CpvCode& c : Ref().cpv) {
    cpv.insert(c.code);
    cpv.insert(c.code8);
  }
  for (const FxRate& r : Ref().fx_rates) currencies.insert(r.currency);
  GenOptions opt = Options(20000);
  opt.quirks = QuirkRates::None();
  std::set<std::string> seen_currencies, seen_divisions, seen_tags;
  int without_check_digit = 0, frameworks = 0, dps = 0, lots = 0, future = 0, amendments = 0;
  std::function<void(const Value&)> walk = [&](const Value& v) {
    if (v.is_array()) {
      for (const Value& x : v.as_array()) walk(x);
    } else if (v.is_object()) {
      if (Str(v, "scheme") == "CPV") {
        std::string id = Str(v, "id");
        EXPECT_TRUE(cpv.count(id)) << id;
        without_check_digit += id.size() == 8;
        seen_divisions.insert(id.substr(0, 2));
      }
      if (const Value* c = v.Find("currency")) {
        EXPECT_TRUE(currencies.count(c->as_string())) << c->as_string();
        seen_currencies.insert(c->as_string());
      }
      for (const auto& m : v.as_object()) walk(m.value);
    }
  };
  std::map<std::string, std::set<std::string>> ocids_of_supplier;
  for (const std::string& line : Lines(opt)) {
    Value v = Value::Parse(line).value();
    walk(v);
    ASSERT_NE(v.Find("date"), nullptr);
    ASSERT_TRUE(v.Find("tag")->is_array());
    seen_tags.insert(v.Find("tag")->as_array()[0].as_string());
    const Value& tender = *v.Find("tender");
    if (const Value* t = tender.Find("techniques")) {
      frameworks += t->Find("hasFrameworkAgreement") != nullptr;
      dps += t->Find("hasDynamicPurchasingSystem") != nullptr;
    }
    lots += tender.Find("lots") != nullptr;
    if (Str(tender, "status") == "planned" &&
        Str(*tender.Find("tenderPeriod"), "startDate") > "2026-06-30T23:59:59Z") {
      ++future;
      EXPECT_GT(Str(*v.Find("planning")->Find("budget")->Find("period"), "startDate"), "2026-06-30T23:59:59Z");
    }
    if (const Value* awards = v.Find("awards")) {
      ASSERT_TRUE(awards->is_array());
      std::set<std::string> ids;
      for (const Value& a : awards->as_array()) {
        EXPECT_TRUE(ids.insert(Str(a, "id")).second);
        for (const Value& s : a.Find("suppliers")->as_array()) ocids_of_supplier[Str(s, "id")].insert(Str(v, "ocid"));
      }
    }
    if (const Value* contracts = v.Find("contracts")) {
      for (const Value& c : contracts->as_array()) amendments += c.Find("amendments") != nullptr;
    }
  }
  EXPECT_TRUE(seen_currencies.count("EUR"));
  EXPECT_TRUE(seen_currencies.count("SEK") || seen_currencies.count("PLN") || seen_currencies.count("CZK"));
  EXPECT_GE(seen_divisions.size(), 20u);
  EXPECT_EQ(seen_tags.size(), 5u);
  EXPECT_GT(without_check_digit, 0);
  EXPECT_GT(frameworks, 0);
  EXPECT_GT(dps, 0);
  EXPECT_GT(lots, 0);
  EXPECT_GT(future, 0);
  EXPECT_GT(amendments, 0);
  // A power law: the busiest supplier serves far more processes than the median one.
  std::vector<size_t> counts;
  for (const auto& [id, ocids] : ocids_of_supplier) counts.push_back(ocids.size());
  std::sort(counts.begin(), counts.end());
  EXPECT_GT(counts.back(), 10 * counts[counts.size() / 2]);
}

TEST(GenTest, SupplierIdentityIsStable) {
  std::map<std::string, std::string> name_of;
  for (const std::string& line : Lines(Options(5000))) {
    Value v = Value::Parse(line).value();
    for (const Value& p : v.Find("parties")->as_array()) {
      auto [it, inserted] = name_of.emplace(Str(p, "id"), Str(p, "name"));
      EXPECT_EQ(it->second, Str(p, "name"));
      std::string scheme = Str(*p.Find("identifier"), "scheme");
      std::string ident = Str(*p.Find("identifier"), "id");
      ident.erase(std::remove(ident.begin(), ident.end(), ' '), ident.end());
      EXPECT_EQ(Str(p, "id"), scheme + "-" + ident);
      EXPECT_NE(ident.find("99"), std::string::npos) << "synthetic identifiers hold 99";
    }
  }
  EXPECT_GT(name_of.size(), 100u);
}

TEST(GenTest, SeedBuyersGetProcesses) {
  GenOptions opt = Options(3000);
  opt.buyers = {{"Gemeente Utrecht", "NL", "NL350", "municipality", "NL-KVK", "30280353", 900e6},
                {"Ville de Lyon", "FR", "FRK26", "municipality", "FR-SIREN", "216901231", 600e6}};
  int utrecht = 0, lyon = 0;
  for (const std::string& line : Lines(opt)) {
    Value v = Value::Parse(line).value();
    std::string buyer = Str(*v.Find("buyer"), "id");
    if (buyer == "NL-KVK-30280353") {
      ++utrecht;
      EXPECT_EQ(Str(v, "language"), "nl");
      EXPECT_EQ(Str(*v.Find("buyer"), "name"), "Gemeente Utrecht");
    }
    lyon += buyer == "FR-SIREN-216901231";
  }
  EXPECT_GT(utrecht, 10);
  EXPECT_GT(lyon, 10);

  opt.buyers = {{"X", "US", "NL350", "municipality", "", "", 0}};
  Status s = Generate(opt, Ref(), [](std::string_view) {});
  EXPECT_EQ(s, InvalidArgument("'US' is not an EU/EEA/EFTA country with NUTS regions", "buyers[0].country"));
  opt.buyers = {{"X", "NL", "FRK26", "municipality", "", "", 0}};
  EXPECT_EQ(Generate(opt, Ref(), [](std::string_view) {}),
            InvalidArgument("'FRK26' is not a NUTS region of NL", "buyers[0].nuts"));
  opt.buyers = {{"X", "NL", "NL350", "castle", "", "", 0}};
  EXPECT_EQ(Generate(opt, Ref(), [](std::string_view) {}), InvalidArgument("'castle' is not a buyer type", "buyers[0].type"));
}

TEST(GenTest, BadOptions) {
  GenOptions opt = Options(-5);
  EXPECT_EQ(Generate(opt, Ref(), [](std::string_view) {}), InvalidArgument("--releases: must be 0 or more, got -5"));
  opt = Options(5);
  opt.as_of = "2026-02-30";
  EXPECT_EQ(Generate(opt, Ref(), [](std::string_view) {}),
            InvalidArgument("--as-of: expected a date YYYY-MM-DD, got '2026-02-30'"));
  EXPECT_EQ(ParseDate("2024-02-29", "d").value(), 19782);
  EXPECT_FALSE(ParseDate("2024-2-29", "d").ok());
}

TEST(GenTest, PackageAndGzip) {
  GenOptions opt = Options(200);
  std::string pkg = Bytes(opt, Format::kPackage);
  auto v = Value::Parse(pkg);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(Str(*v->Find("publisher"), "name"), "Cobuy synthetic data generator (not real data)");
  EXPECT_EQ(Str(*v, "version"), "1.1");
  EXPECT_EQ(Str(*v, "publishedDate"), "2026-06-30T00:00:00Z");
  EXPECT_EQ(v->Find("releases")->as_array().size(), 200u);
  EXPECT_EQ(Value::Parse(Bytes(Options(0), Format::kPackage)).value().Find("releases")->as_array().size(), 0u);

  std::string plain = Bytes(opt, Format::kJsonl);
  std::string gz = Bytes(opt, Format::kJsonl, true);
  ASSERT_GT(gz.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  z_stream z{};
  ASSERT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string back(plain.size() + 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(gz.data());
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(back.data());
  z.avail_out = static_cast<uInt>(back.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  back.resize(z.total_out);
  inflateEnd(&z);
  EXPECT_EQ(back, plain);
}

// The first release of seed 1 (default options) is stored in tests/first_release_seed1.json.
TEST(GenTest, GoldenFirstRelease) {
  std::vector<std::string> lines = Lines(Options(1000));
  ASSERT_FALSE(lines.empty());
  std::ifstream in(COBUY_SOURCE_DIR "/src/gen/tests/first_release_seed1.json");
  ASSERT_TRUE(in) << "missing golden file";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string golden = ss.str();
  while (!golden.empty() && golden.back() == '\n') golden.pop_back();
  EXPECT_EQ(lines[0], golden);
}

}  // namespace
}  // namespace cobuy::gen
