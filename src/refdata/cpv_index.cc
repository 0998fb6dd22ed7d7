#include "refdata/cpv_index.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <utility>

#include "core/text.h"

namespace cobuy {
namespace {

constexpr uint64_t kNoMatch = std::numeric_limits<uint64_t>::max();

bool IsAsciiAlnum(unsigned c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

// The first 8 bytes of `s`, big-endian and zero-padded: comparing these orders strings as
// their bytes do, as far as they go.
uint64_t Prefix8(std::string_view s) {
  uint64_t key = 0;
  for (size_t i = 0; i < 8; ++i) key = key << 8 | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
  return key;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// Significant digits of an 8-digit code: those before the trailing zeros, at least 2.
int SignificantDigits(std::string_view code8) {
  size_t end = code8.find_last_not_of('0');
  return end == std::string_view::npos ? 2 : std::max(2, static_cast<int>(end) + 1);
}

// Interns strings as dense ids 0, 1, 2, ... in order of first appearance: the strings back
// to back in one buffer, and an open-addressing table of ids. Used only while building.
class StringTable {
 public:
  size_t size() const { return begin_.size() - 1; }
  std::string_view operator[](uint32_t id) const {
    return std::string_view(text_).substr(begin_[id], begin_[id + 1] - begin_[id]);
  }
  // The id of `s`, and whether it is new.
  std::pair<uint32_t, bool> Intern(std::string_view s) {
    if ((size() + 1) * 2 > slots_.size()) Grow();
    const size_t hash = std::hash<std::string_view>()(s);
    for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const uint32_t slot = slots_[i];
      if (slot == 0) {
        const auto id = static_cast<uint32_t>(size());
        slots_[i] = id + 1;
        hashes_.push_back(hash);
        text_.append(s);
        begin_.push_back(text_.size());
        return {id, true};
      }
      if (hashes_[slot - 1] == hash && (*this)[slot - 1] == s) return {slot - 1, false};
    }
  }

 private:
  void Grow() {
    std::vector<uint32_t> slots(std::max<size_t>(1024, slots_.size() * 2), 0);
    for (uint32_t id = 0; id < size(); ++id) {
      size_t i = hashes_[id] & (slots.size() - 1);
      while (slots[i] != 0) i = (i + 1) & (slots.size() - 1);
      slots[i] = id + 1;
    }
    slots_ = std::move(slots);
  }

  std::string text_;
  std::vector<size_t> begin_{0};  // string id is text_[begin_[id], begin_[id + 1])
  std::vector<size_t> hashes_;    // by id
  std::vector<uint32_t> slots_;   // id + 1, or 0 when free; size is a power of two
};

// A word match is ranked by a 64-bit key, smaller first. From the top bits down:
//   2 bits  class: 0 exact label, 1 all words whole, 2 last word as a prefix
//   2 bits  language: 0 the asked one, 1 English, 2 other
//   6 bits  extra words in the label (capped)
//  14 bits  label length in bytes (capped)
//   4 bits  significant digits of the code
//  28 bits  code index (the codes are sorted, so this orders by code)
//   8 bits  language index (one code's labels never tie)
struct RankKey {
  static uint64_t Pack(unsigned cls, unsigned lang_rank, unsigned extra, unsigned bytes, unsigned digits, uint32_t code,
                       unsigned lang) {
    return uint64_t{cls} << 62 | uint64_t{lang_rank} << 60 | uint64_t{std::min(extra, 63u)} << 54 |
           uint64_t{std::min(bytes, 16383u)} << 40 | uint64_t{digits & 15u} << 36 | uint64_t{code & 0xFFFFFFFu} << 8 |
           lang;
  }
  static unsigned Class(uint64_t key) { return static_cast<unsigned>(key >> 62); }
  static unsigned LangRank(uint64_t key) { return static_cast<unsigned>(key >> 60) & 3u; }
  static unsigned Extra(uint64_t key) { return static_cast<unsigned>(key >> 54) & 63u; }
  static uint32_t Code(uint64_t key) { return static_cast<uint32_t>(key >> 8) & 0xFFFFFFFu; }
  static unsigned Lang(uint64_t key) { return static_cast<unsigned>(key & 0xFFu); }
};

}  // namespace

CpvIndex::CpvIndex(const std::vector<CpvCode>& codes) : codes_(codes) {
  std::stable_sort(codes_.begin(), codes_.end(), [](const CpvCode& a, const CpvCode& b) { return a.code8 < b.code8; });
  codes_.erase(
      std::unique(codes_.begin(), codes_.end(), [](const CpvCode& a, const CpvCode& b) { return a.code8 == b.code8; }),
      codes_.end());
  digits_.reserve(codes_.size());
  for (const CpvCode& code : codes_) {
    digits_.push_back(
        static_cast<uint8_t>(code.significant_digits > 0 ? code.significant_digits : SignificantDigits(code.code8)));
    for (const auto& [lang, label] : code.labels) languages_.push_back(lang);
  }
  std::sort(languages_.begin(), languages_.end());
  languages_.erase(std::unique(languages_.begin(), languages_.end()), languages_.end());
  if (languages_.size() > 255) languages_.resize(255);  // a language index is one byte
  english_ = LanguageIndex("en");

  // Words get provisional ids in order of appearance, renumbered below in sorted order.
  // Labels repeat words a lot, so each piece between ASCII separators is folded once:
  // Tokenize splits at those too and folds each character on its own, so tokenizing piece
  // by piece gives the same words as tokenizing the whole label. A piece of ASCII letters
  // and digits is one word, lower-cased, without a call.
  StringTable words;
  StringTable pieces;
  std::vector<std::pair<uint32_t, uint32_t>> piece_range;  // by piece id, into piece_words
  std::vector<uint32_t> piece_words;
  std::string lower;
  auto add_piece = [&](std::string_view piece, bool ascii) {
    if (ascii) {
      lower.assign(piece);
      for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      label_words_.push_back(words.Intern(lower).first);
      return;
    }
    auto [id, inserted] = pieces.Intern(piece);
    if (inserted) {
      const auto begin = static_cast<uint32_t>(piece_words.size());
      for (const std::string& word : Tokenize(piece)) piece_words.push_back(words.Intern(word).first);
      piece_range.emplace_back(begin, static_cast<uint32_t>(piece_words.size()));
    }
    for (uint32_t w = piece_range[id].first; w < piece_range[id].second; ++w) {
      label_words_.push_back(piece_words[w]);
    }
  };
  for (size_t i = 0; i < codes_.size(); ++i) {
    for (const auto& [lang, label] : codes_[i].labels) {
      const int lang_index = LanguageIndex(lang);
      if (lang_index < 0) continue;
      const size_t words_begin = label_words_.size();
      size_t begin = 0;
      bool ascii = true;
      for (size_t k = 0; k <= label.size(); ++k) {
        const auto c = k < label.size() ? static_cast<unsigned char>(label[k]) : 0u;
        if (c >= 0x80) {
          ascii = false;
          continue;
        }
        if (k < label.size() && IsAsciiAlnum(c)) continue;
        if (k > begin) add_piece(std::string_view(label).substr(begin, k - begin), ascii);
        begin = k + 1;
        ascii = true;
      }
      const size_t count = std::min<size_t>(label_words_.size() - words_begin, 0xFFFF);
      label_words_.resize(words_begin + count);
      labels_.push_back(Label{.code = static_cast<uint32_t>(i),
                              .words_begin = static_cast<uint32_t>(words_begin),
                              .word_count = static_cast<uint16_t>(count),
                              .bytes = static_cast<uint16_t>(std::min<size_t>(label.size(), 0xFFFF)),
                              .lang = static_cast<uint8_t>(lang_index)});
    }
  }

  // Sorted by the first 8 bytes, then by the whole word: most comparisons stay in cache.
  std::vector<std::pair<uint64_t, uint32_t>> keyed(words.size());
  for (uint32_t id = 0; id < keyed.size(); ++id) keyed[id] = {Prefix8(words[id]), id};
  std::sort(keyed.begin(), keyed.end(), [&words](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : words[a.second] < words[b.second];
  });
  std::vector<uint32_t> order(keyed.size());
  for (size_t i = 0; i < keyed.size(); ++i) order[i] = keyed[i].second;
  std::vector<uint32_t> renumber(order.size());
  vocabulary_begin_.reserve(order.size() + 1);
  vocabulary_begin_.push_back(0);
  for (uint32_t i = 0; i < order.size(); ++i) {
    renumber[order[i]] = i;
    vocabulary_text_.append(words[order[i]]);
    vocabulary_begin_.push_back(static_cast<uint32_t>(vocabulary_text_.size()));
  }
  for (uint32_t& id : label_words_) id = renumber[id];

  // Postings in compressed rows: count, then fill. Labels are visited in id order, so each
  // row comes out ascending; `last` drops a word repeated within one label.
  const auto none = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> last(order.size(), none);
  postings_begin_.assign(order.size() + 1, 0);
  for (uint32_t l = 0; l < labels_.size(); ++l) {
    for (uint32_t w = 0; w < labels_[l].word_count; ++w) {
      const uint32_t id = label_words_[labels_[l].words_begin + w];
      if (last[id] != l) {
        last[id] = l;
        ++postings_begin_[id + 1];
      }
    }
  }
  for (size_t i = 1; i < postings_begin_.size(); ++i) postings_begin_[i] += postings_begin_[i - 1];
  postings_.resize(postings_begin_.back());
  std::vector<uint32_t> cursor(postings_begin_.begin(), postings_begin_.end() - 1);
  std::fill(last.begin(), last.end(), none);
  for (uint32_t l = 0; l < labels_.size(); ++l) {
    for (uint32_t w = 0; w < labels_[l].word_count; ++w) {
      const uint32_t id = label_words_[labels_[l].words_begin + w];
      if (last[id] != l) {
        last[id] = l;
        postings_[cursor[id]++] = l;
      }
    }
  }
}

const CpvCode* CpvIndex::Find(std::string_view code) const {
  code = Trim(code);
  if (code.size() != 8 && !(code.size() == 10 && code[8] == '-' && IsAsciiDigit(code[9]))) {
    return nullptr;
  }
  const std::string_view code8 = code.substr(0, 8);
  if (!std::all_of(code8.begin(), code8.end(), IsAsciiDigit)) return nullptr;
  auto it = std::lower_bound(codes_.begin(), codes_.end(), code8,
                             [](const CpvCode& c, std::string_view v) { return c.code8 < v; });
  if (it == codes_.end() || it->code8 != code8) return nullptr;
  if (code.size() == 10 && it->code != code) return nullptr;
  return &*it;
}

int CpvIndex::LanguageIndex(std::string_view lang) const {
  std::string lower(lang);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  auto it = std::lower_bound(languages_.begin(), languages_.end(), lower);
  if (it == languages_.end() || *it != lower) return -1;
  return static_cast<int>(it - languages_.begin());
}

std::string_view CpvIndex::Word(uint32_t id) const {
  return std::string_view(vocabulary_text_)
      .substr(vocabulary_begin_[id], vocabulary_begin_[id + 1] - vocabulary_begin_[id]);
}

uint32_t CpvIndex::FirstWordNotBefore(std::string_view word) const {
  uint32_t lo = 0;
  auto hi = static_cast<uint32_t>(vocabulary_begin_.size() - 1);
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    if (Word(mid) < word) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

int64_t CpvIndex::FindWord(std::string_view word) const {
  const uint32_t id = FirstWordNotBefore(word);
  if (id + 1 >= vocabulary_begin_.size() || Word(id) != word) return -1;
  return id;
}

CpvMatch CpvIndex::MakeMatch(uint32_t code, int lang, double score) const {
  const CpvCode& c = codes_[code];
  CpvMatch match{.code = &c, .score = score};
  auto label = c.labels.end();
  if (lang >= 0) label = c.labels.find(languages_[static_cast<size_t>(lang)]);
  if (label == c.labels.end()) label = c.labels.find("en");
  if (label == c.labels.end()) label = c.labels.begin();
  if (label != c.labels.end()) {
    match.matched_language = label->first;
    match.matched_label = label->second;
  }
  return match;
}

std::vector<CpvMatch> CpvIndex::Search(std::string_view query, std::string_view lang, size_t limit) const {
  query = Trim(query);
  if (query.empty() || limit == 0) return {};
  const int preferred = LanguageIndex(lang);
  size_t digits = 0;
  while (digits < query.size() && IsAsciiDigit(query[digits])) ++digits;
  if (digits == query.size() && digits <= 8) return SearchCodes(query, {}, preferred, limit);
  if (digits == 8 && query[8] == '-' && (query.size() == 9 || (query.size() == 10 && IsAsciiDigit(query[9])))) {
    return SearchCodes(query.substr(0, 8), query.substr(9), preferred, limit);
  }
  return SearchWords(query, preferred, limit);
}

std::vector<CpvMatch> CpvIndex::SearchCodes(std::string_view digits, std::string_view check, int preferred_lang,
                                            size_t limit) const {
  auto it = std::lower_bound(codes_.begin(), codes_.end(), digits,
                             [](const CpvCode& c, std::string_view v) { return c.code8 < v; });
  std::vector<uint32_t> found;
  for (; it != codes_.end() && StartsWith(it->code8, digits); ++it) {
    if (!check.empty() && std::string_view(it->code).substr(std::min<size_t>(9, it->code.size())) != check) {
      continue;
    }
    found.push_back(static_cast<uint32_t>(it - codes_.begin()));
  }
  auto general_first = [this](uint32_t a, uint32_t b) { return std::pair(digits_[a], a) < std::pair(digits_[b], b); };
  const size_t n = std::min(limit, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(), general_first);
  std::vector<CpvMatch> matches;
  matches.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const int below = std::max(0, static_cast<int>(digits_[found[i]]) - static_cast<int>(digits.size()));
    matches.push_back(MakeMatch(found[i], preferred_lang, 1.0 / (1 + below)));
  }
  return matches;
}

std::vector<CpvMatch> CpvIndex::SearchWords(std::string_view query, int preferred_lang, size_t limit) const {
  const std::vector<std::string> words = Tokenize(query);
  if (words.empty()) return {};
  const auto n = static_cast<unsigned>(words.size());

  std::vector<uint32_t> required;  // every word but the last, whole
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const int64_t id = FindWord(words[i]);
    if (id < 0) return {};
    required.push_back(static_cast<uint32_t>(id));
  }
  // The last word: the vocabulary range it prefixes, and its own id if it is a word.
  const std::string& prefix = words.back();
  // Words with the prefix are contiguous in sorted order: a range of ids.
  const uint32_t lo = FirstWordNotBefore(prefix);
  uint32_t hi = lo;
  for (uint32_t step = 1, end = static_cast<uint32_t>(vocabulary_begin_.size() - 1);;) {
    // Gallop, then bisect, for the end of the range.
    const uint32_t probe = std::min(end, hi + step);
    if (probe > hi && StartsWith(Word(probe - 1), prefix)) {
      hi = probe;
      step *= 2;
    } else if (step > 1) {
      step /= 2;
    } else {
      break;
    }
  }
  if (lo == hi) return {};
  const uint32_t exact = Word(lo) == prefix ? lo : std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> query_ids = required;  // the query as words, when it is all whole
  query_ids.push_back(exact);

