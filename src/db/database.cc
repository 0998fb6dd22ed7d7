#include "db/database.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "db/backend.h"

namespace cobuy::db {

std::string_view BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgres";
}

// --- rows ----------------------------------------------------------------------------------

int Row::ColumnCount() const {
  return Columns();
}
std::string_view Row::ColumnName(int index) const {
  return NameAt(index);
}

int Row::Index(std::string_view column) const {
  const int n = Columns();
  for (int i = 0; i < n; ++i) {
    if (NameAt(i) == column) return i;
  }
  throw std::out_of_range(fmt::format("the statement returns no column '{}'", column));
}

std::optional<std::int64_t> Row::OptInt(std::string_view column) const {
  const int i = Index(column);
  return IsNullAt(i) ? std::nullopt : std::optional<std::int64_t>(IntAt(i));
}
std::optional<double> Row::OptReal(std::string_view column) const {
  const int i = Index(column);
  return IsNullAt(i) ? std::nullopt : std::optional<double>(RealAt(i));
}
std::optional<std::string> Row::OptText(std::string_view column) const {
  const int i = Index(column);
  return IsNullAt(i) ? std::nullopt : std::optional<std::string>(TextAt(i));
}

Result<std::int64_t> Conn::InsertReturningId(const Sql& insert, Params params, std::string_view id_column) {
  const std::string sql = fmt::format("{} RETURNING {}", Text(insert), id_column);
  COBUY_ASSIGN_OR_RETURN(Rows rows, QueryText(sql, params));
  COBUY_ASSIGN_OR_RETURN(bool row, rows.Next());
  if (!row) return Internal("INSERT ... RETURNING returned no row");
  return rows->IntAt(0);
}

std::string UpsertSql(std::string_view table, std::initializer_list<std::string_view> columns,
                      std::initializer_list<std::string_view> keys) {
  std::string names, marks, updates;
  for (std::string_view c : columns) {
    names += fmt::format("{}{}", names.empty() ? "" : ", ", c);
    marks += marks.empty() ? "?" : ", ?";
    if (std::find(keys.begin(), keys.end(), c) == keys.end()) {
      updates += fmt::format("{}{} = excluded.{}", updates.empty() ? "" : ", ", c, c);
    }
  }
  std::string key_list;
  for (std::string_view k : keys) key_list += fmt::format("{}{}", key_list.empty() ? "" : ", ", k);
  return fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO {}", table, names, marks, key_list,
                     updates.empty() ? "NOTHING" : "UPDATE SET " + updates);
}

// --- the pool ------------------------------------------------------------------------------

namespace {

// Connections opened on demand up to max_size; each is refreshed (see Connection::Refresh)
// before it is lent. Thread-safe.
class Pool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (conn_) pool_->Release(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Pool(Opener open, int max_size) : open_(std::move(open)), max_size_(std::max(1, max_size)) {}
  // Before the first Acquire only.
  void set_opener(Opener open) { open_ = std::move(open); }

  void Add(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(mu_);
    ++open_count_;
    idle_.push_back(std::move(conn));
  }

  Result<Lease> Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_count_ < max_size_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      Status s = conn->Refresh();
      if (!s.ok()) {
        Forget();
        return s;
      }
      return Lease(this, std::move(conn));
    }
    ++open_count_;
    lock.unlock();
    auto conn = open_();
    if (!conn.ok()) {
      Forget();
      return conn.status();
    }
    return Lease(this, std::move(conn).value());
  }

 private:
  void Release(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
    cv_.notify_one();
  }
  // A connection that could not be opened or recovered leaves room for a new one.
  void Forget() {
    std::lock_guard lock(mu_);
    --open_count_;
    cv_.notify_one();
  }

  Opener open_;
  const int max_size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_count_ = 0;
};

// The transactions open on this thread, innermost last.
struct Frame {
  const Database::Impl* db;
  Connection* conn;
  int depth;  // savepoints open inside
};
thread_local std::vector<Frame> tls_frames;

Frame* FindFrame(const Database::Impl* db) {
  for (auto it = tls_frames.rbegin(); it != tls_frames.rend(); ++it) {
    if (it->db == db) return &*it;
  }
  return nullptr;
}

class FileLock final : public Lock {
 public:
  explicit FileLock(int fd) : fd_(fd) {}
  ~FileLock() override { ::close(fd_); }  // closing releases the flock

 private:
  int fd_;
};

// Locks of a ":memory:" database, which no other process can open.
struct LocalLocks {
  std::mutex mu;
  std::set<std::string, std::less<>> held;
};

