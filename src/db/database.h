// Database: one connection pool on SQLite or PostgreSQL, and a backend-neutral way to run SQL.
//
// Database::Open(location) picks the backend from the location: a `postgresql://` or
// `postgres://` URL opens PostgreSQL through libpq; anything else is a SQLite file path (or
// ":memory:", a private in-memory database of one connection).
//
// SQL is written once, with `?` placeholders (rewritten to $1..$n for PostgreSQL, never inside
// quoted strings, identifiers or comments); where the dialects differ, Sql{sqlite, postgres}
// gives each its own text. Rows are read by column name. Both backends cache prepared
// statements per connection, keyed by the SQL text.
//
// Transactions: Transact(fn) runs fn on one connection inside one transaction (SQLite: BEGIN
// IMMEDIATE, so writers queue at the start; PostgreSQL: BEGIN, READ COMMITTED), commits when fn
// returns OK and rolls back otherwise. Every Database call made on the same thread while fn runs
// (Run, Exec, Collect, One, a nested Transact) joins that transaction: repositories holding the
// Database commit as one inside a caller's Transact. A nested Transact is a savepoint. On
// PostgreSQL, a deadlock or serialization failure reruns fn (at most 3 times), so fn must have
// no effects outside the database it cannot repeat.
//
// Differences that remain: on PostgreSQL a failed statement aborts the whole transaction (wrap a
// statement whose failure you handle in a nested Transact, or use ON CONFLICT); the jsonb `?`
// operators cannot be written (use jsonb_exists()); SQLite's `:memory:` has one connection.
//
// Failures (Status codes): kAlreadyExists for a unique violation; kFailedPrecondition for another
// constraint; kUnavailable when the database is busy past the timeout, on a deadlock or
// serialization failure, when the connection is lost or the server cannot be reached;
// kInvalidArgument for a malformed location, wrong credentials or an unknown database, and for
// values the database refuses (out of range, bad encoding); kInternal for SQL errors (bugs).
// Messages are one line and never contain a password.
//
// Thread-safety: a Database is safe to use from many threads. A Conn, a Rows and a Lock belong to
// one thread at a time and must not outlive the Database (nor a Rows its Conn's call scope).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/ids.h"
#include "core/status.h"

namespace cobuy::db {

enum class Backend { kSqlite, kPostgres };
std::string_view BackendName(Backend backend);  // "sqlite", "postgres"

// SQL text, shared by both backends or one text per backend.
struct Sql {
  Sql(const char* shared) : sqlite(shared), postgres(shared) {}         // NOLINT(google-explicit-constructor)
  Sql(std::string_view shared) : sqlite(shared), postgres(shared) {}    // NOLINT(google-explicit-constructor)
  Sql(const std::string& shared) : sqlite(shared), postgres(shared) {}  // NOLINT(google-explicit-constructor)
  Sql(std::string_view sqlite_text, std::string_view postgres_text) : sqlite(sqlite_text), postgres(postgres_text) {}
  std::string_view For(Backend backend) const { return backend == Backend::kSqlite ? sqlite : postgres; }

  std::string_view sqlite;
  std::string_view postgres;
};

// Bytes bound as a BLOB (SQLite) or bytea (PostgreSQL): Param(AsBlob(bytes)).
struct BlobRef {
  std::string_view bytes;
};
inline BlobRef AsBlob(std::string_view bytes) {
  return {bytes};
}

// One bound parameter: NULL, an integer, a double, UTF-8 text or a blob. Text and blobs are
// borrowed: the bytes must stay alive until the call that takes the parameter returns.
class Param {
 public:
  enum class Kind { kNull, kInt, kReal, kText, kBlob };

