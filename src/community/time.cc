#include "community/time.h"

#include <cmath>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <unicode/gregocal.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace cobuy::community {
namespace {

constexpr std::string_view kUnknownZone = "Etc/Unknown";

struct WallTime {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;
  int hour = 0;
  int minute = 0;
};

bool IsLeap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int DaysInMonth(int y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Digits of s[from, from + n) as a number, or -1 when one is not a digit.
int Digits(std::string_view s, size_t from, size_t n) {
  int v = 0;
  for (size_t i = from; i < from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// "YYYY-MM-DDTHH:MM", exactly, with a date that exists (years 0001..9999).
std::optional<WallTime> ParseWallTime(std::string_view s) {
  if (s.size() != 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':') return std::nullopt;
  WallTime w{Digits(s, 0, 4), Digits(s, 5, 2), Digits(s, 8, 2), Digits(s, 11, 2), Digits(s, 14, 2)};
  if (w.year < 1 || w.month < 1 || w.month > 12 || w.day < 1) return std::nullopt;
  if (w.day > DaysInMonth(w.year, w.month)) return std::nullopt;
  if (w.hour < 0 || w.hour > 23 || w.minute < 0 || w.minute > 59) return std::nullopt;
  return w;
}

// The zone named `tz`, or null when IsTimeZone(tz) is false.
std::unique_ptr<icu::TimeZone> ZoneOf(std::string_view tz) {
  if (tz != "UTC" && tz.find('/') == std::string_view::npos) return nullptr;  // CET, EST, GMT, ...
  if (tz == kUnknownZone) return nullptr;
  icu::UnicodeString id = icu::UnicodeString::fromUTF8(icu::StringPiece(tz.data(), static_cast<int32_t>(tz.size())));
  icu::UnicodeString canonical;
  UBool is_system = false;
  UErrorCode status = U_ZERO_ERROR;
  icu::TimeZone::getCanonicalID(id, canonical, is_system, status);
  if (U_FAILURE(status) || !is_system) return nullptr;
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(id));
  if (!zone) return nullptr;
  icu::UnicodeString got;
  zone->getID(got);
  if (got == icu::UnicodeString(kUnknownZone.data(), static_cast<int32_t>(kUnknownZone.size()), US_INV)) {
    return nullptr;
  }
  return zone;
}

// A Gregorian calendar in `zone` (owned by the calendar), or null.
std::unique_ptr<icu::GregorianCalendar> CalendarIn(std::unique_ptr<icu::TimeZone> zone) {
  UErrorCode status = U_ZERO_ERROR;
  auto cal = std::make_unique<icu::GregorianCalendar>(zone.release(), status);
  if (U_FAILURE(status)) return nullptr;
  // Proleptic Gregorian, as FormatTimestamp, DayNumber and iCalendar count: ICU's default
  // switches to the Julian calendar before 1582-10-15 (1000-01-01 would be 1000-01-06 in UTC).
  cal->setGregorianChange(U_DATE_MIN, status);
  if (U_FAILURE(status)) return nullptr;
  cal->setLenient(true);  // a non-lenient calendar rejects skipped wall times instead of resolving them
  cal->setSkippedWallTimeOption(UCAL_WALLTIME_LAST);    // 02:30 read with the offset before the gap: 03:30
  cal->setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);  // the earlier of the two instants
  return cal;
}

}  // namespace

bool IsTimeZone(std::string_view tz) {
  return ZoneOf(tz) != nullptr;
}

Result<UnixSeconds> LocalToUtc(std::string_view local, std::string_view tz) {
  std::optional<WallTime> w = ParseWallTime(local);
  if (!w) return InvalidArgument(fmt::format("must be a local time YYYY-MM-DDTHH:MM, not '{}'", local));
  std::unique_ptr<icu::TimeZone> zone = ZoneOf(tz);
  if (!zone) return InvalidArgument(fmt::format("unknown time zone '{}'", tz));
  std::unique_ptr<icu::GregorianCalendar> cal = CalendarIn(std::move(zone));
  if (!cal) return Internal("ICU could not create a calendar");
  cal->clear();
  cal->set(w->year, w->month - 1, w->day, w->hour, w->minute, 0);
  cal->set(UCAL_MILLISECOND, 0);
  UErrorCode status = U_ZERO_ERROR;
  UDate ms = cal->getTime(status);
  if (U_FAILURE(status)) {
    return InvalidArgument(fmt::format("must be a local time YYYY-MM-DDTHH:MM, not '{}'", local));
  }
  return static_cast<UnixSeconds>(std::floor(ms / 1000.0));
}

std::string UtcToLocal(UnixSeconds t, std::string_view tz) {
  std::unique_ptr<icu::TimeZone> zone = ZoneOf(tz);
  if (!zone) zone.reset(icu::TimeZone::getGMT()->clone());
  std::unique_ptr<icu::GregorianCalendar> cal = CalendarIn(std::move(zone));
  if (!cal) return "";
  UErrorCode status = U_ZERO_ERROR;
  cal->setTime(static_cast<UDate>(t) * 1000.0, status);
  int year = cal->get(UCAL_EXTENDED_YEAR, status);
  int month = cal->get(UCAL_MONTH, status) + 1;
  int day = cal->get(UCAL_DATE, status);
  int hour = cal->get(UCAL_HOUR_OF_DAY, status);
  int minute = cal->get(UCAL_MINUTE, status);
  if (U_FAILURE(status)) return "";
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", year, month, day, hour, minute);
}

}  // namespace cobuy::community
