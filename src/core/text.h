// Text normalisation for search and matching, over UTF-8.
//
// FoldForSearch: Unicode case folding, compatibility decomposition, and removal of
// combining marks, so "Müllfahrzeuge", "MULLFAHRZEUGE" and "mullfahrzeuge" compare equal and
// "hôpital" matches "hopital". Scripts are kept (Greek stays Greek, folded).
// Tokenize: FoldForSearch, then split into runs of letters and digits.
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cobuy {

std::string FoldForSearch(std::string_view utf8);
std::vector<std::string> Tokenize(std::string_view utf8);

// The byte ranges [begin, end) of the runs of letters and digits of `utf8`, as written (not
// folded), for highlighting words in the original text.
std::vector<std::pair<size_t, size_t>> WordSpans(std::string_view utf8);

// A name as a key: its words (Tokenize: folded, letters and digits) joined by `sep`, at most
// 200 bytes: "Ville de LYON" and "ville-de-Lyon" -> "ville de lyon". Search filters on a
// buyer's or supplier's name by it; the register keys an organisation without an identifier
// by it (with `sep` '-').
std::string NameKey(std::string_view name, char sep = ' ');

// Trims ASCII whitespace at both ends.
// '0' to '9' only, whatever the locale.
constexpr bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view Trim(std::string_view s);
// The non-empty parts of `s` between `sep`s: Split("a  b", ' ') == {"a", "b"}.
std::vector<std::string> Split(std::string_view s, char sep);
// `s` with ASCII letters upper-cased (codes: "fr-siren" -> "FR-SIREN"); other bytes kept.
std::string AsciiUpper(std::string_view s);
std::string AsciiLower(std::string_view s);
// True when `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// A character that must not appear in text people enter (names, titles, file names), and where.
struct UnsafeCharacter {
  char32_t code = 0;  // the code point
  size_t offset = 0;  // its byte offset
};
// The first C0 or C1 control character of well-formed UTF-8 `utf8` (NUL and DEL included; tab,
// line feed and carriage return only when !allow_breaks), or bidirectional embedding, override or
// isolate control (U+202A..U+202E, U+2066..U+2069), which make text display otherwise than it
// reads; nullopt when there is none.
std::optional<UnsafeCharacter> FindUnsafeCharacter(std::string_view utf8, bool allow_breaks);
// "U+202E" for 0x202E.
std::string CodePointName(char32_t c);

}  // namespace cobuy
