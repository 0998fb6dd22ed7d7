// The db layer's conformance suite: src/db/tests/cases/*.json, each case run on SQLite and on
// PostgreSQL, with the same expected rows and Status codes. A case file is
//   {"cases": [{"name": "...", "migrations": [...], "steps": [step, ...]}, ...]}
// SQL is a string (shared) or {"sqlite": "...", "postgres": "..."}. Values (parameters and
// expected columns): a JSON integer (int64), {"real": "0.1"} (a double, read with strtod and
// compared bit for bit), a string (UTF-8 text), {"blob_hex": "00ff"} (a blob), null (NULL:
// IsNull, and the Opt* readers give nothing). Steps:
//   {"exec": SQL, "params": [...], "changes": n, "status": "ALREADY_EXISTS"}
//   {"query": SQL, "params": [...], "rows": [{"column": value, ...}, ...], "status": ...}
//   {"insert_id": SQL, "params": [...], "id": n}       Conn::InsertReturningId
//   {"last_insert_id": n}                               after an insert, on the same connection
//   {"transact": [steps], "status": ...}                Database::Transact; the steps run through
//       the Database (as repositories do) and join it; the first step whose status is not OK
//       (as expected by that step) ends the body with that status, unless the step says
//       "then": "continue"; {"fail": "CODE"} ends it so
//   {"migrate": n, "applied": [versions], "status": ...}    the case's first n migrations
//   {"migration_status": n, "applied": [...], "pending": [...], "unknown": [...]}
// "status" defaults to "OK".
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "db/tests/test_db.h"

namespace cobuy::db {
namespace {

using nlohmann::json;

struct Case {
  std::string file;
  std::string name;
  json spec;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.file << "/" << c.name;
}

std::vector<Case> LoadCases() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(COBUY_SOURCE_DIR "/src/db/tests/cases")) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> out;
  for (const auto& f : files) {
    std::ifstream in(f);
    json doc = json::parse(in);
    for (const json& c : doc.at("cases")) out.push_back({f.stem().string(), c.at("name").get<std::string>(), c});
  }
  return out;
}

std::string Hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

double ParseReal(const json& v) {
  return std::strtod(v.get<std::string>().c_str(), nullptr);
}

// Runs the steps of one case against one database.
class Runner {
 public:
  Runner(Database& db, const json& spec) : db_(db), spec_(spec) {
    // Keeps the SQL texts alive: Sql holds views.
    for (const json& m : spec.value("migrations", json::array())) {
      texts_.push_back(std::make_unique<std::string>(SqlText(m.at("sql"))));
      names_.push_back(std::make_unique<std::string>(m.at("name").get<std::string>()));
      migrations_.push_back({m.at("version").get<int>(), names_.back()->c_str(), Sql(*texts_.back())});
    }
  }

  void RunSteps(const json& steps, const std::string& where) {
    for (size_t i = 0; i < steps.size(); ++i) {
      Status s = Step(steps[i], where + "[" + std::to_string(i) + "]");
      if (::testing::Test::HasFatalFailure()) return;
      (void)s;
    }
  }

 private:
  std::string SqlText(const json& sql) const {
    if (sql.is_string()) return sql.get<std::string>();
    return sql.at(std::string(BackendName(db_.backend()))).get<std::string>();
  }

  std::vector<Param> Params(const json& step, std::vector<std::string>* storage) const {
    std::vector<Param> out;
    const json params = step.value("params", json::array());
    storage->reserve(params.size());
    for (const json& p : params) {
      if (p.is_null()) {
        out.emplace_back(nullptr);
      } else if (p.is_number_integer()) {
        out.emplace_back(p.get<std::int64_t>());
      } else if (p.is_string()) {
        storage->push_back(p.get<std::string>());
        out.emplace_back(std::string_view(storage->back()));
      } else if (p.contains("real")) {
        out.emplace_back(ParseReal(p["real"]));
      } else {
        storage->push_back(Unhex(p.at("blob_hex").get<std::string>()));
        out.emplace_back(AsBlob(storage->back()));
      }
    }
    return out;
  }

