// ocds::Value: the compact JSON value of the OCDS merge path.
//
// A Value is null, a bool, a number, a string, an array or an object. Numbers keep the raw
// text they were read with ("1.10" stays "1.10", 1e400 stays 1e400), so a merged release is
// written back exactly as published. Objects keep their members in insertion order in a
// vector (OCDS objects are small: a linear lookup beats hashing here); duplicate keys are
// not checked by the builders, the parsers keep the last one like nlohmann does.
//
// Builders: Value::Parse (own parser, keeps raw numbers), FromJson (from nlohmann, used by
// tests and schema loading; numbers are re-rendered by nlohmann). A builder from simdjson
// on-demand belongs beside these (it needs only the public constructors below).
//
// Thread-safety: a value type; distinct Values may be used from distinct threads, a shared
// one only for reading.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"

namespace cobuy::ocds {

class Value {
 public:
  enum class Type : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  struct Member;
  using Array = std::vector<Value>;
  using Object = std::vector<Member>;

  // The raw text of a JSON number, as written in the source.
  struct NumberText {
    std::string raw;
  };

  Value() = default;  // null
  // The builders are defined below Member, and MakeArray/MakeObject are overloads rather than
  // taking default arguments: clang instantiates the vectors' constexpr destructors where a
  // body or a default argument stands, and Member must be complete there.
  static Value Null();
  static Value Bool(bool b);
  // `raw` must be a valid JSON number; it is not checked (Parse checks it).
  static Value Number(std::string raw);
  static Value Number(std::int64_t n);
  static Value String(std::string s);
  static Value MakeArray();
  static Value MakeArray(Array items);
  static Value MakeObject();
  static Value MakeObject(Object members);

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_number() const { return type() == Type::kNumber; }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // Accessors; calling one on a value of another type is a bug (std::bad_variant_access).
  bool as_bool() const { return std::get<bool>(v_); }
  const std::string& number_text() const { return std::get<NumberText>(v_).raw; }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  std::string& as_string() { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // In-place builders: each replaces this value and builds the new one where it stands, with
  // no temporary Value to move (what a parser filling a reserved tree wants). AssignArray and
  // AssignObject return the new, empty container.
  void AssignString(std::string_view s);
  void AssignNumber(std::string_view raw);
  Array& AssignArray();
  Object& AssignObject();

  // The member `key` of an object, or nullptr (also when this is not an object).
  const Value* Find(std::string_view key) const;
  Value* Find(std::string_view key);
  // Sets member `key` of an object (replacing an existing one, else appending).
  void Set(std::string key, Value value);

  // Compact JSON text: no spaces, strings escaped per RFC 8259 (", \, control characters),
  // UTF-8 passed through unchanged.
  std::string ToJson() const;
  void AppendJson(std::string* out) const;

  // Parses one JSON text (RFC 8259; surrounding whitespace allowed). Numbers keep their raw
  // text. Returns kInvalidArgument naming the byte offset for malformed input or nesting
  // deeper than 512 levels.
  static Result<Value> Parse(std::string_view text);

  // Converts from nlohmann. Never fails for parsed JSON; kInvalidArgument for binary values
  // and non-finite numbers.
  static Result<Value> FromJson(const nlohmann::ordered_json& j);
  static Result<Value> FromJson(const nlohmann::json& j);
  // Converts to nlohmann (numbers go through nlohmann's own parsing of the raw text).
  nlohmann::ordered_json ToJsonValue() const;

  // JSON equality: object member order is ignored, numbers compare by value (1 == 1.0),
  // a bool never equals a number.
  friend bool operator==(const Value& a, const Value& b);

 private:
  using Storage = std::variant<std::monostate, bool, NumberText, std::string, Array, Object>;
  explicit Value(Storage v);

  Storage v_;
};

struct Value::Member {
  std::string key;
  Value value;
};

inline Value::Value(Storage v) : v_(std::move(v)) {}
inline Value Value::Null() { return Value(); }
inline Value Value::Bool(bool b) { return Value(Storage(b)); }
inline Value Value::Number(std::string raw) { return Value(Storage(NumberText{std::move(raw)})); }
inline Value Value::Number(std::int64_t n) { return Number(std::to_string(n)); }
inline Value Value::String(std::string s) { return Value(Storage(std::move(s))); }
inline Value Value::MakeArray() { return Value(Storage(Array())); }
inline Value Value::MakeArray(Array items) { return Value(Storage(std::move(items))); }
inline Value Value::MakeObject() { return Value(Storage(Object())); }
inline Value Value::MakeObject(Object members) { return Value(Storage(std::move(members))); }
inline void Value::AssignString(std::string_view s) { v_.emplace<std::string>(s); }
inline void Value::AssignNumber(std::string_view raw) { v_.emplace<NumberText>().raw.assign(raw); }
inline Value::Array& Value::AssignArray() { return v_.emplace<Array>(); }
inline Value::Object& Value::AssignObject() { return v_.emplace<Object>(); }

// Appends `s` to `out` as a quoted, escaped JSON string.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace cobuy::ocds
