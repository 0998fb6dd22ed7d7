// The SQLite backend: one sqlite3 handle per connection, prepared statements cached by text.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <unordered_map>

#include "db/backend.h"

namespace cobuy::db {
namespace {

// BUSY/LOCKED -> kUnavailable, UNIQUE/PRIMARY KEY -> kAlreadyExists, other constraints ->
// kFailedPrecondition, too big/mismatch -> kInvalidArgument, the rest kInternal.
Status ErrorStatus(sqlite3* db, int rc, std::string_view context) {
  std::string msg = fmt::format("{}: {}", context, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  const int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Unavailable(fmt::format("{}: the database is busy, try again", context));
  }
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) return AlreadyExists(msg);
  if (primary == SQLITE_CONSTRAINT) return FailedPrecondition(msg);
  if (primary == SQLITE_TOOBIG || primary == SQLITE_MISMATCH || primary == SQLITE_RANGE) return InvalidArgument(msg);
  return Internal(msg);
}

struct CachedStatement {
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;  // lent to an open Rows
};

class SqliteCursor final : public Rows::Cursor {
 public:
  // `in_use` is the cache's mark to clear when done; null when the cursor owns `stmt`.
  SqliteCursor(sqlite3* db, sqlite3_stmt* stmt, bool* in_use) : db_(db), stmt_(stmt), in_use_(in_use) {}
  ~SqliteCursor() override {
    if (in_use_) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
      *in_use_ = false;
    } else {
      sqlite3_finalize(stmt_);
    }
  }

  Result<bool> Next() override {
    if (done_) return false;
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    done_ = true;
    if (rc == SQLITE_DONE) return false;
    return ErrorStatus(db_, sqlite3_extended_errcode(db_), "query");
  }

  std::int64_t IntAt(int i) const override { return sqlite3_column_int64(stmt_, i); }
  double RealAt(int i) const override { return sqlite3_column_double(stmt_, i); }
  std::string TextAt(int i) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
  }
  std::string BlobAt(int i) const override {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
  }
  bool IsNullAt(int i) const override { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

 protected:
  int Columns() const override { return sqlite3_column_count(stmt_); }
  std::string_view NameAt(int i) const override { return sqlite3_column_name(stmt_, i); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
  bool done_ = false;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
    sqlite3_close_v2(db_);
  }

  Backend backend() const override { return Backend::kSqlite; }
  Result<std::int64_t> LastInsertId() override { return sqlite3_last_insert_rowid(db_); }
  Status Refresh() override {
    if (!sqlite3_get_autocommit(db_)) return ScriptText("ROLLBACK");
    return Status::Ok();
  }
  Status Begin() override { return ScriptText("BEGIN IMMEDIATE"); }
  bool TakeRetryable() override { return false; }

 protected:
  Result<Rows> QueryText(std::string_view sql, Params params) override {
    CachedStatement* cached = nullptr;
    COBUY_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, &cached));
    // The cursor steps after this call returns: parameters are copied.
    auto cursor = std::make_unique<SqliteCursor>(db_, stmt, cached ? &cached->in_use : nullptr);
    if (cached) cached->in_use = true;
    COBUY_RETURN_IF_ERROR(Bind(stmt, params, SQLITE_TRANSIENT));
    return Rows(std::move(cursor));
  }

  Result<std::int64_t> ExecText(std::string_view sql, Params params) override {
    CachedStatement* cached = nullptr;
    COBUY_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, &cached));
    // Stepped to the end here: parameters are borrowed.
    SqliteCursor cursor(db_, stmt, cached ? &cached->in_use : nullptr);
    if (cached) cached->in_use = true;
    COBUY_RETURN_IF_ERROR(Bind(stmt, params, SQLITE_STATIC));
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, cursor.Next());
      if (!row) break;
    }
    return static_cast<std::int64_t>(sqlite3_changes64(db_));
  }

  Status ScriptText(std::string_view sql) override {
    const std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return Status::Ok();
    Status s = ErrorStatus(db_, sqlite3_extended_errcode(db_), "script");
    sqlite3_free(err);
    return s;
  }

 private:
  // A cached statement for `sql` (*cached set), or a fresh one the caller owns when the cached
  // one is lent to an open cursor (*cached null).
  Result<sqlite3_stmt*> Prepare(std::string_view sql, CachedStatement** cached) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end() && !it->second.in_use) {
      *cached = &it->second;
      return it->second.stmt;
    }
    sqlite3_stmt* stmt = nullptr;
    const int flags = it == cache_.end() ? SQLITE_PREPARE_PERSISTENT : 0;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &stmt, nullptr);
    if (rc != SQLITE_OK) return ErrorStatus(db_, rc, "prepare");
    if (!stmt) return Internal("prepare: the SQL text holds no statement");
    if (it != cache_.end()) {
      *cached = nullptr;
      return stmt;
    }
    auto [added, inserted] = cache_.emplace(std::string(sql), CachedStatement{stmt, false});
    *cached = &added->second;
    return stmt;
  }

  Status Bind(sqlite3_stmt* stmt, Params params, sqlite3_destructor_type lifetime) {
    const int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
      return Internal(
          fmt::format("the statement takes {} parameters, {} given: {}", expected, params.size(), sqlite3_sql(stmt)));
    }
    for (int i = 0; i < expected; ++i) {
      const Param& p = params[static_cast<size_t>(i)];
      int rc = SQLITE_OK;
      switch (p.kind()) {
        case Param::Kind::kNull: rc = sqlite3_bind_null(stmt, i + 1); break;
        case Param::Kind::kInt: rc = sqlite3_bind_int64(stmt, i + 1, p.int_value()); break;
        case Param::Kind::kReal: rc = sqlite3_bind_double(stmt, i + 1, p.real_value()); break;
        case Param::Kind::kText:
          rc = sqlite3_bind_text64(stmt, i + 1, p.bytes().data(), p.bytes().size(), lifetime, SQLITE_UTF8);
          break;
        case Param::Kind::kBlob:
          // A zero-length blob with a null pointer would bind NULL.
          rc = sqlite3_bind_blob64(stmt, i + 1, p.bytes().data() ? p.bytes().data() : "", p.bytes().size(), lifetime);
          break;
      }
      if (rc != SQLITE_OK) return ErrorStatus(db_, rc, fmt::format("parameter {}", i + 1));
    }
    return Status::Ok();
  }

  sqlite3* db_;
  std::unordered_map<std::string, CachedStatement> cache_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, const Options& options) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = fmt::format("cannot open database {}: {}", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return Unavailable(msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  auto conn = std::make_unique<SqliteConnection>(db);
  const bool memory = path == ":memory:" || path.empty();
  const std::string pragmas = memory
                                  ? std::string("PRAGMA foreign_keys=ON;")
                                  : fmt::format(
                                        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                                        "PRAGMA mmap_size={}; PRAGMA cache_size=-16384;",
                                        std::max<std::int64_t>(0, options.mmap_bytes));
  Status s = conn->Script(pragmas);
  if (!s.ok()) return Unavailable(fmt::format("cannot open database {}: {}", path, s.message()));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace cobuy::db
