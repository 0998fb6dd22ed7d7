#include "store/store.h"

#include "store/register_store.h"
#include "store/sqlite/sqlite_register_store.h"
#include "store/sqlite/sqlite_store.h"

namespace cobuy {

namespace {

Status CheckLocation(const StoreOptions& options) {
  if (options.location.empty()) return InvalidArgument("no database location given", "db");
  if (options.location.starts_with("postgresql://") || options.location.starts_with("postgres://")) {
    return InvalidArgument("PostgreSQL is not supported yet; give a SQLite file path", "db");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  COBUY_RETURN_IF_ERROR(CheckLocation(options));
  return sqlite::OpenSqliteStore(options);
}

Result<std::unique_ptr<RegisterStore>> RegisterStore::Open(const StoreOptions& options) {
  COBUY_RETURN_IF_ERROR(CheckLocation(options));
  return sqlite::OpenSqliteRegisterStore(options);
}

}  // namespace cobuy
