#include "search/analysis.h"

#include <algorithm>
#include <array>

#include "core/text.h"

namespace cobuy::search {
namespace {

// ISO 639-1 -> Snowball stemmer name, for the languages of the EU/EEA that Xapian stems.
constexpr std::array<std::pair<std::string_view, const char*>, 15> kStemmers = {{
    {"da", "danish"},
    {"de", "german"},
    {"en", "english"},
    {"es", "spanish"},
    {"fi", "finnish"},
    {"fr", "french"},
    {"ga", "irish"},
    {"hu", "hungarian"},
    {"it", "italian"},
    {"lt", "lithuanian"},
    {"nl", "dutch"},
    {"no", "norwegian"},
    {"pt", "portuguese"},
    {"ro", "romanian"},
    {"sv", "swedish"},
}};

// Words too common to help, in the languages of the register's publishers (folded forms).
// Kept short on purpose: dropping a word that carries meaning costs more than keeping a common one.
const std::set<std::string, std::less<>>& Stopwords() {
  static const std::set<std::string, std::less<>> words = {
      // en
      "and", "the", "of", "for", "in", "to", "on", "with", "by", "or", "an", "at", "from",
      // de
      "der", "die", "das", "und", "fur", "von", "mit", "im", "zu", "zur", "zum", "den", "dem", "des", "ein", "eine",
      "oder", "auf",
      // fr
      "le", "la", "les", "de", "des", "du", "et", "pour", "en", "au", "aux", "un", "une", "ou", "sur", "par",
      // nl
      "het", "een", "van", "voor", "met", "op", "te", "ten", "ter",
      // es, it, pt
      "el", "los", "las", "del", "y", "por", "para", "con", "il", "lo", "gli", "di", "e", "per", "da", "do", "dos",
      "das", "o", "os", "em", "no", "na",
  };
  return words;
}

}  // namespace

std::string CpvDigits(std::string_view code) {
  std::string digits;
  for (char c : code) {
    if (c == '-') break;
    if (c < '0' || c > '9') return {};
    digits += c;
  }
  return digits.size() == 8 ? digits : std::string();
}

Analyzer::Analyzer(const CpvLabels* cpv) : cpv_(cpv) {
  for (const auto& [code, name] : kStemmers) stemmers_.emplace(std::string(code), Xapian::Stem(name));
}

bool Analyzer::IsStopword(std::string_view folded) {
  if (folded.size() < 2) return true;
  return Stopwords().count(folded) > 0;
}

Xapian::Stem* Analyzer::StemmerFor(std::string_view language) {
  if (language.size() > 2) language = language.substr(0, 2);  // "nl-NL"
  auto it = stemmers_.find(language);
  return it == stemmers_.end() ? nullptr : &it->second;
}

std::string Analyzer::Stem(std::string_view language, const std::string& folded) {
  // Numbers and codes are kept as they are: stemming "2024s" helps nobody.
  if (!folded.empty() && folded[0] >= '0' && folded[0] <= '9') return folded;
  Xapian::Stem* stem = StemmerFor(language);
  if (!stem) return folded;
  std::string out = (*stem)(folded);
  return out.empty() ? folded : out;
}

void Analyzer::IndexText(Xapian::Document& doc, std::string_view language, std::string_view text, int wdf) {
  if (text.empty()) return;
  for (const std::string& word : Tokenize(text)) {
    if (IsStopword(word) || word.size() > 64) continue;
    doc.add_term(TextTerm(language, word), static_cast<Xapian::termcount>(wdf));
  }
}

std::string Analyzer::TextTerm(std::string_view language, const std::string& folded) {
  std::string term(kStemPrefix);
  term += Stem(language, folded);
  return term;
}

const std::vector<std::string>& Analyzer::CpvOwnTerms(const std::string& code8, std::string_view language) {
  if (language.size() > 2) language = language.substr(0, 2);
  std::string key = code8 + "/" + std::string(language);
  auto own = own_label_terms_.find(key);
  if (own != own_label_terms_.end()) return own->second;
  std::vector<std::string> words;
  if (const CpvLabels::Entry* entry = cpv_ ? cpv_->Find(code8) : nullptr) {
    for (const auto& [label_language, label] : entry->labels) {
      bool shipped = std::find(std::begin(kShippedLanguages), std::end(kShippedLanguages), label_language) !=
                     std::end(kShippedLanguages);
      if (!shipped && label_language != language) continue;
      for (const std::string& word : Tokenize(label)) {
        if (IsStopword(word) || word.size() > 64) continue;
        words.push_back(std::string(kStemPrefix) + Stem(label_language, word));
      }
    }
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return own_label_terms_.emplace(std::move(key), std::move(words)).first->second;
}

const std::vector<std::string>& Analyzer::CpvTerms(const std::string& code8, std::string_view language) {
  if (language.size() > 2) language = language.substr(0, 2);
  std::string key = code8 + "/" + std::string(language);
  auto cached = chain_terms_.find(key);
  if (cached != chain_terms_.end()) return cached->second;
  std::vector<std::string> terms;
  std::string current = code8;
  for (int depth = 0; cpv_ && !current.empty() && depth < 8; ++depth) {
    const CpvLabels::Entry* entry = cpv_->Find(current);
    if (!entry) break;
    const std::vector<std::string>& own = CpvOwnTerms(current, language);
    terms.insert(terms.end(), own.begin(), own.end());
    current = entry->parent8;
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return chain_terms_.emplace(std::move(key), std::move(terms)).first->second;
}

std::vector<std::string> Analyzer::WordTerms(const std::string& folded_word) {
  std::vector<std::string> terms;
  terms.push_back(std::string(kStemPrefix) + folded_word);
  for (const auto& [code, name] : kStemmers) {
    (void)name;
    terms.push_back(std::string(kStemPrefix) + Stem(code, folded_word));
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

}  // namespace cobuy::search