class LocalLock final : public Lock {
 public:
  LocalLock(std::shared_ptr<LocalLocks> locks, std::string name) : locks_(std::move(locks)), name_(std::move(name)) {}
  ~LocalLock() override {
    std::lock_guard lock(locks_->mu);
    locks_->held.erase(name_);
  }

 private:
  std::shared_ptr<LocalLocks> locks_;
  std::string name_;
};

bool IsPostgresUrl(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

constexpr int kMaxAttempts = 3;

}  // namespace

class Database::Impl {
 public:
  Impl(Backend backend, std::string location, int pool_size, Pool::Opener open)
      : backend_(backend), location_(std::move(location)), pool_(std::move(open), pool_size) {}

  Backend backend_;
  std::string location_;  // redacted
  std::string sqlite_path_;
  PgTarget pg_;
  Pool pool_;
  std::shared_ptr<LocalLocks> local_locks_ = std::make_shared<LocalLocks>();
};

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& location, const Options& options) {
  std::unique_ptr<Impl> impl;
  if (IsPostgresUrl(location)) {
    COBUY_ASSIGN_OR_RETURN(PgTarget target, ParsePgUrl(location, options));
    std::string redacted = target.redacted;
    impl = std::make_unique<Impl>(Backend::kPostgres, std::move(redacted), options.pool_size, nullptr);
    impl->pg_ = std::move(target);
    impl->pool_.set_opener([raw = impl.get()] { return OpenPostgres(raw->pg_); });
    COBUY_ASSIGN_OR_RETURN(auto first, OpenPostgres(impl->pg_));
    impl->pool_.Add(std::move(first));
  } else {
    const bool memory = location == ":memory:" || location.empty();
    impl = std::make_unique<Impl>(Backend::kSqlite, location, memory ? 1 : options.pool_size,
                                  [location, options] { return OpenSqlite(location, options); });
    impl->sqlite_path_ = memory ? std::string() : location;
    COBUY_ASSIGN_OR_RETURN(auto first, OpenSqlite(location, options));
    impl->pool_.Add(std::move(first));
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

Backend Database::backend() const {
  return impl_->backend_;
}
const std::string& Database::location() const {
  return impl_->location_;
}

// --- transactions --------------------------------------------------------------------------

Status Database::Transact(const std::function<Status(Conn&)>& fn) {
  if (Frame* frame = FindFrame(impl_.get())) {
    // Nested: a savepoint of the thread's transaction.
    Connection& conn = *frame->conn;
    const std::string name = fmt::format("cobuy_sp{}", ++frame->depth);
    Status s = conn.Script(fmt::format("SAVEPOINT {}", name));
    if (s.ok()) s = fn(conn);
    frame = FindFrame(impl_.get());
    --frame->depth;
    if (s.ok()) return conn.Script(fmt::format("RELEASE SAVEPOINT {}", name));
    (void)conn.Script(fmt::format("ROLLBACK TO SAVEPOINT {}; RELEASE SAVEPOINT {}", name, name));
    return s;
  }
  for (int attempt = 1;; ++attempt) {
    COBUY_ASSIGN_OR_RETURN(auto lease, impl_->pool_.Acquire());
    Connection& conn = *lease;
    Status s = conn.Begin();
    if (s.ok()) {
      tls_frames.push_back({impl_.get(), &conn, 0});
      struct Pop {
        ~Pop() { tls_frames.pop_back(); }
      } pop;
      s = fn(conn);
    }
    if (s.ok()) s = conn.Script("COMMIT");
    if (s.ok()) return s;
    (void)conn.Script("ROLLBACK");
    if (!conn.TakeRetryable() || attempt == kMaxAttempts) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
  }
}

Status Database::Run(const std::function<Status(Conn&)>& fn) {
  if (Frame* frame = FindFrame(impl_.get())) return fn(*frame->conn);
  COBUY_ASSIGN_OR_RETURN(auto lease, impl_->pool_.Acquire());
  return fn(*lease);
}

Status Database::Exec(const Sql& sql, std::initializer_list<Param> params) {
  return Run([&](Conn& c) { return c.Exec(sql, params); });
}

Result<std::int64_t> Database::ExecCount(const Sql& sql, std::initializer_list<Param> params) {
  return Run([&](Conn& c) { return c.ExecCount(sql, params); });
}

// --- locks ---------------------------------------------------------------------------------

Result<std::unique_ptr<Lock>> Database::TryLock(std::string_view name) {
  const bool valid = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
  if (!valid) return InvalidArgument(fmt::format("invalid lock name '{}'", name), "name");
  if (impl_->backend_ == Backend::kPostgres) return PgTryLock(impl_->pg_, name);
  if (impl_->sqlite_path_.empty()) {
    std::lock_guard lock(impl_->local_locks_->mu);
    if (!impl_->local_locks_->held.emplace(name).second) return std::unique_ptr<Lock>();
    return std::unique_ptr<Lock>(std::make_unique<LocalLock>(impl_->local_locks_, std::string(name)));
  }
  const std::string path = fmt::format("{}-lock-{}", impl_->sqlite_path_, name);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Unavailable(fmt::format("cannot open lock file {}: {}", path, std::strerror(errno)));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return std::unique_ptr<Lock>();
    return Unavailable(fmt::format("cannot lock {}: {}", path, std::strerror(err)));
  }
  return std::unique_ptr<Lock>(std::make_unique<FileLock>(fd));
}

// --- migrations ----------------------------------------------------------------------------

namespace {

Status CheckList(std::span<const Migration> list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].version <= 0 || (i > 0 && list[i].version <= list[i - 1].version)) {
      return InvalidArgument(fmt::format("migration versions must increase: {} after {}", list[i].version,
                                         i > 0 ? list[i - 1].version : 0));
    }
  }
  return Status::Ok();
}