  Param(std::nullopt_t) {}  // NOLINT(google-explicit-constructor)
  Param(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
  template <typename I>
  requires std::is_integral_v<I> Param(I value)
      : kind_(Kind::kInt), int_(static_cast<std::int64_t>(value)) {}    // NOLINT
  Param(double value) : kind_(Kind::kReal), real_(value) {}             // NOLINT
  Param(std::string_view text) : kind_(Kind::kText), bytes_(text) {}    // NOLINT
  Param(const char* text) : kind_(Kind::kText), bytes_(text) {}         // NOLINT
  Param(const std::string& text) : kind_(Kind::kText), bytes_(text) {}  // NOLINT
  Param(BlobRef blob) : kind_(Kind::kBlob), bytes_(blob.bytes) {}       // NOLINT
  template <typename Tag>
  Param(Id<Tag> id) : kind_(Kind::kInt), int_(id.value) {}  // NOLINT
  template <typename T>
  Param(const std::optional<T>& value) : Param(value ? Param(*value) : Param(nullptr)) {}  // NOLINT

  Kind kind() const { return kind_; }
  std::int64_t int_value() const { return int_; }
  double real_value() const { return real_; }
  std::string_view bytes() const { return bytes_; }

 private:
  Kind kind_ = Kind::kNull;
  std::int64_t int_ = 0;
  double real_ = 0;
  std::string_view bytes_;
};

using Params = std::span<const Param>;

// The current row of a result, read by column name. Asking for a column the statement does not
// return is a bug: it throws std::out_of_range. A NULL reads as 0, 0.0 or "" (use IsNull or the
// Opt* forms). Values are converted as the backend stores them: Int of a PostgreSQL boolean is
// 1 or 0.
class Row {
 public:
  virtual ~Row() = default;

  std::int64_t Int(std::string_view column) const { return IntAt(Index(column)); }
  double Real(std::string_view column) const { return RealAt(Index(column)); }
  std::string Text(std::string_view column) const { return TextAt(Index(column)); }
  std::string Blob(std::string_view column) const { return BlobAt(Index(column)); }
  bool Bool(std::string_view column) const { return Int(column) != 0; }
  bool IsNull(std::string_view column) const { return IsNullAt(Index(column)); }
  std::optional<std::int64_t> OptInt(std::string_view column) const;
  std::optional<double> OptReal(std::string_view column) const;
  std::optional<std::string> OptText(std::string_view column) const;

  int ColumnCount() const;
  std::string_view ColumnName(int index) const;
  // The index of `column`; throws std::out_of_range when there is none.
  int Index(std::string_view column) const;

  virtual std::int64_t IntAt(int index) const = 0;
  virtual double RealAt(int index) const = 0;
  virtual std::string TextAt(int index) const = 0;
  virtual std::string BlobAt(int index) const = 0;
  virtual bool IsNullAt(int index) const = 0;

 protected:
  virtual int Columns() const = 0;
  virtual std::string_view NameAt(int index) const = 0;
};

// A cursor over the rows of a query: `while (*rows.Next()) use(*rows);` with the error checked.
// SQLite steps lazily; PostgreSQL holds the whole result. Valid until the Conn runs another
// statement with the same SQL text or is released.
class Rows {
 public:
  class Cursor : public Row {
   public:
    virtual Result<bool> Next() = 0;
  };
  explicit Rows(std::unique_ptr<Cursor> cursor) : cursor_(std::move(cursor)) {}

  // Advances to the next row: true when one is ready, false at the end.
  Result<bool> Next() { return cursor_->Next(); }
  const Row& operator*() const { return *cursor_; }
  const Row* operator->() const { return cursor_.get(); }

 private:
  std::unique_ptr<Cursor> cursor_;
};

// One connection of the pool, lent to the caller for one call or one transaction.
class Conn {
 public:
  virtual ~Conn() = default;
  virtual Backend backend() const = 0;

