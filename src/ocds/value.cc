#include "ocds/value.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cobuy::ocds {
namespace {

constexpr int kMaxDepth = 512;

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<Value> ParseDocument() {
    SkipSpace();
    Value v;
    if (!ParseValue(&v, 0)) return error_;
    SkipSpace();
    if (pos_ != s_.size()) {
      Fail("unexpected text after the JSON value");
      return error_;
    }
    return v;
  }

 private:
  void Fail(std::string_view what) {
    error_ = InvalidArgument(fmt::format("invalid JSON at byte {}: {}", pos_, what));
  }

  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) {
      ++pos_;
    }
  }

  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) {
      Fail("unexpected character");
      return false;
    }
    pos_ += word.size();
    return true;
  }

  bool ParseValue(Value* out, int depth) {
    if (depth > kMaxDepth) {
      Fail("nesting too deep");
      return false;
    }
    if (pos_ >= s_.size()) {
      Fail("unexpected end of input");
      return false;
    }
    switch (s_[pos_]) {
      case 'n':
        if (!Literal("null")) return false;
        *out = Value::Null();
        return true;
      case 't':
        if (!Literal("true")) return false;
        *out = Value::Bool(true);
        return true;
      case 'f':
        if (!Literal("false")) return false;
        *out = Value::Bool(false);
        return true;
      case '"': {
        std::string str;
        if (!ParseString(&str)) return false;
        *out = Value::String(std::move(str));
        return true;
      }
      case '[':
        return ParseArray(out, depth);
      case '{':
        return ParseObject(out, depth);
      default:
        return ParseNumber(out);
    }
  }

  bool ParseNumber(Value* out) {
    size_t start = pos_;
    auto digit = [&](size_t i) { return i < s_.size() && s_[i] >= '0' && s_[i] <= '9'; };
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    if (!digit(pos_)) {
      Fail("unexpected character");
      return false;
    }
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (digit(pos_)) ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digit(pos_)) {
        Fail("digit expected after the decimal point");
        return false;
      }
      while (digit(pos_)) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digit(pos_)) {
        Fail("digit expected in the exponent");
        return false;
      }
      while (digit(pos_)) ++pos_;
    }
    *out = Value::Number(std::string(s_.substr(start, pos_ - start)));
    return true;
  }

  bool Hex4(unsigned* cp) {
    if (pos_ + 4 > s_.size()) {
      Fail("truncated \\u escape");
      return false;
    }
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<unsigned>(c - 'A' + 10);
      } else {
        Fail("bad \\u escape");
        return false;
      }
    }
    *cp = v;
    return true;
  }

  static void AppendUtf8(unsigned cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  bool ParseString(std::string* out) {
    ++pos_;  // opening quote
    while (true) {
      size_t run = pos_;
      while (run < s_.size() && s_[run] != '"' && s_[run] != '\\' &&
             static_cast<unsigned char>(s_[run]) >= 0x20) {
        ++run;
      }
      out->append(s_.data() + pos_, run - pos_);
      pos_ = run;
      if (pos_ >= s_.size()) {
        Fail("unterminated string");
        return false;
      }
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c != '\\') {
        Fail("control character in string");
        return false;
      }
      ++pos_;
      if (pos_ >= s_.size()) {
        Fail("unterminated string");
        return false;
      }
      char e = s_[pos_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          unsigned cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00) {
            unsigned lo = 0;
            if (s_.substr(pos_, 2) != "\\u") {
              Fail("unpaired surrogate");
              return false;
            }
            pos_ += 2;
            if (!Hex4(&lo)) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) {
              Fail("unpaired surrogate");
              return false;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            Fail("unpaired surrogate");
            return false;
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          Fail("bad escape");
          return false;
      }
    }
  }

  bool ParseArray(Value* out, int depth) {
    ++pos_;
    Value::Array items;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      *out = Value::MakeArray(std::move(items));
      return true;
    }
    while (true) {
      SkipSpace();
      Value item;
      if (!ParseValue(&item, depth + 1)) return false;
      items.push_back(std::move(item));
      SkipSpace();
      if (pos_ >= s_.size()) {
        Fail("unterminated array");
        return false;
      }
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        *out = Value::MakeArray(std::move(items));
        return true;
      }
      Fail("',' or ']' expected");
      return false;
    }
  }

  bool ParseObject(Value* out, int depth) {
    ++pos_;
    *out = Value::MakeObject();
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') {
        Fail("string key expected");
        return false;
      }
      std::string key;
      if (!ParseString(&key)) return false;
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') {
        Fail("':' expected");
        return false;
      }
      ++pos_;
      SkipSpace();
      Value item;
      if (!ParseValue(&item, depth + 1)) return false;
      out->Set(std::move(key), std::move(item));
      SkipSpace();
      if (pos_ >= s_.size()) {
        Fail("unterminated object");
        return false;
      }
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      Fail("',' or '}' expected");
      return false;
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  Status error_;
};