  // last_match: 2 the last word is whole in the label, 1 only a prefix, -1 not yet known.
  auto evaluate = [&](uint32_t label_id, int last_match) -> uint64_t {
    const Label& label = labels_[label_id];
    const uint32_t* begin = label_words_.data() + label.words_begin;
    const uint32_t* end = begin + label.word_count;
    for (uint32_t id : required) {
      if (std::find(begin, end, id) == end) return kNoMatch;
    }
    if (last_match < 0) {
      last_match = 0;
      for (const uint32_t* w = begin; w != end && last_match < 2; ++w) {
        if (*w == exact) {
          last_match = 2;
        } else if (*w >= lo && *w < hi) {
          last_match = 1;
        }
      }
      if (last_match == 0) return kNoMatch;
    }
    const unsigned cls =
        last_match == 1 ? 2 : (label.word_count == n && std::equal(begin, end, query_ids.begin()) ? 0 : 1);
    const unsigned lang_rank = label.lang == preferred_lang ? 0 : label.lang == english_ ? 1 : 2;
    const unsigned extra = label.word_count > n ? label.word_count - n : 0;
    return RankKey::Pack(cls, lang_rank, extra, label.bytes, digits_[label.code], label.code, label.lang);
  };

  // Labels come in ascending id order, so one code's labels are adjacent: keep the best.
  std::vector<uint64_t> best_per_code;
  uint64_t best = kNoMatch;
  uint32_t current_code = std::numeric_limits<uint32_t>::max();
  auto consider = [&](uint32_t label_id, int last_match) {
    const uint64_t key = evaluate(label_id, last_match);
    if (key == kNoMatch) return;
    if (labels_[label_id].code != current_code) {
      if (best != kNoMatch) best_per_code.push_back(best);
      current_code = labels_[label_id].code;
      best = key;
    } else {
      best = std::min(best, key);
    }
  };

