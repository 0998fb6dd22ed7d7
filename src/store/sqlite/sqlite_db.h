// A thin RAII layer over the SQLite C API, private to the store module.
//
// Connection owns one sqlite3 handle and a cache of prepared statements keyed by the SQL
// text's address (callers pass string literals). Statement borrows a cached statement and
// resets it when it goes out of scope. ConnectionPool hands connections to threads.
//
// Thread-safety: a Connection is used by one thread at a time (the pool guarantees it);
// ConnectionPool is thread-safe.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace cobuy::sqlite {

// Maps a SQLite result code to a Status: BUSY/LOCKED -> kUnavailable, UNIQUE -> kAlreadyExists.
Status ErrorStatus(sqlite3* db, int rc, std::string_view context);

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_), borrow_(other.borrow_) {
    other.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { Reset(); }
  // Makes the statement ready to bind and run again (used when inserting in a loop).
  void Reset();

  // From now on, text bound to this statement is borrowed, not copied: the caller's bytes
  // must stay alive and unchanged until the statement is stepped and reset. For hot loops
  // that bind fields of records which outlive the statement.
  Statement& Borrow() {
    borrow_ = true;
    return *this;
  }

  // Binds parameters by 1-based index; an empty optional binds NULL.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, std::nullopt_t);
  Statement& BindBlob(int index, std::string_view bytes);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : Bind(index, std::nullopt);
  }

  // Advances: true when a row is ready, false when done.
  Result<bool> Step();
  // Runs to completion, expecting no rows.
  Status Run();

  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const;
  std::string Blob(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<std::int64_t> OptInt(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<std::int64_t>(Int(col));
  }
  std::optional<double> OptReal(int col) const { return IsNull(col) ? std::nullopt : std::optional<double>(Real(col)); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool borrow_ = false;
};

// Every row of `st`, each turned into a T by read(st).
template <typename T, typename Read>
Result<std::vector<T>> Collect(Statement& st, Read read) {
  std::vector<T> out;
  while (true) {
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(read(st));
  }
  return out;
}

// The rows of `st` for each key in turn (bound as parameter 1), appended to `out`, each turned
// into a T by read(st).
template <typename T, typename Key, typename Read>
Status CollectFor(Statement& st, const std::vector<Key>& keys, Read read, std::vector<T>* out) {
  for (const Key& key : keys) {
    st.Bind(1, key);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out->push_back(read(st));
    }
    st.Reset();
  }
  return Status::Ok();
}

class Connection {
 public:
  // Opens `location` with WAL (files), foreign keys on and a busy timeout.
  // `mmap_bytes`: PRAGMA mmap_size of a file database.
  static Result<std::unique_ptr<Connection>> Open(const std::string& location, int busy_timeout_ms,
                                                  std::int64_t mmap_bytes = std::int64_t{256} << 20);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached prepared statement for `sql`, which must outlive the connection (a literal).
  Result<Statement> Prepare(const char* sql);
  // Runs one or more statements with no parameters and no rows.
  Status Exec(const char* sql);
  std::int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

// A RAII write transaction (BEGIN IMMEDIATE, so writers queue at the start, not midway).
// Rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& conn);
  Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;
};

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (conn_) pool_->Release(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  ConnectionPool(std::string location, int busy_timeout_ms, int max_size,
                 std::int64_t mmap_bytes = std::int64_t{256} << 20);
  // Waits for a free connection, opening a new one while fewer than max_size exist.
  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Connection> conn);

  const std::string location_;
  const int busy_timeout_ms_;
  const std::int64_t mmap_bytes_;
  const int max_size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
};

}  // namespace cobuy::sqlite
