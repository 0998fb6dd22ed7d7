#include "accounts/throttle.h"

#include <gtest/gtest.h>

namespace cobuy {
namespace {

TEST(SignInThrottleTest, BlocksAfterMaxFailuresUntilTheOldestAgesOut) {
  FixedClock clock(1000);
  SignInThrottle t(clock, 3, 60);
  EXPECT_EQ(t.RetryAfter("a"), 0);
  t.RecordFailure("a");
  clock.Advance(10);
  t.RecordFailure("a");
  EXPECT_EQ(t.RetryAfter("a"), 0);
  clock.Advance(10);
  t.RecordFailure("a");
  EXPECT_EQ(t.RetryAfter("a"), 40);  // first failure at 1000 ages out at 1060; now 1020
  EXPECT_EQ(t.RetryAfter("b"), 0);   // keys are independent
  clock.Advance(40);
  EXPECT_EQ(t.RetryAfter("a"), 0);
}

TEST(SignInThrottleTest, ClearForgives) {
  FixedClock clock(0);
  SignInThrottle t(clock, 1, 60);
  t.RecordFailure("a");
  EXPECT_EQ(t.RetryAfter("a"), 60);
  t.Clear("a");
  EXPECT_EQ(t.RetryAfter("a"), 0);
}

}  // namespace
}  // namespace cobuy
