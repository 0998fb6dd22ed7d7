// Internal to search/: how text becomes index terms and how query words become term groups.
//
// Thread-safety: an Analyzer holds Xapian stemmers, which are not safe to share; use one per
// thread.
#pragma once

#include <xapian.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/search.h"

namespace cobuy::search {

// Term prefixes.
inline constexpr std::string_view kIdPrefix = "Q";           // Q<ocid>
inline constexpr std::string_view kStemPrefix = "Z";         // Z<stem>
inline constexpr std::string_view kCpvPrefix = "P";          // P<2..8 digits>
inline constexpr std::string_view kCountryPrefix = "K";      // KNL
inline constexpr std::string_view kNutsPrefix = "N";         // NNL, NNL3, NNL31, NNL310
inline constexpr std::string_view kBuyerTypePrefix = "T";
inline constexpr std::string_view kMethodPrefix = "M";
inline constexpr std::string_view kStatusPrefix = "S";
inline constexpr std::string_view kYearPrefix = "Y";
inline constexpr std::string_view kInstrumentPrefix = "I";  // Iframework, Idps, Icpb
inline constexpr std::string_view kUnitPricePrefix = "U";   // U1
inline constexpr std::string_view kBuyerPrefix = "XB";      // XB<key>, XBN<folded name>
inline constexpr std::string_view kSupplierPrefix = "XS";   // XS<key>, XSN<folded name>

// Value slots.
enum Slot : Xapian::valueno {
  kSlotValue = 0,  // sortable_serialise(EUR)
  kSlotDate = 1,   // last release date, YYYY-MM-DD
  kSlotEnd = 2,
  kSlotTenderStart = 3,
  kSlotAward = 4,
  kSlotCpvDivision = 5,
  kSlotCpvGroup = 6,
  kSlotCountry = 7,
  kSlotNuts = 8,  // NUTS 2 (four characters)
  kSlotBuyerType = 9,
  kSlotMethod = 10,
  kSlotStatus = 11,
  kSlotYear = 12,
  kSlotFramework = 13,
  kSlotDps = 14,
  kSlotCpb = 15,
};

// The languages of Cobuy's interface: every document carries its CPV labels in these (and in
// its own language), so a query in any of them finds notices in every language.
inline constexpr std::string_view kShippedLanguages[] = {"en", "de", "fr"};

// The eight digits of a CPV code ("34144511-3" -> "34144511"), or empty.
std::string CpvDigits(std::string_view code);

class Analyzer {
 public:
  explicit Analyzer(const CpvLabels* cpv = nullptr);

  // Adds the stemmed terms of `text` in `language` ("" or a language without stemmer: the
  // folded words as they are), each with `wdf`.
  void IndexText(Xapian::Document& doc, std::string_view language, std::string_view text, int wdf);
  // The term a folded word of a text in `language` is indexed as: "Z" + its stem.
  std::string TextTerm(std::string_view language, const std::string& folded);
  // The distinct terms of the labels of `code8` and its ancestors in the languages Cobuy ships
  // (kShippedLanguages) and in `language` (the document's).
  const std::vector<std::string>& CpvTerms(const std::string& code8, std::string_view language);
  // The distinct terms of the labels of `code8` alone, in the same languages.
  const std::vector<std::string>& CpvOwnTerms(const std::string& code8, std::string_view language);
  // The terms a folded query word may match: its stems in every stemming language and itself.
  std::vector<std::string> WordTerms(const std::string& folded_word);
  // True when `folded` (one folded word) is a stopword in any language we handle, or too short.
  static bool IsStopword(std::string_view folded);

 private:
  Xapian::Stem* StemmerFor(std::string_view language);
  std::string Stem(std::string_view language, const std::string& folded);

  const CpvLabels* cpv_;
  std::map<std::string, Xapian::Stem, std::less<>> stemmers_;  // by ISO 639-1 code
  std::unordered_map<std::string, std::vector<std::string>> own_label_terms_;
  std::unordered_map<std::string, std::vector<std::string>> chain_terms_;
};

}  // namespace cobuy::search
