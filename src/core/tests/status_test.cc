#include "core/status.h"

#include <gtest/gtest.h>

namespace cobuy {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument("must be even", "x");
  return x / 2;
}

Result<int> Quarter(int x) {
  COBUY_ASSIGN_OR_RETURN(int h, Half(x));
  COBUY_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusTest, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, CarriesCodeMessageAndField) {
  Status s = InvalidArgument("must be an e-mail address", "email");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "must be an e-mail address");
  EXPECT_EQ(s.field(), "email");
  EXPECT_EQ(s.ToString(), "INVALID_ARGUMENT: must be an e-mail address");
}

TEST(StatusTest, WithContextPrefixesTheMessage) {
  Status s = NotFound("no such file").WithContext("countries.csv");
  EXPECT_EQ(s, Status(StatusCode::kNotFound, "countries.csv: no such file"));
}

TEST(ResultTest, PropagatesTheFirstError) {
  EXPECT_EQ(Quarter(8).value(), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), InvalidArgument("must be even", "x"));
  EXPECT_EQ(Quarter(6).value_or(-1), -1);
}

}  // namespace
}  // namespace cobuy