  // Runs a statement and returns its rows.
  Result<Rows> Query(const Sql& sql, std::initializer_list<Param> params = {}) { return QueryText(Text(sql), params); }
  Result<Rows> Query(const Sql& sql, Params params) { return QueryText(Text(sql), params); }
  // Runs a statement, discarding any rows.
  Status Exec(const Sql& sql, std::initializer_list<Param> params = {}) { return ExecText(Text(sql), params).status(); }
  Status Exec(const Sql& sql, Params params) { return ExecText(Text(sql), params).status(); }
  // Runs a statement; returns the number of rows it inserted, updated or deleted.
  Result<std::int64_t> ExecCount(const Sql& sql, std::initializer_list<Param> params = {}) {
    return ExecText(Text(sql), params);
  }
  Result<std::int64_t> ExecCount(const Sql& sql, Params params) { return ExecText(Text(sql), params); }
  // Runs an INSERT with " RETURNING <id_column>" appended; returns that id.
  Result<std::int64_t> InsertReturningId(const Sql& insert, Params params, std::string_view id_column = "id");
  Result<std::int64_t> InsertReturningId(const Sql& insert, std::initializer_list<Param> params,
                                         std::string_view id_column = "id") {
    return InsertReturningId(insert, Params(params.begin(), params.size()), id_column);
  }
  // The id of the row last inserted on this connection (SQLite: the rowid; PostgreSQL:
  // lastval(), kFailedPrecondition when no sequence was used yet in this session).
  virtual Result<std::int64_t> LastInsertId() = 0;
  // Runs one or more statements separated by ';', without parameters (migrations, scripts).
  Status Script(const Sql& sql) { return ScriptText(Text(sql)); }

  // Every row, each turned into a T by read(const Row&).
  template <typename T, typename Read>
  Result<std::vector<T>> Collect(const Sql& sql, Params params, Read read) {
    COBUY_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
    std::vector<T> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool more, rows.Next());
      if (!more) break;
      out.push_back(read(*rows));
    }
    return out;
  }
  template <typename T, typename Read>
  Result<std::vector<T>> Collect(const Sql& sql, std::initializer_list<Param> params, Read read) {
    return Collect<T>(sql, Params(params.begin(), params.size()), read);
  }
  // The first row turned into a T; kNotFound (message `what`) when there is none.
  template <typename T, typename Read>
  Result<T> One(const Sql& sql, std::initializer_list<Param> params, Read read, std::string_view what = "row") {
    COBUY_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
    COBUY_ASSIGN_OR_RETURN(bool found, rows.Next());
    if (!found) return NotFound(std::string(what) + " not found");
    return read(*rows);
  }

 protected:
  std::string_view Text(const Sql& sql) const { return sql.For(backend()); }
  virtual Result<Rows> QueryText(std::string_view sql, Params params) = 0;
  virtual Result<std::int64_t> ExecText(std::string_view sql, Params params) = 0;
  virtual Status ScriptText(std::string_view sql) = 0;
};

// Shared SQL of an upsert, valid on both backends (SQLite 3.24+, PostgreSQL 9.5+):
// INSERT INTO table (c1, c2, ...) VALUES (?, ?, ...) ON CONFLICT (keys) DO UPDATE SET c = excluded.c
// for every column not in `keys` (DO NOTHING when all columns are keys).
std::string UpsertSql(std::string_view table, std::initializer_list<std::string_view> columns,
                      std::initializer_list<std::string_view> keys);

// A migration of the schema: applied once, in version order, each in its own transaction.
struct Migration {
  int version;
  const char* name;
  Sql sql;
};

struct MigrationInfo {
  int version = 0;
  std::string name;
  std::string applied_at;  // "2026-11-22T10:00:00Z"; empty when pending
  friend bool operator==(const MigrationInfo&, const MigrationInfo&) = default;
};

struct MigrationStatus {
  std::vector<MigrationInfo> applied;  // oldest first
  std::vector<MigrationInfo> pending;  // known to this build, not applied
  std::vector<MigrationInfo> unknown;  // applied, but not in this build's list (a newer build's)
};

// An advisory lock held across processes until destroyed (or its connection is lost).
class Lock {
 public:
  virtual ~Lock() = default;
};

