#include "accounts/throttle.h"

#include <gtest/gtest.h>

namespace cobuy {
namespace {

TEST(BackoffDelayTest, FreeThenDoublingUpToTheCap) {
  const BackoffPolicy p{3, 30, 900, 86400};
  EXPECT_EQ(BackoffDelay(p, 1), 0);
  EXPECT_EQ(BackoffDelay(p, 3), 0);
  EXPECT_EQ(BackoffDelay(p, 4), 30);
  EXPECT_EQ(BackoffDelay(p, 5), 60);
  EXPECT_EQ(BackoffDelay(p, 8), 480);
  EXPECT_EQ(BackoffDelay(p, 9), 900);
  EXPECT_EQ(BackoffDelay(p, 1000000), 900);  // no overflow
}

class ThrottleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::Open({.location = ":memory:"}).value();
    ASSERT_TRUE(store_->Migrate().ok());
  }
  FixedClock clock_{1000};
  std::unique_ptr<Store> store_;
};

TEST_F(ThrottleTest, BlocksInTheStoreAndForgetsAfterAQuietPeriod) {
  Throttle t(*store_, clock_);
  const BackoffPolicy p{1, 10, 60, 3600};
  EXPECT_EQ(t.Record("a", p).value(), 0);
  EXPECT_EQ(t.RetryAfter("a").value(), 0);
  EXPECT_EQ(t.Record("a", p).value(), 10);
  EXPECT_EQ(t.RetryAfter("a").value(), 10);
  EXPECT_EQ(t.RetryAfter("b").value(), 0);  // keys are independent
  Throttle other(*store_, clock_);          // another server on the same database
  EXPECT_EQ(other.RetryAfter("a").value(), 10);
  clock_.Advance(10);
  EXPECT_EQ(t.RetryAfter("a").value(), 0);
  EXPECT_EQ(t.Record("a", p).value(), 20);
  clock_.Advance(3600);  // quiet for the forget period: counting starts over
  EXPECT_EQ(t.Record("a", p).value(), 0);
  EXPECT_EQ(store_->DeleteStaleThrottles(clock_.Now() + 1).value(), 1);
}

TEST_F(ThrottleTest, OneReportPerBlockAndClearForgives) {
  Throttle t(*store_, clock_);
  const BackoffPolicy p{0, 60, 60, 3600};
  ASSERT_TRUE(t.Record("a", p).ok());
  EXPECT_TRUE(t.FirstRefusal("a"));
  EXPECT_FALSE(t.FirstRefusal("a"));
  clock_.Advance(60);
  ASSERT_TRUE(t.Record("a", p).ok());  // a new block
  EXPECT_TRUE(t.FirstRefusal("a"));
  ASSERT_TRUE(t.Clear("a").ok());
  EXPECT_EQ(t.RetryAfter("a").value(), 0);
}

}  // namespace
}  // namespace cobuy
