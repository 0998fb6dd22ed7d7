#include "ocds/value.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cobuy::ocds {
namespace {

TEST(ValueTest, ParseKeepsRawNumberText) {
  Result<Value> v = Value::Parse(R"({"a": 1.10, "b": -0, "c": 1e400, "d": 12345678901234567890})");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->Find("a")->number_text(), "1.10");
  EXPECT_EQ(v->ToJson(), R"({"a":1.10,"b":-0,"c":1e400,"d":12345678901234567890})");
}

TEST(ValueTest, RoundTripsCompactly) {
  const std::string text = R"({"ocid":"x","tag":["tender"],"n":null,"t":true,"f":false,"o":{},"l":[],"z":[{"id":1}]})";
  Result<Value> v = Value::Parse(text);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->ToJson(), text);
}

TEST(ValueTest, KeepsMemberOrder) {
  Result<Value> v = Value::Parse(R"({"z":1,"a":2,"m":3})");
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->as_object().size(), 3u);
  EXPECT_EQ(v->as_object()[0].key, "z");
  EXPECT_EQ(v->as_object()[2].key, "m");
}

TEST(ValueTest, EscapesStrings) {
  Value v = Value::String(std::string("q\"b\\n\nt\tc\x01 \xC3\xA9 \xF0\x9F\x98\x80 /"));
  EXPECT_EQ(v.ToJson(), "\"q\\\"b\\\\n\\nt\\tc\\u0001 \xC3\xA9 \xF0\x9F\x98\x80 /\"");
}

TEST(ValueTest, DecodesEscapes) {
  Result<Value> v = Value::Parse(R"("\u00e9\ud83d\ude00\/\b\f\r")");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->as_string(), "\xC3\xA9\xF0\x9F\x98\x80/\b\f\r");
  // Re-escaped output parses back to the same string with nlohmann.
  EXPECT_EQ(nlohmann::json::parse(v->ToJson()).get<std::string>(), v->as_string());
}

TEST(ValueTest, RejectsMalformedJsonWithOffset) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"a", "\"\\x\"", "[1] 2",
                          "\"\\ud800\"", "{\"a\":1,}"}) {
    Result<Value> v = Value::Parse(bad);
    EXPECT_FALSE(v.ok()) << bad;
    if (!v.ok()) {
      EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument) << bad;
      EXPECT_NE(v.status().message().find("invalid JSON at byte"), std::string::npos) << bad;
    }
  }
  Result<Value> v = Value::Parse("[1, x]");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "invalid JSON at byte 4: unexpected character");
}

TEST(ValueTest, RejectsDeepNesting) {
  std::string deep(600, '[');
  deep += std::string(600, ']');
  Result<Value> v = Value::Parse(deep);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("nesting too deep"), std::string::npos);
}

TEST(ValueTest, ConvertsFromAndToNlohmann) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(R"({"b":[1,2.5,"x",null,true],"a":{"c":-3}})");
  Result<Value> v = Value::FromJson(j);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->ToJson(), R"({"b":[1,2.5,"x",null,true],"a":{"c":-3}})");
  EXPECT_EQ(v->ToJsonValue(), j);
}

TEST(ValueTest, EqualityIsJsonEquality) {
  auto parse = [](const char* s) { return Value::Parse(s).value(); };
  EXPECT_EQ(parse(R"({"a":1,"b":[1,2]})"), parse(R"({"b":[1,2],"a":1.0})"));
  EXPECT_FALSE(parse("[1,2]") == parse("[2,1]"));
  EXPECT_FALSE(parse("1") == parse("\"1\""));
  EXPECT_FALSE(parse("true") == parse("1"));
  EXPECT_FALSE(parse(R"({"a":1})") == parse(R"({"a":1,"b":2})"));
  EXPECT_EQ(parse("null"), Value::Null());
}

TEST(ValueTest, SetReplacesOrAppends) {
  Value v = Value::MakeObject();
  v.Set("a", Value::Number(1));
  v.Set("b", Value::String("x"));
  v.Set("a", Value::Bool(false));
  EXPECT_EQ(v.ToJson(), R"({"a":false,"b":"x"})");
  EXPECT_EQ(v.Find("c"), nullptr);
}

TEST(ValueTest, AssignBuildsInPlaceOverAnyValue) {
  Value v = Value::MakeObject();
  Value::Object& members = v.AssignObject();
  EXPECT_TRUE(v.is_object());
  EXPECT_TRUE(members.empty());
  members.reserve(3);
  members.emplace_back().key = "s";
  members.back().value.AssignString(std::string_view("a \"long\" string, more than fifteen bytes"));
  members.emplace_back().key = "n";
  members.back().value.AssignNumber("1.50");
  members.emplace_back().key = "l";
  Value::Array& items = members.back().value.AssignArray();
  items.emplace_back().AssignNumber("-0");
  items.emplace_back().AssignString("");
  EXPECT_EQ(v.ToJson(), R"({"s":"a \"long\" string, more than fifteen bytes","n":1.50,"l":[-0,""]})");
  EXPECT_EQ(v.Find("n")->number_text(), "1.50");

  // Each replaces whatever the value held.
  Value w = Value::String("x");
  w.AssignNumber("7");
  EXPECT_TRUE(w.is_number());
  EXPECT_EQ(w.number_text(), "7");
  w.AssignArray().push_back(Value::Bool(true));
  EXPECT_EQ(w.ToJson(), "[true]");
  w.AssignObject();
  EXPECT_EQ(w.ToJson(), "{}");
  w.AssignString("y");
  EXPECT_EQ(w, Value::String("y"));
  v.AssignNumber("2e3");
  EXPECT_EQ(v.ToJson(), "2e3");
}

}  // namespace
}  // namespace cobuy::ocds
