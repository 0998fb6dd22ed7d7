// Step 6's market views: units, quantiles and dates by hand, and data-driven scenarios (OCDS
// releases and pipeline entries in, the expected opportunities, benchmarks, comparisons,
// warnings, concentration and consolidation in the same file: cases/*.json), run through the
// real ingest, store and Market service, then again after later releases through Update.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "ingest/tests/ingest_test_support.h"
#include "market/market.h"
#include "store/market_store.h"

namespace cobuy::market {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(Units, ConvertToACommonUnit) {
  struct Case {
    const char* id;
    const char* name;
    const char* unit;
    double size;
  };
  const Case cases[] = {
      {"KGM", "", "KGM", 1},    {"TNE", "tonne", "KGM", 1000}, {"GRM", "", "KGM", 0.001},    {"MTQ", "", "LTR", 1000},
      {"", "litre", "LTR", 1},  {"", " Liter ", "LTR", 1},     {"C62", "", "H87", 1},        {"ea", "", "H87", 1},
      {"MWH", "", "KWH", 1000}, {"ANN", "", "MON", 12},        {"MIN", "", "HUR", 1.0 / 60}, {"HAR", "", "MTK", 10000},
      {"DAY", "", "DAY", 1},    {"XPK", "package", "XPK", 1},  {"", "Bundle", "bundle", 1},
  };
  for (const Case& c : cases) {
    auto u = NormaliseUnit(c.id, c.name);
    ASSERT_TRUE(u.has_value()) << c.id << "/" << c.name;
    EXPECT_EQ(u->unit, c.unit) << c.id << "/" << c.name;
    EXPECT_DOUBLE_EQ(u->size, c.size) << c.id << "/" << c.name;
  }
  EXPECT_FALSE(NormaliseUnit("", " ").has_value());
}

TEST(Stats, QuantilesAreType7AndPercentileRanksCountTiesHalf) {
  const std::vector<double> v = {700, 750, 800, 900, 1000, 1100, 5000};
  EXPECT_DOUBLE_EQ(Quantile(v, 0.25), 775);
  EXPECT_DOUBLE_EQ(Quantile(v, 0.5), 900);
  EXPECT_DOUBLE_EQ(Quantile(v, 0.75), 1050);
  EXPECT_DOUBLE_EQ(Quantile(v, 0), 700);
  EXPECT_DOUBLE_EQ(Quantile(v, 1), 5000);
  EXPECT_DOUBLE_EQ(Quantile({4}, 0.25), 4);
  EXPECT_DOUBLE_EQ(PercentileRank(v, 750), 100.0 * 1.5 / 7);
  EXPECT_DOUBLE_EQ(PercentileRank(v, 600), 0);
  EXPECT_DOUBLE_EQ(PercentileRank(v, 9000), 100);
  EXPECT_DOUBLE_EQ(PercentileRank({1, 1, 1, 1}, 1), 50);
}

TEST(Dates, DayNumbersAndMonthsClampToTheMonthsEnd) {
  EXPECT_EQ(DayNumber("1970-01-01"), 0);
  EXPECT_EQ(DayNumber("2026-12-01T10:00:00Z"), DayNumber("2026-12-01"));
  EXPECT_FALSE(DayNumber("2026-13-01").has_value());
  EXPECT_FALSE(DayNumber("20261201").has_value());
  EXPECT_EQ(DayString(*DayNumber("2024-02-29")), "2024-02-29");
  EXPECT_EQ(DayString(AddMonths(*DayNumber("2026-01-31"), 1)), "2026-02-28");
  EXPECT_EQ(DayString(AddMonths(*DayNumber("2028-01-31"), 1)), "2028-02-29");
  EXPECT_EQ(DayString(AddMonths(*DayNumber("2026-12-01"), 12)), "2027-12-01");
  EXPECT_EQ(DayString(AddMonths(*DayNumber("2026-03-31"), -1)), "2026-02-28");
  EXPECT_EQ(DayString(AddMonths(*DayNumber("2026-01-15"), -13)), "2024-12-15");
}

TEST(Cpv, ClassesAreLeadingDigits) {
  EXPECT_EQ(CpvDigits("34144511-3"), 34144511u);
  EXPECT_EQ(CpvDigits("3414"), 0u);
  EXPECT_EQ(ClassOf(34144511, 4), 3414u);
  EXPECT_EQ(ClassOf(9134100, 4), 913u);
  EXPECT_EQ(ClassCode(913, 4), "09130000");
  EXPECT_EQ(ClassCode(3414, 4), "34140000");
}

TEST(Params, AreCheckedAndNamed) {
  EXPECT_EQ(Check({"2026-12-01", 4, 3, 12}).code(), StatusCode::kOk);
  EXPECT_EQ(Check({"2026-12-1", 4, 3, 12}).message(), "not a date (YYYY-MM-DD)");
  EXPECT_EQ(Check({"2026-12-1", 4, 3, 12}).field(), "as_of");
  EXPECT_EQ(Check({"2026-12-01", 1, 3, 12}).message(), "must be 2 to 8");
  EXPECT_EQ(Check({"2026-12-01", 4, 1, 12}).message(), "must be at least 2");
  EXPECT_EQ(Check({"2026-12-01", 4, 3, 61}).message(), "must be 1 to 60");
}

TEST(Thresholds, ReadPerCountryAndNameTheBadLine) {
  fs::path dir = fs::temp_directory_path() / fmt::format("cobuy-thresholds-{}", ::getpid());
  fs::create_directories(dir);
  {
    std::ofstream(dir / "ok.csv") << "country,method,min_days\n# comment\n*,open,30\nFR,open,35\n";
    std::ofstream(dir / "bad.csv") << "country,method,min_days\n*,open,thirty\n";
  }
  auto t = LoadThresholds((dir / "ok.csv").string());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->For("FR", "open"), 35);
  EXPECT_EQ(t->For("DE", "open"), 30);
  EXPECT_EQ(t->For("DE", "selective"), 0);
  auto bad = LoadThresholds((dir / "bad.csv").string());
  EXPECT_EQ(bad.status().message(), (dir / "bad.csv").string() + ":2: min_days 'thirty' is not a number of days");
  fs::remove_all(dir);
}

