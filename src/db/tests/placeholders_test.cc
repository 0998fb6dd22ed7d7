#include "db/placeholders.h"

#include <gtest/gtest.h>

namespace cobuy::db {
namespace {

struct RewriteCase {
  const char* in;
  const char* out;
  int count;
};

TEST(Placeholders, RewrittenOutsideQuotedText) {
  const RewriteCase cases[] = {
      {"SELECT 1", "SELECT 1", 0},
      {"SELECT ?", "SELECT $1", 1},
      {"INSERT INTO t(a, b, c) VALUES (?,?, ?)", "INSERT INTO t(a, b, c) VALUES ($1,$2, $3)", 3},
      {"SELECT '?' , ?", "SELECT '?' , $1", 1},
      {"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1},
      {"SELECT E'a\\'?', ?", "SELECT E'a\\'?', $1", 1},
      {"SELECT 'a\\', ?", "SELECT 'a\\', $1", 1},  // standard strings: a backslash is a character
      {"SELECT \"col?\" FROM t WHERE x = ?", "SELECT \"col?\" FROM t WHERE x = $1", 1},
      {"SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", 2},
      {"SELECT /* a /* nested? */ comment? */ ?", "SELECT /* a /* nested? */ comment? */ $1", 1},
      {"SELECT $$ body ? $$, ?", "SELECT $$ body ? $$, $1", 1},
      {"SELECT $fn$ a ? $ b $fn$, ?", "SELECT $fn$ a ? $ b $fn$, $1", 1},
      {"SELECT $1, ?", "SELECT $1, $1", 1},
      {"SELECT 'unterminated ?", "SELECT 'unterminated ?", 0},
      {"SELECT ??", "SELECT $1$2", 2},
  };
  for (const RewriteCase& c : cases) {
    int count = -1;
    EXPECT_EQ(RewritePlaceholders(c.in, &count), c.out) << c.in;
    EXPECT_EQ(count, c.count) << c.in;
  }
}

}  // namespace
}  // namespace cobuy::db
