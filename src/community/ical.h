// iCalendar (RFC 5545) feeds of community events.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace cobuy::community {

struct CalendarEntry {
  std::string uid;          // globally unique and stable: "event-12@cobuy.eu"
  UnixSeconds starts_at = 0;  // UTC
  UnixSeconds ends_at = 0;    // UTC
  std::string time_zone;    // IANA name, written as X-COBUY-TZID for clients that show it
  std::string summary;
  std::string description;
  std::string location;
  std::string url;
  std::string categories;   // the event kind, e.g. "market_engagement"
  bool cancelled = false;   // STATUS:CANCELLED (else CONFIRMED)
  int sequence = 0;
  UnixSeconds last_modified = 0;
};

// A VCALENDAR (PRODID, VERSION:2.0, CALSCALE:GREGORIAN, METHOD:PUBLISH, X-WR-CALNAME) with one
// VEVENT per entry; times in UTC ("20261210T090000Z"; a time beyond years 0000-9999 is written
// as the bound, as FormatTimestamp does, and DTEND only when it is after DTSTART); text escaped
// (\\ \; \, \n); lines ended by CRLF and folded at 75 octets without splitting a UTF-8
// sequence. DTSTAMP is `now`.
std::string WriteCalendar(std::string_view calendar_name, const std::vector<CalendarEntry>& entries,
                          UnixSeconds now);

}  // namespace cobuy::community
