#include "store/sqlite/sqlite_db.h"

#include <algorithm>

#include <fmt/format.h>

namespace cobuy::sqlite {

Status ErrorStatus(sqlite3* db, int rc, std::string_view context) {
  std::string msg = fmt::format("{}: {}", context, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Unavailable(fmt::format("{}: the database is busy, try again", context));
  }
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) return AlreadyExists(msg);
  if (primary == SQLITE_CONSTRAINT) return FailedPrecondition(msg);
  return Internal(msg);
}

void Statement::Reset() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Statement& Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                    borrow_ ? SQLITE_STATIC : SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), borrow_ ? SQLITE_STATIC : SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int index, std::nullopt_t) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // sqlite3_step returns the extended code with extended result codes on.
  return ErrorStatus(db_, sqlite3_extended_errcode(db_), sqlite3_sql(stmt_) ? "query" : "statement");
}

Status Statement::Run() {
  COBUY_ASSIGN_OR_RETURN(bool row, Step());
  if (row) return Internal("statement returned rows where none were expected");
  return Status::Ok();
}

std::string Statement::Blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  if (!p) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string Statement::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& location, int busy_timeout_ms,
                                                     std::int64_t mmap_bytes) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(location.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = fmt::format("cannot open database {}: {}", location, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return Unavailable(msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  std::unique_ptr<Connection> conn(new Connection(db));
  const bool memory = location == ":memory:" || location.empty();
  const std::string pragmas =
      memory ? std::string("PRAGMA foreign_keys=ON;")
             : fmt::format("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                           "PRAGMA mmap_size={}; PRAGMA cache_size=-16384;",
                           std::max<std::int64_t>(0, mmap_bytes));
  Status s = conn->Exec(pragmas.c_str());
  if (!s.ok()) return s.WithContext(fmt::format("cannot open database {}", location));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Statement(db_, it->second);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return ErrorStatus(db_, rc, "prepare");
  cache_.emplace(sql, stmt);
  return Statement(db_, stmt);
}

Status Connection::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Status s = ErrorStatus(db_, rc, err ? err : "exec");
    sqlite3_free(err);
    return s;
  }
  return Status::Ok();
}

Result<Transaction> Transaction::Begin(Connection& conn) {
  COBUY_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
  return Transaction(&conn);
}

Transaction::~Transaction() {
  if (conn_) (void)conn_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Status s = conn_->Exec("COMMIT");
  if (s.ok()) conn_ = nullptr;
  return s;
}

ConnectionPool::ConnectionPool(std::string location, int busy_timeout_ms, int max_size, std::int64_t mmap_bytes)
    : location_(std::move(location)),
      busy_timeout_ms_(busy_timeout_ms),
      mmap_bytes_(mmap_bytes),
      max_size_(max_size < 1 ? 1 : max_size) {}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_size_; });
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_;
  lock.unlock();
  auto conn = Connection::Open(location_, busy_timeout_ms_, mmap_bytes_);
  if (!conn.ok()) {
    std::lock_guard relock(mu_);
    --open_;
    cv_.notify_one();
    return conn.status();
  }
  return Lease(this, std::move(conn).value());
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(conn));
  cv_.notify_one();
}

}  // namespace cobuy::sqlite