template <typename Json>
Result<Value> Convert(const Json& j, int depth) {
  if (depth > kMaxDepth) return InvalidArgument("JSON nesting too deep");
  switch (j.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return Value::Null();
    case nlohmann::json::value_t::boolean:
      return Value::Bool(j.template get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value::Number(std::to_string(j.template get<std::int64_t>()));
    case nlohmann::json::value_t::number_unsigned:
      return Value::Number(std::to_string(j.template get<std::uint64_t>()));
    case nlohmann::json::value_t::number_float: {
      double d = j.template get<double>();
      if (!std::isfinite(d)) return InvalidArgument("non-finite number");
      return Value::Number(j.dump());
    }
    case nlohmann::json::value_t::string:
      return Value::String(j.template get<std::string>());
    case nlohmann::json::value_t::array: {
      Value::Array items;
      items.reserve(j.size());
      for (const auto& item : j) {
        COBUY_ASSIGN_OR_RETURN(Value v, Convert(item, depth + 1));
        items.push_back(std::move(v));
      }
      return Value::MakeArray(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      Value::Object members;
      members.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) {
        COBUY_ASSIGN_OR_RETURN(Value v, Convert(it.value(), depth + 1));
        members.push_back({it.key(), std::move(v)});
      }
      return Value::MakeObject(std::move(members));
    }
    case nlohmann::json::value_t::binary:
      break;
  }
  return InvalidArgument("binary values are not JSON");
}

bool NumbersEqual(const std::string& a, const std::string& b) {
  if (a == b) return true;
  // Different spellings of the same number ("1" and "1.0", "1e2" and "100").
  return std::strtod(a.c_str(), nullptr) == std::strtod(b.c_str(), nullptr);
}

}  // namespace

const Value* Value::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const Member& m : as_object()) {
    // Length and first byte before memcmp: most keys differ there.
    if (m.key.size() == key.size() && (key.empty() || (m.key[0] == key[0] && m.key == key))) return &m.value;
  }
  return nullptr;
}

Value* Value::Find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->Find(key));
}

void Value::Set(std::string key, Value value) {
  if (Value* existing = Find(key)) {
    *existing = std::move(value);
    return;
  }
  as_object().push_back({std::move(key), std::move(value)});
}

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

void Value::AppendJson(std::string* out) const {
  switch (type()) {
    case Type::kNull:
      out->append("null");
      return;
    case Type::kBool:
      out->append(as_bool() ? "true" : "false");
      return;
    case Type::kNumber:
      out->append(number_text());
      return;
    case Type::kString:
      AppendJsonString(as_string(), out);
      return;
    case Type::kArray: {
      out->push_back('[');
      bool first = true;
      for (const Value& item : as_array()) {
        if (!first) out->push_back(',');
        first = false;
        item.AppendJson(out);
      }
      out->push_back(']');
      return;
    }
    case Type::kObject: {
      out->push_back('{');
      bool first = true;
      for (const Member& m : as_object()) {
        if (!first) out->push_back(',');
        first = false;
        AppendJsonString(m.key, out);
        out->push_back(':');
        m.value.AppendJson(out);
      }
      out->push_back('}');
      return;
    }
  }
}

std::string Value::ToJson() const {
  std::string out;
  AppendJson(&out);
  return out;
}

Result<Value> Value::Parse(std::string_view text) { return Parser(text).ParseDocument(); }

Result<Value> Value::FromJson(const nlohmann::ordered_json& j) { return Convert(j, 0); }
Result<Value> Value::FromJson(const nlohmann::json& j) { return Convert(j, 0); }

nlohmann::ordered_json Value::ToJsonValue() const {
  switch (type()) {
    case Type::kNull:
      return nullptr;
    case Type::kBool:
      return as_bool();
    case Type::kNumber:
      return nlohmann::ordered_json::parse(number_text(), nullptr, /*allow_exceptions=*/false);
    case Type::kString:
      return as_string();
    case Type::kArray: {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const Value& item : as_array()) out.push_back(item.ToJsonValue());
      return out;
    }
    case Type::kObject: {
      nlohmann::ordered_json out = nlohmann::ordered_json::object();
      for (const Member& m : as_object()) out[m.key] = m.value.ToJsonValue();
      return out;
    }
  }
  return nullptr;
}

bool operator==(const Value& a, const Value& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Value::Type::kNull:
      return true;
    case Value::Type::kBool:
      return a.as_bool() == b.as_bool();
    case Value::Type::kNumber:
      return NumbersEqual(a.number_text(), b.number_text());
    case Value::Type::kString:
      return a.as_string() == b.as_string();
    case Value::Type::kArray:
      return a.as_array() == b.as_array();
    case Value::Type::kObject: {
      const Value::Object& ao = a.as_object();
      const Value::Object& bo = b.as_object();
      if (ao.size() != bo.size()) return false;
      for (size_t i = 0; i < ao.size(); ++i) {
        // Fast path: same key at the same position.
        const Value* other = bo[i].key == ao[i].key ? &bo[i].value : b.Find(ao[i].key);
        if (other == nullptr || !(ao[i].value == *other)) return false;
      }
      return true;
    }
  }
  return false;
}

}  // namespace cobuy::ocds