struct Options {
  // Connections kept open (SQLite ":memory:" always has one).
  int pool_size = 8;
  // SQLite: how long a writer waits for another before kUnavailable.
  int busy_timeout_ms = 10000;
  // SQLite: PRAGMA mmap_size of each connection of a file database.
  std::int64_t mmap_bytes = std::int64_t{256} << 20;
  // PostgreSQL: connect_timeout, unless the URL says otherwise.
  int connect_timeout_s = 10;
};

class Database {
 public:
  // Opens the database at `location` and checks that one connection works. SQLite creates the
  // file when missing. kInvalidArgument for a malformed URL, wrong credentials or an unknown
  // database; kUnavailable when the server cannot be reached or the file cannot be opened.
  static Result<std::unique_ptr<Database>> Open(const std::string& location, const Options& options = {});

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const;
  // The location as given, with any password replaced by "***".
  const std::string& location() const;

  // fn(conn) in one transaction: committed when fn returns OK, rolled back otherwise (see the
  // top of this file). Returns fn's failure, or the commit's.
  Status Transact(const std::function<Status(Conn&)>& fn);
  // The same for fn returning Result<T>.
  template <typename F, typename R = std::invoke_result_t<F, Conn&>>
  requires(!std::is_same_v<R, Status>) R Transact(F&& fn) {
    return Wrap<R>(fn, [this](const std::function<Status(Conn&)>& f) { return Transact(f); });
  }

  // fn(conn) on a connection: the thread's transaction's when inside Transact, else a pooled one
  // in autocommit mode (each statement its own transaction).
  Status Run(const std::function<Status(Conn&)>& fn);
  template <typename F, typename R = std::invoke_result_t<F, Conn&>>
  requires(!std::is_same_v<R, Status>) R Run(F&& fn) {
    return Wrap<R>(fn, [this](const std::function<Status(Conn&)>& f) { return Run(f); });
  }

  // Shortcuts through Run.
  Status Exec(const Sql& sql, std::initializer_list<Param> params = {});
  Result<std::int64_t> ExecCount(const Sql& sql, std::initializer_list<Param> params = {});
  template <typename T, typename Read>
  Result<std::vector<T>> Collect(const Sql& sql, std::initializer_list<Param> params, Read read) {
    return Run([&](Conn& c) { return c.Collect<T>(sql, params, read); });
  }

  // Takes the advisory lock `name` ([A-Za-z0-9_.-], at most 64) without waiting. Returns the
  // held lock, or nullptr when another holder has it: another process, or another Database or
  // Lock in this one. PostgreSQL: pg_try_advisory_lock on a connection of its own (outside the
  // pool), released when the Lock is destroyed or that connection is lost. SQLite file: flock()
  // on "<file>-lock-<name>" beside the database (local file systems). ":memory:": within this
  // Database only.
  Result<std::unique_ptr<Lock>> TryLock(std::string_view name);

  // Applies the migrations of `list` (strictly increasing versions) not yet recorded in the
  // table schema_migrations, each in its own transaction (two processes migrating at once apply
  // each exactly once). Returns those applied by this call. kFailedPrecondition, applying
  // nothing, when the database has a migration the list does not know (a newer build's).
  Result<std::vector<MigrationInfo>> Migrate(std::span<const Migration> list);
  Result<MigrationStatus> GetMigrationStatus(std::span<const Migration> list);

  class Impl;

 private:
  explicit Database(std::unique_ptr<Impl> impl);

  template <typename R, typename F, typename Call>
  R Wrap(F& fn, Call call) {
    std::optional<typename std::remove_cvref_t<decltype(std::declval<R>().value())>> out;
    Status s = call([&](Conn& c) -> Status {
      R r = fn(c);
      if (!r.ok()) return r.status();
      out = std::move(r).value();
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return std::move(*out);
  }

  std::unique_ptr<Impl> impl_;
};

}  // namespace cobuy::db
