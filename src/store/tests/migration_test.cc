#include <gtest/gtest.h>

#include "store/store.h"

namespace cobuy {
namespace {

TEST(MigrationTest, AppliesAllThenNothing) {
  auto store = Store::Open({.location = ":memory:"}).value();
  EXPECT_TRUE(store->AppliedMigrations()->empty());
  auto applied = store->Migrate();
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_EQ(static_cast<int>(applied->size()), store->LatestSchemaVersion());
  EXPECT_EQ((*applied)[0].version, 1);
  EXPECT_EQ((*applied)[0].name, "reference data");
  EXPECT_EQ((*applied)[1].name, "organisations and people");
  EXPECT_TRUE(store->Migrate()->empty());
  auto recorded = store->AppliedMigrations().value();
  ASSERT_EQ(recorded.size(), applied->size());
  EXPECT_EQ(recorded.back().version, store->LatestSchemaVersion());
  EXPECT_EQ(recorded.back().applied_at.size(), 20u);  // 2026-11-22T10:00:00Z
}

}  // namespace
}  // namespace cobuy
