// The search engine over a small register: three processes in Dutch, German and French (two
// classified 34144511 "refuse-collection vehicles"), then a fourth ingested later.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "../../ingest/tests/ingest_test_support.h"
#include "refdata/loader.h"
#include "search/json.h"
#include "search/search.h"

namespace cobuy::search {
namespace {

using ingest::testing::Env;
using ingest::testing::Exec;
using ingest::testing::FreshDatabase;
using ingest::testing::Query;

const std::string kDir = std::string(COBUY_SOURCE_DIR) + "/src/search/tests/";

const CpvLabels& Labels() {
  static const CpvLabels labels = [] {
    auto data = LoadReferenceData(std::string(COBUY_SOURCE_DIR) + "/data/ref");
    if (!data.ok()) throw std::runtime_error(data.status().ToString());
    return CpvLabels::FromReference(data->cpv);
  }();
  return labels;
}

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = FreshDatabase();
    env_ = std::make_unique<Env>(db_);
    ASSERT_TRUE(env_->Ingest({kDir + "search_fixture.jsonl"}).ok());
    auto writer = IndexWriter::Open(IndexPathFor(db_), Labels());
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    writer_ = std::move(*writer);
    auto stats = writer_->Update(*env_->reg, clock_);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->indexed, 3);
    auto index = SearchIndex::Open(IndexPathFor(db_));
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_ = std::move(*index);
  }

  SearchResult Run(const Params& params) {
    auto q = ParseSearchParams(params, "2026-06-01");
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    auto r = index_->Search(*q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : SearchResult{};
  }
  // The ocids' last four characters, in result order.
  std::vector<std::string> Ids(const Params& params) {
    std::vector<std::string> out;
    for (const SearchHit& h : Run(params).hits) out.push_back(h.ocid.substr(h.ocid.size() - 4));
    return out;
  }
  std::set<std::string> IdSet(const Params& params) {
    auto v = Ids(params);
    return {v.begin(), v.end()};
  }

  FixedClock clock_{1780000000};  // 2026-05-28
  std::string db_;
  std::unique_ptr<Env> env_;
  std::unique_ptr<IndexWriter> writer_;
  std::unique_ptr<SearchIndex> index_;
};

using Set = std::set<std::string>;
using List = std::vector<std::string>;

TEST_F(SearchTest, QueriesInOneLanguageFindNoticesInAnotherThroughCpvLabels) {
  // Every document carries its CPV labels in the languages Cobuy ships (en, de, fr)...
  for (const char* q : {"Müllfahrzeuge", "MULLFAHRZEUGE", "refuse collection vehicles", "refuse-collection vehicle",
                        "bennes à ordures", "véhicules pour ordures"}) {
    EXPECT_EQ(IdSet({{"q", q}}), (Set{"0001", "0003"})) << q;
  }
  // ... and in its own: the Dutch label "Vuilniswagens" is on the Dutch notice, not the French one.
  EXPECT_EQ(IdSet({{"q", "Vuilniswagens"}}), (Set{"0001"}));
  // Ancestors' labels too: 34144511 is under 34100000 "Motor vehicles" / "Kraftfahrzeuge".
  EXPECT_EQ(IdSet({{"q", "Kraftfahrzeuge"}}), (Set{"0001", "0003"}));
  // Text of the notice itself, stemmed in its own language: "Schulgebäude" finds "Schulgebäuden".
  EXPECT_EQ(Ids({{"q", "Schulgebäude"}}), (List{"0002"}));
  EXPECT_EQ(Ids({{"q", "schulgebaude reinigung"}}), (List{"0002"}));
  // Every word must match.
  EXPECT_EQ(Ids({{"q", "Müllfahrzeuge Glasreinigung"}}), List{});
}

TEST_F(SearchTest, CpvCodesAndPrefixesFilterByHierarchy) {
  EXPECT_EQ(IdSet({{"q", "cpv:3414"}}), (Set{"0001", "0003"}));
  EXPECT_EQ(IdSet({{"q", "cpv:34144511-3"}}), (Set{"0001", "0003"}));
  EXPECT_EQ(IdSet({{"cpv", "34000000"}}), (Set{"0001", "0003"}));
  EXPECT_EQ(Ids({{"cpv", "909"}}), (List{"0002"}));
  EXPECT_EQ(Ids({{"q", "elektrische cpv:3414"}}), (List{"0001"}));
}

