#include "community/ical.h"

#include <cstdint>

#include <fmt/format.h>

namespace cobuy::community {
namespace {

constexpr size_t kMaxLineOctets = 75;                      // RFC 5545 3.1, CRLF not counted
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the well-formed UTF-8 sequence at s[i], or 0 when there is none.
size_t SequenceLength(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

// A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks (CRLF,
// CR or LF) as \n, other control characters but tab dropped, malformed UTF-8 as U+FFFD.
std::string EscapeText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = SequenceLength(s, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    char c = s[i++];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r':
        out += "\\n";
        if (i < s.size() && s[i] == '\n') ++i;
        break;
      case '\t': out += c; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
    }
  }
  return out;
}

// A URI value: written as is (URIs are not TEXT-escaped), without control characters or
// malformed UTF-8, so it cannot break the line.
std::string CleanUri(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t n = SequenceLength(s, i);
    if (n == 0) {
      ++i;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (n > 1 || (c >= 0x21 && c != 0x7F)) out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

// "20261210T090000Z"
std::string UtcDateTime(UnixSeconds t) {
  std::string stamp = FormatTimestamp(t);  // "2026-12-10T09:00:00Z"
  std::string out;
  for (char c : stamp) {
    if (c != '-' && c != ':') out += c;
  }
  return out;
}

// Appends "name:value" (the value already escaped and valid UTF-8) folded at 75 octets: a
// continuation line starts with one space, and no UTF-8 sequence is split across lines.
void AppendLine(std::string& out, std::string_view name, std::string_view value) {
  std::string line = fmt::format("{}:{}", name, value);
  size_t pos = 0;
  bool first = true;
  while (true) {
    size_t room = first ? kMaxLineOctets : kMaxLineOctets - 1;
    if (!first) out += ' ';
    if (line.size() - pos <= room) {
      out.append(line, pos, std::string::npos);
      out += "\r\n";
      return;
    }
    size_t end = pos + room;
    while (end > pos && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;  // a sequence's start
    out.append(line, pos, end - pos);
    out += "\r\n";
    pos = end;
    first = false;
  }
}

void AppendText(std::string& out, std::string_view name, std::string_view value) {
  if (!value.empty()) AppendLine(out, name, EscapeText(value));
}

}  // namespace

std::string WriteCalendar(std::string_view calendar_name, const std::vector<CalendarEntry>& entries, UnixSeconds now) {
  std::string out;
  AppendLine(out, "BEGIN", "VCALENDAR");
  AppendLine(out, "PRODID", "-//Cobuy//Cobuy communities//EN");
  AppendLine(out, "VERSION", "2.0");
  AppendLine(out, "CALSCALE", "GREGORIAN");
  AppendLine(out, "METHOD", "PUBLISH");
  AppendText(out, "X-WR-CALNAME", calendar_name);
  const std::string stamp = UtcDateTime(now);
  for (const CalendarEntry& e : entries) {
    AppendLine(out, "BEGIN", "VEVENT");
    AppendLine(out, "UID", EscapeText(e.uid));
    AppendLine(out, "DTSTAMP", stamp);
    const std::string start = UtcDateTime(e.starts_at);
    AppendLine(out, "DTSTART", start);
    // RFC 5545 wants DTEND after DTSTART; without it the event is an instant at DTSTART. Times
    // beyond year 9999 are written as its last second, so two of them may write the same.
    if (std::string end = UtcDateTime(e.ends_at); e.ends_at > e.starts_at && end != start) {
      AppendLine(out, "DTEND", end);
    }
    AppendLine(out, "SEQUENCE", std::to_string(e.sequence));
    AppendLine(out, "STATUS", e.cancelled ? "CANCELLED" : "CONFIRMED");
    AppendLine(out, "LAST-MODIFIED", UtcDateTime(e.last_modified));
    AppendText(out, "SUMMARY", e.summary);
    AppendText(out, "DESCRIPTION", e.description);
    AppendText(out, "LOCATION", e.location);
    std::string url = CleanUri(e.url);
    if (!url.empty()) AppendLine(out, "URL", url);
    AppendText(out, "CATEGORIES", e.categories);
    AppendText(out, "X-COBUY-TZID", e.time_zone);
    AppendLine(out, "END", "VEVENT");
  }
  AppendLine(out, "END", "VCALENDAR");
  return out;
}

}  // namespace cobuy::community
