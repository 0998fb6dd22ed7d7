// Strict reading of JSON request bodies: malformed JSON, wrong types, missing and unknown
// fields all become a Status naming the field.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include "http/message.h"

#include "core/status.h"

namespace cobuy::http {

// The body as a JSON object. kInvalidArgument (mapped to 400 "malformed-json" by the router
// through MalformedJson) for a body that is not JSON or not an object; kTooLarge is handled
// before this by the server's body limit.
// Bodies nested deeper than kMaxJsonDepth arrays and objects, and numbers beyond a double's
// range, are malformed too.
inline constexpr int kMaxJsonDepth = 64;
Result<nlohmann::json> ParseJsonObject(const Request& req);

// True when a Status came from ParseJsonObject's "not JSON at all" case.
bool IsMalformedJson(const Status& status);

// Reads fields of one JSON object. Every accessor records the first error and returns
// nullopt once an error is recorded; Finish() also rejects fields not in `allowed`.
class JsonFields {
 public:
  JsonFields(const nlohmann::json& object, std::string prefix = {}) : obj_(object), prefix_(std::move(prefix)) {}

  std::optional<std::string> String(std::string_view name, bool required, size_t max_bytes = 1000);
  std::optional<double> Number(std::string_view name, bool required);
  std::optional<std::int64_t> Integer(std::string_view name, bool required);
  bool Has(std::string_view name) const { return obj_.contains(name); }
  bool IsNull(std::string_view name) const { return obj_.contains(name) && obj_.at(std::string(name)).is_null(); }
  // The raw value (nullptr when absent).
  const nlohmann::json* Raw(std::string_view name) const;

  void Fail(std::string_view name, std::string detail);
  Status Finish(std::initializer_list<std::string_view> allowed);
  const Status& status() const { return status_; }
  std::string FieldName(std::string_view name) const { return prefix_ + std::string(name); }

 private:
  const nlohmann::json& obj_;
  std::string prefix_;
  Status status_;
};

std::string_view JsonTypeName(const nlohmann::json& v);

}  // namespace cobuy::http