// --- scenarios ------------------------------------------------------------------------------------

class Scenario {
 public:
  explicit Scenario(const json& spec) : spec_(spec), db_(ingest::testing::FreshDatabase()), env_(db_) {
    clock_ = std::make_unique<FixedClock>(*DayNumber(spec["as_of"].get<std::string>()) * 86400LL + 36000);
  }

  void Setup() {
    for (const json& o : spec_["organisations"]) {
      Organisation org;
      org.name = o["name"];
      org.type = OrganisationType::kMunicipality;
      org.country = o["country"];
      if (o.contains("identifier")) org.identifiers.push_back({o["identifier"][0], o["identifier"][1]});
      auto id = env_.store->CreateOrganisation(org);
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      orgs_[org.name] = *id;
    }
    for (const json& p : spec_["people"]) {
      User u;
      u.email = p["email"];
      u.name = p["email"];
      u.organisation = orgs_.at(p["organisation"].get<std::string>());
      u.role = *ParseRole(p["role"].get<std::string>());
      auto id = env_.store->CreateUser(u);
      ASSERT_TRUE(id.ok()) << id.status().ToString();
    }
    Ingest(spec_["releases"], "releases.jsonl");
    auto store = MarketStore::Open({.location = db_});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    market_store_ = std::move(*store);
    auto codes = env_.store->ListCpvCodes();
    ASSERT_TRUE(codes.ok());
    cpv_ = std::make_unique<CpvIndex>(*codes);
    market_ = NewMarket();
    auto updated = market_->Update();
    ASSERT_TRUE(updated.ok()) << updated.status().ToString();
    for (const json& p : spec_["pipeline"]) {
      User u = *env_.store->FindUserByEmail(p["as"].get<std::string>());
      auto created = market_->CreateEntry(u, p["entry"]);
      ASSERT_TRUE(created.ok()) << created.status().ToString();
      if (p.contains("then")) {
        auto patched = market_->UpdateEntry(u, (*created)["id"].get<std::int64_t>(), p["then"]);
        ASSERT_TRUE(patched.ok()) << patched.status().ToString();
      }
    }
  }

  std::unique_ptr<Market> NewMarket() {
    auto m = Market::Create({*market_store_, *env_.store, *cpv_, *clock_, nullptr, nullptr, WarningThresholds{}});
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return std::move(*m);
  }

