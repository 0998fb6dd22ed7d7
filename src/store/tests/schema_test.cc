// The one schema list (store/schema.h) on both backends: an empty database migrates to all of
// it and a re-run applies nothing; SQLite and PostgreSQL end with the same tables, views,
// columns (names, broad types, NOT NULL, primary keys), foreign keys and indexes; files the
// SQLite store migrated (and the demo database) need nothing more.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "db/tests/test_db.h"
#include "store/schema.h"
#include "store/store.h"

namespace cobuy::store {
namespace {

using db::Backend;
using db::Conn;
using db::Database;
using db::Row;
using db::testing::TestDb;

std::vector<std::string> ListNames() {
  std::vector<std::string> out;
  for (const db::Migration& m : SchemaMigrations()) out.push_back(m.name);
  return out;
}

std::vector<std::string> Names(const std::vector<db::MigrationInfo>& infos) {
  std::vector<std::string> out;
  for (const auto& m : infos) out.push_back(m.name);
  return out;
}

// --- what a database's schema looks like, in terms both backends share -------------------------

struct Column {
  std::string name;
  std::string type;  // integer, real, text, blob
  bool not_null = false;
  int pk = 0;  // position in the primary key, 0 when not part of it
  friend bool operator==(const Column&, const Column&) = default;
};

std::ostream& operator<<(std::ostream& os, const Column& c) {
  return os << c.name << ' ' << c.type << (c.not_null ? " not null" : "") << (c.pk ? " pk" + std::to_string(c.pk) : "");
}

struct Shape {
  std::map<std::string, std::vector<Column>> tables;  // and views
  std::set<std::string> views;
  std::set<std::string> foreign_keys;  // table.column -> table.column on delete ...
  std::set<std::string> indexes;       // table: name (explicit indexes, not those of keys)
};

std::string BroadType(std::string type) {
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type == "integer" || type == "bigint") return "integer";
  if (type == "real" || type == "double precision") return "real";
  if (type == "text") return "text";
  if (type == "blob" || type == "bytea") return "blob";
  return "other: " + type;
}

std::string OnDelete(std::string action) {
  if (action == "c" || action == "CASCADE") return "cascade";
  if (action == "n" || action == "SET NULL") return "set null";
  if (action == "a" || action == "NO ACTION") return "no action";
  return "other: " + action;
}

const db::Sql kRelations{
    "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    "SELECT table_name AS name, CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END AS type "
    "FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"};

const db::Sql kColumns{
    "SELECT name, type, \"notnull\" AS not_null, pk FROM pragma_table_info(?) ORDER BY cid",
    "SELECT c.column_name AS name, c.data_type AS type, (c.is_nullable = 'NO')::int AS not_null, "
    "coalesce((SELECT array_position(k.conkey, a.attnum) FROM pg_constraint k JOIN pg_attribute a "
    "ON a.attrelid = k.conrelid AND a.attname = c.column_name WHERE k.contype = 'p' AND k.conrelid = "
    "(quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass), 0) AS pk "
    "FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = ? "
    "ORDER BY c.ordinal_position"};

const db::Sql kForeignKeys{
    "SELECT ? AS tbl, \"from\" AS col, \"table\" AS ref, \"to\" AS refcol, on_delete FROM pragma_foreign_key_list(?)",
    "SELECT cl.relname AS tbl, a.attname AS col, rt.relname AS ref, ra.attname AS refcol, "
    "c.confdeltype::text AS on_delete FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid "
    "JOIN pg_class rt ON rt.oid = c.confrelid "
    "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
    "JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1] "
    "WHERE c.contype = 'f' AND cl.relname = ? AND ? <> '' AND cl.relnamespace = current_schema()::regnamespace"};

const db::Sql kIndexes{
    "SELECT tbl_name AS tbl, name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    "SELECT ct.relname AS tbl, ci.relname AS name FROM pg_index x JOIN pg_class ci ON ci.oid = x.indexrelid "
    "JOIN pg_class ct ON ct.oid = x.indrelid WHERE ct.relnamespace = current_schema()::regnamespace "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"};

Shape Describe(Database& db) {
  Shape shape;
  Status s = db.Run([&](Conn& c) -> Status {
    using Relation = std::pair<std::string, std::string>;  // name, "table" or "view"
    COBUY_ASSIGN_OR_RETURN(auto relations, c.Collect<Relation>(kRelations, {}, [](const Row& r) {
      return Relation(r.Text("name"), r.Text("type"));
    }));
    for (const auto& [name, type] : relations) {
      if (type == "view") shape.views.insert(name);
      COBUY_ASSIGN_OR_RETURN(shape.tables[name], c.Collect<Column>(kColumns, {name}, [](const Row& r) {
        return Column{r.Text("name"), BroadType(r.Text("type")), r.Int("not_null") != 0 || r.Int("pk") > 0,
                      static_cast<int>(r.Int("pk"))};
      }));
      if (type == "view") continue;
      COBUY_ASSIGN_OR_RETURN(auto fks, c.Collect<std::string>(kForeignKeys, {name, name}, [](const Row& r) {
        return r.Text("tbl") + "." + r.Text("col") + " -> " + r.Text("ref") + "." + r.Text("refcol") + " on delete " +
               OnDelete(r.Text("on_delete"));
      }));
      shape.foreign_keys.insert(fks.begin(), fks.end());
    }
    COBUY_ASSIGN_OR_RETURN(auto indexes, c.Collect<std::string>(kIndexes, {}, [](const Row& r) {
      return r.Text("tbl") + ": " + r.Text("name");
    }));
    shape.indexes.insert(indexes.begin(), indexes.end());
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return shape;
}

// --- both backends -------------------------------------------------------------------------------

class SchemaTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    fresh_ = std::make_unique<TestDb>(GetParam());
    ASSERT_FALSE(fresh_->location().empty()) << fresh_->error();
    db_ = fresh_->Open();
    ASSERT_TRUE(db_);
  }

  std::unique_ptr<TestDb> fresh_;
  std::unique_ptr<Database> db_;
};

TEST_P(SchemaTest, EmptyDatabaseMigratesToAllThenNothing) {
  auto before = db_->GetMigrationStatus(SchemaMigrations());
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_TRUE(before->applied.empty());
  EXPECT_EQ(Names(before->pending), ListNames());

  auto applied = db_->Migrate(SchemaMigrations());
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(Names(*applied), ListNames());
  EXPECT_EQ(applied->back().version, LatestSchemaVersion());
  EXPECT_EQ(LatestSchemaVersion(), 9);

  auto status = db_->GetMigrationStatus(SchemaMigrations());
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(Names(status->applied), ListNames());
  EXPECT_TRUE(status->pending.empty());
  EXPECT_TRUE(status->unknown.empty());
  for (const auto& m : status->applied) EXPECT_EQ(m.applied_at.size(), 20u) << m.name;  // 2026-11-22T10:00:00Z

  auto again = db_->Migrate(SchemaMigrations());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->empty());
}

// Migration 7 fills the market tables from the register: on PostgreSQL with its own JSON and
// aggregate SQL, which must give what SQLite's gives.
TEST_P(SchemaTest, MigrationSevenFillsTheMarketTablesTheSameWay) {
  const std::span<const db::Migration> all = SchemaMigrations();
  ASSERT_TRUE(db_->Migrate(all.first(6)).ok());
  Status s = db_->Transact([](Conn& c) -> Status {
    COBUY_RETURN_IF_ERROR(
        c.Exec("INSERT INTO register_organisations(id, scheme, identifier, name) VALUES (7, 'X', '1', 'Acme')"));
    const char* insert_process =
        "INSERT INTO processes(ocid, compiled, release_count, first_date, last_date, tags, title, description, "
        "language, "
        "status, buyer_party_id, buyer_name, buyer_org, procuring_entity_name, country, region, procurement_method, "
        "procurement_method_details, main_category, is_framework, is_dps, is_cpb, buyer_categories, tender_start, "
        "tender_end, award_date, contract_start, contract_end, value_eur, awarded_eur, value_currency, main_cpv) "
        "VALUES "
        "(?, ?, 1, '', '', ?, '', '', '', 'active', '', '', NULL, '', 'FR', '', 'open', '', 'goods', ?, 0, ?, '', "
        "'2026-01-01', '2026-02-01', '', '', '2027-01-01', ?, ?, 'EUR', '33000000')";
    COBUY_RETURN_IF_ERROR(c.Exec(
        insert_process, {"ocds-a", R"({"tender":{"numberOfTenderers":4}})", "planning tender", 1, 0, 1000.0, 900.0}));
    COBUY_RETURN_IF_ERROR(c.Exec(insert_process, {"ocds-b", R"({"tender":{"numberOfTenderers":2.5}})", "award", 0, 1,
                                                  std::nullopt, std::nullopt}));
    COBUY_RETURN_IF_ERROR(c.Exec(insert_process, {"ocds-c", "{}", "planning", 0, 0, 50.0, std::nullopt}));
    for (auto [ocid, award, party, name, org] : {std::tuple{"ocds-a", "a1", "p1", "Zeta", std::optional<int>()},
                                                 std::tuple{"ocds-a", "a1", "p2", "Beta", std::optional<int>()},
                                                 std::tuple{"ocds-a", "a2", "p3", "Acme SA", std::optional<int>(7)}}) {
      COBUY_RETURN_IF_ERROR(
          c.Exec("INSERT INTO process_suppliers(ocid, award_id, party_id, name, register_org) VALUES (?, ?, ?, ?, ?)",
                 {ocid, award, party, name, org}));
    }
    const char* insert_item =
        "INSERT INTO process_items(ocid, source, parent_id, position, item_id, description, cpv, scheme, "
        "classification_id, additional_classifications, quantity, unit_name, unit_id, unit_price_amount, "
        "unit_price_currency, unit_price_eur, related_lot) VALUES (?, ?, 'x', ?, '', '', ?, '', '', '', 2, 'piece', "
        "'H87', NULL, 'EUR', ?, '')";
    COBUY_RETURN_IF_ERROR(c.Exec(insert_item, {"ocds-a", "award", 0, "33100000", 10.0}));
    COBUY_RETURN_IF_ERROR(c.Exec(insert_item, {"ocds-a", "contract", 0, "33100000", 12.5}));
    COBUY_RETURN_IF_ERROR(c.Exec(insert_item, {"ocds-b", "award", 0, "33100000", 7.0}));
    COBUY_RETURN_IF_ERROR(c.Exec(insert_item, {"ocds-b", "award", 1, "", 7.0}));
    return c.Exec(insert_item, {"ocds-c", "award", 0, "33100000", 0.0});
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto applied = db_->Migrate(all);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_EQ(applied->size(), 3u);

  auto facts = db_->Collect<std::string>(
      "SELECT ocid, is_framework, open_to_others, tenderers, suppliers, value_eur FROM market_facts ORDER BY ocid", {},
      [](const Row& r) {
        return r.Text("ocid") + "|" + std::to_string(r.Int("is_framework")) + "|" +
               std::to_string(r.Int("open_to_others")) + "|" +
               (r.IsNull("tenderers") ? "null" : std::to_string(r.Int("tenderers"))) + "|" + r.Text("suppliers") + "|" +
               (r.IsNull("value_eur") ? "null" : std::to_string(r.Real("value_eur")));
      });
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_EQ(*facts, (std::vector<std::string>{"ocds-a|1|0|4|#7\nBeta\nZeta|900.000000", "ocds-b|0|1|null||null",
                                              "ocds-c|0|0|null||50.000000"}));
  auto prices = db_->Collect<std::string>(
      "SELECT ocid, source, position, price_eur FROM market_prices ORDER BY ocid, source, position", {},
      [](const Row& r) {
        return r.Text("ocid") + "|" + r.Text("source") + "|" + std::to_string(r.Int("position")) + "|" +
               std::to_string(r.Real("price_eur"));
      });
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  EXPECT_EQ(*prices, (std::vector<std::string>{"ocds-a|contract|0|12.500000", "ocds-b|award|0|7.000000"}));
  auto changes = db_->Collect<std::string>("SELECT ocid FROM market_changes ORDER BY seq", {},
                                           [](const Row& r) { return r.Text("ocid"); });
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  EXPECT_EQ(*changes, (std::vector<std::string>{"ocds-a", "ocds-c"}));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SchemaTest, ::testing::Values(Backend::kSqlite), db::testing::ParamName);
INSTANTIATE_TEST_SUITE_P(Postgres, SchemaTest, ::testing::Values(Backend::kPostgres), db::testing::ParamName);

// The same tables, columns, keys and indexes on both.
TEST(PostgresSchema, SameShapeAsSqlite) {
  TestDb lite(Backend::kSqlite), pg(Backend::kPostgres);
  ASSERT_FALSE(pg.location().empty()) << pg.error();
  auto a = lite.Open(), b = pg.Open();
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->Migrate(SchemaMigrations()).ok());
  auto migrated = b->Migrate(SchemaMigrations());
  ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  const Shape sqlite = Describe(*a), postgres = Describe(*b);

  EXPECT_EQ(sqlite.views, std::set<std::string>{"register_organisation_links"});
  EXPECT_EQ(postgres.views, sqlite.views);
  std::set<std::string> sqlite_tables, postgres_tables;
  for (const auto& [name, columns] : sqlite.tables) sqlite_tables.insert(name);
  for (const auto& [name, columns] : postgres.tables) postgres_tables.insert(name);
  EXPECT_EQ(postgres_tables, sqlite_tables);
  // Every table the SQLite texts create (none is dropped), schema_migrations and the view.
  size_t created = 1 + sqlite.views.size();
  for (const db::Migration& m : SchemaMigrations()) {
    for (std::string_view text = m.sql.sqlite; text.find("CREATE TABLE ") != std::string_view::npos;) {
      text.remove_prefix(text.find("CREATE TABLE ") + 13);
      ++created;
    }
  }
  EXPECT_EQ(sqlite_tables.size(), created);
  for (const auto& [name, columns] : sqlite.tables) {
    auto it = postgres.tables.find(name);
    if (it == postgres.tables.end()) continue;
    EXPECT_EQ(it->second, columns) << name;
    for (const Column& c : columns) EXPECT_EQ(c.type.find("other"), std::string::npos) << name << "." << c.name;
  }
  EXPECT_EQ(postgres.foreign_keys, sqlite.foreign_keys);
  EXPECT_EQ(postgres.indexes, sqlite.indexes);
  // Spot checks against the migrations' text.
  EXPECT_EQ(sqlite.tables.at("blobs"), (std::vector<Column>{{"sha256", "text", true, 1}, {"data", "blob", true, 0}}));
  EXPECT_EQ(sqlite.tables.at("market_changes"),
            (std::vector<Column>{{"seq", "integer", true, 1}, {"ocid", "text", true, 0}}));
  EXPECT_TRUE(sqlite.foreign_keys.count("formed_groups.community_id -> communities.id on delete cascade"));
  EXPECT_TRUE(sqlite.foreign_keys.count("activities.owner_id -> users.id on delete set null"));
  EXPECT_TRUE(sqlite.indexes.count("organisation_identifiers: organisation_identifiers_approved"));
}

// A file migrated by the SQLite store's own runner is fully migrated for db::Database, and the
// other way round: one list, one schema_migrations table.
TEST(SqliteSchema, StoreAndDatabaseRecordTheSameMigrations) {
  TestDb first(Backend::kSqlite), second(Backend::kSqlite);
  {
    auto store = Store::Open({.location = first.location()});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_EQ((*store)->Migrate()->size(), SchemaMigrations().size());
  }
  auto db = first.Open();
  ASSERT_TRUE(db);
  auto status = db->GetMigrationStatus(SchemaMigrations());
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(Names(status->applied), ListNames());
  EXPECT_TRUE(status->pending.empty());
  EXPECT_TRUE(db->Migrate(SchemaMigrations())->empty());

  auto other = second.Open();
  ASSERT_TRUE(other && other->Migrate(SchemaMigrations()).ok());
  other.reset();
  auto store = Store::Open({.location = second.location()}).value();
  EXPECT_TRUE(store->Migrate()->empty());
  auto recorded = store->AppliedMigrations();
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  std::vector<std::string> names;
  for (const auto& m : *recorded) names.push_back(m.name);
  EXPECT_EQ(names, ListNames());
  EXPECT_EQ(store->LatestSchemaVersion(), LatestSchemaVersion());
}

// A database a newer build migrated is refused by both runners.
TEST(SqliteSchema, NewerDatabaseIsRefused) {
  TestDb fresh(Backend::kSqlite);
  auto db = fresh.Open();
  ASSERT_TRUE(db && db->Migrate(SchemaMigrations()).ok());
  ASSERT_TRUE(db->Exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES (99, 'future', 'x')").ok());
  db.reset();
  auto store = Store::Open({.location = fresh.location()}).value();
  EXPECT_EQ(store->Migrate().status().code(), StatusCode::kFailedPrecondition);
  db = fresh.Open();
  EXPECT_EQ(db->Migrate(SchemaMigrations()).status().code(), StatusCode::kFailedPrecondition);
}

// The demo database (fixture demo_db), made by `cobuy demo load`, is at the newest migration.
TEST(DemoDbSchema, DemoDatabaseHasNoPendingMigration) {
  const char* demo = std::getenv("COBUY_DEMO_DB");
  ASSERT_TRUE(demo && *demo) << "COBUY_DEMO_DB is not set: run through ctest (fixture demo_db)";
  TestDb fresh(Backend::kSqlite);
  std::filesystem::copy_file(demo, fresh.location());
  auto db = fresh.Open();
  ASSERT_TRUE(db);
  auto status = db->GetMigrationStatus(SchemaMigrations());
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(Names(status->applied), ListNames());
  EXPECT_TRUE(status->pending.empty());
  EXPECT_TRUE(status->unknown.empty());
  auto applied = db->Migrate(SchemaMigrations());
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_TRUE(applied->empty());
}

}  // namespace
}  // namespace cobuy::store