  // Walk the shortest candidate list: the rarest whole word's postings, or the union of
  // the postings of every word the last one prefixes.
  const size_t range_size = postings_begin_[hi] - postings_begin_[lo];
  const uint32_t* rarest = nullptr;
  size_t rarest_size = std::numeric_limits<size_t>::max();
  for (uint32_t id : required) {
    const size_t size = postings_begin_[id + 1] - postings_begin_[id];
    if (size < rarest_size) {
      rarest = postings_.data() + postings_begin_[id];
      rarest_size = size;
    }
  }
  if (rarest != nullptr && rarest_size <= range_size) {
    for (size_t i = 0; i < rarest_size; ++i) consider(rarest[i], -1);
  } else if (range_size <= 256) {
    // Few postings: sort them, each as label id * 2 + (1 when the word is whole).
    std::vector<uint32_t> union_ids;
    union_ids.reserve(range_size);
    for (uint32_t w = lo; w < hi; ++w) {
      for (uint32_t p = postings_begin_[w]; p < postings_begin_[w + 1]; ++p) {
        union_ids.push_back(postings_[p] << 1 | (w == exact ? 1u : 0u));
      }
    }
    std::sort(union_ids.begin(), union_ids.end());
    for (size_t i = 0; i < union_ids.size(); ++i) {
      // The last of a run of one label carries the whole-word flag if any does.
      if (i + 1 < union_ids.size() && union_ids[i + 1] >> 1 == union_ids[i] >> 1) continue;
      consider(union_ids[i] >> 1, (union_ids[i] & 1u) ? 2 : 1);
    }
  } else {
    // Many postings (a short prefix): keep the best key of each code as they come.
    std::vector<uint64_t> best_of_code(codes_.size(), kNoMatch);
    for (uint32_t w = lo; w < hi; ++w) {
      const int last_match = w == exact ? 2 : 1;
      for (uint32_t p = postings_begin_[w]; p < postings_begin_[w + 1]; ++p) {
        const uint64_t key = evaluate(postings_[p], last_match);
        uint64_t& code_best = best_of_code[labels_[postings_[p]].code];
        code_best = std::min(code_best, key);
      }
    }
    for (uint64_t key : best_of_code) {
      if (key != kNoMatch) best_per_code.push_back(key);
    }
  }
  if (best != kNoMatch) best_per_code.push_back(best);

  const size_t count = std::min(limit, best_per_code.size());
  std::partial_sort(best_per_code.begin(), best_per_code.begin() + static_cast<std::ptrdiff_t>(count),
                    best_per_code.end());
  std::vector<CpvMatch> matches;
  matches.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const uint64_t key = best_per_code[i];
    const double score =
        (3 - RankKey::Class(key)) + (2 - RankKey::LangRank(key)) * 0.25 + 0.2 / (1 + RankKey::Extra(key));
    matches.push_back(MakeMatch(RankKey::Code(key), static_cast<int>(RankKey::Lang(key)), score));
  }
  return matches;
}

}  // namespace cobuy
