// The Xapian index of the contract register: documents, queries, updates, rebuilds, alerts.
#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/text.h"
#include "search/analysis.h"
#include "search/search.h"

namespace cobuy::search {
namespace {

namespace fs = std::filesystem;

// The language of a publisher's country, for documents that do not state theirs.
std::string_view CountryLanguage(std::string_view country) {
  static constexpr std::pair<std::string_view, std::string_view> kMap[] = {
      {"AT", "de"}, {"AU", "en"}, {"BE", "fr"}, {"CH", "de"}, {"CO", "es"}, {"DE", "de"}, {"DK", "da"},
      {"ES", "es"}, {"FI", "fi"}, {"FR", "fr"}, {"GB", "en"}, {"HU", "hu"}, {"IE", "en"}, {"IT", "it"},
      {"LI", "de"}, {"LT", "lt"}, {"LU", "fr"}, {"MX", "es"}, {"NL", "nl"}, {"NO", "no"}, {"PT", "pt"},
      {"PY", "es"}, {"RO", "ro"}, {"SE", "sv"}, {"UK", "en"}, {"US", "en"}, {"CL", "es"}, {"AR", "es"},
      {"PE", "es"}, {"EC", "es"}, {"UY", "es"}, {"NZ", "en"}, {"CA", "en"}, {"BR", "pt"},
  };
  for (const auto& [c, l] : kMap)
    if (c == country) return l;
  return {};
}

std::string Day(const std::string& date) { return date.size() >= 10 ? date.substr(0, 10) : date; }

// At most `max` bytes of `s`, cut at a character boundary.
std::string TruncateUtf8(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end) + "…";
}

// A NUTS code as published in an address region ("NL310"), or empty.
std::string NutsCode(const std::string& region) {
  if (region.size() < 2 || region.size() > 5) return {};
  for (size_t i = 0; i < region.size(); ++i) {
    char c = region[i];
    bool ok = i < 2 ? (c >= 'A' && c <= 'Z') : ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    if (!ok) return {};
  }
  return region;
}

void AddBoolean(Xapian::Document& doc, std::string_view prefix, const std::string& value) {
  if (value.empty()) return;
  std::string term(prefix);
  term += value;
  if (term.size() > 240) term.resize(240);
  doc.add_boolean_term(term);
}

void SetValue(Xapian::Document& doc, Xapian::valueno slot, const std::string& value) {
  if (!value.empty()) doc.add_value(slot, value);
}

Xapian::Document BuildDocument(const SearchSource& s, Analyzer& a) {
  Xapian::Document doc;
  doc.add_boolean_term(std::string(kIdPrefix) + s.ocid);
  std::string language = s.language;
  if (language.empty()) language = std::string(CountryLanguage(s.country));

  a.IndexText(doc, language, s.title, 3);
  a.IndexText(doc, language, s.description, 1);
  for (const std::string& t : s.texts) a.IndexText(doc, language, t, 1);
  // Other languages' titles and descriptions, each stemmed in its own language.
  for (const auto& [text_language, text] : s.translations) a.IndexText(doc, text_language, text, 1);
  a.IndexText(doc, language, s.buyer_name, 1);
  for (const auto& [name, key] : s.suppliers) {
    a.IndexText(doc, language, name, 1);
    AddBoolean(doc, kSupplierPrefix, AsciiUpper(key));
    AddBoolean(doc, std::string(kSupplierPrefix) + "N", NameKey(name));
  }

  std::vector<std::string> label_terms;
  std::string main_digits;
  for (const std::string& code : s.cpvs) {
    std::string digits = CpvDigits(code);
    if (digits.empty()) continue;
    if (main_digits.empty()) main_digits = digits;
    for (size_t len = 2; len <= 8; ++len) AddBoolean(doc, kCpvPrefix, digits.substr(0, len));
    const std::vector<std::string>& terms = a.CpvTerms(digits, language);
    label_terms.insert(label_terms.end(), terms.begin(), terms.end());
  }
  std::sort(label_terms.begin(), label_terms.end());
  label_terms.erase(std::unique(label_terms.begin(), label_terms.end()), label_terms.end());
  for (const std::string& t : label_terms) doc.add_term(t, 1);
  // The main classification's own label counts like the title: it says what is bought.
  if (!main_digits.empty()) {
    for (const std::string& t : a.CpvOwnTerms(main_digits, language)) doc.add_term(t, 2);
  }

  if (s.value_eur) doc.add_value(kSlotValue, Xapian::sortable_serialise(*s.value_eur));
  SetValue(doc, kSlotDate, Day(s.last_date));
  SetValue(doc, kSlotEnd, Day(s.contract_end));
  SetValue(doc, kSlotTenderStart, Day(s.tender_start));
  SetValue(doc, kSlotAward, Day(s.award_date));
  if (!main_digits.empty()) {
    SetValue(doc, kSlotCpvDivision, main_digits.substr(0, 2));
    SetValue(doc, kSlotCpvGroup, main_digits.substr(0, 3));
  }
  SetValue(doc, kSlotCountry, s.country);
  AddBoolean(doc, kCountryPrefix, s.country);
  std::string nuts = NutsCode(s.region);
  if (!nuts.empty()) {
    SetValue(doc, kSlotNuts, nuts.substr(0, std::min<size_t>(4, nuts.size())));
    for (size_t len = 2; len <= nuts.size(); ++len) AddBoolean(doc, kNutsPrefix, nuts.substr(0, len));
  }
  SetValue(doc, kSlotBuyerType, s.buyer_type);
  AddBoolean(doc, kBuyerTypePrefix, s.buyer_type);
  SetValue(doc, kSlotMethod, s.method);
  AddBoolean(doc, kMethodPrefix, s.method);
  SetValue(doc, kSlotStatus, s.status);
  AddBoolean(doc, kStatusPrefix, s.status);
  std::string year = s.first_date.size() >= 4 ? s.first_date.substr(0, 4) : std::string();
  SetValue(doc, kSlotYear, year);
  AddBoolean(doc, kYearPrefix, year);
  if (s.is_framework) {
    doc.add_value(kSlotFramework, "1");
    AddBoolean(doc, kInstrumentPrefix, "framework");
  }
  if (s.is_dps) {
    doc.add_value(kSlotDps, "1");
    AddBoolean(doc, kInstrumentPrefix, "dps");
  }
  if (s.is_cpb) {
    doc.add_value(kSlotCpb, "1");
    AddBoolean(doc, kInstrumentPrefix, "cpb");
  }
  if (s.has_unit_prices) AddBoolean(doc, kUnitPricePrefix, "1");
  AddBoolean(doc, kBuyerPrefix, AsciiUpper(s.buyer_key));
  AddBoolean(doc, std::string(kBuyerPrefix) + "N", NameKey(s.buyer_name));

  // What a hit shows, so that a page of results needs no trip to the store.
  nlohmann::json data = {{"o", s.ocid},          {"t", s.title},        {"b", s.buyer_name},
                         {"bk", s.buyer_key},    {"c", s.country},      {"e", Day(s.contract_end)},
                         {"d", Day(s.last_date)}, {"m", s.main_cpv},     {"st", s.status},
                         {"f", s.is_framework},  {"dp", s.is_dps},       {"cp", s.is_cpb},
                         {"x", TruncateUtf8(s.description, 1200)}, {"l", language}};
  nlohmann::json suppliers = nlohmann::json::array();
  for (const auto& sup : s.suppliers) {
    if (suppliers.size() >= 5) break;
    suppliers.push_back(sup.first);
  }
  data["s"] = std::move(suppliers);
  if (s.value_eur) data["v"] = *s.value_eur;
  std::string items;
  for (const std::string& t : s.texts) {
    if (items.size() > 600) break;
    if (!items.empty()) items += " · ";
    items += t;
  }
  data["i"] = TruncateUtf8(items, 800);
  doc.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return doc;
}

// --- query execution ----------------------------------------------------------------------

std::string AddMonths(const std::string& day, int months) {
  int y = std::stoi(day.substr(0, 4));
  int m = std::stoi(day.substr(5, 2)) - 1 + months;
  y += m / 12;
  m = m % 12;
  return fmt::format("{:04d}-{:02d}{}", y, m + 1, day.substr(7));
}

Xapian::Query Range(Xapian::valueno slot, const std::string& from, const std::string& to) {
  if (!from.empty() && !to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, from, to);
  if (!from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, from);
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, to);
}

