// `?` placeholders → PostgreSQL's $1..$n, private to the db module (tested on its own).
#pragma once

#include <string>
#include <string_view>

namespace cobuy::db {

// `sql` with each `?` outside quoted text replaced by $1, $2, ... in order; `*count` (when not
// null) is set to the number of placeholders. Left alone: '...' strings (with '' inside),
// E'...' strings (with \' inside), "..." identifiers, $tag$...$tag$ bodies, -- and /* */
// comments (nested, as PostgreSQL reads them).
std::string RewritePlaceholders(std::string_view sql, int* count = nullptr);

}  // namespace cobuy::db
