// Clock: the time source. Production code takes a Clock& so tests can fix the time.
//
// Thread-safety: SystemClock is stateless; FixedClock is safe to read from many threads
// while one thread advances it.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cobuy {

// Seconds since the Unix epoch, UTC.
using UnixSeconds = std::int64_t;
inline constexpr UnixSeconds kSecondsPerDay = 86400;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixSeconds Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixSeconds Now() const override;
  static SystemClock& Instance();
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(UnixSeconds now) : now_(now) {}
  UnixSeconds Now() const override { return now_.load(); }
  void Advance(UnixSeconds seconds) { now_ += seconds; }
  void Set(UnixSeconds now) { now_ = now; }

 private:
  std::atomic<UnixSeconds> now_;
};

// "2026-11-22T10:15:00Z". Times before 0000-01-01T00:00:00Z or after 9999-12-31T23:59:59Z are
// written as that bound (RFC 3339 and iCalendar have four-digit years).
std::string FormatTimestamp(UnixSeconds t);
// "2026-11-22": the UTC day of `t`.
std::string FormatDay(UnixSeconds t);
// True for a day written YYYY-MM-DD (month 1–12, day 1–31).
bool IsDay(std::string_view s);

// Days since 1970-01-01 of the day a date or timestamp starts with ("2026-11-22",
// "2026-11-22T10:15:00Z"); nullopt when it does not start with a day.
std::optional<int> DayNumber(std::string_view s);
// The inverse: 20414 -> "2025-11-22".
std::string DayString(int day);
// The same day of the month `months` later (earlier when negative), the month's last day
// when it is shorter: AddMonths("2026-01-31", 1) is 2026-02-28.
int AddMonths(int day, int months);

}  // namespace cobuy
