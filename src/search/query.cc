// The search's parameters: parsing and validation, shared by the API, the CLI and saved searches.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/text.h"
#include "search/search.h"

namespace cobuy::search {
namespace {

Result<int> ParseInt(const std::string& name, const std::string& value, int min, int max) {
  int out = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || end != value.data() + value.size() || out < min || out > max)
    return InvalidArgument(fmt::format("must be a whole number from {} to {}, not '{}'", min, max, value), name);
  return out;
}

Result<double> ParseAmount(const std::string& name, const std::string& value) {
  double out = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(out) || out < 0)
    return InvalidArgument(fmt::format("must be an amount in euro, not '{}'", value), name);
  return out;
}

// A CPV code or prefix as digits: "3414", "34144511-3", "34144511" -> its significant digits.
Result<std::string> CpvPrefix(const std::string& name, std::string_view value) {
  std::string digits;
  for (char c : value) {
    if (c == '-') break;
    if (c < '0' || c > '9') {
      digits.clear();
      break;
    }
    digits += c;
  }
  if (digits.size() == 8) {
    while (digits.size() > 2 && digits.back() == '0') digits.pop_back();
  }
  if (digits.size() < 2 || digits.size() > 8)
    return InvalidArgument(fmt::format("{}must be a CPV code or its first 2 to 8 digits, not '{}'",
                                       name == "q" ? "a cpv: filter " : "", value),
                           name);
  return digits;
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> allowed) {
  for (std::string_view a : allowed)
    if (value == a) return true;
  return false;
}

}  // namespace

