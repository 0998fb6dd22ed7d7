// `cobuy db migrate|status` on both backends: a fresh SQLite file and a fresh database on the
// throw-away PostgreSQL cluster (fixture pg_cluster). Each migration is shown applied or
// pending; bad locations, unreachable servers and databases at a newer migration are one line
// on stderr and exit 1.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/tests/test_db.h"
#include "store/schema.h"
#include "support/process.h"

namespace cobuy::testing {
namespace {

using db::Backend;
using db::testing::TestDb;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nl = text.find('\n'); nl != std::string::npos; start = nl + 1, nl = text.find('\n', start)) {
    out.push_back(text.substr(start, nl - start));
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t tab = line.find('\t'); tab != std::string::npos; start = tab + 1, tab = line.find('\t', start)) {
    out.push_back(line.substr(start, tab - start));
  }
  out.push_back(line.substr(start));
  return out;
}

RunResult Cobuy(std::vector<std::string> args) {
  return RunCommand(COBUY_BINARY, args);
}

class DbCommandTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    fresh_ = std::make_unique<TestDb>(GetParam());
    ASSERT_FALSE(fresh_->location().empty()) << fresh_->error();
    location_ = fresh_->location();
  }
  std::string Backend() const { return std::string(db::BackendName(GetParam())); }

  std::unique_ptr<TestDb> fresh_;
  std::string location_;
};

TEST_P(DbCommandTest, StatusMigrateStatusMigrate) {
  const auto list = store::SchemaMigrations();
  const int latest = store::LatestSchemaVersion();

  RunResult before = Cobuy({"db", "status", "--db", location_});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  std::string expected;
  for (const auto& m : list) expected += std::to_string(m.version) + "\tpending\t\t" + m.name + "\n";
  expected += "schema version 0 of " + std::to_string(latest) + " (" + Backend() + ", " + std::to_string(list.size()) +
              " pending)\n";
  EXPECT_EQ(before.out, expected);

  RunResult migrate = Cobuy({"db", "migrate", "--db", location_});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  std::vector<std::string> lines = Lines(migrate.out);
  ASSERT_EQ(lines.size(), list.size() + 1) << migrate.out;
  for (size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(lines[i], "applied migration " + std::to_string(list[i].version) + " (" + list[i].name + ")");
  }
  const std::string reference_line = GetParam() == Backend::kPostgres
                                         ? "reference data not loaded: the stores do not run on PostgreSQL yet"
                                         : "loaded reference data: 250 countries, 9454 CPV codes, 1903 NUTS regions, "
                                           "179 currencies, 217555 euro rates";
  EXPECT_EQ(lines.back(), reference_line);

  RunResult after = Cobuy({"db", "status", "--db", location_});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  lines = Lines(after.out);
  ASSERT_EQ(lines.size(), list.size() + 1) << after.out;
  for (size_t i = 0; i < list.size(); ++i) {
    std::vector<std::string> fields = Split(lines[i]);
    ASSERT_EQ(fields.size(), 4u) << lines[i];
    EXPECT_EQ(fields[0], std::to_string(list[i].version));
    EXPECT_EQ(fields[1], "applied");
    EXPECT_EQ(fields[2].size(), 20u) << fields[2];  // 2026-11-22T10:00:00Z
    EXPECT_EQ(fields[3], list[i].name);
  }
  EXPECT_EQ(lines.back(), "schema version " + std::to_string(latest) + " of " + std::to_string(latest) + " (" +
                              Backend() + ", 0 pending)");

  RunResult again = Cobuy({"db", "migrate", "--db", location_});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, (GetParam() == Backend::kPostgres ? reference_line : "reference data is up to date") + "\n");
}

TEST_P(DbCommandTest, DatabaseAtANewerMigrationIsOneLineAndExitOne) {
  {
    auto db = fresh_->Open();
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->Migrate(store::SchemaMigrations()).ok());
    ASSERT_TRUE(db->Exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                         {store::LatestSchemaVersion() + 1, "from the future", "2030-01-01T00:00:00Z"})
                    .ok());
  }
  const std::string latest = std::to_string(store::LatestSchemaVersion());
  const std::string line =
      "cobuy: " + location_ + " is at migration " + std::to_string(store::LatestSchemaVersion() + 1) +
      " (from the future), which this build does not know (it knows 1 to " + latest + "): use a newer cobuy\n";
  for (const char* command : {"status", "migrate"}) {
    RunResult r = Cobuy({"db", command, "--db", location_});
    EXPECT_EQ(r.exit_code, 1) << command;
    EXPECT_EQ(r.err, line) << command;
    EXPECT_EQ(r.out, "") << command;
  }
}

INSTANTIATE_TEST_SUITE_P(Sqlite, DbCommandTest, ::testing::Values(Backend::kSqlite), db::testing::ParamName);
INSTANTIATE_TEST_SUITE_P(Postgres, DbCommandTest, ::testing::Values(Backend::kPostgres), db::testing::ParamName);

// Locations that cannot be used: one line naming the location (never its password), exit 1.
TEST(PostgresDbCommand, BadLocationsAreOneLineAndExitOne) {
  TestDb fresh(Backend::kPostgres);
  ASSERT_FALSE(fresh.location().empty()) << fresh.error();
  const std::string base = fresh.server().substr(0, fresh.server().rfind('/') + 1);
  struct BadCase {
    std::vector<std::string> args;
    std::string stderr_start;
  };
  const BadCase cases[] = {
      {{"db", "status", "--db", "postgresql://postgres:s3cret-pw@127.0.0.1:1/postgres"},
       "cobuy: cannot connect to postgresql://postgres:***@127.0.0.1:1/postgres: connection to server at "
       "\"127.0.0.1\", port 1 failed: Connection refused"},
      {{"db", "migrate", "--db", "postgresql://postgres:s3cret-pw@127.0.0.1:1/postgres"},
       "cobuy: cannot connect to postgresql://postgres:***@127.0.0.1:1/postgres: connection to server at "
       "\"127.0.0.1\", port 1 failed: Connection refused"},
      {{"db", "status", "--db", "postgresql://postgres@127.0.0.1:notaport/postgres"},
       "cobuy: cannot connect to postgresql://postgres@127.0.0.1:notaport/postgres: invalid integer value "
       "\"notaport\""},
      {{"db", "status", "--db", "postgresql://postgres:s3cret-pw@127.0.0.1/x?colour=blue"},
       "cobuy: invalid database URL postgresql://postgres:***@127.0.0.1/x?colour=blue: invalid URI query parameter: "
       "\"colour\""},
      {{"db", "migrate", "--db", base + "no_such_database?password=s3cret-pw"},
       "cobuy: cannot connect to " + base + "no_such_database?password=***: "},
  };
  for (const BadCase& c : cases) {
    RunResult r = Cobuy(c.args);
    EXPECT_EQ(r.exit_code, 1) << c.args[3] << ": " << r.err;
    EXPECT_EQ(r.err.substr(0, c.stderr_start.size()), c.stderr_start) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.back(), '\n');
    EXPECT_EQ(r.err.find("s3cret-pw"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

}  // namespace
}  // namespace cobuy::testing
