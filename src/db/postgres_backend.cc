// The PostgreSQL backend, through libpq: text parameters (binary for bytea) to statements
// prepared once per connection, text results (floats print exactly since PostgreSQL 12).
#include <fmt/format.h>
#include <libpq-fe.h>
#include <poll.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

#include "db/backend.h"
#include "db/placeholders.h"

namespace cobuy::db {
namespace {

constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;

std::string FirstLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  size_t nl = text.find('\n');
  return std::string(nl == std::string_view::npos ? text : text.substr(0, nl));
}

// `message` without `secret` in it.
std::string Scrub(std::string message, const std::string& secret) {
  if (secret.size() < 3) return message;
  for (size_t at = message.find(secret); at != std::string::npos; at = message.find(secret, at + 3)) {
    message.replace(at, secret.size(), "***");
  }
  return message;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class PgCursor final : public Rows::Cursor {
 public:
  explicit PgCursor(PGresult* res) : res_(res), rows_(PQntuples(res)) {}
  ~PgCursor() override { PQclear(res_); }

  Result<bool> Next() override { return ++row_ < rows_; }

  std::int64_t IntAt(int i) const override {
    if (IsNullAt(i)) return 0;
    std::string_view v = Value(i);
    if (PQftype(res_, i) == kBoolOid) return v == "t" ? 1 : 0;
    std::int64_t out = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec == std::errc() && end == v.data() + v.size()) return out;
    double d = RealAt(i);  // numeric text such as "3.0"
    if (!std::isfinite(d)) throw std::out_of_range(fmt::format("column {} is not an integer", NameAt(i)));
    return static_cast<std::int64_t>(d);
  }
  double RealAt(int i) const override {
    if (IsNullAt(i)) return 0;
    std::string_view v = Value(i);
    double out = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || end != v.data() + v.size()) {
      throw std::out_of_range(fmt::format("column {} is not a number: {}", NameAt(i), v));
    }
    return out;
  }
  std::string TextAt(int i) const override { return std::string(Value(i)); }
  std::string BlobAt(int i) const override {
    std::string_view v = Value(i);
    if (PQftype(res_, i) != kByteaOid) return std::string(v);
    // bytea_output = hex (set on connect): "\x" then two hex digits a byte.
    std::string out;
    if (v.size() < 2 || v[0] != '\\' || v[1] != 'x') return out;
    out.reserve((v.size() - 2) / 2);
    for (size_t k = 2; k + 1 < v.size(); k += 2) {
      out.push_back(static_cast<char>(HexDigit(v[k]) * 16 + HexDigit(v[k + 1])));
    }
    return out;
  }
  bool IsNullAt(int i) const override { return PQgetisnull(res_, row_, i) != 0; }

 protected:
  int Columns() const override { return PQnfields(res_); }
  std::string_view NameAt(int i) const override { return PQfname(res_, i); }

 private:
  std::string_view Value(int i) const {
    return {PQgetvalue(res_, row_, i), static_cast<size_t>(PQgetlength(res_, row_, i))};
  }

  PGresult* res_;
  int rows_;
  int row_ = -1;
};

// PQclear on scope exit.
struct ResultGuard {
  PGresult* res;
  ~ResultGuard() {
    if (res) PQclear(res);
  }
  PGresult* release() { return std::exchange(res, nullptr); }
};

void IgnoreNotice(void*, const char*) {}

