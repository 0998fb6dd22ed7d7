// Event times: local wall-clock times in an IANA time zone, converted with ICU.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace cobuy::community {

// True when `tz` is an IANA zone ICU knows ("Europe/Brussels", "UTC"); not abbreviations like "CET"
// nor "Etc/Unknown".
bool IsTimeZone(std::string_view tz);

// "2026-12-10T10:00" in `tz` -> UTC seconds. kInvalidArgument (message "must be a local time
// YYYY-MM-DDTHH:MM, not '...'") for a malformed or impossible value, or an unknown zone
// ("unknown time zone '...'"). A time skipped by a DST change resolves forward (02:30 on a
// spring-forward day is 03:30); a repeated one resolves to the first (the earlier UTC) instant.
Result<UnixSeconds> LocalToUtc(std::string_view local, std::string_view tz);

// UTC seconds -> "2026-12-10T10:00" in `tz` (UTC when `tz` is unknown).
std::string UtcToLocal(UnixSeconds t, std::string_view tz);

}  // namespace cobuy::community
