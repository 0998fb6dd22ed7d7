// Fuzz target: the iCalendar writer (src/community/ical.h WriteCalendar) and the event times
// it is given (src/community/time.h LocalToUtc, UtcToLocal).
//
// Input: fields separated by 0x1F: the calendar name, "now", then per event (up to 8) uid,
// start, end, time zone, summary, description, location, url, categories, flags ('c' for
// cancelled, then the sequence number) and last modified. A time is a number of seconds (any
// int64) or a local time "YYYY-MM-DDTHH:MM" read in the event's time zone with LocalToUtc.
//
// Checks (RFC 5545 as WriteCalendar promises it): valid UTF-8; every line ended by CRLF, no
// other CR or LF; lines at most 75 octets, none splitting a UTF-8 sequence; continuation
// lines start with one space; no control character but tab; BEGIN/END of VCALENDAR and one
// VEVENT per entry; DTSTAMP, DTSTART, LAST-MODIFIED (and DTEND exactly when the end is after
// the start within the four-digit years) are UTC DATE-TIMEs "YYYYMMDDTHHMMSSZ" with a valid
// date and time, DTEND after DTSTART; TEXT values escape \ ; , and line breaks, and read back
// to the field when the field is clean text; a URL has no space or control character. And for
// times: a local time read in UTC formats back as itself, and a local time's instant formats
// back in its zone to itself or to a wall time that reads to the same instant (a time skipped
// at a DST change).
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "community/ical.h"
#include "community/time.h"
#include "core/clock.h"
#include "core/text.h"

namespace {

using cobuy::UnixSeconds;
using cobuy::community::CalendarEntry;

constexpr size_t kFieldsPerEvent = 11;
constexpr size_t kMaxEvents = 8;

std::vector<std::string_view> Split(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t sep = s.find('\x1f', start);
    out.push_back(s.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start));
    if (sep == std::string_view::npos) return out;
    start = sep + 1;
  }
}

template <typename T>
bool ParseInt(std::string_view s, T* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

// A time field: seconds, or a local time in `tz` (checked on the way), else 0.
UnixSeconds Time(std::string_view spec, std::string_view tz) {
  UnixSeconds t = 0;
  if (ParseInt(spec, &t)) return t;
  cobuy::Result<UnixSeconds> utc = cobuy::community::LocalToUtc(spec, tz);
  if (!utc.ok()) return 0;
  const std::string local(spec);
  if (tz == "UTC") {
    FUZZ_CHECK(cobuy::FormatTimestamp(*utc) == local + ":00Z", "%s in UTC is %s", local.c_str(),
               cobuy::FormatTimestamp(*utc).c_str());
  }
  const std::string back = cobuy::community::UtcToLocal(*utc, tz);
  if (back != local) {
    cobuy::Result<UnixSeconds> again = cobuy::community::LocalToUtc(back, tz);
    FUZZ_CHECK(again.ok() && *again == *utc, "%s in %s is %lld, which is %s there", local.c_str(), std::string(tz).c_str(),
               static_cast<long long>(*utc), back.c_str());
  }
  return *utc;
}

bool IsCleanText(std::string_view s) {
  if (!cobuy::IsValidUtf8(s)) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7F) return false;
  }
  return true;
}

// A TEXT value unescaped; aborts on a bad escape or an unescaped ';' or ','.
std::string Unescape(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    FUZZ_CHECK(c != ';' && c != ',', "unescaped '%c' in TEXT '%s'", c, std::string(v).c_str());
    if (c != '\\') {
      out += c;
      continue;
    }
    FUZZ_CHECK(i + 1 < v.size(), "a TEXT value ends with a backslash");
    char e = v[++i];
    FUZZ_CHECK(e == '\\' || e == ';' || e == ',' || e == 'n' || e == 'N', "bad escape \\%c", e);
    out += (e == 'n' || e == 'N') ? '\n' : e;
  }
  return out;
}

void CheckText(const std::map<std::string, std::string>& props, const std::string& name, std::string_view field) {
  auto it = props.find(name);
  if (field.empty() && name != "UID") {
    FUZZ_CHECK(it == props.end(), "%s written for an empty field", name.c_str());
    return;
  }
  FUZZ_CHECK(it != props.end(), "%s missing", name.c_str());
  const std::string text = Unescape(it->second);
  if (IsCleanText(field)) FUZZ_CHECK(text == field, "%s reads back as '%s'", name.c_str(), text.c_str());
}

bool Digits(std::string_view s, size_t from, size_t n, int lo, int hi) {
  int v = 0;
  for (size_t i = from; i < from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  return v >= lo && v <= hi;
}

void CheckDateTime(const std::map<std::string, std::string>& props, const std::string& name) {
  auto it = props.find(name);
  FUZZ_CHECK(it != props.end(), "%s missing", name.c_str());
  const std::string& v = it->second;
  FUZZ_CHECK(v.size() == 16 && v[8] == 'T' && v[15] == 'Z' && Digits(v, 0, 4, 0, 9999) && Digits(v, 4, 2, 1, 12) &&
                 Digits(v, 6, 2, 1, 31) && Digits(v, 9, 2, 0, 23) && Digits(v, 11, 2, 0, 59) && Digits(v, 13, 2, 0, 60),
             "%s:%s is no UTC DATE-TIME", name.c_str(), v.c_str());
}

// The logical lines of `ics`, after the checks on its physical lines.
std::vector<std::string> Unfold(const std::string& ics) {
  FUZZ_CHECK(cobuy::IsValidUtf8(ics), "the calendar is not UTF-8");
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < ics.size()) {
    size_t end = ics.find("\r\n", pos);
    FUZZ_CHECK(end != std::string::npos, "the calendar does not end with CRLF");
    std::string_view line(ics.data() + pos, end - pos);
    pos = end + 2;
    FUZZ_CHECK(line.size() <= 75, "a line of %zu octets", line.size());
    FUZZ_CHECK(cobuy::IsValidUtf8(line), "a line splits a UTF-8 sequence: '%s'", std::string(line).c_str());
    for (char c : line) {
      const auto u = static_cast<unsigned char>(c);
      FUZZ_CHECK((u >= 0x20 && u != 0x7F) || c == '\t', "control character 0x%02x in '%s'", u, std::string(line).c_str());
    }
    if (!line.empty() && line[0] == ' ') {
      FUZZ_CHECK(!lines.empty(), "the calendar starts with a continuation line");
      FUZZ_CHECK(line.size() > 1, "an empty continuation line");
      lines.back().append(line.substr(1));
    } else {
      lines.emplace_back(line);
    }
  }
  return lines;
}

