// The SQLite implementation of Store. Created through Store::Open.
#pragma once

#include <memory>

#include "store/store.h"

namespace cobuy::sqlite {

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options);

}  // namespace cobuy::sqlite
