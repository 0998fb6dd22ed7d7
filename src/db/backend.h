// What the pool needs of a backend's connection, private to the db module.
#pragma once

#include <memory>
#include <string>

#include "db/database.h"

namespace cobuy::db {

class Connection : public Conn {
 public:
  // Called by the pool before it lends the connection: makes it usable again after a fault
  // (PostgreSQL: a lost connection is reset, a transaction left open is rolled back).
  virtual Status Refresh() = 0;
  // BEGIN IMMEDIATE (SQLite) or BEGIN (PostgreSQL).
  virtual Status Begin() = 0;
  // Whether the last failure was a deadlock or a serialization failure (rerunning the whole
  // transaction may succeed); clears the mark.
  virtual bool TakeRetryable() = 0;
};

// SQLite: `path` (or ":memory:") with WAL, foreign keys and the busy timeout of `options`.
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, const Options& options);

// A PostgreSQL server, parsed from a URL.
struct PgTarget {
  std::string url;       // as given (holds the password: never shown)
  std::string redacted;  // the URL without its password
  std::string password;  // scrubbed from every message
  int connect_timeout_s = 10;
};
// kInvalidArgument for a URL libpq cannot read.
Result<PgTarget> ParsePgUrl(const std::string& url, const Options& options);
Result<std::unique_ptr<Connection>> OpenPostgres(const PgTarget& target);
// pg_try_advisory_lock on a connection of its own; nullptr when taken.
Result<std::unique_ptr<Lock>> PgTryLock(const PgTarget& target, std::string_view name);

}  // namespace cobuy::db