// Connects to `target`, or explains in one line why not.
Result<PGconn*> Connect(const PgTarget& target) {
  const std::string timeout = std::to_string(target.connect_timeout_s);
  // Later entries override earlier ones: the URL may set connect_timeout; UTF-8 is ours.
  const char* keys[] = {"connect_timeout", "dbname", "client_encoding", "fallback_application_name", nullptr};
  const char* values[] = {timeout.c_str(), target.url.c_str(), "UTF8", "cobuy", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (!conn) return Internal("cannot connect: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = Scrub(FirstLine(PQerrorMessage(conn)), target.password);
    PQfinish(conn);
    std::string msg = fmt::format("cannot connect to {}: {}", target.redacted, why);
    // libpq names the server in every failure to reach or use it; anything else is a bad
    // parameter (port, sslmode, ...). A server that answers but refuses us (credentials, an
    // unknown database or user) is a configuration error; one that does not answer may come back.
    if (!why.starts_with("connection to server")) return InvalidArgument(msg);
    if (PQpingParams(keys, values, 1) == PQPING_OK) return InvalidArgument(msg);
    return Unavailable(msg);
  }
  const char* encoding = PQparameterStatus(conn, "server_encoding");
  if (!encoding || std::string_view(encoding) != "UTF8") {
    PQfinish(conn);
    return FailedPrecondition(
        fmt::format("database {} is not UTF8 (server_encoding {})", target.redacted, encoding ? encoding : "unknown"));
  }
  return conn;
}

class PgConnection final : public Connection {
 public:
  PgConnection(PGconn* conn, const PgTarget& target) : conn_(conn), target_(target) {}
  ~PgConnection() override { PQfinish(conn_); }

  // Session settings the row reader relies on, after each (re)connect.
  Status Setup() {
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
    return ScriptText("SET bytea_output = 'hex'; SET extra_float_digits = 1");
  }

  Backend backend() const override { return Backend::kPostgres; }

  Result<std::int64_t> LastInsertId() override {
    COBUY_ASSIGN_OR_RETURN(Rows rows, QueryText("SELECT lastval() AS id", {}));
    COBUY_ASSIGN_OR_RETURN(bool row, rows.Next());
    if (!row) return Internal("lastval() returned no row");
    return rows->Int("id");
  }

  Status Refresh() override {
    bool lost = PQstatus(conn_) != CONNECTION_OK;
    if (!lost) {
      // An idle connection has nothing to read, unless the server ended it (the FATAL of
      // pg_terminate_backend or a shutdown arrives before the socket closes).
      pollfd pfd{PQsocket(conn_), POLLIN, 0};
      lost = poll(&pfd, 1, 0) != 0;
    }
    if (!lost) {
      const PGTransactionStatusType tx = PQtransactionStatus(conn_);
      if (tx == PQTRANS_INTRANS || tx == PQTRANS_INERROR) {
        if (ScriptText("ROLLBACK").ok()) return Status::Ok();
        lost = true;
      } else if (tx != PQTRANS_IDLE) {
        lost = true;
      }
    }
    if (!lost) return Status::Ok();
    cache_.clear();
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      return Unavailable(fmt::format("cannot reconnect to {}: {}", target_.redacted,
                                     Scrub(FirstLine(PQerrorMessage(conn_)), target_.password)));
    }
    return Setup();
  }

  Status Begin() override {
    retryable_ = false;
    return ScriptText("BEGIN");
  }
  bool TakeRetryable() override { return std::exchange(retryable_, false); }

 protected:
  Result<Rows> QueryText(std::string_view sql, Params params) override {
    COBUY_ASSIGN_OR_RETURN(PGresult * res, Run(sql, params));
    return Rows(std::make_unique<PgCursor>(res));
  }

  Result<std::int64_t> ExecText(std::string_view sql, Params params) override {
    COBUY_ASSIGN_OR_RETURN(PGresult * res, Run(sql, params));
    ResultGuard guard{res};
    const char* n = PQcmdTuples(res);
    std::int64_t count = 0;
    if (n && *n) std::from_chars(n, n + std::strlen(n), count);
    return count;
  }

  Status ScriptText(std::string_view sql) override {
    const std::string text(sql);
    ResultGuard res{PQexec(conn_, text.c_str())};
    return Check(res.res, "script");
  }

 private:
  struct Prepared {
    std::string name;
    int params = 0;
  };

  // The statement for `sql` prepared on this connection, for parameters of these kinds (a
  // blob is declared bytea; every other type is left to the server to infer).
  Result<const Prepared*> Prepare(std::string_view sql, Params params) {
    std::string key(sql);
    bool blobs = false;
    for (const Param& p : params) blobs = blobs || p.kind() == Param::Kind::kBlob;
    if (blobs) {
      key += '\0';
      for (const Param& p : params) key += p.kind() == Param::Kind::kBlob ? 'b' : '-';
    }
    auto it = cache_.find(key);
    if (it != cache_.end()) return &it->second;
    Prepared prepared;
    prepared.name = fmt::format("cobuy_{}", ++statements_);
    const std::string text = RewritePlaceholders(sql, &prepared.params);
    if (prepared.params != static_cast<int>(params.size())) {
      return Internal(
          fmt::format("the statement takes {} parameters, {} given: {}", prepared.params, params.size(), text));
    }
    std::vector<Oid> types(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      if (params[i].kind() == Param::Kind::kBlob) types[i] = kByteaOid;
    }
    ResultGuard res{
        PQprepare(conn_, prepared.name.c_str(), text.c_str(), prepared.params, types.empty() ? nullptr : types.data())};
    COBUY_RETURN_IF_ERROR(Check(res.res, "prepare"));
    return &cache_.emplace(std::move(key), std::move(prepared)).first->second;
  }

  Result<PGresult*> Run(std::string_view sql, Params params) {
    COBUY_ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql, params));
    const size_t n = params.size();
    std::vector<std::string> numbers(n);
    std::vector<const char*> values(n, nullptr);
    std::vector<int> lengths(n, 0);
    std::vector<int> formats(n, 0);
    for (size_t i = 0; i < n; ++i) {
      const Param& p = params[i];
      switch (p.kind()) {
        case Param::Kind::kNull: break;
        case Param::Kind::kInt:
          numbers[i] = fmt::format("{}", p.int_value());
          values[i] = numbers[i].c_str();
          break;
        case Param::Kind::kReal: {
          const double d = p.real_value();
          // Shortest text that reads back as the same double; PostgreSQL's spellings otherwise.
          numbers[i] = std::isnan(d)   ? "NaN"
                       : std::isinf(d) ? (d > 0 ? "Infinity" : "-Infinity")
                                       : fmt::format("{}", d);
          values[i] = numbers[i].c_str();
          break;
        }
        case Param::Kind::kText:
          // Text parameters go as text format, which needs the terminating NUL: copy.
          numbers[i] = std::string(p.bytes());
          values[i] = numbers[i].c_str();
          break;
        case Param::Kind::kBlob:
          values[i] = p.bytes().data() ? p.bytes().data() : "";
          lengths[i] = static_cast<int>(p.bytes().size());
          formats[i] = 1;
          break;
      }
    }
    PGresult* res = PQexecPrepared(conn_, prepared->name.c_str(), static_cast<int>(n), values.data(), lengths.data(),
                                   formats.data(), 0);
    Status s = Check(res, "query");
    if (!s.ok()) {
      PQclear(res);
      return s;
    }
    return res;
  }

  // OK for a result that succeeded; otherwise its failure as a Status (see database.h).
  Status Check(PGresult* res, std::string_view context) {
    const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return Status::Ok();
    const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message = Scrub(primary ? std::string(primary) : FirstLine(PQerrorMessage(conn_)), target_.password);
    if (PQstatus(conn_) != CONNECTION_OK) {
      return Unavailable(fmt::format("{}: the database connection was lost: {}", context, message));
    }
    const char* code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view sqlstate = code ? code : "";
    std::string msg = fmt::format("{}: {}", context, message);
    if (sqlstate == "40001" || sqlstate == "40P01") {
      retryable_ = true;
      return Unavailable(fmt::format("{}: the database is busy, try again ({})", context, message));
    }
    if (sqlstate == "23505") return AlreadyExists(msg);
    const std::string_view cls = sqlstate.substr(0, 2);
    if (cls == "23") return FailedPrecondition(msg);
    if (cls == "55" && sqlstate != "55P03") return FailedPrecondition(msg);
    if (cls == "08" || cls == "53" || cls == "57" || sqlstate == "55P03") return Unavailable(msg);
    if (cls == "22") return InvalidArgument(msg);
    return Internal(msg);
  }

  PGconn* conn_;
  const PgTarget& target_;
  std::unordered_map<std::string, Prepared> cache_;
  int statements_ = 0;
  bool retryable_ = false;
};

