// Units: UN/CEFACT Recommendation 20 codes (and common English names) to a common unit.
#include <algorithm>
#include <array>
#include <cctype>

#include "market/analysis.h"

namespace cobuy::market {
namespace {

struct UnitRow {
  const char* id;
  const char* common;
  const char* common_name;
  double size;
  std::array<const char*, 3> names;
};

constexpr UnitRow kUnits[] = {
    {"KGM", "KGM", "kilogram", 1, {"kilogram", "kg", "kilo"}},
    {"GRM", "KGM", "kilogram", 0.001, {"gram", "g", nullptr}},
    {"TNE", "KGM", "kilogram", 1000, {"tonne", "ton", "t"}},
    {"LTR", "LTR", "litre", 1, {"litre", "liter", "l"}},
    {"MLT", "LTR", "litre", 0.001, {"millilitre", "milliliter", "ml"}},
    {"MTQ", "LTR", "litre", 1000, {"cubic metre", "cubic meter", "m3"}},
    {"MTR", "MTR", "metre", 1, {"metre", "meter", "m"}},
    {"CMT", "MTR", "metre", 0.01, {"centimetre", "centimeter", "cm"}},
    {"KMT", "MTR", "metre", 1000, {"kilometre", "kilometer", "km"}},
    {"MTK", "MTK", "square metre", 1, {"square metre", "square meter", "m2"}},
    {"HAR", "MTK", "square metre", 10000, {"hectare", "ha", nullptr}},
    {"KWH", "KWH", "kilowatt hour", 1, {"kilowatt hour", "kwh", nullptr}},
    {"MWH", "KWH", "kilowatt hour", 1000, {"megawatt hour", "mwh", nullptr}},
    {"HUR", "HUR", "hour", 1, {"hour", "hours", "h"}},
    {"MIN", "HUR", "hour", 1.0 / 60, {"minute", "minutes", "min"}},
    {"DAY", "DAY", "day", 1, {"day", "days", nullptr}},
    {"MON", "MON", "month", 1, {"month", "months", nullptr}},
    {"ANN", "MON", "month", 12, {"year", "years", "annum"}},
    {"H87", "H87", "piece", 1, {"piece", "pieces", "unit"}},
    {"C62", "H87", "piece", 1, {"one", "each", "units"}},
    {"EA", "H87", "piece", 1, {"ea", "item", "items"}},
    {"PCE", "H87", "piece", 1, {"pce", "pc", "pcs"}},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  // Trim.
  size_t a = out.find_first_not_of(' ');
  size_t b = out.find_last_not_of(' ');
  return a == std::string::npos ? std::string() : out.substr(a, b - a + 1);
}

}  // namespace

std::optional<CommonUnit> NormaliseUnit(std::string_view unit_id, std::string_view unit_name) {
  std::string id = Lower(unit_id);
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::toupper(c); });
  std::string name = Lower(unit_name);
  for (const UnitRow& r : kUnits) {
    bool match = !id.empty() ? id == r.id : false;
    if (!match && id.empty()) {
      for (const char* n : r.names) match = match || (n != nullptr && name == n);
    }
    if (match) return CommonUnit{r.common, r.common_name, r.size};
  }
  if (!id.empty()) return CommonUnit{id, name.empty() ? id : name, 1};
  if (!name.empty()) return CommonUnit{name, name, 1};
  return std::nullopt;
}

std::uint32_t CpvDigits(std::string_view cpv) {
  if (cpv.size() < 8) return 0;
  std::uint32_t v = 0;
  for (size_t i = 0; i < 8; ++i) {
    if (cpv[i] < '0' || cpv[i] > '9') return 0;
    v = v * 10 + static_cast<std::uint32_t>(cpv[i] - '0');
  }
  return v;
}

std::uint32_t ClassOf(std::uint32_t cpv8, int digits) {
  std::uint32_t div = 1;
  for (int i = digits; i < 8; ++i) div *= 10;
  return cpv8 / div;
}

std::string ClassCode(std::uint32_t cls, int digits) {
  std::string s = std::to_string(cls);
  while (static_cast<int>(s.size()) < digits) s.insert(s.begin(), '0');
  return s + std::string(static_cast<size_t>(8 - digits), '0');
}

}  // namespace cobuy::market
