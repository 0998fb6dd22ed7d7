#include "refdata/loader.h"

#include <fmt/format.h>
#include <sodium.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/clock.h"
#include "core/text.h"
#include "refdata/csv.h"

namespace cobuy {
namespace {

constexpr std::string_view kCountriesFile = "countries/countries.csv";
constexpr std::string_view kCpvFile = "cpv/cpv_2008_main.csv";
constexpr std::string_view kCpvStructureFile = "cpv/cpv_2008_main_structure.csv";
constexpr std::string_view kNutsFile = "nuts/nuts_2024.csv";
constexpr std::string_view kCurrenciesFile = "currencies/iso4217_currencies.csv";
constexpr std::string_view kFxFile = "fx/ecb_eurofxref_hist.csv";

// BLAKE2b-256 over the files read, each framed by its name and size so that moving bytes
// from one file to the next changes the digest.
class Checksum {
 public:
  Checksum() { crypto_generichash_init(&state_, nullptr, 0, crypto_generichash_BYTES); }

  void Add(std::string_view name, std::string_view bytes) {
    Update(name);
    Update(std::string_view("\0", 1));
    unsigned char size[8];
    uint64_t n = bytes.size();
    for (unsigned char& b : size) {
      b = static_cast<unsigned char>(n & 0xff);
      n >>= 8;
    }
    crypto_generichash_update(&state_, size, sizeof size);
    Update(bytes);
  }