  void Ingest(const json& releases, const std::string& name) {
    const std::string file = (fs::path(db_).parent_path() / name).string();
    {
      std::ofstream out(file);
      for (const json& r : releases) out << r.dump() << "\n";
    }
    auto run = env_.Ingest({file});
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    ASSERT_EQ(run->releases_rejected, 0u);
  }

  // Every expectation of `block` (the scenario, or its "then") against `market`.
  void CheckOpportunities(Market& market, const json& queries, const std::string& where) {
    for (const json& q : queries) {
      OpportunityParams p;
      p.as_of = spec_["as_of"];
      p.min_buyers = q["parameters"].value("min_buyers", 3);
      p.cpv_digits = q["parameters"].value("cpv_digits", 4);
      p.window_months = q["parameters"].value("window_months", 12);
      auto got = market.Opportunities(nullptr, p, "", false, "en");
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      std::vector<std::string> keys;
      for (const json& o : (*got)["opportunities"]) keys.push_back(o["key"]);
      EXPECT_EQ(keys, q["expected_keys"].get<std::vector<std::string>>()) << where << " " << q["parameters"].dump();
      for (const json& want : q["expected"]) {
        const json* found = nullptr;
        for (const json& o : (*got)["opportunities"]) {
          if (o["key"] == want["key"]) found = &o;
        }
        ASSERT_NE(found, nullptr) << where << ": no opportunity " << want["key"];
        const json& o = *found;
        const std::string at = where + " opportunity " + want["key"].get<std::string>();
        EXPECT_EQ(o["cpv"], want["cpv"]) << at;
        std::vector<std::string> buyers;
        for (const json& b : o["buyers"]) buyers.push_back(b["name"]);
        EXPECT_EQ(buyers, want["buyers"].get<std::vector<std::string>>()) << at;
        EXPECT_EQ(o["ocids"], want["ocids"]) << at;
        std::vector<std::string> pipeline;
        for (const json& e : o["pipeline"]) pipeline.push_back(e["title"]);
        EXPECT_EQ(pipeline, want["pipeline"].get<std::vector<std::string>>()) << at;
        json suppliers = json::array();
        for (const json& s : o["suppliers"]) suppliers.push_back({s["name"], s["shared"]});
        EXPECT_EQ(suppliers, want["suppliers"]) << at;
        EXPECT_NEAR(o["combined_value_eur"].get<double>(), want["combined_value_eur"].get<double>(), 0.01) << at;
        EXPECT_EQ(o["timing"], want["timing"]) << at;
        EXPECT_DOUBLE_EQ(o["score"].get<double>(), want["score"].get<double>()) << at;
        for (const auto& [part, value] : want["score_parts"].items()) {
          EXPECT_DOUBLE_EQ(o["score_parts"][part].get<double>(), value.get<double>()) << at << " " << part;
        }
        EXPECT_EQ(o["action"]["code"], want["action"]) << at;
        EXPECT_EQ(o["action"]["framework"].is_null() ? json(nullptr) : o["action"]["framework"]["ocid"],
                  want["framework"])
            << at;
      }
    }
  }

  // A list of expectations the scenario may leave out.
  json Section(const char* name) const { return spec_.value(name, json::array()); }

  // The pipeline as `pipeline_expected.as` lists it (every entry, by planned tender date), the
  // statuses of imported entries whose process `changed` since.
  void CheckPipeline(Market& market, const json& changed, const std::string& where) {
    if (!spec_.contains("pipeline_expected")) return;
    const json& q = spec_["pipeline_expected"];
    User u = *env_.store->FindUserByEmail(q["as"].get<std::string>());
    auto got = market.ListPipeline(u, PipelineFilter{});
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    json list = json::array();
    for (const json& e : (*got)["entries"]) {
      list.push_back({{"title", e["title"]},
                      {"source", e["source"]},
                      {"ocid", e["ocid"]},
                      {"buyer", e["buyer"]["name"]},
                      {"country", e["buyer"]["country"]},
                      {"cpv", e["cpv"]},
                      {"value_eur", e["value_eur"]},
                      {"planned_tender_date", e["planned_tender_date"]},
                      {"region", e["region"]},
                      {"status", e["status"]},
                      {"editable", e["editable"]}});
    }
    json want = q["expected"];
    for (json& e : want) {
      const std::string ocid = e["ocid"].is_string() ? e["ocid"].get<std::string>() : "";
      if (changed.contains(ocid)) e["status"] = changed[ocid];
    }
    EXPECT_EQ(list, want) << where;
  }

