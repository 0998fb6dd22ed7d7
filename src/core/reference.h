// Reference data records: countries, CPV 2008, NUTS 2024, currencies, ECB euro rates.
// Plain values; parsed by refdata/, stored by store/, served by http/.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cobuy {

struct Country {
  std::string code;        // ISO 3166-1 alpha-2, "DE"
  std::string alpha3;      // "DEU"
  std::string name_en;     // "Germany"
  std::string flag;        // "🇩🇪"
  bool eu = false;
  bool eea = false;
  bool efta = false;
  std::string nuts_code;   // NUTS country code ("EL" for Greece), empty outside NUTS
  std::vector<std::string> currencies;  // ISO 4217 codes in use
  std::map<std::string, std::string> names;  // language code -> EU name

  // Organisations of this country may join working groups (Big Buyers rule).
  bool eligible() const { return eu || eea || efta; }
};

enum class CpvLevel { kDivision, kGroup, kClass, kCategory, kSubcategory };

struct CpvCode {
  std::string code;         // "30213100-6", with check digit
  std::string code8;        // "30213100"
  int significant_digits = 0;
  CpvLevel level = CpvLevel::kDivision;
  std::string parent;       // parent code with check digit; empty for a division
  std::map<std::string, std::string> labels;  // language code ("en", "de", ...) -> label
};

std::string_view CpvLevelName(CpvLevel level);

struct NutsRegion {
  std::string code;          // "DE212"
  std::string country_code;  // "DE"
  int level = 0;             // 0..3
  std::string parent;        // empty at level 0
  std::string name;          // as published (may be bilingual)
  std::string name_latin;
};

struct Currency {
  std::string code;     // "EUR"
  std::string numeric;  // "978"
  int minor_units = 2;
  std::string name;     // "Euro"
};

// One ECB euro reference rate: 1 EUR = `rate` units of `currency` on `date`.
struct FxRate {
  std::string date;      // "2026-04-13"
  std::string currency;  // "USD"
  double rate = 0;
};

struct ReferenceData {
  std::vector<Country> countries;
  std::vector<CpvCode> cpv;
  std::vector<NutsRegion> nuts;
  std::vector<Currency> currencies;
  std::vector<FxRate> fx_rates;
  // A digest of the source files, so loading the same data again can be skipped.
  std::string checksum;
};

}  // namespace cobuy