  std::string Hex() {
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash_final(&state_, digest, sizeof digest);
    char hex[2 * crypto_generichash_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
  }

 private:
  void Update(std::string_view bytes) {
    crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  }
  crypto_generichash_state state_;
};

bool AllOf(std::string_view s, size_t length, bool (*pred)(char)) {
  if (s.size() != length) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}
bool IsUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool IsUpperOrDigit(char c) {
  return IsUpper(c) || IsAsciiDigit(c);
}

bool IsCpvCode(std::string_view s) {
  return s.size() == 10 && AllOf(s.substr(0, 8), 8, IsAsciiDigit) && s[8] == '-' && IsAsciiDigit(s[9]);
}

template <typename T>
bool ParseNumber(std::string_view s, T* out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

// Field access and value errors for one row: messages read
// "file:line: column name: expected ..., got '...'".
class RowView {
 public:
  RowView(const CsvReader& reader, const CsvRow& row) : reader_(reader), row_(row) {}

  const std::string& operator[](size_t column) const { return row_.fields[column]; }

  Status Expected(size_t column, std::string_view what) const {
    const std::string& name = reader_.header()[column];
    return reader_.Error(row_.line, fmt::format("column {}: expected {}, got '{}'", name, what, row_.fields[column]),
                         name);
  }
  Status Error(std::string_view message) const { return reader_.Error(row_.line, message); }

  Status Flag(size_t column, bool* out) const {
    const std::string& v = row_.fields[column];
    if (v != "0" && v != "1") return Expected(column, "0 or 1");
    *out = v == "1";
    return Status::Ok();
  }
  Status NonEmpty(size_t column, std::string* out) const {
    if (row_.fields[column].empty()) return Expected(column, "a value");
    *out = row_.fields[column];
    return Status::Ok();
  }

 private:
  const CsvReader& reader_;
  const CsvRow& row_;
};

Result<CsvReader> OpenCsv(const std::filesystem::path& ref_dir, std::string_view file, Checksum& checksum) {
  COBUY_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(ref_dir / file, std::string(file)));
  checksum.Add(file, reader.text());
  return reader;
}

// Header columns named `prefix` + language, as (column index, lower-case language).
std::vector<std::pair<size_t, std::string>> LanguageColumns(const CsvReader& reader, std::string_view prefix) {
  std::vector<std::pair<size_t, std::string>> columns;
  const auto& header = reader.header();
  for (size_t i = 0; i < header.size(); ++i) {
    std::string_view name = header[i];
    if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) continue;
    std::string lang(name.substr(prefix.size()));
    for (char& c : lang) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    columns.emplace_back(i, std::move(lang));
  }
  return columns;
}

Status LoadCountries(const std::filesystem::path& ref_dir, Checksum& checksum, std::vector<Country>& out) {
  COBUY_ASSIGN_OR_RETURN(CsvReader reader, OpenCsv(ref_dir, kCountriesFile, checksum));
  COBUY_ASSIGN_OR_RETURN(std::vector<size_t> c,
                         reader.Columns({"alpha2", "alpha3", "flag_emoji", "name_en", "eu_member", "eea_member",
                                         "efta_member", "nuts_country_code", "currencies"}));
  const auto names = LanguageColumns(reader, "eu_label_");
  std::unordered_map<std::string, size_t> seen;  // alpha2 -> line
  CsvRow row;
  while (true) {
    COBUY_ASSIGN_OR_RETURN(bool more, reader.Next(row));
    if (!more) break;
    RowView r(reader, row);
    Country country;
    if (!AllOf(r[c[0]], 2, IsUpper)) return r.Expected(c[0], "two capital letters");
    country.code = r[c[0]];
    if (!AllOf(r[c[1]], 3, IsUpper)) return r.Expected(c[1], "three capital letters");
    country.alpha3 = r[c[1]];
    COBUY_RETURN_IF_ERROR(r.NonEmpty(c[2], &country.flag));
    COBUY_RETURN_IF_ERROR(r.NonEmpty(c[3], &country.name_en));
    COBUY_RETURN_IF_ERROR(r.Flag(c[4], &country.eu));
    COBUY_RETURN_IF_ERROR(r.Flag(c[5], &country.eea));
    COBUY_RETURN_IF_ERROR(r.Flag(c[6], &country.efta));
    if (!r[c[7]].empty() && !AllOf(r[c[7]], 2, IsUpper)) {
      return r.Expected(c[7], "two capital letters or nothing");
    }
    country.nuts_code = r[c[7]];
    std::string_view currencies = r[c[8]];
    while (!currencies.empty()) {
      size_t bar = currencies.find('|');
      std::string_view code = currencies.substr(0, bar);
      if (!AllOf(code, 3, IsUpper)) return r.Expected(c[8], "ISO 4217 codes separated by '|'");
      country.currencies.emplace_back(code);
      currencies = bar == std::string_view::npos ? std::string_view() : currencies.substr(bar + 1);
    }
    for (const auto& [column, lang] : names) {
      if (!r[column].empty()) country.names.emplace(lang, r[column]);
    }
    auto [it, inserted] = seen.emplace(country.code, row.line);
    if (!inserted) {
      return r.Error(fmt::format("duplicate country {} (first at line {})", country.code, it->second));
    }
    out.push_back(std::move(country));
  }
  return Status::Ok();
}

struct LevelName {
  std::string_view name;
  CpvLevel level;
  int significant_digits;
};
constexpr LevelName kLevelNames[] = {
    {"division", CpvLevel::kDivision, 2},
    {"group", CpvLevel::kGroup, 3},
    {"class", CpvLevel::kClass, 4},
    {"category", CpvLevel::kCategory, 5},
    {"subcategory_1", CpvLevel::kSubcategory, 6},
    {"subcategory_2", CpvLevel::kSubcategory, 7},
    {"subcategory_3", CpvLevel::kSubcategory, 8},
};

Status LoadCpv(const std::filesystem::path& ref_dir, Checksum& checksum, std::vector<CpvCode>& out) {
  std::unordered_map<std::string_view, size_t> index;  // code -> position in `out`
  std::vector<size_t> lines;                           // line of each code in the main file
  {
    COBUY_ASSIGN_OR_RETURN(CsvReader reader, OpenCsv(ref_dir, kCpvFile, checksum));
    COBUY_ASSIGN_OR_RETURN(size_t c_code, reader.Column("code"));
    COBUY_RETURN_IF_ERROR(reader.Column("label_en").status());
    const auto labels = LanguageColumns(reader, "label_");
    out.reserve(10000);
    CsvRow row;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool more, reader.Next(row));
      if (!more) break;
      RowView r(reader, row);
      if (!IsCpvCode(r[c_code])) return r.Expected(c_code, "a CPV code like 03000000-1");
      CpvCode code;
      code.code = r[c_code];
      code.code8 = code.code.substr(0, 8);
      for (const auto& [column, lang] : labels) {
        if (!r[column].empty()) code.labels.emplace(lang, r[column]);
      }
      out.push_back(std::move(code));
      lines.push_back(row.line);
    }
  }
  // Keys point into `out`, which no longer grows.
  for (size_t i = 0; i < out.size(); ++i) {
    auto [it, inserted] = index.emplace(out[i].code, i);
    if (!inserted) {
      return InvalidArgument(fmt::format("{}:{}: duplicate code {} (first at line {})", kCpvFile, lines[i], out[i].code,
                                         lines[it->second]));
    }
  }

