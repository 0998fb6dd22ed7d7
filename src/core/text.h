// Text normalisation for search and matching, over UTF-8.
//
// FoldForSearch: Unicode case folding, compatibility decomposition, and removal of
// combining marks, so "Müllfahrzeuge", "MULLFAHRZEUGE" and "mullfahrzeuge" compare equal and
// "hôpital" matches "hopital". Scripts are kept (Greek stays Greek, folded).
// Tokenize: FoldForSearch, then split into runs of letters and digits.
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

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

// Trims ASCII whitespace at both ends.
std::string_view Trim(std::string_view s);
// The non-empty parts of `s` between `sep`s: Split("a  b", ' ') == {"a", "b"}.
std::vector<std::string> Split(std::string_view s, char sep);
// `s` with ASCII letters upper-cased (codes: "fr-siren" -> "FR-SIREN"); other bytes kept.
std::string AsciiUpper(std::string_view s);
std::string AsciiLower(std::string_view s);
// True when `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace cobuy
