// The SQLite implementation of RegisterStore. Created through RegisterStore::Open.
#pragma once

#include <memory>

#include "store/register_store.h"

namespace cobuy::sqlite {

// kFailedPrecondition when the database has no register tables (not migrated).
Result<std::unique_ptr<RegisterStore>> OpenSqliteRegisterStore(const StoreOptions& options);

}  // namespace cobuy::sqlite