  COBUY_ASSIGN_OR_RETURN(CsvReader reader, OpenCsv(ref_dir, kCpvStructureFile, checksum));
  COBUY_ASSIGN_OR_RETURN(std::vector<size_t> c,
                         reader.Columns({"code", "code8", "significant_digits", "level_name", "parent_code"}));
  std::vector<size_t> structure_line(out.size(), 0);
  CsvRow row;
  while (true) {
    COBUY_ASSIGN_OR_RETURN(bool more, reader.Next(row));
    if (!more) break;
    RowView r(reader, row);
    auto it = index.find(r[c[0]]);
    if (it == index.end()) {
      return r.Error(fmt::format("code '{}' is not in {}", r[c[0]], kCpvFile));
    }
    const size_t i = it->second;
    if (structure_line[i] != 0) {
      return r.Error(fmt::format("duplicate code {} (first at line {})", r[c[0]], structure_line[i]));
    }
    structure_line[i] = row.line;
    CpvCode& code = out[i];
    if (r[c[1]] != code.code8) return r.Expected(c[1], code.code8);
    int digits = 0;
    if (!ParseNumber(r[c[2]], &digits) || digits < 2 || digits > 8 ||
        code.code8.find_first_not_of('0', static_cast<size_t>(digits)) != std::string::npos) {
      return r.Expected(c[2], fmt::format("the number of significant digits of {}", code.code8));
    }
    code.significant_digits = digits;
    const LevelName* level = nullptr;
    for (const LevelName& l : kLevelNames) {
      if (l.name == r[c[3]]) level = &l;
    }
    if (level == nullptr || level->significant_digits != digits) {
      return r.Expected(c[3], fmt::format("the level name for {} significant digits", digits));
    }
    code.level = level->level;
    code.parent = r[c[4]];
  }
  for (size_t i = 0; i < out.size(); ++i) {
    CpvCode& code = out[i];
    if (structure_line[i] == 0) {
      return InvalidArgument(
          fmt::format("{}:{}: code {} has no row in {}", kCpvFile, lines[i], code.code, kCpvStructureFile));
    }
    // The parent is the nearest existing ancestor: fewer significant digits, same prefix.
    const std::string where = fmt::format("{}:{}: column parent_code", kCpvStructureFile, structure_line[i]);
    if (code.level == CpvLevel::kDivision) {
      if (!code.parent.empty()) {
        return InvalidArgument(fmt::format("{}: expected nothing for a division, got '{}'", where, code.parent),
                               "parent_code");
      }
      continue;
    }
    auto parent = index.find(code.parent);
    if (parent == index.end()) {
      return InvalidArgument(fmt::format("{}: parent '{}' of {} is not a known code", where, code.parent, code.code),
                             "parent_code");
    }
    const CpvCode& p = out[parent->second];
    const auto pd = static_cast<size_t>(p.significant_digits);
    if (p.significant_digits >= code.significant_digits || p.code8.compare(0, pd, code.code8, 0, pd) != 0) {
      return InvalidArgument(fmt::format("{}: {} is not an ancestor of {}", where, p.code, code.code), "parent_code");
    }
  }
  return Status::Ok();
}

Status LoadNuts(const std::filesystem::path& ref_dir, Checksum& checksum, std::vector<NutsRegion>& out) {
  COBUY_ASSIGN_OR_RETURN(CsvReader reader, OpenCsv(ref_dir, kNutsFile, checksum));
  COBUY_ASSIGN_OR_RETURN(std::vector<size_t> c,
                         reader.Columns({"code", "country_code", "level", "parent_code", "name", "name_latin"}));
  std::unordered_map<std::string, size_t> index;  // code -> position in `out`
  std::vector<size_t> lines;
  CsvRow row;
  while (true) {
    COBUY_ASSIGN_OR_RETURN(bool more, reader.Next(row));
    if (!more) break;
    RowView r(reader, row);
    NutsRegion region;
    if (!AllOf(r[c[1]], 2, IsUpper)) return r.Expected(c[1], "two capital letters");
    region.country_code = r[c[1]];
    if (!ParseNumber(r[c[2]], &region.level) || region.level < 0 || region.level > 3) {
      return r.Expected(c[2], "0, 1, 2 or 3");
    }
    const auto length = static_cast<size_t>(2 + region.level);
    if (!AllOf(r[c[0]], length, IsUpperOrDigit) || r[c[0]].compare(0, 2, region.country_code) != 0) {
      return r.Expected(c[0], fmt::format("a level {} code of {}", region.level, region.country_code));
    }
    region.code = r[c[0]];
    const std::string_view expected_parent = std::string_view(region.code).substr(0, length - 1);
    if (region.level > 0 && r[c[3]] != expected_parent) return r.Expected(c[3], expected_parent);
    if (region.level == 0 && !r[c[3]].empty()) return r.Expected(c[3], "nothing at level 0");
    region.parent = r[c[3]];
    COBUY_RETURN_IF_ERROR(r.NonEmpty(c[4], &region.name));
    region.name_latin = r[c[5]];
    auto [it, inserted] = index.emplace(region.code, out.size());
    if (!inserted) {
      return r.Error(fmt::format("duplicate region {} (first at line {})", region.code, lines[it->second]));
    }
    out.push_back(std::move(region));
    lines.push_back(row.line);
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (!out[i].parent.empty() && index.count(out[i].parent) == 0) {
      return InvalidArgument(fmt::format("{}:{}: column parent_code: parent '{}' of {} is not a known region",
                                         kNutsFile, lines[i], out[i].parent, out[i].code),
                             "parent_code");
    }
  }
  return Status::Ok();
}