TEST_F(SearchTest, FacetsCountEveryMatch) {
  SearchResult r = Run({});
  EXPECT_EQ(r.total, 3);
  EXPECT_TRUE(r.total_exact);
  EXPECT_TRUE(r.facets_exact);
  nlohmann::json facets = ToJson(r)["facets"];
  EXPECT_EQ(facets["country"], nlohmann::json::parse(
      R"([{"value":"DE","count":1},{"value":"FR","count":1},{"value":"NL","count":1}])"));
  EXPECT_EQ(facets["cpv_division"], nlohmann::json::parse(R"([{"value":"34","count":2},{"value":"90","count":1}])"));
  EXPECT_EQ(facets["cpv_group"], nlohmann::json::parse(R"([{"value":"341","count":2},{"value":"909","count":1}])"));
  EXPECT_EQ(facets["nuts"], nlohmann::json::parse(
      R"([{"value":"DE21","count":1},{"value":"FRK2","count":1},{"value":"NL31","count":1}])"));
  EXPECT_EQ(facets["method"], nlohmann::json::parse(R"([{"value":"selective","count":2},{"value":"open","count":1}])"));
  EXPECT_EQ(facets["status"], nlohmann::json::parse(R"([{"value":"active","count":2},{"value":"complete","count":1}])"));
  EXPECT_EQ(facets["year"], nlohmann::json::parse(R"([{"value":"2025","count":3}])"));
  EXPECT_EQ(facets["instrument"], nlohmann::json::parse(R"([{"value":"framework","count":1}])"));
  // Facets follow the query.
  nlohmann::json trucks = ToJson(Run({{"q", "Müllfahrzeuge"}}))["facets"];
  EXPECT_EQ(trucks["country"], nlohmann::json::parse(R"([{"value":"FR","count":1},{"value":"NL","count":1}])"));
}

TEST_F(SearchTest, FiltersNarrowTheResult) {
  EXPECT_EQ(IdSet({{"value_min", "600000"}}), (Set{"0001", "0003"}));
  EXPECT_EQ(Ids({{"value_max", "600000"}}), (List{"0002"}));
  EXPECT_EQ(Ids({{"ends_within", "6"}}), List{});              // until 2026-12-01
  EXPECT_EQ(Ids({{"ends_within", "7"}}), (List{"0002"}));      // until 2027-01-01
  EXPECT_EQ(Ids({{"ends_within", "12"}}), (List{"0003", "0002"}));  // until 2027-06-01
  EXPECT_EQ(Ids({{"end_from", "2027-01-01"}, {"end_to", "2027-12-31"}}), (List{"0003"}));
  EXPECT_EQ(Ids({{"award_from", "2025-05-01"}, {"award_to", "2025-05-01"}}).size(), 3u);
  EXPECT_EQ(Ids({{"tender_from", "2025-01-10"}}).size(), 3u);
  EXPECT_EQ(Ids({{"tender_from", "2025-01-11"}}), List{});
  EXPECT_EQ(Ids({{"supplier", "Sauber GmbH"}}), (List{"0002"}));
  EXPECT_EQ(Ids({{"supplier", "nl-kvk-12345678"}}), (List{"0001"}));
  EXPECT_EQ(Ids({{"buyer", "NL-KVK-30280353"}}), (List{"0001"}));
  EXPECT_EQ(Ids({{"buyer", "ville de lyon"}}), (List{"0003"}));
  EXPECT_EQ(Ids({{"unit_prices", "1"}}), (List{"0001"}));
  EXPECT_EQ(Ids({{"instrument", "framework"}}), (List{"0001"}));
  EXPECT_EQ(Ids({{"instrument", "framework"}, {"instrument", "dps"}}), List{});
  EXPECT_EQ(Ids({{"country", "fr"}}), (List{"0003"}));
  EXPECT_EQ(Ids({{"nuts", "NL3"}}), (List{"0001"}));
  EXPECT_EQ(Ids({{"method", "open"}}), (List{"0002"}));
  EXPECT_EQ(Ids({{"status", "complete"}}), (List{"0002"}));
  EXPECT_EQ(Ids({{"year", "2024"}}), List{});
}