Result<SearchQuery> ParseSearchParams(const Params& params, const std::string& today) {
  SearchQuery q;
  q.today = today;
  for (const auto& [name, raw] : params) {
    std::string value(Trim(raw));
    if (value.empty()) continue;
    if (!IsValidUtf8(value)) return InvalidArgument("is not valid UTF-8", name);
    if (value.size() > 1000) return InvalidArgument("is longer than 1000 bytes", name);
    if (name == "q") {
      // `cpv:3414` tokens filter; the rest are words.
      std::string words;
      size_t i = 0;
      while (i < value.size()) {
        size_t end = value.find(' ', i);
        if (end == std::string::npos) end = value.size();
        std::string_view token(value.data() + i, end - i);
        if (token.size() > 4 && AsciiUpper(token.substr(0, 4)) == "CPV:") {
          COBUY_ASSIGN_OR_RETURN(std::string prefix, CpvPrefix("q", token.substr(4)));
          q.cpv_prefixes.push_back(prefix);
        } else if (!token.empty()) {
          if (!words.empty()) words += ' ';
          words += token;
        }
        i = end + 1;
      }
      q.text = words;
    } else if (name == "cpv") {
      COBUY_ASSIGN_OR_RETURN(std::string prefix, CpvPrefix(name, value));
      q.cpv_prefixes.push_back(prefix);
    } else if (name == "country") {
      if (value.size() != 2) return InvalidArgument(fmt::format("must be an ISO 3166 code such as NL, not '{}'", value), name);
      q.country = AsciiUpper(value);
    } else if (name == "nuts") {
      if (value.size() < 2 || value.size() > 5)
        return InvalidArgument(fmt::format("must be a NUTS code such as NL31, not '{}'", value), name);
      q.nuts = AsciiUpper(value);
    } else if (name == "buyer_type") {
      q.buyer_type = value;
    } else if (name == "method") {
      if (!OneOf(value, {"open", "selective", "limited", "direct"}))
        return InvalidArgument(fmt::format("must be open, selective, limited or direct, not '{}'", value), name);
      q.method = value;
    } else if (name == "instrument") {
      if (!OneOf(value, {"framework", "dps", "cpb"}))
        return InvalidArgument(fmt::format("must be framework, dps or cpb, not '{}'", value), name);
      q.instruments.push_back(value);
    } else if (name == "status") {
      q.status = value;
    } else if (name == "year") {
      COBUY_ASSIGN_OR_RETURN(q.year, ParseInt(name, value, 1900, 2200));
    } else if (name == "value_min") {
      COBUY_ASSIGN_OR_RETURN(q.value_min, ParseAmount(name, value));
    } else if (name == "value_max") {
      COBUY_ASSIGN_OR_RETURN(q.value_max, ParseAmount(name, value));
    } else if (name == "tender_from" || name == "tender_to" || name == "award_from" || name == "award_to" ||
               name == "end_from" || name == "end_to") {
      if (!IsDay(value)) return InvalidArgument(fmt::format("must be a date YYYY-MM-DD, not '{}'", value), name);
      std::string* field = name == "tender_from" ? &q.tender_from
                           : name == "tender_to" ? &q.tender_to
                           : name == "award_from" ? &q.award_from
                           : name == "award_to"   ? &q.award_to
                           : name == "end_from"   ? &q.end_from
                                                  : &q.end_to;
      *field = value;
    } else if (name == "ends_within") {
      COBUY_ASSIGN_OR_RETURN(q.ends_within_months, ParseInt(name, value, 1, 600));
    } else if (name == "buyer") {
      q.buyer = value;
    } else if (name == "supplier") {
      q.supplier = value;
    } else if (name == "unit_prices") {
      if (!OneOf(value, {"1", "true", "0", "false"}))
        return InvalidArgument(fmt::format("must be 1 or 0, not '{}'", value), name);
      q.unit_prices = value == "1" || value == "true";
    } else if (name == "sort") {
      if (value == "relevance") q.sort = SortKey::kRelevance;
      else if (value == "value") q.sort = SortKey::kValue;
      else if (value == "date") q.sort = SortKey::kDate;
      else if (value == "end") q.sort = SortKey::kEnd;
      else return InvalidArgument(fmt::format("must be relevance, value, date or end, not '{}'", value), name);
    } else if (name == "order") {
      if (!OneOf(value, {"asc", "desc"})) return InvalidArgument(fmt::format("must be asc or desc, not '{}'", value), name);
      q.ascending = value == "asc";
    } else if (name == "offset") {
      COBUY_ASSIGN_OR_RETURN(q.offset, ParseInt(name, value, 0, 100000));
    } else if (name == "limit") {
      COBUY_ASSIGN_OR_RETURN(q.limit, ParseInt(name, value, 1, 100));
    }
    // Other parameters (lang, format, ...) belong to the caller.
  }
  if (q.ends_within_months > 0 && !IsDay(q.today)) return Internal("ends_within needs today's date");
  if (q.value_min && q.value_max && *q.value_min > *q.value_max)
    return InvalidArgument("is greater than value_max", "value_min");
  return q;
}

Result<Params> ParamsFromJson(std::string_view json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return InvalidArgument("must be a JSON object", "params");
  Params out;
  auto add = [&out](const std::string& key, const nlohmann::json& v) -> Status {
    if (v.is_string()) out.emplace(key, v.get<std::string>());
    else if (v.is_number_integer()) out.emplace(key, std::to_string(v.get<std::int64_t>()));
    else if (v.is_number()) out.emplace(key, fmt::format("{}", v.get<double>()));
    else if (v.is_boolean()) out.emplace(key, v.get<bool>() ? "1" : "0");
    else if (!v.is_null())
      return InvalidArgument("must be a string, a number or a boolean", "params." + key);
    return Status::Ok();
  };
  for (const auto& [key, v] : j.items()) {
    if (v.is_array()) {
      for (const auto& e : v) COBUY_RETURN_IF_ERROR(add(key, e));
    } else {
      COBUY_RETURN_IF_ERROR(add(key, v));
    }
  }
  return out;
}

std::string ParamsToQueryString(const Params& params) {
  auto encode = [](std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
          c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        out += fmt::format("%{:02X}", c);
      }
    }
    return out;
  };
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += encode(k) + "=" + encode(v);
  }
  return out;
}

}  // namespace cobuy::search