const Sql kHasMigrationTable{
    "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    "SELECT count(*) AS n FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND "
    "tablename = 'schema_migrations'"};
// Same shape as the store's own table (src/store/sqlite), so existing files carry over.
constexpr const char* kCreateMigrationTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TEXT NOT NULL)";
// Serialises migrating processes on PostgreSQL (SQLite's BEGIN IMMEDIATE does it there).
const Sql kMigrationLock{"SELECT 1 AS locked",
                         "SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended('cobuy.migrate', 0))"};

Result<std::vector<MigrationInfo>> ReadApplied(Conn& c) {
  COBUY_ASSIGN_OR_RETURN(std::int64_t has,
                         c.One<std::int64_t>(kHasMigrationTable, {}, [](const Row& r) { return r.Int("n"); }));
  if (has == 0) return std::vector<MigrationInfo>();
  return c.Collect<MigrationInfo>(
      "SELECT version, name, applied_at FROM schema_migrations ORDER BY version", {}, [](const Row& r) {
        return MigrationInfo{static_cast<int>(r.Int("version")), r.Text("name"), r.Text("applied_at")};
      });
}

MigrationStatus Compare(std::span<const Migration> list, const std::vector<MigrationInfo>& applied) {
  MigrationStatus out;
  std::set<int> known, done;
  for (const Migration& m : list) known.insert(m.version);
  for (const MigrationInfo& a : applied) {
    done.insert(a.version);
    (known.count(a.version) ? out.applied : out.unknown).push_back(a);
  }
  for (const Migration& m : list) {
    if (!done.count(m.version)) out.pending.push_back({m.version, m.name, {}});
  }
  return out;
}

}  // namespace

Result<MigrationStatus> Database::GetMigrationStatus(std::span<const Migration> list) {
  COBUY_RETURN_IF_ERROR(CheckList(list));
  COBUY_ASSIGN_OR_RETURN(auto applied, Run([&](Conn& c) { return ReadApplied(c); }));
  return Compare(list, applied);
}

Result<std::vector<MigrationInfo>> Database::Migrate(std::span<const Migration> list) {
  COBUY_RETURN_IF_ERROR(CheckList(list));
  COBUY_RETURN_IF_ERROR(Transact([](Conn& c) -> Status {
    COBUY_RETURN_IF_ERROR(c.Exec(kMigrationLock));
    return c.Script(kCreateMigrationTable);
  }));
  std::vector<MigrationInfo> applied;
  for (const Migration& m : list) {
    bool done = false;
    std::string now;
    Status s = Transact([&](Conn& c) -> Status {
      done = false;
      COBUY_RETURN_IF_ERROR(c.Exec(kMigrationLock));
      // Read inside the transaction, after the lock: two processes apply each migration once.
      COBUY_ASSIGN_OR_RETURN(auto recorded, ReadApplied(c));
      MigrationStatus status = Compare(list, recorded);
      if (!status.unknown.empty()) {
        return FailedPrecondition(fmt::format(
            "the database has migration {} ({}), which this build does not know: it was migrated by a newer "
            "version",
            status.unknown.back().version, status.unknown.back().name));
      }
      for (const MigrationInfo& a : recorded) done = done || a.version == m.version;
      if (done) return Status::Ok();
      Status run = c.Script(m.sql);
      if (!run.ok()) return run.WithContext(fmt::format("migration {} ({})", m.version, m.name));
      now = NowUtc();
      return c.Exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                    {m.version, m.name, now});
    });
    if (!s.ok()) return s;
    if (!done) applied.push_back({m.version, m.name, now});
  }
  return applied;
}

}  // namespace cobuy::db