class PgLock final : public Lock {
 public:
  explicit PgLock(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}
  // Closing the session releases its advisory locks.

 private:
  std::unique_ptr<Connection> conn_;
};

// "postgresql://user:secret@host/db?password=x" → "postgresql://user:***@host/db?password=***".
std::string RedactUrl(const std::string& url) {
  std::string out = url;
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t end = std::min(out.find('/', start), out.find('?', start));
    const size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at >= start) {
      const size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const size_t value = p + 9;
    const size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

}  // namespace

Result<PgTarget> ParsePgUrl(const std::string& url, const Options& options) {
  PgTarget target;
  target.url = url;
  target.redacted = RedactUrl(url);
  target.connect_timeout_s = options.connect_timeout_s;
  char* err = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &err);
  if (!parsed) {
    std::string why = err ? FirstLine(err) : "out of memory";
    PQfreemem(err);
    return InvalidArgument(fmt::format("invalid database URL {}: {}", target.redacted, why));
  }
  for (PQconninfoOption* o = parsed; o->keyword; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val) target.password = o->val;
  }
  PQconninfoFree(parsed);
  return target;
}

Result<std::unique_ptr<Connection>> OpenPostgres(const PgTarget& target) {
  COBUY_ASSIGN_OR_RETURN(PGconn * raw, Connect(target));
  auto conn = std::make_unique<PgConnection>(raw, target);
  COBUY_RETURN_IF_ERROR(conn->Setup());
  return std::unique_ptr<Connection>(std::move(conn));
}

Result<std::unique_ptr<Lock>> PgTryLock(const PgTarget& target, std::string_view name) {
  COBUY_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, OpenPostgres(target));
  COBUY_ASSIGN_OR_RETURN(bool taken, conn->One<bool>("SELECT pg_try_advisory_lock(hashtextextended(?, 0)) AS taken",
                                                     {name}, [](const Row& r) { return r.Bool("taken"); }));
  if (!taken) return std::unique_ptr<Lock>();
  return std::unique_ptr<Lock>(std::make_unique<PgLock>(std::move(conn)));
}

}  // namespace cobuy::db