  void CheckViews(Market& market) {
    for (const json& q : Section("benchmarks")) {
      auto got = market.Prices(nullptr, q["cpv"], q["min_peers"], "en");
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      json list = json::array();
      for (json b : (*got)["benchmarks"]) {
        b.erase("histogram");
        b.erase("cpv_label");
        b.erase("unit_name");
        list.push_back(b);
      }
      EXPECT_EQ(list, q["expected"]) << "benchmarks " << q["cpv"] << " min_peers " << q["min_peers"];
    }
    User secretariat;
    secretariat.role = Role::kPlatformAdmin;
    for (const json& q : Section("contract_prices")) {
      auto got = market.ContractPrices(secretariat, q["ocid"], q["min_peers"], "en");
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      json list = json::array();
      for (const json& i : (*got)["items"]) {
        list.push_back({{"unit", i["unit"]},
                        {"price_eur", i["price_eur"]},
                        {"peers", i["peers"]},
                        {"peer_median_eur", i["peer_median_eur"]},
                        {"percentile", i["percentile"]},
                        {"flag", i["flag"]},
                        {"withheld", i["withheld"]}});
      }
      EXPECT_EQ(list, q["expected"]) << "contract prices " << q["ocid"];
    }
    for (const json& q : Section("warnings")) {
      auto got = market.Warnings(secretariat, orgs_.at(q["organisation"]).value, "en");
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      json list = json::array();
      for (const json& w : (*got)["warnings"]) {
        list.push_back({{"code", w["code"]},
                        {"procedure", w["procedure"]},
                        {"count", w["count"]},
                        {"of", w["of"]},
                        {"ocids", w["ocids"]}});
      }
      EXPECT_EQ(list, q["expected"]) << "warnings of " << q["organisation"];
    }
    for (const json& q : Section("concentration")) {
      auto got = market.Concentration(secretariat, q["cpv"], q["country"], "en");
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      json list = json::array();
      for (json m : (*got)["markets"]) {
        json top = json::array();
        for (const json& t : m["top"]) top.push_back({t["name"], t["share"]});
        m["top"] = top;
        m.erase("cpv_label");
        m.erase("cpv");
        list.push_back(m);
      }
      EXPECT_EQ(list, q["expected"]) << "concentration " << q["cpv"] << " " << q["country"];
    }
    for (const json& q : Section("consolidation")) {
      auto got = market.Consolidation(secretariat, q["cpv"], "en");
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      json list = json::array();
      for (const json& k : (*got)["opportunities"]) {
        json buyers = json::array();
        for (const json& b : k["buyers"]) buyers.push_back(b["name"]);
        list.push_back({{"supplier", k["supplier"]["name"]},
                        {"cpv_class", k["cpv_class"]},
                        {"buyers", buyers},
                        {"contracts", k["contracts"]},
                        {"total_eur", k["total_eur"]}});
      }
      EXPECT_EQ(list, q["expected"]) << "consolidation " << q["cpv"];
    }
  }

