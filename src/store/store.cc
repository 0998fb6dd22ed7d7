#include "store/store.h"

#include "store/sqlite/sqlite_store.h"

namespace cobuy {

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  if (options.location.empty()) return InvalidArgument("no database location given", "db");
  if (options.location.starts_with("postgresql://") || options.location.starts_with("postgres://")) {
    return InvalidArgument("PostgreSQL is not supported yet; give a SQLite file path", "db");
  }
  return sqlite::OpenSqliteStore(options);
}

}  // namespace cobuy
