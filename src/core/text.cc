#include "core/text.h"

#include <cstdio>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace cobuy {
namespace {

const icu::Normalizer2* Nfkd() {
  static const icu::Normalizer2* nfkd = [] {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(err);
    return U_SUCCESS(err) ? n : nullptr;
  }();
  return nfkd;
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string FoldForSearch(std::string_view utf8) {
  if (IsAscii(utf8)) {  // fast path: most codes and English labels
    std::string out(utf8);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  s.foldCase();
  UErrorCode err = U_ZERO_ERROR;
  icu::UnicodeString decomposed = Nfkd() ? Nfkd()->normalize(s, err) : s;
  if (U_FAILURE(err)) decomposed = s;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    // Latin letters with a stroke or ligature do not decompose; users type them plain.
    switch (c) {
      case 0x0142: kept.append(UChar32('l')); continue;                    // ł
      case 0x00F8: kept.append(UChar32('o')); continue;                    // ø
      case 0x0111: case 0x00F0: kept.append(UChar32('d')); continue;       // đ ð
      case 0x0127: kept.append(UChar32('h')); continue;                    // ħ
      case 0x00E6: kept.append(UChar32('a')).append(UChar32('e')); continue;  // æ
      case 0x0153: kept.append(UChar32('o')).append(UChar32('e')); continue;  // œ
      case 0x00FE: kept.append(UChar32('t')).append(UChar32('h')); continue;  // þ
      default: break;
    }
    kept.append(c);
  }
  // Compatibility decomposition can produce capitals ("№" -> "No"): fold once more.
  kept.foldCase();
  std::string out;
  kept.toUTF8String(out);
  return out;
}

std::vector<std::string> Tokenize(std::string_view utf8) {
  std::string folded = FoldForSearch(utf8);
  std::vector<std::string> tokens;
  std::string current;
  int32_t i = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(folded.data());
  const auto n = static_cast<int32_t>(folded.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && (u_isalnum(c) || u_charType(c) == U_COMBINING_SPACING_MARK)) {
      current.append(folded, static_cast<size_t>(start), static_cast<size_t>(i - start));
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

std::vector<std::pair<size_t, size_t>> WordSpans(std::string_view utf8) {
  std::vector<std::pair<size_t, size_t>> spans;
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  int32_t word_start = -1;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    bool word = c >= 0 && (u_isalnum(c) || u_charType(c) == U_COMBINING_SPACING_MARK ||
                           u_charType(c) == U_NON_SPACING_MARK);
    if (word && word_start < 0) word_start = start;
    if (!word && word_start >= 0) {
      spans.emplace_back(static_cast<size_t>(word_start), static_cast<size_t>(start));
      word_start = -1;
    }
  }
  if (word_start >= 0) spans.emplace_back(static_cast<size_t>(word_start), utf8.size());
  return spans;
}

std::string NameKey(std::string_view name, char sep) {
  std::string key;
  for (const std::string& token : Tokenize(name)) {
    if (key.size() + token.size() + 1 > 200) break;
    if (!key.empty()) key += sep;
    key += token;
  }
  return key;
}

std::string_view Trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(sep, i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<UnsafeCharacter> FindUnsafeCharacter(std::string_view utf8, bool allow_breaks) {
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < n) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;  // malformed: IsValidUtf8's to report
    const bool is_break = c == '\t' || c == '\n' || c == '\r';
    const bool control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
    const bool bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    if ((control && !(allow_breaks && is_break)) || bidi) {
      return UnsafeCharacter{static_cast<char32_t>(c), static_cast<size_t>(at)};
    }
  }
  return std::nullopt;
}

std::string CodePointName(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace cobuy
