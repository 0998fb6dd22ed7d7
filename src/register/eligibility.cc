#include "register/eligibility.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/text.h"

namespace cobuy::reg {
namespace {

// Country names and adjectives in en/de/fr/nl/es, folded (FoldForSearch) and matched as the
// start of a word sequence ("deutsche" matches "deutschen").
struct CountryWords {
  const char* code;
  std::vector<const char*> words;
};

const std::vector<CountryWords>& Countries() {
  static const std::vector<CountryWords> kCountries = {
      {"AT", {"austria", "osterreich", "autriche", "oostenrijk", "austrian", "autrichien", "oostenrijkse"}},
      {"BE", {"belgium", "belgien", "belgique", "belgie", "belgica", "belgian", "belgisch", "belges"}},
      {"BG", {"bulgaria", "bulgarien", "bulgarie", "bulgarije"}},
      {"HR", {"croatia", "kroatien", "croatie", "kroatie", "croacia"}},
      {"CY", {"cyprus", "zypern", "chypre", "chipre"}},
      {"CZ", {"czechia", "czech republic", "tschechien", "tchequie", "tsjechie", "chequia", "republica checa"}},
      {"DK", {"denmark", "danemark", "denemarken", "dinamarca", "danish", "danisch", "danois", "deense"}},
      {"EE", {"estonia", "estland", "estonie"}},
      {"FI", {"finland", "finnland", "finlande", "finlandia", "finnish", "finnisch", "finlandais", "finse"}},
      {"FR",
       {"france", "frankreich", "frankrijk", "francia", "french", "franzosisch", "francais", "franse", "franceses"}},
      {"DE",
       {"germany", "deutschland", "allemagne", "duitsland", "alemania", "german", "deutsche", "allemand", "duitse",
        "alemanes", "alemanas"}},
      {"GR", {"greece", "griechenland", "grece", "griekenland", "grecia", "greek", "griechisch", "grecs"}},
      {"HU", {"hungary", "ungarn", "hongrie", "hongarije", "hungria"}},
      {"IE", {"ireland", "irland", "irlande", "ierland", "irlanda", "irish"}},
      {"IT", {"italy", "italien", "italie", "italia", "italian", "italiaanse"}},
      {"LV", {"latvia", "lettland", "lettonie", "letland", "letonia"}},
      {"LT", {"lithuania", "litauen", "lituanie", "litouwen", "lituania"}},
      {"LU", {"luxembourg", "luxemburg", "luxemburgo"}},
      {"MT", {"malta", "malte"}},
      {"NL",
       {"netherlands", "niederlande", "pays bas", "nederland", "paises bajos", "holland", "dutch", "niederlandisch",
        "neerlandais", "neerlandeses"}},
      {"PL", {"poland", "polen", "pologne", "polonia", "polish", "polnisch", "polonais", "poolse"}},
      {"PT", {"portugal", "portuguese", "portugiesisch", "portugais", "portugese", "portugueses"}},
      {"RO", {"romania", "rumanien", "roumanie", "roemenie", "rumania"}},
      {"SK", {"slovakia", "slowakei", "slovaquie", "slowakije", "eslovaquia"}},
      {"SI", {"slovenia", "slowenien", "slovenie", "eslovenia"}},
      {"ES",
       {"spain", "spanien", "espagne", "spanje", "espana", "spanish", "spanisch", "espagnol", "spaanse", "espanoles",
        "espanolas"}},
      {"SE", {"sweden", "schweden", "suede", "zweden", "suecia", "swedish", "schwedisch", "suedois", "zweedse"}},
      {"NO", {"norway", "norwegen", "norvege", "noorwegen", "noruega", "norwegian", "norwegisch", "noorse"}},
      {"IS", {"iceland", "islande", "ijsland", "islandia"}},
      {"LI", {"liechtenstein"}},
      {"CH", {"switzerland", "schweiz", "suisse", "zwitserland", "suiza", "swiss"}},
      {"GB",
       {"united kingdom", "vereinigtes konigreich", "royaume uni", "verenigd koninkrijk", "reino unido", "england",
        "british"}},
  };
  return kCountries;
}

// Words covering every contracting authority, whatever its type.
const std::vector<const char*> kAllAuthorities = {"contracting authorit",
                                                  "public authorit",
                                                  "public buyer",
                                                  "public sector bod",
                                                  "public bodies",
                                                  "offentliche auftraggeber",
                                                  "offentlichen auftraggeber",
                                                  "offentliche hand",
                                                  "pouvoirs adjudicateur",
                                                  "acheteurs publics",
                                                  "acheteur public",
                                                  "aanbestedende dienst",
                                                  "overheidsorganisaties",
                                                  "overheden",
                                                  "poderes adjudicador",
                                                  "entidades del sector publico",
                                                  "sector publico",
                                                  "administraciones publicas"};

// Words naming a type of organisation, in en/de/fr/nl/es (word-start matches).
const std::vector<const char*>& TypeWords(OrganisationType type) {
  static const std::vector<const char*> kMunicipality = {
      "municipalit", "local authorit", "local government", "councils", "cities", "towns", "gemeinden", "kommunen",
      "stadte", "kommunale", "communes", "collectivites", "villes", "gemeenten", "municipios", "ayuntamientos",
      "entidades locales", "entes locales",
      // As cobuy gen and Nordic/Italian notices write them.
      "kommuner", "comuni", "kunnat"};
  static const std::vector<const char*> kRegion = {"regional authorit",
                                                   "regions",
                                                   "regional government",
                                                   "counties",
                                                   "provinces",
                                                   "lander",
                                                   "bundeslander",
                                                   "landkreise",
                                                   "bezirke",
                                                   "collectivites",
                                                   "departements",
                                                   "provincies",
                                                   "comunidades autonomas",
                                                   "provincias",
                                                   "diputaciones"};
  static const std::vector<const char*> kCentral = {
      "central government", "ministries",  "government departments",           "bundesbehorden",
      "bundesministerien",  "ministeres",  "administrations centrales",        "ministeries",
      "rijksoverheid",      "ministerios", "administracion general del estado"};
  static const std::vector<const char*> kCpb = {
      "central purchasing bod", "zentrale beschaffungsstelle", "centrales d achat",        "centrale d achat",
      "inkoopcentrale",         "centrales de compras",        "centrales de contratacion"};
  static const std::vector<const char*> kAgency = {"public agenc",
                                                   "agencies",
                                                   "public bodies",
                                                   "offentliche einrichtungen",
                                                   "anstalten",
                                                   "etablissements publics",
                                                   "organismes publics",
                                                   "overheidsinstellingen",
                                                   "zelfstandige bestuursorganen",
                                                   "organismos publicos",
                                                   "organismos autonomos"};
  static const std::vector<const char*> kUndertaking = {
      "public undertaking", "offentliche unternehmen", "offentlichen unternehmen", "entreprises publiques",
      "overheidsbedrijven", "overheidsondernemingen",  "empresas publicas"};
  static const std::vector<const char*> kHospital = {
      "hospital",     "universit",   "krankenhaus",    "krankenhauser",
      "kliniken",     "hochschulen", "hopitaux",       "etablissements de sante",
      "ziekenhuizen", "hogescholen", "universiteiten", "hospitales",
      "universidades"};
  static const std::vector<const char*> kNone = {};
  switch (type) {
    case OrganisationType::kMunicipality: return kMunicipality;
    case OrganisationType::kRegion: return kRegion;
    case OrganisationType::kCentralGovernment: return kCentral;
    case OrganisationType::kCentralPurchasingBody: return kCpb;
    case OrganisationType::kPublicAgency: return kAgency;
    case OrganisationType::kPublicUndertaking: return kUndertaking;
    case OrganisationType::kHospitalOrUniversity: return kHospital;
    default: return kNone;
  }
}

// Every type's words, to tell "names a type, not yours" from "names no type".
bool NamesAnyType(const std::string& padded);

// "all" in en/de/fr/nl/es.
const std::vector<const char*> kAll = {"all",        "alle",  "allen", "toutes", "tous",
                                       "todos",      "todas", "any",   "every",  "ensemble des",
                                       "l ensemble", "alla",  "tutti", "tutte",  "kaikki"};

// A singular organisation word that, followed by a capitalised word, names one buyer
// ("Gemeente Zeist", "Stadt Wien", "City of London", "Ville de Lyon").
const std::vector<const char*> kNamingWords = {
    "gemeente",   "stadt",        "gemeinde",    "landkreis",  "kreis",       "provincie",    "ayuntamiento",
    "ajuntament", "comune",       "ville",       "commune",    "city",        "municipality", "county",
    "borough",    "council",      "kommune",     "kommun",     "departement", "diputacion",   "region",
    "provincia",  "universiteit", "universitat", "university", "universite",  "universidad"};
const std::vector<const char*> kLinkWords = {"de", "di", "of", "du", "van", "d", "del", "la", "le", "l"};

// Prepositions after which a capitalised word restricts the categories to a place.
const std::vector<const char*> kRestrictors = {"in", "im",  "within", "dans", "en", "binnen", "du", "del",
                                               "de", "der", "des",    "van",  "of", "della",  "di"};

// Tokens of the text as written (runs of letters and digits, UTF-8 bytes count as letters).
std::vector<std::string> RawTokens(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// ASCII A-Z, or a Latin-1 capital (À-Þ) at the start.
bool Capitalised(const std::string& token) {
  if (token.empty()) return false;
  auto c0 = static_cast<unsigned char>(token[0]);
  if (c0 >= 'A' && c0 <= 'Z') return true;
  if (c0 == 0xC3 && token.size() > 1) {
    auto c1 = static_cast<unsigned char>(token[1]);
    return c1 >= 0x80 && c1 <= 0x9E && c1 != 0x97;
  }
  return false;
}

// " w1 w2 ... " of the folded tokens, for word-sequence matching.
std::string Padded(std::string_view text) {
  std::string out = " ";
  for (const std::string& t : Tokenize(text)) {
    out += t;
    out += ' ';
  }
  return out;
}

// `phrase` (folded words) occurs at the start of a word.
bool HasWordStart(const std::string& padded, std::string_view phrase) {
  std::string p = Padded(phrase);
  if (p.size() < 2) return false;
  p.pop_back();  // " w1 w2": the last word may continue
  return padded.find(p) != std::string::npos;
}
// `phrase` occurs as whole words.
bool HasWords(const std::string& padded, std::string_view phrase) {
  std::string p = Padded(phrase);
  return p.size() > 1 && padded.find(p) != std::string::npos;
}

bool AnyWordStart(const std::string& padded, const std::vector<const char*>& phrases) {
  return std::any_of(phrases.begin(), phrases.end(), [&](const char* w) { return HasWordStart(padded, w); });
}
bool AnyWords(const std::string& padded, const std::vector<const char*>& phrases) {
  return std::any_of(phrases.begin(), phrases.end(), [&](const char* w) { return HasWords(padded, w); });
}

bool NamesAnyType(const std::string& padded) {
  for (OrganisationType t : AllOrganisationTypes()) {
    if (AnyWordStart(padded, TypeWords(t))) return true;
  }
  return false;
}

bool IsCountryCode(std::string_view code) {
  const auto& all = Countries();
  return std::any_of(all.begin(), all.end(), [&](const CountryWords& c) { return code == c.code; });
}

// The places the categories name: country codes (from names) and NUTS codes.
struct Places {
  std::vector<std::string> countries;  // ISO codes, in order met, once each
  std::vector<std::string> nuts;       // "DE21"
  bool known_words_only = true;        // no unrecognised capitalised word after a preposition
};

bool IsCountryWordAt(const std::vector<std::string>& folded, size_t i) {
  for (const CountryWords& c : Countries()) {
    for (const char* w : c.words) {
      auto words = Tokenize(w);
      if (i + words.size() > folded.size()) continue;
      bool ok = true;
      for (size_t k = 0; k < words.size() && ok; ++k) ok = folded[i + k].rfind(words[k], 0) == 0;
      if (ok) return true;
    }
  }
  return false;
}

Places FindPlaces(std::string_view text, const std::string& padded) {
  Places out;
  auto add = [](std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
  };
  for (const CountryWords& c : Countries()) {
    if (AnyWordStart(padded, c.words)) add(out.countries, c.code);
  }
  std::vector<std::string> raw = RawTokens(text);
  std::vector<std::string> folded;
  for (const std::string& t : raw) {
    auto f = Tokenize(t);
    folded.push_back(f.empty() ? std::string() : f[0]);
  }
  bool nuts_word = HasWords(padded, "nuts");
  for (const std::string& t : raw) {
    bool code_like =
        t.size() >= 3 && t.size() <= 5 &&
        std::all_of(t.begin(), t.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }) &&
        std::isupper(static_cast<unsigned char>(t[0])) && std::isupper(static_cast<unsigned char>(t[1]));
    bool has_digit = std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (code_like && (nuts_word || has_digit) && IsCountryCode(t.substr(0, 2)) && t != "NUTS") add(out.nuts, t);
  }
  // A capitalised word shortly after a preposition that is neither a country nor a NUTS code
  // restricts the categories to a place we cannot place.
  for (size_t i = 0; i < raw.size(); ++i) {
    if (std::find_if(kRestrictors.begin(), kRestrictors.end(), [&](const char* r) { return folded[i] == r; }) ==
        kRestrictors.end()) {
      continue;
    }
    for (size_t j = i + 1; j < raw.size() && j <= i + 3; ++j) {
      if (!Capitalised(raw[j])) continue;
      bool known = IsCountryWordAt(folded, j) || folded[j] == "nuts" ||
                   std::find(out.nuts.begin(), out.nuts.end(), raw[j]) != out.nuts.end();
      // Capitalised nouns of the categories themselves (German) are not places.
      bool category_word = AnyWordStart(" " + folded[j] + " ", kAllAuthorities) || NamesAnyType(" " + folded[j] + " ");
      if (!known && !category_word) out.known_words_only = false;
      break;
    }
  }
  return out;
}

// Names of other buyers in the categories: the process's buyers' names, identifiers, and
// "Gemeente X"-style names when the text has no generic "all".
std::vector<std::string> NamedBuyers(const ProcessRecord& p, std::string_view text, const std::string& padded) {
  std::vector<std::string> out;
  for (const PartyRecord& party : p.parties) {
    bool buyer = party.id == p.buyer_party_id || (" " + party.roles + " ").find(" buyer ") != std::string::npos;
    if (!buyer || party.name.empty()) continue;
    if (HasWords(padded, party.name) && std::find(out.begin(), out.end(), party.name) == out.end()) {
      out.push_back(party.name);
    }
    if (party.organisation && party.organisation->identifier.size() >= 5 &&
        HasWords(padded, party.organisation->identifier) &&
        std::find(out.begin(), out.end(), party.name) == out.end()) {
      out.push_back(party.name);
    }
  }
  if (!out.empty()) return out;
  if (p.buyer_party_id.empty() && !p.buyer_name.empty() && HasWords(padded, p.buyer_name)) return {p.buyer_name};
  if (AnyWords(padded, kAll)) return {};
  std::vector<std::string> raw = RawTokens(text);
  bool named = false;
  for (size_t i = 0; i + 1 < raw.size() && !named; ++i) {
    auto f = Tokenize(raw[i]);
    std::string w = f.empty() ? "" : f[0];
    // An identifier "NL-KVK-30280353" is letters, letters, then mostly digits.
    if (raw[i].size() == 2 && Capitalised(raw[i]) && i + 2 < raw.size() && IsCountryCode(raw[i])) {
      const std::string& id = raw[i + 2];
      if (id.size() >= 5 && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
        named = true;
    }
    if (std::find_if(kNamingWords.begin(), kNamingWords.end(), [&](const char* n) { return w == n; }) ==
        kNamingWords.end()) {
      continue;
    }
    size_t j = i + 1;
    while (j < raw.size() && j <= i + 2 && std::find_if(kLinkWords.begin(), kLinkWords.end(), [&](const char* l) {
                                             return raw[j] == l;
                                           }) != kLinkWords.end()) {
      ++j;
    }
    if (j < raw.size() && Capitalised(raw[j])) named = true;
  }
  if (named) out.push_back(std::string(Trim(text)));
  return out;
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

bool IsOwnProcess(const ProcessRecord& p, const EligibilityOrganisation& org) {
  for (const PartyRecord& party : p.parties) {
    bool buyer = party.id == p.buyer_party_id || (" " + party.roles + " ").find(" buyer ") != std::string::npos;
    if (!buyer || !party.organisation) continue;
    std::string key = party.organisation->scheme + "-" + party.organisation->identifier;
    if (std::find(org.identifiers.begin(), org.identifiers.end(), key) != org.identifiers.end()) return true;
  }
  return !org.name.empty() && FoldForSearch(org.name) == FoldForSearch(p.buyer_name);
}

// The organisation is named in the categories: its name, or one of its identifiers.
bool NamesOrganisation(const std::string& padded, const EligibilityOrganisation& org) {
  if (!org.name.empty() && HasWords(padded, org.name)) return true;
  for (const std::string& key : org.identifiers) {
    if (HasWords(padded, key)) return true;
    // "SCHEME-ID": the bare id, when long enough not to collide.
    auto dash = key.rfind('-');
    std::string id = dash == std::string::npos ? key : key.substr(dash + 1);
    if (id.size() >= 6 && HasWords(padded, id)) return true;
  }
  return false;
}

// The categories: the deciding reason and its verdict.
std::pair<Verdict, EligibilityReason> AssessCategories(const ProcessRecord& p, const EligibilityOrganisation& org) {
  const std::string& text = p.buyer_categories;
  if (Trim(text).empty()) return {Verdict::kAskLeadBuyer, {"no_categories", {}}};
  std::string padded = Padded(text);
  if (NamesOrganisation(padded, org)) return {Verdict::kLikelyUsable, {"named_buyer", {{"buyer", org.name}}}};
  if (auto named = NamedBuyers(p, text, padded); !named.empty()) {
    return {Verdict::kNotUsable, {"named_buyers_only", {{"buyers", Join(named, "; ")}}}};
  }
  Places places = FindPlaces(text, padded);
  std::vector<std::string> place_countries = places.countries;
  for (const std::string& n : places.nuts) {
    if (std::find(place_countries.begin(), place_countries.end(), n.substr(0, 2)) == place_countries.end()) {
      place_countries.push_back(n.substr(0, 2));
    }
  }
  if (!place_countries.empty() &&
      std::find(place_countries.begin(), place_countries.end(), org.country) == place_countries.end()) {
    return {Verdict::kNotUsable, {"country_mismatch", {{"country", place_countries.front()}}}};
  }
  // Regions: the organisation must be in one of the NUTS regions named.
  if (!places.nuts.empty() && std::none_of(places.nuts.begin(), places.nuts.end(), [&](const std::string& n) {
        return !org.nuts.empty() && org.nuts.rfind(n, 0) == 0;
      })) {
    return {Verdict::kAskLeadBuyer, {"categories_unclear", {}}};
  }
  // A NUTS code places the categories; the region's name beside it is no further restriction.
  if (!places.known_words_only && places.nuts.empty()) return {Verdict::kAskLeadBuyer, {"categories_unclear", {}}};
  if (IsMarketOrganisation(org.type)) return {Verdict::kAskLeadBuyer, {"categories_unclear", {}}};
  if (AnyWordStart(padded, TypeWords(org.type))) {
    return {Verdict::kLikelyUsable, {"categories_match", {{"category", std::string(OrganisationTypeName(org.type))}}}};
  }
  if (AnyWordStart(padded, kAllAuthorities)) {
    return {Verdict::kLikelyUsable, {"categories_match", {{"category", "contracting_authorities"}}}};
  }
  if (!places.countries.empty() && !NamesAnyType(padded) && AnyWords(padded, kAll)) {
    return {Verdict::kLikelyUsable, {"categories_match", {{"category", org.country}}}};
  }
  return {Verdict::kAskLeadBuyer, {"categories_unclear", {}}};
}

std::string CpbName(const ProcessRecord& p) {
  for (const PartyRecord& party : p.parties) {
    if ((" " + party.roles + " ").find(" centralPurchasingBody ") != std::string::npos && !party.name.empty()) {
      return party.name;
    }
  }
  return p.procuring_entity_name.empty() ? p.buyer_name : p.procuring_entity_name;
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kLikelyUsable: return "likely_usable";
    case Verdict::kNotUsable: return "not_usable";
    case Verdict::kAskLeadBuyer: return "ask_lead_buyer";
  }
  return "ask_lead_buyer";
}

Eligibility AssessEligibility(const ProcessRecord& p, const EligibilityOrganisation& org, std::string_view today) {
  Eligibility out;
  const std::string end = p.contract_end.substr(0, std::min<size_t>(10, p.contract_end.size()));
  const bool instrument = p.is_framework || p.is_dps || p.is_cpb;
  const bool own = IsOwnProcess(p, org);
  const bool ended = !end.empty() && end < today;
  if (!instrument && !own) {
    out.verdict = Verdict::kNotUsable;
    out.reasons.push_back({"not_framework", {}});
    return out;
  }
  if (ended) {
    out.verdict = Verdict::kNotUsable;
    out.reasons.push_back({"expired", {{"end_date", end}}});
  } else if (own) {
    out.verdict = Verdict::kLikelyUsable;
    out.reasons.push_back({"own_contract", {}});
  } else {
    auto [verdict, reason] = AssessCategories(p, org);
    out.verdict = verdict;
    out.reasons.push_back(std::move(reason));
    if (end.empty()) {
      if (out.verdict == Verdict::kLikelyUsable) out.verdict = Verdict::kAskLeadBuyer;
      if (out.verdict == Verdict::kAskLeadBuyer) out.reasons.push_back({"no_end_date", {}});
    }
  }
  if (p.max_participants) out.reasons.push_back({"max_participants", {{"max", std::to_string(*p.max_participants)}}});
  if (p.is_cpb) out.reasons.push_back({"cpb", {{"buyer", CpbName(p)}}});
  if (p.is_dps) out.reasons.push_back({"dps_open", {}});
  return out;
}

}  // namespace cobuy::reg