TEST_F(SearchTest, SortsAndPages) {
  EXPECT_EQ(Ids({}), (List{"0001", "0003", "0002"}));  // latest release first
  EXPECT_EQ(Ids({{"sort", "value"}}), (List{"0001", "0003", "0002"}));
  EXPECT_EQ(Ids({{"sort", "value"}, {"order", "asc"}}), (List{"0002", "0003", "0001"}));
  EXPECT_EQ(Ids({{"sort", "end"}, {"order", "asc"}}), (List{"0002", "0003", "0001"}));
  EXPECT_EQ(Ids({{"sort", "date"}, {"order", "asc"}}), (List{"0002", "0003", "0001"}));
  EXPECT_EQ(Ids({{"sort", "value"}, {"offset", "1"}, {"limit", "1"}}), (List{"0003"}));
  SearchResult page = Run({{"limit", "1"}});
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.hits.size(), 1u);
}

TEST_F(SearchTest, HitsCarryWhatACardShowsAndAHighlightedSnippet) {
  SearchResult r = Run({{"q", "glasreinigung"}});
  ASSERT_EQ(r.hits.size(), 1u);
  const SearchHit& h = r.hits[0];
  EXPECT_EQ(h.ocid, "ocds-test-0002");
  EXPECT_EQ(h.title, "Reinigung von Schulgebäuden");
  EXPECT_EQ(h.buyer, "Landeshauptstadt München");
  EXPECT_EQ(h.buyer_key, "DE-HRB-990001");
  EXPECT_EQ(h.country, "DE");
  EXPECT_EQ(h.suppliers, (List{"Sauber GmbH"}));
  ASSERT_TRUE(h.value_eur.has_value());
  EXPECT_DOUBLE_EQ(*h.value_eur, 500000);
  EXPECT_EQ(h.end_date, "2026-12-31");
  EXPECT_EQ(h.main_cpv, "90919300-5");
  EXPECT_FALSE(h.framework);
  nlohmann::json snippet = ToJson(r)["hits"][0]["snippet"];
  EXPECT_EQ(snippet, nlohmann::json::parse(
      R"([{"text":"Unterhaltsreinigung und ","mark":false},{"text":"Glasreinigung","mark":true},)"
      R"({"text":" in 40 Schulgebäuden der Landeshauptstadt München.","mark":false}])"));
}