Xapian::Query Term(std::string_view prefix, const std::string& value) {
  std::string t(prefix);
  t += value;
  if (t.size() > 240) t.resize(240);
  return Xapian::Query(t);
}

// The query words' term groups, and every term that may highlight a word.
struct TextQuery {
  std::vector<Xapian::Query> groups;
  std::set<std::string> terms;
};

TextQuery ParseText(const std::string& text, Analyzer& a) {
  TextQuery out;
  std::vector<std::string> words = Tokenize(text);
  std::vector<std::string> kept;
  for (const std::string& w : words)
    if (!Analyzer::IsStopword(w) && w.size() <= 64) kept.push_back(w);
  if (kept.empty()) {
    for (const std::string& w : words)
      if (w.size() <= 64) kept.push_back(w);
  }
  for (const std::string& w : kept) {
    std::vector<std::string> terms = a.WordTerms(w);
    out.terms.insert(terms.begin(), terms.end());
    out.groups.emplace_back(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  }
  return out;
}

// Marks the words of `text` (in `language`) that match the query, by the rule that indexed
// them; the best window of about 30 words.
std::vector<TextSpan> Highlight(const std::string& text, std::string_view language,
                                const std::set<std::string>& terms, Analyzer& a, bool* matched) {
  std::vector<TextSpan> out;
  *matched = false;
  if (text.empty()) return out;
  auto spans = WordSpans(text);
  std::vector<bool> hit(spans.size(), false);
  int hits = 0;
  for (size_t i = 0; i < spans.size() && !terms.empty(); ++i) {
    for (const std::string& w : Tokenize(std::string_view(text).substr(spans[i].first, spans[i].second - spans[i].first))) {
      if (terms.count(a.TextTerm(language, w))) {
        hit[i] = true;
        break;
      }
    }
    hits += hit[i] ? 1 : 0;
  }
  *matched = hits > 0;
  constexpr size_t kWindow = 30;
  size_t best = 0;
  if (spans.size() > kWindow && hits > 0) {
    int in_window = 0, best_count = -1;
    for (size_t i = 0; i < spans.size(); ++i) {
      in_window += hit[i] ? 1 : 0;
      if (i >= kWindow) in_window -= hit[i - kWindow] ? 1 : 0;
      if (i + 1 >= kWindow && in_window > best_count) {
        best_count = in_window;
        best = i + 1 - kWindow;
      }
    }
    // Start a few words before the first hit of the window, when it is not at its start.
    size_t first = best;
    while (first < best + kWindow && !hit[first]) ++first;
    best = first > best + 3 ? first - 3 : best;
  }
  size_t end_word = std::min(spans.size(), best + kWindow);
  size_t pos = best < spans.size() ? spans[best].first : 0;
  std::string plain = best > 0 ? "…" : "";
  for (size_t i = best; i < end_word; ++i) {
    plain += text.substr(pos, spans[i].first - pos);
    std::string word = text.substr(spans[i].first, spans[i].second - spans[i].first);
    if (hit[i]) {
      if (!plain.empty()) out.push_back({std::move(plain), false});
      plain.clear();
      out.push_back({std::move(word), true});
    } else {
      plain += word;
    }
    pos = spans[i].second;
  }
  if (end_word < spans.size()) {
    plain += "…";
  } else if (pos < text.size()) {
    plain += text.substr(pos);
  }
  if (!plain.empty()) out.push_back({std::move(plain), false});
  return out;
}

// What an alert says, in the owner's language: {count} and {name}; the mail: {name}, the
// list of processes and the link.
struct AlertText {
  const char* language;
  const char* one;
  const char* many;
  const char* mail;
};
constexpr AlertText kAlertTexts[] = {
    {"en", "{} new contract matches “{}”", "{} new contracts match “{}”",
     "Your saved search “{}” has new matches in the Cobuy contract register:\n\n{}\nOpen the search: {}\n\n"
     "You receive this because alerts are on for this saved search; turn them off on the saved searches page.\n"},
    {"de", "{} neuer Vertrag passt zu „{}“", "{} neue Verträge passen zu „{}“",
     "Ihre gespeicherte Suche „{}“ hat neue Treffer im Vertragsregister von Cobuy:\n\n{}\nSuche öffnen: {}\n\n"
     "Sie erhalten diese Nachricht, weil für diese gespeicherte Suche Benachrichtigungen eingeschaltet sind; "
     "Sie können sie auf der Seite der gespeicherten Suchen ausschalten.\n"},
    {"fr", "{} nouveau contrat correspond à « {} »", "{} nouveaux contrats correspondent à « {} »",
     "Votre recherche enregistrée « {} » a de nouveaux résultats dans le registre des contrats de Cobuy :\n\n{}\n"
     "Ouvrir la recherche : {}\n\nVous recevez ce message parce que les alertes sont activées pour cette "
     "recherche enregistrée ; vous pouvez les désactiver sur la page des recherches enregistrées.\n"},
};

const AlertText& AlertTextFor(std::string_view language) {
  for (const AlertText& t : kAlertTexts)
    if (language == t.language) return t;
  return kAlertTexts[0];
}

constexpr std::pair<const char*, Xapian::valueno> kFacetSlots[] = {
    {"cpv_division", kSlotCpvDivision}, {"cpv_group", kSlotCpvGroup}, {"country", kSlotCountry},
    {"nuts", kSlotNuts},                {"buyer_type", kSlotBuyerType}, {"method", kSlotMethod},
    {"status", kSlotStatus},            {"year", kSlotYear},
};

SearchResult Execute(const Xapian::Database& db, Analyzer& a, const SearchQuery& q, const SearchOptions& options) {
  TextQuery text = ParseText(q.text, a);
  std::vector<Xapian::Query> filters;
  if (!q.cpv_prefixes.empty()) {
    std::vector<Xapian::Query> any;
    for (const std::string& p : q.cpv_prefixes) any.push_back(Term(kCpvPrefix, p));
    filters.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
  }
  if (!q.country.empty()) filters.push_back(Term(kCountryPrefix, q.country));
  if (!q.nuts.empty()) filters.push_back(Term(kNutsPrefix, q.nuts));
  if (!q.buyer_type.empty()) filters.push_back(Term(kBuyerTypePrefix, q.buyer_type));
  if (!q.method.empty()) filters.push_back(Term(kMethodPrefix, q.method));
  if (!q.status.empty()) filters.push_back(Term(kStatusPrefix, q.status));
  if (q.year > 0) filters.push_back(Term(kYearPrefix, std::to_string(q.year)));
  for (const std::string& i : q.instruments) filters.push_back(Term(kInstrumentPrefix, i));
  if (q.unit_prices) filters.push_back(Term(kUnitPricePrefix, "1"));
  if (q.value_min || q.value_max) {
    filters.push_back(Range(kSlotValue, q.value_min ? Xapian::sortable_serialise(*q.value_min) : std::string(),
                            q.value_max ? Xapian::sortable_serialise(*q.value_max) : std::string()));
  }
  if (!q.tender_from.empty() || !q.tender_to.empty()) filters.push_back(Range(kSlotTenderStart, q.tender_from, q.tender_to));
  if (!q.award_from.empty() || !q.award_to.empty()) filters.push_back(Range(kSlotAward, q.award_from, q.award_to));
  if (!q.end_from.empty() || !q.end_to.empty()) filters.push_back(Range(kSlotEnd, q.end_from, q.end_to));
  if (q.ends_within_months > 0) filters.push_back(Range(kSlotEnd, q.today, AddMonths(q.today, q.ends_within_months)));
  if (!q.buyer.empty()) {
    filters.emplace_back(Xapian::Query::OP_OR, Term(kBuyerPrefix, AsciiUpper(q.buyer)),
                         Term(std::string(kBuyerPrefix) + "N", NameKey(q.buyer)));
  }
  if (!q.supplier.empty()) {
    filters.emplace_back(Xapian::Query::OP_OR, Term(kSupplierPrefix, AsciiUpper(q.supplier)),
                         Term(std::string(kSupplierPrefix) + "N", NameKey(q.supplier)));
  }
  if (!q.only_ocids.empty()) {
    std::vector<Xapian::Query> ids;
    for (const std::string& o : q.only_ocids) ids.push_back(Term(kIdPrefix, o));
    filters.emplace_back(Xapian::Query::OP_OR, ids.begin(), ids.end());
  }

  bool has_text = !text.groups.empty();
  // Xapian::Query objects are reference-counted without atomics: never copy the shared static
  // Query::MatchAll across threads; the empty term builds a match-all query of this call's own.
  Xapian::Query query = has_text ? Xapian::Query(Xapian::Query::OP_AND, text.groups.begin(), text.groups.end())
                                 : Xapian::Query(std::string());
  if (!filters.empty()) {
    Xapian::Query filter(Xapian::Query::OP_AND, filters.begin(), filters.end());
    query = has_text ? Xapian::Query(Xapian::Query::OP_FILTER, query, filter) : filter;
  }

  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  if (!has_text) enquire.set_weighting_scheme(Xapian::BoolWeight());
  SortKey sort = q.sort.value_or(has_text ? SortKey::kRelevance : SortKey::kDate);
  if (sort == SortKey::kRelevance && !has_text) sort = SortKey::kDate;
  bool descending = !q.ascending;
  switch (sort) {
    case SortKey::kRelevance:
      break;
    case SortKey::kValue:
      enquire.set_sort_by_value_then_relevance(kSlotValue, descending);
      break;
    case SortKey::kDate:
      enquire.set_sort_by_value_then_relevance(kSlotDate, descending);
      break;
    case SortKey::kEnd:
      enquire.set_sort_by_value_then_relevance(kSlotEnd, descending);
      break;
  }

  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
  if (q.facets) {
    for (const auto& [name, slot] : kFacetSlots) {
      (void)name;
      spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
    }
    for (Xapian::valueno slot : {kSlotFramework, kSlotDps, kSlotCpb})
      spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
    for (auto& spy : spies) enquire.add_matchspy(spy.get());
  }
  Xapian::doccount check = q.facets ? static_cast<Xapian::doccount>(options.facet_sample) : 0;
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(q.offset),
                                       static_cast<Xapian::doccount>(q.limit), check);

  SearchResult result;
  result.total = mset.get_matches_estimated();
  result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Xapian::Document doc = it.get_document();
    nlohmann::json d = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (!d.is_object()) continue;
    SearchHit h;
    h.ocid = d.value("o", "");
    h.title = d.value("t", "");
    h.buyer = d.value("b", "");
    h.buyer_key = d.value("bk", "");
    h.country = d.value("c", "");
    for (const auto& s : d["s"]) h.suppliers.push_back(s.get<std::string>());
    if (d.contains("v")) h.value_eur = d["v"].get<double>();
    h.end_date = d.value("e", "");
    h.date = d.value("d", "");
    h.main_cpv = d.value("m", "");
    h.status = d.value("st", "");
    h.framework = d.value("f", false);
    h.dps = d.value("dp", false);
    h.cpb = d.value("cp", false);
    h.score = sort == SortKey::kRelevance ? it.get_percent() : 0;
    bool matched = false;
    std::string language = d.value("l", "");
    h.snippet = Highlight(d.value("x", ""), language, text.terms, a, &matched);
    if (!matched) {
      bool item_match = false;
      auto items = Highlight(d.value("i", ""), language, text.terms, a, &item_match);
      if (item_match || h.snippet.empty()) h.snippet = std::move(items);
    }
    result.hits.push_back(std::move(h));
  }

  if (q.facets) {
    std::int64_t seen = spies.front()->get_total();
    result.facets_exact = seen >= result.total;
    double scale = seen > 0 && !result.facets_exact ? static_cast<double>(result.total) / static_cast<double>(seen) : 1.0;
    auto scaled = [&](Xapian::doccount n) { return static_cast<std::int64_t>(std::llround(n * scale)); };
    size_t i = 0;
    for (const auto& [name, slot] : kFacetSlots) {
      (void)slot;
      std::vector<FacetCount> values;
      for (auto v = spies[i]->values_begin(); v != spies[i]->values_end(); ++v)
        values.push_back({*v, scaled(v.get_termfreq())});
      std::sort(values.begin(), values.end(), [](const FacetCount& x, const FacetCount& y) {
        return x.count != y.count ? x.count > y.count : x.value < y.value;
      });
      if (values.size() > 50) values.resize(50);
      result.facets.emplace_back(name, std::move(values));
      ++i;
    }
    std::vector<FacetCount> instruments;
    const char* names[] = {"framework", "dps", "cpb"};
    for (int k = 0; k < 3; ++k, ++i) {
      for (auto v = spies[i]->values_begin(); v != spies[i]->values_end(); ++v)
        if (*v == "1") instruments.push_back({names[k], scaled(v.get_termfreq())});
    }
    std::stable_sort(instruments.begin(), instruments.end(),
                     [](const FacetCount& x, const FacetCount& y) { return x.count > y.count; });
    result.facets.emplace_back("instrument", std::move(instruments));
  }
  return result;
}

}  // namespace

