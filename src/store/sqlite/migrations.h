// The numbered schema migrations of the SQLite store, oldest first. A migration is never
// edited once released: change the schema by adding one.
#pragma once

#include <span>

namespace cobuy::sqlite {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

std::span<const Migration> Migrations();

}  // namespace cobuy::sqlite