  // Checks one column of a row against its expected value.
  static void ExpectValue(const Row& row, const std::string& col, const json& want, const std::string& where) {
    SCOPED_TRACE(where + " column " + col);
    if (want.is_null()) {
      EXPECT_TRUE(row.IsNull(col));
      EXPECT_EQ(row.OptInt(col), std::nullopt);
      EXPECT_EQ(row.OptReal(col), std::nullopt);
      EXPECT_EQ(row.OptText(col), std::nullopt);
      return;
    }
    EXPECT_FALSE(row.IsNull(col));
    if (want.is_number_integer()) {
      EXPECT_EQ(row.Int(col), want.get<std::int64_t>());
      EXPECT_EQ(row.OptInt(col), want.get<std::int64_t>());
    } else if (want.is_string()) {
      EXPECT_EQ(row.Text(col), want.get<std::string>());
    } else if (want.contains("real")) {
      const double expected = ParseReal(want["real"]);
      const double got = row.Real(col);
      EXPECT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(expected))
          << "got " << got << ", want " << want["real"];
      ASSERT_TRUE(row.OptReal(col).has_value());
      EXPECT_EQ(std::bit_cast<std::uint64_t>(*row.OptReal(col)), std::bit_cast<std::uint64_t>(expected));
    } else {
      EXPECT_EQ(Hex(row.Blob(col)), want.at("blob_hex").get<std::string>());
    }
  }

  // The expected status of a step, checked against `got`; returns `got`.
  static Status Expect(const json& step, const Status& got, const std::string& where) {
    EXPECT_EQ(StatusCodeName(got.code()), step.value("status", "OK")) << where << ": " << got.ToString();
    return got;
  }

  Status Step(const json& step, const std::string& where) {
    std::vector<std::string> storage;
    if (step.contains("exec")) {
      const std::string sql = SqlText(step["exec"]);
      auto params = Params(step, &storage);
      auto changes = db_.Run([&](Conn& c) { return c.ExecCount(sql, db::Params(params)); });
      if (changes.ok() && step.contains("changes")) {
        EXPECT_EQ(*changes, step["changes"].get<int>()) << where;
      }
      return Expect(step, changes.status(), where);
    }
    if (step.contains("query")) {
      const std::string sql = SqlText(step["query"]);
      auto params = Params(step, &storage);
      int count = 0;
      Status s = db_.Run([&](Conn& c) -> Status {
        COBUY_ASSIGN_OR_RETURN(Rows rows, c.Query(sql, db::Params(params)));
        const json& want = step.value("rows", json::array());
        while (true) {
          COBUY_ASSIGN_OR_RETURN(bool more, rows.Next());
          if (!more) break;
          const std::string at = where + " row " + std::to_string(count);
          if (count < static_cast<int>(want.size())) {
            EXPECT_EQ(rows->ColumnCount(), static_cast<int>(want[count].size())) << at;
            for (const auto& [col, value] : want[count].items()) ExpectValue(*rows, col, value, at);
          }
          ++count;
        }
        EXPECT_EQ(count, static_cast<int>(want.size())) << where << ": rows";
        return Status::Ok();
      });
      return Expect(step, s, where);
    }
    if (step.contains("insert_id")) {
      const std::string sql = SqlText(step["insert_id"]);
      auto params = Params(step, &storage);
      auto id = db_.Run([&](Conn& c) { return c.InsertReturningId(sql, db::Params(params)); });
      if (id.ok()) {
        EXPECT_EQ(*id, step.at("id").get<std::int64_t>()) << where;
      }
      return Expect(step, id.status(), where);
    }
    if (step.contains("last_insert_id")) {
      auto id = db_.Run([&](Conn& c) { return c.LastInsertId(); });
      if (id.ok()) {
        EXPECT_EQ(*id, step["last_insert_id"].get<std::int64_t>()) << where;
      }
      return Expect(step, id.status(), where);
    }
    if (step.contains("fail")) {
      return Status(Code(step["fail"].get<std::string>()), "the case's own failure");
    }
    if (step.contains("transact")) {
      Status s = db_.Transact([&](Conn&) -> Status {
        const json& steps = step["transact"];
        for (size_t i = 0; i < steps.size(); ++i) {
          Status inner = Step(steps[i], where + ".transact[" + std::to_string(i) + "]");
          if (!inner.ok() && steps[i].value("then", "") != "continue") return inner;
        }
        return Status::Ok();
      });
      return Expect(step, s, where);
    }
    if (step.contains("migrate")) {
      auto applied = db_.Migrate(Migrations(step["migrate"].get<int>()));
      if (applied.ok()) {
        EXPECT_EQ(Versions(*applied), step.value("applied", json::array())) << where;
      }
      if (applied.ok()) {
        for (const MigrationInfo& m : *applied) EXPECT_EQ(m.applied_at.size(), 20u) << where;
      }
      return Expect(step, applied.status(), where);
    }
    if (step.contains("migration_status")) {
      auto status = db_.GetMigrationStatus(Migrations(step["migration_status"].get<int>()));
      if (status.ok()) {
        EXPECT_EQ(Versions(status->applied), step.value("applied", json::array())) << where;
        EXPECT_EQ(Versions(status->pending), step.value("pending", json::array())) << where;
        EXPECT_EQ(Versions(status->unknown), step.value("unknown", json::array())) << where;
      }
      return Expect(step, status.status(), where);
    }
    ADD_FAILURE() << where << ": unknown step " << step.dump();
    return Internal("unknown step");
  }

  std::span<const Migration> Migrations(int n) const {
    return std::span<const Migration>(migrations_).first(static_cast<size_t>(n));
  }
  static json Versions(const std::vector<MigrationInfo>& list) {
    json out = json::array();
    for (const MigrationInfo& m : list) out.push_back(m.version);
    return out;
  }
  static StatusCode Code(const std::string& name) {
    for (int c = 0; c <= static_cast<int>(StatusCode::kInternal); ++c) {
      if (StatusCodeName(static_cast<StatusCode>(c)) == name) return static_cast<StatusCode>(c);
    }
    ADD_FAILURE() << "unknown status " << name;
    return StatusCode::kInternal;
  }

  Database& db_;
  const json& spec_;
  std::vector<std::unique_ptr<std::string>> texts_;
  std::vector<std::unique_ptr<std::string>> names_;
  std::vector<Migration> migrations_;
};

class Conformance : public ::testing::TestWithParam<std::tuple<Backend, Case>> {};

TEST_P(Conformance, Case) {
  const auto& [backend, c] = GetParam();
  testing::TestDb fresh(backend);
  ASSERT_FALSE(fresh.location().empty()) << fresh.error();
  auto db = fresh.Open({.pool_size = c.spec.value("pool_size", 2)});
  ASSERT_TRUE(db);
  Runner runner(*db, c.spec);
  runner.RunSteps(c.spec.at("steps"), c.file + "/" + c.name);
}

std::string CaseName(const ::testing::TestParamInfo<std::tuple<Backend, Case>>& info) {
  const Case& c = std::get<1>(info.param);
  std::string name = c.file + "_" + c.name;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Conformance,
                         ::testing::Combine(::testing::Values(Backend::kSqlite), ::testing::ValuesIn(LoadCases())),
                         CaseName);
INSTANTIATE_TEST_SUITE_P(Postgres, Conformance,
                         ::testing::Combine(::testing::Values(Backend::kPostgres), ::testing::ValuesIn(LoadCases())),
                         CaseName);

}  // namespace
}  // namespace cobuy::db