// --- CpvLabels ----------------------------------------------------------------------------

CpvLabels CpvLabels::FromReference(const std::vector<CpvCode>& codes) {
  CpvLabels out;
  for (const CpvCode& c : codes) {
    Entry e;
    e.parent8 = CpvDigits(c.parent);
    for (const auto& [lang, label] : c.labels) e.labels.emplace_back(lang, label);
    out.entries_.emplace(c.code8, std::move(e));
  }
  return out;
}

const CpvLabels::Entry* CpvLabels::Find(std::string_view code8) const {
  auto it = entries_.find(code8);
  return it == entries_.end() ? nullptr : &it->second;
}

std::string IndexPathFor(const std::string& db_path) { return db_path + ".search"; }

// --- SearchIndex --------------------------------------------------------------------------

class SearchIndex::Impl {
 public:
  Impl(std::string path, SearchOptions options) : path_(std::move(path)), options_(options) {}

  struct Handle {
    explicit Handle(const std::string& path) : db(path) {}
    Xapian::Database db;
    Analyzer analyzer;
  };

  std::unique_ptr<Handle> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        auto h = std::move(free_.back());
        free_.pop_back();
        return h;
      }
    }
    return std::make_unique<Handle>(path_);
  }
  void Release(std::unique_ptr<Handle> h) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(h));
  }

  Result<SearchResult> Search(const SearchQuery& q) {
    std::unique_ptr<Handle> h;
    try {
      h = Acquire();
    } catch (const Xapian::Error& e) {
      return Unavailable(fmt::format("the search index cannot be opened: {}", e.get_description()));
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
      try {
        // See what writers committed (a cheap check of the revision when nothing changed).
        h->db.reopen();
        SearchResult r = Execute(h->db, h->analyzer, q, options_);
        Release(std::move(h));
        return r;
      } catch (const Xapian::DatabaseModifiedError&) {
        try {
          h->db.reopen();
        } catch (const Xapian::Error&) {
        }
      } catch (const Xapian::Error& e) {
        // The index was rebuilt and swapped: open it afresh.
        try {
          h = std::make_unique<Handle>(path_);
        } catch (const Xapian::Error& e2) {
          return Unavailable(fmt::format("the search index cannot be read: {}", e2.get_description()));
        }
        if (attempt == 2) return Unavailable(fmt::format("the search index cannot be read: {}", e.get_description()));
      }
    }
    return Unavailable("the search index changed during the search three times; try again");
  }

  std::int64_t DocumentCount() {
    auto h = Acquire();
    h->db.reopen();
    std::int64_t n = h->db.get_doccount();
    Release(std::move(h));
    return n;
  }

 private:
  std::string path_;
  SearchOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Handle>> free_;
};

