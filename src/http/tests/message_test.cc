#include "http/message.h"

#include <gtest/gtest.h>

namespace cobuy::http {
namespace {

TEST(MessageTest, DecodesPathsAndQueries) {
  EXPECT_EQ(DecodeUrl("/a%20b+c", false), "/a b+c");
  EXPECT_EQ(DecodeUrl("a%20b+c", true), "a b c");
  EXPECT_EQ(DecodeUrl("/x%0D%0Ay", false), "/x\r\ny");
  EXPECT_EQ(DecodeUrl("/bad%zz%4", false), "/bad%zz%4");  // invalid escapes stay
  Params p = ParseQuery("q=M%C3%BCll+fahrzeuge&country=AT&country=DE&flag&=x");
  EXPECT_EQ(p.size(), 4u);
  EXPECT_EQ(p.find("q")->second, "Müll fahrzeuge");
  EXPECT_EQ(p.count("country"), 2u);
  EXPECT_EQ(p.find("flag")->second, "");
}

TEST(MessageTest, HeadersIgnoreCaseAndRefuseLineBreaks) {
  Response res;
  res.set_header("Set-Cookie", "a=1");
  res.set_header("set-cookie", "b=2");
  res.set_header("X-Evil", "a\r\nSet-Cookie: c=3");
  EXPECT_EQ(res.headers.count("SET-COOKIE"), 2u);
  EXPECT_FALSE(res.has_header("X-Evil"));
  res.set_content("{}", "application/json");
  res.set_content("[]", "text/plain");
  EXPECT_EQ(res.headers.count("Content-Type"), 1u);
  EXPECT_EQ(res.get_header_value("content-type"), "text/plain");
  Request req;
  req.headers.emplace("X-CSRF-Token", "t");
  EXPECT_EQ(req.get_header_value("x-csrf-token"), "t");
  EXPECT_EQ(req.get_header_value("Origin"), "");
}

}  // namespace
}  // namespace cobuy::http