Status LoadCurrencies(const std::filesystem::path& ref_dir, Checksum& checksum, std::vector<Currency>& out) {
  COBUY_ASSIGN_OR_RETURN(CsvReader reader, OpenCsv(ref_dir, kCurrenciesFile, checksum));
  COBUY_ASSIGN_OR_RETURN(std::vector<size_t> c, reader.Columns({"code", "numeric", "minor_units", "name"}));
  std::unordered_map<std::string, size_t> seen;  // code -> line
  CsvRow row;
  while (true) {
    COBUY_ASSIGN_OR_RETURN(bool more, reader.Next(row));
    if (!more) break;
    RowView r(reader, row);
    Currency currency;
    if (!AllOf(r[c[0]], 3, IsUpper)) return r.Expected(c[0], "three capital letters");
    currency.code = r[c[0]];
    if (!AllOf(r[c[1]], 3, IsAsciiDigit)) return r.Expected(c[1], "three digits");
    currency.numeric = r[c[1]];
    if (r[c[2]] == "N.A.") {
      currency.minor_units = 0;
    } else if (!ParseNumber(r[c[2]], &currency.minor_units) || currency.minor_units < 0 || currency.minor_units > 9) {
      return r.Expected(c[2], "a digit or N.A.");
    }
    COBUY_RETURN_IF_ERROR(r.NonEmpty(c[3], &currency.name));
    auto [it, inserted] = seen.emplace(currency.code, row.line);
    if (!inserted) {
      return r.Error(fmt::format("duplicate currency {} (first at line {})", currency.code, it->second));
    }
    out.push_back(std::move(currency));
  }
  return Status::Ok();
}

Status LoadFxRates(const std::filesystem::path& ref_dir, Checksum& checksum, std::vector<FxRate>& out) {
  COBUY_ASSIGN_OR_RETURN(CsvReader reader, OpenCsv(ref_dir, kFxFile, checksum));
  COBUY_ASSIGN_OR_RETURN(size_t c_date, reader.Column("Date"));
  const auto& header = reader.header();
  for (size_t i = 0; i < header.size(); ++i) {
    if (i != c_date && !header[i].empty() && !AllOf(header[i], 3, IsUpper)) {
      return reader.Error(reader.header_line(),
                          fmt::format("column {}: expected a currency code, got '{}'", i + 1, header[i]));
    }
  }
  std::unordered_set<std::string> dates;
  CsvRow row;
  while (true) {
    COBUY_ASSIGN_OR_RETURN(bool more, reader.Next(row));
    if (!more) break;
    RowView r(reader, row);
    const std::string& date = r[c_date];
    if (!IsDay(date)) return r.Expected(c_date, "a date like 2026-04-13");
    if (!dates.insert(date).second) return r.Error(fmt::format("duplicate date {}", date));
    for (size_t i = 0; i < header.size(); ++i) {
      if (i == c_date) continue;
      const std::string& cell = r[i];
      if (header[i].empty()) {  // the ECB file ends every line with a comma
        if (!cell.empty()) {
          return r.Error(fmt::format("column {}: has no name, expected nothing, got '{}'", i + 1, cell));
        }
        continue;
      }
      if (cell.empty() || cell == "N/A") continue;
      FxRate rate;
      if (!ParseNumber(cell, &rate.rate) || !std::isfinite(rate.rate) || rate.rate <= 0) {
        return r.Expected(i, "a positive number or N/A");
      }
      rate.date = date;
      rate.currency = header[i];
      out.push_back(std::move(rate));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<ReferenceData> LoadReferenceData(const std::filesystem::path& ref_dir) {
  if (sodium_init() < 0) return Internal("libsodium failed to initialise");
  ReferenceData data;
  Checksum checksum;
  COBUY_RETURN_IF_ERROR(LoadCountries(ref_dir, checksum, data.countries));
  COBUY_RETURN_IF_ERROR(LoadCpv(ref_dir, checksum, data.cpv));
  COBUY_RETURN_IF_ERROR(LoadNuts(ref_dir, checksum, data.nuts));
  COBUY_RETURN_IF_ERROR(LoadCurrencies(ref_dir, checksum, data.currencies));
  COBUY_RETURN_IF_ERROR(LoadFxRates(ref_dir, checksum, data.fx_rates));
  data.checksum = checksum.Hex();
  return data;
}

}  // namespace cobuy
