#include "http/json_body.h"

#include <cmath>

#include <fmt/format.h>

#include "core/text.h"

namespace cobuy::http {
namespace {
constexpr std::string_view kMalformedPrefix = "the body is not valid JSON";

// The byte offset at which the nesting of arrays and objects first exceeds max_depth, outside
// strings; npos when it never does. Read before parsing, so a body of 100,000 nested arrays is
// refused without building (and later recursing through) a value that deep.
size_t DepthExceededAt(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}
}  // namespace

std::string_view JsonTypeName(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

bool IsMalformedJson(const Status& status) {
  return status.code() == StatusCode::kInvalidArgument && status.field().empty() &&
         std::string_view(status.message()).starts_with(kMalformedPrefix);
}

Result<nlohmann::json> ParseJsonObject(const Request& req) {
  if (req.body.empty()) return InvalidArgument(fmt::format("{}: the body is empty", kMalformedPrefix));
  if (!IsValidUtf8(req.body)) return InvalidArgument(fmt::format("{}: it is not UTF-8", kMalformedPrefix));
  if (size_t at = DepthExceededAt(req.body, kMaxJsonDepth); at != std::string_view::npos) {
    return InvalidArgument(
        fmt::format("{}: nested deeper than {} levels at byte {}", kMalformedPrefix, kMaxJsonDepth, at + 1));
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    return InvalidArgument(fmt::format("{}: syntax error at byte {}", kMalformedPrefix, e.byte));
  } catch (const nlohmann::json::out_of_range&) {
    // A number beyond double's range (1e400).
    return InvalidArgument(fmt::format("{}: a number is out of range", kMalformedPrefix));
  }
  if (!j.is_object()) return InvalidArgument(fmt::format("must be a JSON object, not {}", JsonTypeName(j)), "body");
  return j;
}

const nlohmann::json* JsonFields::Raw(std::string_view name) const {
  auto it = obj_.find(name);
  return it == obj_.end() ? nullptr : &*it;
}

void JsonFields::Fail(std::string_view name, std::string detail) {
  if (status_.ok()) status_ = InvalidArgument(std::move(detail), FieldName(name));
}

std::optional<std::string> JsonFields::String(std::string_view name, bool required, size_t max_bytes) {
  if (!status_.ok()) return std::nullopt;
  const nlohmann::json* v = Raw(name);
  if (!v || v->is_null()) {
    if (required) Fail(name, "is required");
    return std::nullopt;
  }
  if (!v->is_string()) {
    Fail(name, fmt::format("must be a string, not {}", JsonTypeName(*v)));
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    Fail(name, fmt::format("must be at most {} bytes long", max_bytes));
    return std::nullopt;
  }
  // Text people read later: no control characters (line breaks and tabs are text) and no
  // bidirectional overrides, which make a name or title display otherwise than it reads.
  if (auto bad = FindUnsafeCharacter(s, /*allow_breaks=*/true)) {
    Fail(name, fmt::format("must not contain control characters or bidirectional overrides ({} at byte {})",
                           CodePointName(bad->code), bad->offset));
    return std::nullopt;
  }
  return s;
}

std::optional<double> JsonFields::Number(std::string_view name, bool required) {
  if (!status_.ok()) return std::nullopt;
  const nlohmann::json* v = Raw(name);
  if (!v || v->is_null()) {
    if (required) Fail(name, "is required");
    return std::nullopt;
  }
  if (!v->is_number()) {
    Fail(name, fmt::format("must be a number, not {}", JsonTypeName(*v)));
    return std::nullopt;
  }
  double d = v->get<double>();
  if (!std::isfinite(d)) {
    Fail(name, "must be a finite number");
    return std::nullopt;
  }
  return d;
}

std::optional<std::int64_t> JsonFields::Integer(std::string_view name, bool required) {
  if (!status_.ok()) return std::nullopt;
  const nlohmann::json* v = Raw(name);
  if (!v || v->is_null()) {
    if (required) Fail(name, "is required");
    return std::nullopt;
  }
  if (!v->is_number_integer() && !v->is_number_unsigned()) {
    Fail(name, fmt::format("must be an integer, not {}", JsonTypeName(*v)));
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    Fail(name, "is too large");
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

Status JsonFields::Finish(std::initializer_list<std::string_view> allowed) {
  if (!status_.ok()) return status_;
  for (auto it = obj_.begin(); it != obj_.end(); ++it) {
    bool known = false;
    for (auto a : allowed) known = known || a == it.key();
    if (!known) return InvalidArgument(fmt::format("unknown field '{}'", it.key()), FieldName(it.key()));
  }
  return Status::Ok();
}

}  // namespace cobuy::http
