// What ingest needs from the reference data, in lookup form: CPV codes by their 8 digits,
// ISO 4217 currencies, ECB euro rates by currency and date, and countries by any of their
// names or codes.
//
// Thread-safety: immutable after construction; safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/reference.h"
#include "core/status.h"

namespace cobuy {
class Store;
}

namespace cobuy::ingest {

// "YYYY-MM-DD" when `text` is an ISO 8601 date or date-time as OCDS publishes them
// ("2016-06-02", "2016-06-02T10:00:00Z", "2016-06-02T10:00:00.000+03:00", a space instead
// of the "T"); nullopt otherwise. The date is the one written (no time-zone shift).
std::optional<std::string> IsoDay(std::string_view text);

class IngestReference {
 public:
  IngestReference(const std::vector<CpvCode>& cpv, const std::vector<Currency>& currencies,
                  const std::vector<FxRate>& rates, const std::vector<Country>& countries);
  // Reads everything from the store's reference data.
  static Result<IngestReference> Load(Store& store);
  // The same from reference data already in memory (as `cobuy db migrate` loads it).
  static IngestReference FromReferenceData(const ReferenceData& data);

  // The CPV code "34144511-3" for "34144511-3", "34144511" or " 34144511 "; nullptr when
  // the code is unknown or malformed. A wrong check digit is accepted (the 8 digits
  // decide) and reported through `check_digit_ok`.
  const std::string* Cpv(std::string_view code, bool* check_digit_ok = nullptr) const;

  bool KnownCurrency(std::string_view code) const { return currencies_.contains(std::string(code)); }
  // `amount` in `currency` converted to euro at the ECB rate of `day` ("YYYY-MM-DD"): the
  // rate of that day, else of the latest day before it, else the earliest rate there is.
  // nullopt when the ECB publishes no rate for the currency. EUR converts to itself.
  std::optional<double> ToEur(double amount, std::string_view currency, std::string_view day) const;

  // ISO 3166-1 alpha-2 of a country written as a code ("NL", "NLD") or a name in any EU
  // language or English ("Netherlands", "Nederland", "Pays-Bas"), case and accents
  // ignored; empty when unknown.
  std::string Country(std::string_view text) const;

 private:
  static IngestReference FromLists(const std::vector<CpvCode>& cpv, const std::vector<FxRate>& rates,
                                   const std::vector<cobuy::Country>& countries);

  std::unordered_map<std::string, std::string> cpv_;  // 8 digits -> code with check digit
  std::unordered_set<std::string> currencies_;
  std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> rates_;  // by date
  std::unordered_map<std::string, std::string> countries_;  // name or code, as written and folded -> alpha-2
};

}  // namespace cobuy::ingest
