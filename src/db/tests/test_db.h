// Fresh databases for the db tests, one per test, on either backend.
//
// SQLite: a file in a new temporary folder. PostgreSQL: a new database on the server of
// COBUY_TEST_PG_URL or, as ctest sets it up, of the URL in $COBUY_TEST_PG_DIR/url (the
// throw-away cluster of tests/fixtures/pg_cluster.sh). Without either, the PostgreSQL tests
// fail with a message saying so: they are never skipped.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "db/database.h"

namespace cobuy::db::testing {

// The PostgreSQL server's URL, or an explanation of why there is none in *why.
inline std::string PgServerUrl(std::string* why) {
  if (const char* url = std::getenv("COBUY_TEST_PG_URL"); url && *url) return url;
  const char* dir = std::getenv("COBUY_TEST_PG_DIR");
  if (!dir || !*dir) {
    *why =
        "neither COBUY_TEST_PG_URL nor COBUY_TEST_PG_DIR is set: run through ctest (fixture pg_cluster), or "
        "start a cluster with tests/fixtures/pg_cluster.sh start DIR and set COBUY_TEST_PG_DIR=DIR";
    return {};
  }
  std::ifstream in(std::string(dir) + "/url");
  std::string url;
  if (!std::getline(in, url) || url.empty()) {
    *why = std::string("no PostgreSQL cluster: ") + dir +
           "/url is missing (is PostgreSQL installed? see the fixture.pg_cluster_start test's output)";
  }
  return url;
}

// One fresh database; removed when the TestDb goes.
class TestDb {
 public:
  explicit TestDb(Backend backend) : backend_(backend) {
    static std::atomic<int> counter{0};
    const std::string unique = std::to_string(::getpid()) + "_" + std::to_string(counter++);
    if (backend == Backend::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() / ("cobuy_db_test_" + unique);
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      location_ = (dir_ / "test.db").string();
      return;
    }
    std::string why;
    server_ = PgServerUrl(&why);
    if (server_.empty()) {
      error_ = why;
      return;
    }
    auto admin = Database::Open(server_, {.pool_size = 1});
    if (!admin.ok()) {
      error_ = "cannot reach the test cluster: " + admin.status().ToString();
      return;
    }
    admin_ = std::move(admin).value();
    name_ = "cobuy_test_" + unique + "_" + std::to_string(std::rand() % 100000);
    Status s = admin_->Run([&](Conn& c) { return c.Script("CREATE DATABASE " + name_); });
    if (!s.ok()) {
      error_ = s.ToString();
      return;
    }
    location_ = server_.substr(0, server_.rfind('/') + 1) + name_;
  }

  ~TestDb() {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (admin_ && !name_.empty()) {
      (void)admin_->Run([&](Conn& c) { return c.Script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); });
    }
  }

  // Empty when the database could not be made; error() says why.
  const std::string& location() const { return location_; }
  const std::string& error() const { return error_; }
  // The server's URL (PostgreSQL), for URLs of other databases on it.
  const std::string& server() const { return server_; }

  std::unique_ptr<Database> Open(Options options = {}) {
    auto db = Database::Open(location_, options);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

 private:
  Backend backend_;
  std::filesystem::path dir_;
  std::string server_;
  std::unique_ptr<Database> admin_;
  std::string name_;
  std::string location_;
  std::string error_;
};

inline std::string ParamName(const ::testing::TestParamInfo<Backend>& info) {
  return std::string(BackendName(info.param));
}

}  // namespace cobuy::db::testing

namespace cobuy::db {
// gtest prints a Backend parameter by its name.
inline void PrintTo(Backend backend, std::ostream* os) {
  *os << BackendName(backend);
}
}  // namespace cobuy::db