void CheckCalendar(const std::string& ics, std::string_view calendar_name, const std::vector<CalendarEntry>& entries) {
  const std::vector<std::string> lines = Unfold(ics);
  size_t i = 0;
  auto expect = [&](std::string_view want) {
    FUZZ_CHECK(i < lines.size() && lines[i] == want, "line %zu is '%s', expected '%s'", i,
               i < lines.size() ? lines[i].c_str() : "(end)", std::string(want).c_str());
    ++i;
  };
  expect("BEGIN:VCALENDAR");
  expect("PRODID:-//Cobuy//Cobuy communities//EN");
  expect("VERSION:2.0");
  expect("CALSCALE:GREGORIAN");
  expect("METHOD:PUBLISH");
  if (!calendar_name.empty()) {
    FUZZ_CHECK(i < lines.size() && lines[i].starts_with("X-WR-CALNAME:"), "X-WR-CALNAME missing");
    const std::string name = Unescape(std::string_view(lines[i]).substr(13));
    if (IsCleanText(calendar_name)) FUZZ_CHECK(name == calendar_name, "the calendar name reads back as '%s'", name.c_str());
    ++i;
  }
  for (const CalendarEntry& e : entries) {
    expect("BEGIN:VEVENT");
    std::map<std::string, std::string> props;
    while (i < lines.size() && lines[i] != "END:VEVENT") {
      const size_t colon = lines[i].find(':');
      FUZZ_CHECK(colon != std::string::npos && colon > 0, "no property name in '%s'", lines[i].c_str());
      const std::string name = lines[i].substr(0, colon);
      for (char c : name) FUZZ_CHECK((c >= 'A' && c <= 'Z') || c == '-', "property name '%s'", name.c_str());
      FUZZ_CHECK(props.emplace(name, lines[i].substr(colon + 1)).second, "%s twice in an event", name.c_str());
      ++i;
    }
    expect("END:VEVENT");
    CheckText(props, "UID", e.uid);
    CheckDateTime(props, "DTSTAMP");
    CheckDateTime(props, "DTSTART");
    CheckDateTime(props, "LAST-MODIFIED");
    // Times beyond the four-digit years are written as the bound, so two may write the same.
    if (e.ends_at > e.starts_at && cobuy::FormatTimestamp(e.ends_at) != cobuy::FormatTimestamp(e.starts_at)) {
      CheckDateTime(props, "DTEND");
      FUZZ_CHECK(props["DTEND"] > props["DTSTART"], "DTEND %s not after DTSTART %s", props["DTEND"].c_str(),
                 props["DTSTART"].c_str());
    } else {
      FUZZ_CHECK(props.count("DTEND") == 0, "DTEND for an end not after the start");
    }
    FUZZ_CHECK(props["SEQUENCE"] == std::to_string(e.sequence), "SEQUENCE");
    FUZZ_CHECK(props["STATUS"] == (e.cancelled ? "CANCELLED" : "CONFIRMED"), "STATUS");
    CheckText(props, "SUMMARY", e.summary);
    CheckText(props, "DESCRIPTION", e.description);
    CheckText(props, "LOCATION", e.location);
    CheckText(props, "CATEGORIES", e.categories);
    CheckText(props, "X-COBUY-TZID", e.time_zone);
    if (auto url = props.find("URL"); url != props.end()) {
      FUZZ_CHECK(!url->second.empty(), "an empty URL");
      for (char c : url->second) FUZZ_CHECK(static_cast<unsigned char>(c) > 0x20, "a space or control in the URL");
    }
  }
  expect("END:VCALENDAR");
  FUZZ_CHECK(i == lines.size(), "lines after END:VCALENDAR");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string_view> f = Split(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string_view calendar_name = f[0];
  const UnixSeconds now = f.size() > 1 ? Time(f[1], "UTC") : 0;
  std::vector<CalendarEntry> entries;
  for (size_t at = 2; at + kFieldsPerEvent <= f.size() && entries.size() < kMaxEvents; at += kFieldsPerEvent) {
    CalendarEntry e;
    e.uid = f[at];
    e.time_zone = f[at + 3];
    e.starts_at = Time(f[at + 1], e.time_zone);
    e.ends_at = Time(f[at + 2], e.time_zone);
    e.summary = f[at + 4];
    e.description = f[at + 5];
    e.location = f[at + 6];
    e.url = f[at + 7];
    e.categories = f[at + 8];
    std::string_view flags = f[at + 9];
    if (!flags.empty() && flags[0] == 'c') {
      e.cancelled = true;
      flags.remove_prefix(1);
    }
    if (!ParseInt(flags, &e.sequence)) e.sequence = 0;
    e.last_modified = Time(f[at + 10], "UTC");
    entries.push_back(std::move(e));
  }
  const std::string ics = cobuy::community::WriteCalendar(calendar_name, entries, now);
  CheckCalendar(ics, calendar_name, entries);
  return 0;
}
