#include "ingest/reference.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "store/store.h"

namespace cobuy::ingest {
namespace {

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::string> IsoDay(std::string_view t) {
  t = Trim(t);
  if (t.size() < 10 || !Digits(t.substr(0, 4)) || t[4] != '-' || !Digits(t.substr(5, 2)) || t[7] != '-' ||
      !Digits(t.substr(8, 2))) {
    return std::nullopt;
  }
  int month = (t[5] - '0') * 10 + (t[6] - '0');
  int day = (t[8] - '0') * 10 + (t[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  std::string_view rest = t.substr(10);
  if (!rest.empty()) {
    if (rest[0] != 'T' && rest[0] != 't' && rest[0] != ' ') return std::nullopt;
    rest.remove_prefix(1);
    // HH:MM, optional :SS, optional fraction, optional zone.
    if (rest.size() < 5 || !Digits(rest.substr(0, 2)) || rest[2] != ':' || !Digits(rest.substr(3, 2))) {
      return std::nullopt;
    }
    rest.remove_prefix(5);
    if (!rest.empty() && rest[0] == ':') {
      if (rest.size() < 3 || !Digits(rest.substr(1, 2))) return std::nullopt;
      rest.remove_prefix(3);
      if (!rest.empty() && rest[0] == '.') {
        size_t n = 1;
        while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
        if (n == 1) return std::nullopt;
        rest.remove_prefix(n);
      }
    }
    if (rest == "Z" || rest == "z") {
      rest = {};
    } else if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
      std::string_view zone = rest.substr(1);
      bool ok = (zone.size() == 5 && Digits(zone.substr(0, 2)) && zone[2] == ':' && Digits(zone.substr(3, 2))) ||
                (zone.size() == 4 && Digits(zone)) || (zone.size() == 2 && Digits(zone));
      if (!ok) return std::nullopt;
      rest = {};
    }
    if (!rest.empty()) return std::nullopt;
  }
  return std::string(t.substr(0, 10));
}

IngestReference::IngestReference(const std::vector<CpvCode>& cpv, const std::vector<Currency>& currencies,
                                 const std::vector<FxRate>& rates, const std::vector<cobuy::Country>& countries) {
  cpv_.reserve(cpv.size());
  for (const CpvCode& c : cpv) cpv_.emplace(c.code8, c.code);
  for (const Currency& c : currencies) currencies_.insert(c.code);
  for (const FxRate& r : rates) rates_[r.currency].emplace_back(r.date, r.rate);
  for (auto& [code, list] : rates_) std::sort(list.begin(), list.end());
  for (const cobuy::Country& c : countries) {
    // Each name as written and folded: most lookups match as written and skip the folding.
    auto add = [&](std::string_view name) {
      if (name.empty()) return;
      countries_.emplace(std::string(name), c.code);
      countries_.emplace(FoldForSearch(name), c.code);
    };
    add(c.code);
    add(c.alpha3);
    add(c.name_en);
    if (!c.nuts_code.empty()) add(c.nuts_code);
    for (const auto& [lang, name] : c.names) add(name);
  }
}

IngestReference IngestReference::FromLists(const std::vector<CpvCode>& cpv, const std::vector<FxRate>& rates,
                                           const std::vector<cobuy::Country>& countries) {
  // Every currency a country uses or the ECB quotes is known, plus the euro.
  std::vector<Currency> currencies{{"EUR", "978", 2, "Euro"}};
  for (const auto& c : countries) {
    for (const auto& code : c.currencies) currencies.push_back({code, "", 2, ""});
  }
  for (const auto& r : rates) currencies.push_back({r.currency, "", 2, ""});
  return IngestReference(cpv, currencies, rates, countries);
}

IngestReference IngestReference::FromReferenceData(const ReferenceData& data) {
  return FromLists(data.cpv, data.fx_rates, data.countries);
}

Result<IngestReference> IngestReference::Load(Store& store) {
  COBUY_ASSIGN_OR_RETURN(auto cpv, store.ListCpvCodes());
  COBUY_ASSIGN_OR_RETURN(auto rates, store.ListFxRates());
  COBUY_ASSIGN_OR_RETURN(auto countries, store.ListCountries());
  if (cpv.empty()) return FailedPrecondition("the database holds no reference data; run `cobuy db migrate` first");
  return FromLists(cpv, rates, countries);
}

const std::string* IngestReference::Cpv(std::string_view code, bool* check_digit_ok) const {
  code = Trim(code);
  if (check_digit_ok) *check_digit_ok = true;
  std::string_view digits = code.substr(0, 8);
  if (!Digits(digits) || digits.size() != 8) return nullptr;
  std::string_view rest = code.substr(8);
  if (!rest.empty() && !(rest.size() == 2 && rest[0] == '-' && rest[1] >= '0' && rest[1] <= '9')) return nullptr;
  auto it = cpv_.find(std::string(digits));
  if (it == cpv_.end()) return nullptr;
  if (!rest.empty() && check_digit_ok) *check_digit_ok = it->second.back() == rest[1];
  return &it->second;
}

std::optional<double> IngestReference::ToEur(double amount, std::string_view currency, std::string_view day) const {
  if (currency == "EUR") return amount;
  auto it = rates_.find(std::string(currency));
  if (it == rates_.end() || it->second.empty()) return std::nullopt;
  const auto& list = it->second;
  // The last entry whose date is <= day.
  auto pos = std::upper_bound(list.begin(), list.end(), day,
                              [](std::string_view d, const auto& entry) { return d < entry.first; });
  const auto& entry = pos == list.begin() ? list.front() : *(pos - 1);
  if (entry.second <= 0) return std::nullopt;
  return amount / entry.second;
}

std::string IngestReference::Country(std::string_view text) const {
  text = Trim(text);
  if (text.empty()) return {};
  auto it = countries_.find(std::string(text));
  if (it == countries_.end()) it = countries_.find(FoldForSearch(text));
  return it == countries_.end() ? std::string() : it->second;
}

}  // namespace cobuy::ingest
