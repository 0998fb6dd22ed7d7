#include "http/json_body.h"

#include <gtest/gtest.h>

namespace cobuy::http {
namespace {

Request Body(std::string body) {
  Request r;
  r.body = std::move(body);
  return r;
}

TEST(ParseJsonObjectTest, RejectsWhatIsNotAnObject) {
  EXPECT_EQ(ParseJsonObject(Body("")).status().message(), "the body is not valid JSON: the body is empty");
  auto bad = ParseJsonObject(Body("{\"email\": "));
  EXPECT_EQ(bad.status().message(), "the body is not valid JSON: syntax error at byte 11");
  EXPECT_TRUE(IsMalformedJson(bad.status()));
  EXPECT_EQ(ParseJsonObject(Body(std::string("{\"a\":\"\xff\"}"))).status().message(),
            "the body is not valid JSON: it is not UTF-8");
  auto array = ParseJsonObject(Body("[1,2]"));
  EXPECT_EQ(array.status(), InvalidArgument("must be a JSON object, not an array", "body"));
  EXPECT_FALSE(IsMalformedJson(array.status()));
}

// Step 7, H1: 100,000 nested arrays overflowed the stack when the body was later serialised.
TEST(ParseJsonObjectTest, RefusesBodiesNestedTooDeep) {
  std::string deep = "{\"params\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto r = ParseJsonObject(Body(deep));
  // The object is level 1, "params" opens level 2; level 65 is the 64th '[' at byte 11 + 63.
  EXPECT_EQ(r.status().message(), "the body is not valid JSON: nested deeper than 64 levels at byte 74");
  EXPECT_TRUE(IsMalformedJson(r.status()));
  // Exactly 64 levels are fine, and brackets inside strings do not count.
  std::string ok = "{\"a\":" + std::string(63, '[') + std::string(63, ']') + ",\"s\":\"[[[[\\\"[[\"}";
  auto fine = ParseJsonObject(Body(ok));
  ASSERT_TRUE(fine.ok()) << fine.status().ToString();
  EXPECT_EQ((*fine)["s"], "[[[[\"[[");
}

// Step 7, L1: a number beyond a double's range threw out_of_range, answered as a 500.
TEST(ParseJsonObjectTest, NumbersOutOfRangeAreMalformed) {
  auto r = ParseJsonObject(Body(R"({"value": 1e400})"));
  EXPECT_EQ(r.status().message(), "the body is not valid JSON: a number is out of range");
  EXPECT_TRUE(IsMalformedJson(r.status()));
}

// Step 7, L4: bidi overrides and control characters (NUL included) were accepted in names and titles.
TEST(JsonFieldsTest, RefusesControlCharactersAndBidiOverrides) {
  auto j = nlohmann::json::parse(R"({"name": "Invoice\u202Efdp.exe", "title": "a\u0000b", "notes": "line 1\nline 2\tend",
                                     "ok": "Müllfahrzeuge – Ελλάδα"})");
  JsonFields f(j);
  EXPECT_FALSE(f.String("name", true).has_value());
  EXPECT_EQ(f.status(), InvalidArgument("must not contain control characters or bidirectional overrides (U+202E at byte 7)", "name"));
  JsonFields g(j);
  EXPECT_FALSE(g.String("title", true).has_value());
  EXPECT_EQ(g.status(), InvalidArgument("must not contain control characters or bidirectional overrides (U+0000 at byte 1)", "title"));
  JsonFields h(j);
  EXPECT_EQ(h.String("notes", true), "line 1\nline 2\tend");
  EXPECT_EQ(h.String("ok", true), "Müllfahrzeuge – Ελλάδα");
  EXPECT_TRUE(h.status().ok());
}

TEST(JsonFieldsTest, ReportsTheFirstProblemWithItsField) {
  auto j = nlohmann::json::parse(R"({"email": 5, "name": "x"})");
  JsonFields f(j);
  EXPECT_FALSE(f.String("email", true).has_value());
  EXPECT_FALSE(f.String("name", true).has_value());  // after an error, nothing more is read
  EXPECT_EQ(f.Finish({"email", "name"}), InvalidArgument("must be a string, not a number", "email"));
}

TEST(JsonFieldsTest, MissingAndUnknownFields) {
  auto j = nlohmann::json::parse(R"({"email": "a@b.example", "admin": true})");
  JsonFields f(j);
  EXPECT_EQ(f.String("email", true), "a@b.example");
  EXPECT_EQ(f.Finish({"email", "password"}), InvalidArgument("unknown field 'admin'", "admin"));
  JsonFields g(j);
  g.String("password", true);
  EXPECT_EQ(g.Finish({"email", "password", "admin"}), InvalidArgument("is required", "password"));
}

TEST(JsonFieldsTest, NumbersAndLimits) {
  auto j = nlohmann::json::parse(R"({"n": 1.5, "i": 7, "s": "abcdef", "big": 18446744073709551615})");
  JsonFields f(j, "org.");
  EXPECT_EQ(f.Number("n", true), 1.5);
  EXPECT_EQ(f.Integer("i", true), 7);
  EXPECT_FALSE(f.String("s", true, 3).has_value());
  EXPECT_EQ(f.status(), InvalidArgument("must be at most 3 bytes long", "org.s"));
  JsonFields g(j);
  EXPECT_FALSE(g.Integer("n", true).has_value());
  EXPECT_EQ(g.status(), InvalidArgument("must be an integer, not a number", "n"));
  JsonFields h(j);
  EXPECT_FALSE(h.Integer("big", true).has_value());
  EXPECT_EQ(h.status(), InvalidArgument("is too large", "big"));
}

}  // namespace
}  // namespace cobuy::http
