// Clock: the time source. Production code takes a Clock& so tests can fix the time.
//
// Thread-safety: SystemClock is stateless; FixedClock is safe to read from many threads
// while one thread advances it.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace cobuy {

// Seconds since the Unix epoch, UTC.
using UnixSeconds = std::int64_t;

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

// "2026-11-22T10:15:00Z"
std::string FormatTimestamp(UnixSeconds t);
// "2026-11-22": the UTC day of `t`.
std::string FormatDay(UnixSeconds t);

}  // namespace cobuy