SearchIndex::SearchIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SearchIndex::~SearchIndex() = default;

Result<std::unique_ptr<SearchIndex>> SearchIndex::Open(const std::string& path, SearchOptions options) {
  auto impl = std::make_unique<Impl>(path, options);
  try {
    impl->Release(impl->Acquire());
  } catch (const Xapian::DatabaseNotFoundError&) {
    return NotFound(fmt::format("no search index at {}: run `cobuy index rebuild`", path));
  } catch (const Xapian::Error& e) {
    return Unavailable(fmt::format("the search index at {} cannot be opened: {}", path, e.get_description()));
  }
  return std::unique_ptr<SearchIndex>(new SearchIndex(std::move(impl)));
}

Result<SearchResult> SearchIndex::Search(const SearchQuery& query) const { return impl_->Search(query); }
std::int64_t SearchIndex::DocumentCount() const { return impl_->DocumentCount(); }

// --- IndexWriter --------------------------------------------------------------------------

class IndexWriter::Impl {
 public:
  Impl(std::string path, const CpvLabels& cpv) : path_(std::move(path)), cpv_(cpv), analyzer_(&cpv) {}

  Status OpenDb() {
    // A rebuild killed between its two renames leaves the old index beside: take it back.
    std::error_code ec;
    if (!fs::exists(path_, ec) && fs::exists(path_ + ".old", ec)) fs::rename(path_ + ".old", path_, ec);
    try {
      db_.emplace(path_, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
      return Unavailable(fmt::format("another process is writing the search index {}; try again when it is done", path_));
    } catch (const Xapian::Error& e) {
      return Unavailable(fmt::format("the search index {} cannot be opened: {}", path_, e.get_description()));
    }
    return Status::Ok();
  }

  Result<IndexStats> Update(RegisterStore& store, const Clock& clock) {
    auto start = std::chrono::steady_clock::now();
    IndexStats stats;
    COBUY_ASSIGN_OR_RETURN(std::vector<SavedSearch> searches, store.ListSavedSearches(0));
    try {
      while (true) {
        COBUY_ASSIGN_OR_RETURN(auto pending, store.SearchPending(1000));
        if (pending.empty()) break;
        COBUY_ASSIGN_OR_RETURN(auto sources, store.SearchSourcesOf(pending));
        std::vector<std::string> present;
        for (const SearchSource& s : sources) {
          db_->replace_document(std::string(kIdPrefix) + s.ocid, BuildDocument(s, analyzer_));
          present.push_back(s.ocid);
        }
        for (const std::string& ocid : pending) {
          if (!std::binary_search(present.begin(), present.end(), ocid)) {
            db_->delete_document(std::string(kIdPrefix) + ocid);
            ++stats.removed;
          }
        }
        db_->commit();
        stats.indexed += static_cast<std::int64_t>(present.size());
        COBUY_ASSIGN_OR_RETURN(std::int64_t alerts, Alert(store, clock, searches, present));
        stats.alerts += alerts;
        COBUY_RETURN_IF_ERROR(store.ClearSearchPending(pending));
      }
    } catch (const Xapian::Error& e) {
      return Internal(fmt::format("updating the search index failed: {}", e.get_description()));
    }
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return stats;
  }

  Result<IndexStats> Rebuild(RegisterStore& store, const std::function<void(const IndexProgress&)>& on_progress) {
    auto start = std::chrono::steady_clock::now();
    IndexStats stats;
    // What is pending now is covered by the rebuild; what arrives meanwhile stays pending.
    COBUY_ASSIGN_OR_RETURN(auto pending, store.SearchPending(std::numeric_limits<int>::max()));
    COBUY_ASSIGN_OR_RETURN(RegisterCounts counts, store.Counts());
    const std::string fresh = path_ + ".new";
    std::error_code ec;
    fs::remove_all(fresh, ec);
    try {
      ::setenv("XAPIAN_FLUSH_THRESHOLD", "20000", 0);
      Xapian::WritableDatabase out(fresh, Xapian::DB_CREATE_OR_OVERWRITE);

      // A producer thread reads the store and builds documents; this thread writes them.
      struct Batch {
        std::vector<Xapian::Document> docs;
        bool last = false;
        Status error = Status::Ok();
      };
      std::mutex mu;
      std::condition_variable cv;
      std::deque<Batch> queue;
      bool stop = false;
      std::thread producer([&] {
        Analyzer analyzer(&cpv_);
        std::string after;
        while (true) {
          Batch batch;
          auto sources = store.SearchSources(after, 2000);
          if (!sources.ok()) {
            batch.error = sources.status();
            batch.last = true;
          } else if (sources->empty()) {
            batch.last = true;
          } else {
            after = sources->back().ocid;
            for (const SearchSource& s : *sources) batch.docs.push_back(BuildDocument(s, analyzer));
          }
          bool last = batch.last;
          std::unique_lock<std::mutex> lock(mu);
          cv.wait(lock, [&] { return queue.size() < 3 || stop; });
          if (stop) return;
          queue.push_back(std::move(batch));
          cv.notify_all();
          if (last) return;
        }
      });
      Status failed = Status::Ok();
      try {
        while (true) {
          Batch batch;
          {
            std::unique_lock<std::mutex> lock(mu);
            cv.wait(lock, [&] { return !queue.empty(); });
            batch = std::move(queue.front());
            queue.pop_front();
            cv.notify_all();
          }
          for (Xapian::Document& d : batch.docs) out.add_document(d);
          stats.indexed += static_cast<std::int64_t>(batch.docs.size());
          if (on_progress) on_progress({stats.indexed, counts.processes});
          if (!batch.error.ok()) failed = batch.error;
          if (batch.last) break;
        }
        out.commit();
      } catch (...) {
        {
          std::lock_guard<std::mutex> lock(mu);
          stop = true;
        }
        cv.notify_all();
        producer.join();
        throw;
      }
      producer.join();
      if (!failed.ok()) return failed;
      out.close();
      // Swap the fresh index in; the writer's handle (and its lock) goes with the old one.
      db_.reset();
      if (fs::exists(path_, ec)) {
        fs::remove_all(path_ + ".old", ec);
        fs::rename(path_, path_ + ".old", ec);
        if (ec) return Internal(fmt::format("cannot move {} aside: {}", path_, ec.message()));
      }
      fs::rename(fresh, path_, ec);
      if (ec) return Internal(fmt::format("cannot move {} into place: {}", fresh, ec.message()));
      fs::remove_all(path_ + ".old", ec);
    } catch (const Xapian::Error& e) {
      return Internal(fmt::format("rebuilding the search index failed: {}", e.get_description()));
    }
    COBUY_RETURN_IF_ERROR(OpenDb());
    COBUY_RETURN_IF_ERROR(store.ClearSearchPending(pending));
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return stats;
  }

 private:
  // Alerts each saved search's owner about the processes among `ocids` it matches and has
  // not alerted about; returns how many notifications were sent.
  Result<std::int64_t> Alert(RegisterStore& store, const Clock& clock, const std::vector<SavedSearch>& searches,
                             const std::vector<std::string>& ocids) {
    if (searches.empty() || ocids.empty()) return std::int64_t{0};
    std::int64_t sent = 0;
    UnixSeconds now = clock.Now();
    std::string today = FormatDay(now);
    for (const SavedSearch& s : searches) {
      auto params = ParamsFromJson(s.params);
      if (!params.ok()) continue;  // validated when saved; an old format is not worth failing ingest
      auto q = ParseSearchParams(*params, today);
      if (!q.ok()) continue;
      q->only_ocids = ocids;
      q->offset = 0;
      q->limit = 100;
      q->facets = false;
      q->sort = SortKey::kDate;
      SearchResult r = Execute(*db_, analyzer_, *q, {});
      if (r.hits.empty()) continue;
      std::vector<std::string> hit_ocids;
      for (const SearchHit& h : r.hits) hit_ocids.push_back(h.ocid);
      COBUY_ASSIGN_OR_RETURN(auto fresh, store.UnalertedHits(s.id, hit_ocids));
      if (fresh.empty()) continue;
      Notification n;
      n.kind = "saved_search";
      n.created_at = now;
      const AlertText& text = AlertTextFor(s.owner_language);
      n.title = fmt::format(fmt::runtime(fresh.size() == 1 ? text.one : text.many), fresh.size(), s.name);
      std::string list;
      int shown = 0;
      for (const SearchHit& h : r.hits) {
        if (std::find(fresh.begin(), fresh.end(), h.ocid) == fresh.end()) continue;
        if (shown++ == 5) break;
        list += fmt::format("- {} ({}, {})\n", h.title.empty() ? h.ocid : h.title, h.buyer, h.ocid);
      }
      n.body = list;
      n.link = "/contracts?" + ParamsToQueryString(*params);
      std::string mail = fmt::format(fmt::runtime(text.mail), s.name, list, n.link);
      COBUY_RETURN_IF_ERROR(store.RecordAlert(s, fresh, n, "Cobuy: " + n.title, mail));
      ++sent;
    }
    return sent;
  }

  std::string path_;
  const CpvLabels& cpv_;
  Analyzer analyzer_;
  std::optional<Xapian::WritableDatabase> db_;
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::~IndexWriter() = default;

Result<std::unique_ptr<IndexWriter>> IndexWriter::Open(const std::string& path, const CpvLabels& cpv) {
  auto impl = std::make_unique<Impl>(path, cpv);
  COBUY_RETURN_IF_ERROR(impl->OpenDb());
  return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(impl)));
}

Result<IndexStats> IndexWriter::Update(RegisterStore& store, const Clock& clock) { return impl_->Update(store, clock); }

Result<IndexStats> IndexWriter::Rebuild(RegisterStore& store, const std::function<void(const IndexProgress&)>& on_progress) {
  return impl_->Rebuild(store, on_progress);
}

}  // namespace cobuy::search
