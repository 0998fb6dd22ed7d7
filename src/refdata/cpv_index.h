// CpvIndex: lookup and type-ahead search over the CPV 2008 vocabulary, by code or by label
// words in any of its languages.
//
// Search finds labels whose folded words (core/text.h Tokenize: case-, accent- and
// width-insensitive) contain every query word, the last one also as a prefix; or, for a
// query of digits, codes by prefix. Internally: the codes sorted by code, an inverted index
// from folded word to the labels (code, language) holding it, and the sorted word
// vocabulary for prefix ranges.
//
// Ownership: the index copies the codes it is built from. Pointers it returns (Find,
// CpvMatch::code) point into that copy and stay valid while the index lives, including
// after the index is moved.
// Thread-safety: immutable after construction; all methods are const and safe to call
// from any number of threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/reference.h"

namespace cobuy {

struct CpvMatch {
  const CpvCode* code = nullptr;
  std::string matched_language;  // language of matched_label ("en", "de", ...)
  std::string matched_label;     // the label as published
  // Higher is better; comparable within one result list. Words: 3.x exact label, 2.x all
  // words whole, 1.x last word as a prefix; +0.5 label in the asked language, +0.25 in
  // English, plus up to 0.2 for fewer extra label words. Codes: 1 / (1 + digits below the
  // query's level).
  double score = 0;
};

class CpvIndex {
 public:
  // Copies `codes`; a repeated code keeps its first occurrence.
  explicit CpvIndex(const std::vector<CpvCode>& codes);

  // The code "30213100-6" written as "30213100-6" or "30213100", surrounding ASCII
  // whitespace allowed; nullptr when unknown or malformed (a wrong check digit is unknown).
  const CpvCode* Find(std::string_view code) const;

  // At most `limit` codes matching `query`, best first, each code once.
  //
  // A query of 1-8 digits (optionally "-" and the check digit after all 8) matches codes by
  // prefix, most general first, then by code; the label shown is the one in `lang`, else
  // English. Any other query matches label words in any language: every word of the
  // query must be a word of the same label, the last one may be a word's prefix. Ranked by:
  // exact label > all words whole > last word as prefix; label in `lang` > in English >
  // other; fewer extra words; shorter label; more general code; code. Each code appears
  // with its best-ranked label. `lang` is a language code ("de"); unknown ones only lose
  // the preference. An empty query yields nothing.
  std::vector<CpvMatch> Search(std::string_view query, std::string_view lang, size_t limit) const;

  // Number of distinct codes.
  size_t size() const { return codes_.size(); }

 private:
  struct Label {
    uint32_t code;         // index into codes_
    uint32_t words_begin;  // into label_words_
    uint16_t word_count;
    uint16_t bytes;  // length of the label, capped
    uint8_t lang;    // index into languages_
  };

  std::vector<CpvMatch> SearchCodes(std::string_view digits, std::string_view check,
                                    int preferred_lang, size_t limit) const;
  std::vector<CpvMatch> SearchWords(std::string_view query, int preferred_lang, size_t limit) const;
  CpvMatch MakeMatch(uint32_t code, int lang, double score) const;
  int LanguageIndex(std::string_view lang) const;  // -1 when unknown
  std::string_view Word(uint32_t id) const;
  // The id of the first word not less than `word` (the vocabulary size when none).
  uint32_t FirstWordNotBefore(std::string_view word) const;
  // The id of `word`, or -1.
  int64_t FindWord(std::string_view word) const;

  std::vector<CpvCode> codes_;          // sorted by code8
  std::vector<uint8_t> digits_;         // significant digits of each code
  std::vector<std::string> languages_;  // sorted
  int english_ = -1;                    // index of "en" in languages_, or -1
  std::vector<Label> labels_;           // by (code, language)
  std::vector<uint32_t> label_words_;   // word ids of each label, in label order
  // The folded words, sorted, back to back; word id i is
  // vocabulary_text_[vocabulary_begin_[i], vocabulary_begin_[i + 1]).
  std::string vocabulary_text_;
  std::vector<uint32_t> vocabulary_begin_;
  std::vector<uint32_t> postings_begin_;  // per word id, offsets into postings_, plus the end
  std::vector<uint32_t> postings_;        // label ids holding each word, ascending, distinct
};

}  // namespace cobuy
