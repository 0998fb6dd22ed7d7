// Fuzz target: JSON request bodies (src/http/json_body.h): ParseJsonObject on arbitrary bytes,
// then every JsonFields accessor on every member (and on the members of nested objects, with a
// prefix, as handlers read them), then Finish.
// Checks: a failure is kInvalidArgument, either "malformed JSON" or naming the field "body";
// a success is an object no deeper than kMaxJsonDepth, from valid UTF-8, that dumps and parses
// back to itself; an accessor that answers gives a value of the member's type (a finite
// number, an int64, a string within its limit) and one that refuses records an error naming
// the field; Finish rejects exactly the unknown fields.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.h"
#include "core/text.h"
#include "http/json_body.h"

namespace {

// The request type ParseJsonObject takes (src/http/message.h).
using BodyRequest = cobuy::http::Request;

using cobuy::Status;
using cobuy::StatusCode;
using cobuy::http::JsonFields;
using nlohmann::json;

int Depth(const json& j) {
  int deepest = 0;
  if (j.is_object() || j.is_array()) {
    for (const json& child : j) deepest = std::max(deepest, Depth(child));
    return deepest + 1;
  }
  return 0;
}

void ReadFields(const json& obj, const std::string& prefix, int depth) {
  // Each accessor on a fresh JsonFields: one error stops a JsonFields from answering.
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    {
      JsonFields f(obj, prefix);
      FUZZ_CHECK(f.Has(key) && f.Raw(key) == &v, "Has/Raw of a present member");
      FUZZ_CHECK(f.IsNull(key) == v.is_null(), "IsNull");
      std::optional<std::string> s = f.String(key, true, 16);
      if (s) {
        FUZZ_CHECK(v.is_string() && *s == v.get<std::string>() && s->size() <= 16, "String answered wrongly");
      } else {
        FUZZ_CHECK(!f.status().ok() && f.status().field() == prefix + key, "String refused without an error on the field");
        FUZZ_CHECK(!v.is_string() || v.get<std::string>().size() > 16 ||
                       cobuy::FindUnsafeCharacter(v.get<std::string>(), /*allow_breaks=*/true),
                   "String refused a short string without control characters or bidi overrides");
      }
      if (s) {
        FUZZ_CHECK(!cobuy::FindUnsafeCharacter(*s, /*allow_breaks=*/true), "String answered with a control character");
      }
    }
    {
      JsonFields f(obj, prefix);
      std::optional<double> d = f.Number(key, false);
      if (d) {
        FUZZ_CHECK(v.is_number() && std::isfinite(*d), "Number answered wrongly");
      } else if (!v.is_null()) {
        FUZZ_CHECK(!f.status().ok() && f.status().field() == prefix + key, "Number refused without an error");
      }
    }
    {
      JsonFields f(obj, prefix);
      std::optional<std::int64_t> n = f.Integer(key, false);
      if (n) {
        FUZZ_CHECK(v.is_number_integer() || v.is_number_unsigned(), "Integer answered for a non-integer");
        FUZZ_CHECK(v.is_number_unsigned() ? static_cast<std::uint64_t>(*n) == v.get<std::uint64_t>()
                                          : *n == v.get<std::int64_t>(),
                   "Integer answered another value");
      } else if (!v.is_null()) {
        FUZZ_CHECK(!f.status().ok() && f.status().field() == prefix + key, "Integer refused without an error");
      }
    }
    if (v.is_object() && depth < 4) ReadFields(v, prefix + key + ".", depth + 1);
  }
  // A handler's usual sequence: some fields read, then Finish with the fields it knows.
  JsonFields f(obj, prefix);
  (void)f.String("name", false);
  (void)f.Number("amount", false);
  (void)f.Integer("id", false);
  FUZZ_CHECK(f.Raw("\x01 absent") == nullptr && !f.Has("\x01 absent"), "an absent member is present");
  const bool clean = f.status().ok();
  Status finish = f.Finish({"name", "amount", "id", "title"});
  if (clean) {
    bool unknown = false;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const std::string& k = it.key();
      unknown = unknown || (k != "name" && k != "amount" && k != "id" && k != "title");
    }
    FUZZ_CHECK(finish.ok() != unknown, "Finish and the unknown fields disagree");
  } else {
    FUZZ_CHECK(!finish.ok(), "Finish forgot the first error");
  }
  JsonFields g(obj, prefix);
  (void)g.String("\x01 absent", true);
  FUZZ_CHECK(!g.status().ok() && g.status().field() == prefix + "\x01 absent", "a required absent field passed");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  BodyRequest req;
  req.body.assign(reinterpret_cast<const char*>(data), size);
  cobuy::Result<json> parsed = cobuy::http::ParseJsonObject(req);
  if (!parsed.ok()) {
    const Status& s = parsed.status();
    FUZZ_CHECK(s.code() == StatusCode::kInvalidArgument, "a failure other than kInvalidArgument");
    FUZZ_CHECK(cobuy::http::IsMalformedJson(s) || s.field() == "body", "a failure that is neither malformed JSON nor about the body: %s",
               s.message().c_str());
    return 0;
  }
  const json& obj = *parsed;
  FUZZ_CHECK(obj.is_object(), "ParseJsonObject gave a non-object");
  FUZZ_CHECK(cobuy::IsValidUtf8(req.body), "accepted a body that is not UTF-8");
  FUZZ_CHECK(Depth(obj) <= cobuy::http::kMaxJsonDepth, "accepted a body nested %d deep", Depth(obj));
  const std::string dumped = obj.dump();
  FUZZ_CHECK(json::parse(dumped) == obj, "dump does not parse back to the same value: %s", dumped.c_str());
  ReadFields(obj, "", 0);
  return 0;
}
