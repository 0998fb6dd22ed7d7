#include "community/time.h"

#include <gtest/gtest.h>

namespace cobuy::community {
namespace {

// The UTC instant of `local` in `tz` as "YYYY-MM-DDTHH:MM:SSZ", or the error's message.
std::string Utc(std::string_view local, std::string_view tz) {
  Result<UnixSeconds> t = LocalToUtc(local, tz);
  return t.ok() ? FormatTimestamp(*t) : t.status().ToString();
}

TEST(TimeTest, KnowsIanaZonesOnly) {
  for (const char* tz : {"Europe/Brussels", "UTC", "America/New_York", "Asia/Kolkata", "Europe/Kyiv"}) {
    EXPECT_TRUE(IsTimeZone(tz)) << tz;
  }
  for (const char* tz :
       {"CET", "EST", "GMT", "Z", "Etc/Unknown", "Europe/Atlantis", "", "/", "utc", "Europe/Brussels ", "+01:00"}) {
    EXPECT_FALSE(IsTimeZone(tz)) << tz;
  }
}

TEST(TimeTest, BrusselsWinterAndSummer) {
  EXPECT_EQ(Utc("2026-12-10T10:00", "Europe/Brussels"), "2026-12-10T09:00:00Z");
  EXPECT_EQ(Utc("2026-07-01T10:00", "Europe/Brussels"), "2026-07-01T08:00:00Z");
  EXPECT_EQ(Utc("2027-01-01T00:30", "Europe/Brussels"), "2026-12-31T23:30:00Z");
  EXPECT_EQ(Utc("2026-12-10T10:00", "UTC"), "2026-12-10T10:00:00Z");
  EXPECT_EQ(Utc("2026-12-10T10:00", "America/New_York"), "2026-12-10T15:00:00Z");
  EXPECT_EQ(Utc("2028-02-29T23:59", "Europe/Brussels"), "2028-02-29T22:59:00Z");
}

TEST(TimeTest, SkippedTimeResolvesForward) {
  // 2026-03-29: Brussels goes from 02:00 CET to 03:00 CEST.
  EXPECT_EQ(Utc("2026-03-29T01:59", "Europe/Brussels"), "2026-03-29T00:59:00Z");
  EXPECT_EQ(Utc("2026-03-29T02:00", "Europe/Brussels"), "2026-03-29T01:00:00Z");
  EXPECT_EQ(Utc("2026-03-29T02:30", "Europe/Brussels"), "2026-03-29T01:30:00Z");
  EXPECT_EQ(Utc("2026-03-29T03:30", "Europe/Brussels"), "2026-03-29T01:30:00Z");
  EXPECT_EQ(UtcToLocal(*LocalToUtc("2026-03-29T02:30", "Europe/Brussels"), "Europe/Brussels"), "2026-03-29T03:30");
}

TEST(TimeTest, RepeatedTimeResolvesToTheFirst) {
  // 2026-10-25: Brussels goes from 03:00 CEST back to 02:00 CET; 02:00-02:59 happens twice.
  EXPECT_EQ(Utc("2026-10-25T02:00", "Europe/Brussels"), "2026-10-25T00:00:00Z");
  EXPECT_EQ(Utc("2026-10-25T02:30", "Europe/Brussels"), "2026-10-25T00:30:00Z");
  EXPECT_EQ(Utc("2026-10-25T03:00", "Europe/Brussels"), "2026-10-25T02:00:00Z");
  // Both instants read back as 02:30.
  Result<UnixSeconds> first = LocalToUtc("2026-10-25T02:30", "Europe/Brussels");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(UtcToLocal(*first, "Europe/Brussels"), "2026-10-25T02:30");
  EXPECT_EQ(UtcToLocal(*first + 3600, "Europe/Brussels"), "2026-10-25T02:30");
}

TEST(TimeTest, RejectsMalformedAndImpossibleTimes) {
  for (const char* local :
       {"", "2026-12-10", "2026-12-10 10:00", "2026-12-10T10:00:00", "2026-12-10T10:00Z", "2026-1-10T10:00",
        "2026-12-10T1:00", "26-12-10T10:00", "2026-13-01T10:00", "2026-00-10T10:00", "2026-12-00T10:00",
        "2026-02-29T10:00", "2026-04-31T10:00", "2026-12-10T24:00", "2026-12-10T10:60", "2026-12-10t10:00",
        "0000-01-01T00:00", "2026-12-1aT10:00", "+026-12-10T10:00"}) {
    Result<UnixSeconds> t = LocalToUtc(local, "Europe/Brussels");
    ASSERT_FALSE(t.ok()) << local;
    EXPECT_EQ(t.status(), InvalidArgument(std::string("must be a local time YYYY-MM-DDTHH:MM, not '") + local + "'"));
  }
}

TEST(TimeTest, RejectsUnknownZones) {
  for (const char* tz : {"CET", "EST", "Etc/Unknown", "Europe/Atlantis", ""}) {
    Result<UnixSeconds> t = LocalToUtc("2026-12-10T10:00", tz);
    ASSERT_FALSE(t.ok()) << tz;
    EXPECT_EQ(t.status(), InvalidArgument(std::string("unknown time zone '") + tz + "'"));
  }
  EXPECT_EQ(Utc("2026-12-10T10:00", "CET"), "INVALID_ARGUMENT: unknown time zone 'CET'");
}

TEST(TimeTest, UtcToLocal) {
  Result<UnixSeconds> t = LocalToUtc("2026-12-10T10:00", "Europe/Brussels");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, 1796893200);
  EXPECT_EQ(UtcToLocal(*t, "Europe/Brussels"), "2026-12-10T10:00");
  EXPECT_EQ(UtcToLocal(*t, "UTC"), "2026-12-10T09:00");
  EXPECT_EQ(UtcToLocal(*t, "Asia/Kolkata"), "2026-12-10T14:30");
  EXPECT_EQ(UtcToLocal(*t, "CET"), "2026-12-10T09:00");  // unknown: UTC
  EXPECT_EQ(UtcToLocal(*t, "Nowhere/Special"), "2026-12-10T09:00");
  EXPECT_EQ(UtcToLocal(0, "UTC"), "1970-01-01T00:00");
}

// Found by fuzz/ical_fuzz.cc (fuzz/crashes/ical/): ICU's calendar was Julian before 1582-10-15,
// so local times then were days away from the UTC instants FormatTimestamp writes.
TEST(TimeTest, ProlepticGregorianBefore1582) {
  EXPECT_EQ(Utc("1000-01-01T00:00", "UTC"), "1000-01-01T00:00:00Z");
  EXPECT_EQ(Utc("1582-10-10T12:00", "UTC"), "1582-10-10T12:00:00Z");
  EXPECT_EQ(Utc("0001-01-01T00:00", "UTC"), "0001-01-01T00:00:00Z");
  EXPECT_EQ(UtcToLocal(*LocalToUtc("1500-02-28T10:00", "Europe/Brussels"), "Europe/Brussels"), "1500-02-28T10:00");
  EXPECT_EQ(UtcToLocal(-62135596800, "UTC"), "0001-01-01T00:00");
}

}  // namespace
}  // namespace cobuy::community