TEST_F(SearchTest, IngestUpdatesTheIndexAndAlertsSavedSearchOwners) {
  Exec(db_,
       "INSERT INTO organisations(id, name, name_key, type, country, created_at, updated_at) "
       "VALUES (1, 'Stadt Köln', 'stadt koln', 'municipality', 'DE', 0, 0);"
       "INSERT INTO users(id, email, name, organisation_id, role, status, language, password_hash, created_at) "
       "VALUES (7, 'einkauf@koeln.example', 'Anna', 1, 'buyer', 'active', 'de', 'x', 0);");
  auto saved = env_->reg->CreateSavedSearch({0, 7, "Müllwagen in DE", R"({"q":"Müllfahrzeuge","country":"DE"})", true, 0, {}});
  ASSERT_TRUE(saved.ok());
  auto quiet = env_->reg->CreateSavedSearch({0, 7, "Schulen", R"({"q":"Schulgebäude"})", true, 0, {}});
  ASSERT_TRUE(quiet.ok());

  ASSERT_TRUE(env_->Ingest({kDir + "search_fixture_later.jsonl"}).ok());
  EXPECT_EQ(*env_->reg->SearchPendingCount(), 1);
  auto stats = writer_->Update(*env_->reg, clock_);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->indexed, 1);
  EXPECT_EQ(stats->alerts, 1);
  EXPECT_EQ(*env_->reg->SearchPendingCount(), 0);
  EXPECT_EQ(IdSet({{"q", "Müllfahrzeuge"}}), (Set{"0001", "0003", "0004"}));

  auto notes = env_->reg->ListNotifications(7, 10);
  ASSERT_TRUE(notes.ok());
  EXPECT_EQ(notes->second, 1);
  ASSERT_EQ(notes->first.size(), 1u);
  EXPECT_EQ(notes->first[0].title, "1 neuer Vertrag passt zu „Müllwagen in DE“");  // in the owner's language
  EXPECT_EQ(notes->first[0].body, "- Elektrische Müllfahrzeuge (Stadt Köln, ocds-test-0004)\n");
  EXPECT_EQ(notes->first[0].link, "/contracts?country=DE&q=M%C3%BCllfahrzeuge");
  EXPECT_EQ(Query(db_, "SELECT to_address, subject FROM outbox"),
            nlohmann::json::parse(R"([["einkauf@koeln.example","Cobuy: 1 neuer Vertrag passt zu „Müllwagen in DE“"]])"));
  EXPECT_EQ(Query(db_, "SELECT search_id, ocid FROM saved_search_hits"),
            nlohmann::json::array({nlohmann::json::array({saved->id, "ocds-test-0004"})}));

  // The same process again (a re-ingest marks nothing; an explicit mark re-indexes it) alerts nobody twice.
  Exec(db_, "INSERT INTO search_pending(ocid) VALUES ('ocds-test-0004')");
  stats = writer_->Update(*env_->reg, clock_);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->indexed, 1);
  EXPECT_EQ(stats->alerts, 0);
  EXPECT_EQ(Query(db_, "SELECT count(*) FROM outbox"), nlohmann::json::parse("[[1]]"));
}

TEST_F(SearchTest, AProcessGoneFromTheStoreLeavesTheIndex) {
  Exec(db_, "DELETE FROM processes WHERE ocid = 'ocds-test-0002'; INSERT INTO search_pending VALUES ('ocds-test-0002')");
  auto stats = writer_->Update(*env_->reg, clock_);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->removed, 1);
  EXPECT_EQ(Run({}).total, 2);
}

TEST_F(SearchTest, RebuildGivesTheIndexThatUpdatesGave) {
  ASSERT_TRUE(env_->Ingest({kDir + "search_fixture_later.jsonl"}).ok());
  ASSERT_TRUE(writer_->Update(*env_->reg, clock_).ok());
  nlohmann::json before = ToJson(Run({{"q", "Müllfahrzeuge"}}));
  auto stats = writer_->Rebuild(*env_->reg);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->indexed, 4);
  // The reader sees the new index (it reopens when the old one is gone).
  EXPECT_EQ(ToJson(Run({{"q", "Müllfahrzeuge"}})), before);
  EXPECT_EQ(index_->DocumentCount(), 4);
  // And the writer keeps working on it.
  Exec(db_, "INSERT INTO search_pending(ocid) VALUES ('ocds-test-0001')");
  ASSERT_TRUE(writer_->Update(*env_->reg, clock_).ok());
  EXPECT_EQ(index_->DocumentCount(), 4);
}

TEST_F(SearchTest, ASecondWriterIsToldTheIndexIsBusy) {
  auto second = IndexWriter::Open(IndexPathFor(db_), Labels());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("another process is writing the search index"), std::string::npos);
}

// Step 7, C1: searches without words ran concurrently copied one shared Xapian::Query (whose
// reference count is not atomic) and crashed the server under load. Many threads now search
// without words at once, each getting every document, sorted by date.
TEST_F(SearchTest, SearchesWithoutWordsRunConcurrently) {
  auto q = ParseSearchParams({}, "2026-06-01");
  ASSERT_TRUE(q.ok());
  constexpr int kThreads = 8;
  constexpr int kRounds = 300;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        auto r = index_->Search(*q);
        if (!r.ok() || r->total != 3 || r->hits.size() != 3) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace cobuy::search
