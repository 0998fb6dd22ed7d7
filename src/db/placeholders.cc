#include "db/placeholders.h"

#include <cctype>

namespace cobuy::db {
namespace {

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// The end (one past the closing quote) of the quoted text starting at `i`, which is `quote`.
size_t SkipQuoted(std::string_view sql, size_t i, char quote, bool backslash_escapes) {
  for (size_t j = i + 1; j < sql.size(); ++j) {
    if (backslash_escapes && sql[j] == '\\') {
      ++j;
    } else if (sql[j] == quote) {
      if (j + 1 < sql.size() && sql[j + 1] == quote) {
        ++j;  // a doubled quote stands for itself
      } else {
        return j + 1;
      }
    }
  }
  return sql.size();
}

// When a dollar quote ($$ or $tag$) starts at `i`, the end of its body; else npos.
size_t SkipDollarQuoted(std::string_view sql, size_t i) {
  size_t j = i + 1;
  while (j < sql.size() && IsIdentChar(sql[j]) && !(j == i + 1 && std::isdigit(static_cast<unsigned char>(sql[j])))) {
    ++j;
  }
  if (j >= sql.size() || sql[j] != '$') return std::string_view::npos;
  std::string_view tag = sql.substr(i, j - i + 1);
  size_t end = sql.find(tag, j + 1);
  return end == std::string_view::npos ? sql.size() : end + tag.size();
}

size_t SkipBlockComment(std::string_view sql, size_t i) {
  int depth = 0;
  for (size_t j = i; j + 1 < sql.size(); ++j) {
    if (sql[j] == '/' && sql[j + 1] == '*') {
      ++depth;
      ++j;
    } else if (sql[j] == '*' && sql[j + 1] == '/') {
      ++j;
      if (--depth == 0) return j + 1;
    }
  }
  return sql.size();
}

}  // namespace

std::string RewritePlaceholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    size_t end = i + 1;
    if (c == '\'') {
      const bool escaped = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentChar(sql[i - 2]));
      end = SkipQuoted(sql, i, '\'', escaped);
    } else if (c == '"') {
      end = SkipQuoted(sql, i, '"', false);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      end = sql.find('\n', i);
      end = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      end = SkipBlockComment(sql, i);
    } else if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1]))) {
      size_t quoted = SkipDollarQuoted(sql, i);
      if (quoted != std::string_view::npos) end = quoted;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
      i = end;
      continue;
    }
    out.append(sql.substr(i, end - i));
    i = end;
  }
  if (count) *count = n;
  return out;
}

}  // namespace cobuy::db