  const json& spec_;
  std::string db_;
  ingest::testing::Env env_;
  std::unique_ptr<FixedClock> clock_;
  std::map<std::string, OrganisationId> orgs_;
  std::unique_ptr<MarketStore> market_store_;
  std::unique_ptr<CpvIndex> cpv_;
  std::unique_ptr<Market> market_;
};

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, GivesTheExpectedViewsBeforeAndAfterLaterReleases) {
  std::ifstream in(GetParam());
  json spec = json::parse(in);
  Scenario s(spec);
  ASSERT_NO_FATAL_FAILURE(s.Setup());
  ASSERT_TRUE(s.market_->Load().ok());
  s.CheckOpportunities(*s.market_, spec["opportunities"], "first load");
  s.CheckViews(*s.market_);
  ASSERT_NO_FATAL_FAILURE(s.CheckPipeline(*s.market_, json::object(), "first load"));
  if (!spec.contains("then")) return;
  // Later releases reach the loaded snapshot through Update; a fresh load agrees with it.
  ASSERT_NO_FATAL_FAILURE(s.Ingest(spec["then"]["releases"], "later.jsonl"));
  auto updated = s.market_->Update();
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->processes, static_cast<int>(spec["then"]["releases"].size()));
  s.CheckOpportunities(*s.market_, spec["then"]["opportunities"], "after update");
  ASSERT_NO_FATAL_FAILURE(
      s.CheckPipeline(*s.market_, spec["then"].value("pipeline_changed", json::object()), "after update"));
  std::unique_ptr<Market> fresh = s.NewMarket();
  s.CheckOpportunities(*fresh, spec["then"]["opportunities"], "fresh load");
  auto a = s.market_->Opportunities(nullptr, {spec["as_of"], 4, 2, 12}, "", false, "en");
  auto b = fresh->Opportunities(nullptr, {spec["as_of"], 4, 2, 12}, "", false, "en");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

// A Cobuy organisation that enters a register identifier on its profile while the snapshot is
// loaded (as `cobuy serve` holds it) takes that register buyer's contracts and prices at the
// next Update: Kommune Eta (no identifier) enters Gemeente Beta's NL-TEST 2.
TEST(Links, AnIdentifierEnteredWhileLoadedHandsTheRegisterBuyerToItsOrganisation) {
  std::ifstream in(std::string(COBUY_SOURCE_DIR) + "/src/market/tests/cases/register_and_pipeline.json");
  json spec = json::parse(in);
  Scenario s(spec);
  ASSERT_NO_FATAL_FAILURE(s.Setup());
  ASSERT_TRUE(s.market_->Load().ok());
  User secretariat;
  secretariat.role = Role::kPlatformAdmin;
  const OrganisationId eta = s.orgs_.at("Kommune Eta");
  auto paid = [&]() {
    auto got = s.market_->OrganisationPrices(secretariat, eta.value, 1, "en");
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    json list = json::array();
    for (const json& i : (*got)["items"]) list.push_back({i["cpv"], i["unit"], i["you_paid_eur"]});
    return list;
  };
  auto buyers = [&](const std::string& key) {
    auto got = s.market_->Opportunities(nullptr, {spec["as_of"], 4, 3, 12}, "", false, "en");
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    std::vector<std::string> names;
    for (const json& o : (*got)["opportunities"]) {
      if (o["key"] != key) continue;
      for (const json& b : o["buyers"]) names.push_back(b["name"]);
    }
    return names;
  };
  EXPECT_EQ(paid(), json::array());
  EXPECT_EQ(buyers("3414"),
            (std::vector<std::string>{"Gemeente Beta", "Kommune Eta", "Stadt Alpha", "Ville de Gamma"}));

  OrganisationUpdate update;
  update.identifiers = std::vector<Identifier>{{"NL-TEST", "2"}};
  ASSERT_TRUE(s.env_.store->UpdateOrganisation(eta, update, 0).ok());
  // The identifier is the register's: it links only once the secretariat approves the claim
  // (Step 7, H5); until then nothing moves.
  auto pending = s.market_->Update();
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  EXPECT_FALSE(pending->reloaded);
  EXPECT_EQ(paid(), json::array());
  ASSERT_TRUE(s.env_.store->DecideIdentifierClaim(eta, {"NL-TEST", "2"}, true).ok());
  auto updated = s.market_->Update();
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_TRUE(updated->reloaded);
  // Beta's laptops (800 a piece) and diesel (1,500 a cubic metre: 1.50 a litre) are Eta's now,
  // and Eta's refuse-truck entry is Beta's: three buyers, not four.
  EXPECT_EQ(paid(), json::parse(R"([["09134100", "LTR", 1.5], ["30213100", "H87", 800]])"));
  EXPECT_EQ(buyers("3414"), (std::vector<std::string>{"Gemeente Beta", "Stadt Alpha", "Ville de Gamma"}));
  auto again = s.market_->Update();
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->reloaded);
}

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(std::string(COBUY_SOURCE_DIR) + "/src/market/tests/cases")) {
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Cases, ScenarioTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return fs::path(info.param).stem().string(); });

}  // namespace
}  // namespace cobuy::market
