#include "ingest_test_support.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "refdata/loader.h"

namespace cobuy::ingest::testing {
namespace {

namespace fs = std::filesystem;

std::string MakeTemp() {
  std::string pattern = (fs::temp_directory_path() / "cobuy-ingest-XXXXXX").string();
  char* dir = mkdtemp(pattern.data());
  if (!dir) throw std::runtime_error("mkdtemp failed");
  static std::vector<std::string>* all = [] {
    auto* v = new std::vector<std::string>();
    std::atexit([] {
      for (const auto& d : *all) {
        std::error_code ec;
        fs::remove_all(d, ec);
      }
    });
    return v;
  }();
  all->push_back(dir);
  return dir;
}

// The migrated database with the reference data. Under CTest it is the fixture made once per
// run (COBUY_REFERENCE_DB, by `cobuy db migrate`: see tests/fixtures/make_db.cmake); a test
// binary run by hand makes its own, once.
const std::string& Template() {
  static const std::string path = [] {
    if (const char* made = std::getenv("COBUY_REFERENCE_DB"); made && *made) {
      if (!fs::exists(made)) throw std::runtime_error(std::string("COBUY_REFERENCE_DB names no file: ") + made);
      return std::string(made);
    }
    std::string p = MakeTemp() + "/template.db";
    auto store = Store::Open({.location = p});
    if (!store.ok()) throw std::runtime_error(store.status().ToString());
    if (auto m = (*store)->Migrate(); !m.ok()) throw std::runtime_error(m.status().ToString());
    auto data = LoadReferenceData(std::string(COBUY_SOURCE_DIR) + "/data/ref");
    if (!data.ok()) throw std::runtime_error(data.status().ToString());
    if (auto r = (*store)->ReplaceReferenceData(*data); !r.ok()) throw std::runtime_error(r.status().ToString());
    return p;
  }();
  return path;
}

}  // namespace

std::string FreshDatabase() {
  const std::string& t = Template();
  std::string p = MakeTemp() + "/cobuy.db";
  fs::copy_file(t, p);
  for (const char* suffix : {"-wal", "-shm"}) {
    if (fs::exists(t + suffix)) fs::copy_file(t + suffix, p + suffix);
  }
  return p;
}

void Exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  char* err = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK ||
      sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    ADD_FAILURE() << "cannot run " << sql << ": " << (err ? err : sqlite3_errmsg(db));
  }
  sqlite3_free(err);
  sqlite3_close(db);
}

nlohmann::json Query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  nlohmann::json rows = nlohmann::json::array();
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << path;
    sqlite3_close(db);
    return rows;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "bad SQL: " << sql << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
    return rows;
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    nlohmann::json row = nlohmann::json::array();
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      switch (sqlite3_column_type(st, i)) {
        case SQLITE_NULL: row.push_back(nullptr); break;
        case SQLITE_INTEGER: row.push_back(sqlite3_column_int64(st, i)); break;
        case SQLITE_FLOAT: row.push_back(sqlite3_column_double(st, i)); break;
        default: row.push_back(reinterpret_cast<const char*>(sqlite3_column_text(st, i))); break;
      }
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

Env::Env(const std::string& path) {
  store = std::move(Store::Open({.location = path}).value());
  reg = std::move(RegisterStore::Open({.location = path}).value());
  rules = std::make_unique<ocds::MergeRules>(
      ocds::MergeRules::FromFile(std::string(COBUY_SOURCE_DIR) + "/data/ocds/release-schema-1__1__4.json").value());
  ref = std::make_unique<IngestReference>(IngestReference::Load(*store).value());
}

Result<IngestRun> Env::Ingest(const std::vector<std::string>& files, const std::string& report) {
  static FixedClock clock(1790000000);
  Ingester ingester(*reg, *rules, *ref, clock);
  IngestOptions options;
  options.files = files;
  options.report_path = report;
  options.release_batch = 3;  // small, so that batches are crossed
  options.process_batch = 2;
  return ingester.Run(options);
}

}  // namespace cobuy::ingest::testing
