// WriteCalendar read back by a small RFC 5545 parser: unfolding, content lines (name,
// parameters, value), TEXT unescaping and component nesting, so the tests see what a client sees.
#include "community/ical.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <stdexcept>

#include "core/text.h"

namespace cobuy::community {
namespace {

struct Property {
  std::string name;
  std::map<std::string, std::string> params;
  std::string value;  // as written (still escaped)
};

struct Component {
  std::string name;
  std::vector<Property> properties;
  std::vector<Component> children;

  // The one property called `name`; fails the test when there is none or several.
  const Property& Get(std::string_view n) const {
    const Property* found = nullptr;
    for (const Property& p : properties) {
      if (p.name == n) {
        if (found) throw std::runtime_error("property twice: " + std::string(n));
        found = &p;
      }
    }
    if (!found) throw std::runtime_error("no property " + std::string(n));
    return *found;
  }
  bool Has(std::string_view n) const {
    for (const Property& p : properties) {
      if (p.name == n) return true;
    }
    return false;
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (const Property& p : properties) out.push_back(p.name);
    return out;
  }
};

// The physical lines: every one ends with CRLF, holds no other CR or LF, is at most 75 octets
// and is well-formed UTF-8 on its own (folding split no sequence).
std::vector<std::string> PhysicalLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\r\n", pos);
    if (end == std::string::npos) throw std::runtime_error("line without CRLF at " + std::to_string(pos));
    std::string line = text.substr(pos, end - pos);
    if (line.find_first_of("\r\n") != std::string::npos) throw std::runtime_error("bare CR or LF: " + line);
    if (line.size() > 75) throw std::runtime_error("longer than 75 octets: " + line);
    if (!IsValidUtf8(line)) throw std::runtime_error("split UTF-8 sequence: " + line);
    lines.push_back(std::move(line));
    pos = end + 2;
  }
  return lines;
}

// RFC 5545 3.1: a line starting with a space (or tab) continues the one before.
std::vector<std::string> Unfold(const std::vector<std::string>& physical) {
  std::vector<std::string> out;
  for (const std::string& line : physical) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (out.empty()) throw std::runtime_error("continuation without a line");
      out.back() += line.substr(1);
    } else {
      out.push_back(line);
    }
  }
  return out;
}

// name *(";" param) ":" value; parameter values may be quoted.
Property ParseContentLine(const std::string& line) {
  Property p;
  size_t i = line.find_first_of(";:");
  if (i == std::string::npos) throw std::runtime_error("no ':' in " + line);
  p.name = line.substr(0, i);
  while (line[i] == ';') {
    size_t eq = line.find('=', i);
    if (eq == std::string::npos) throw std::runtime_error("parameter without '=' in " + line);
    std::string key = line.substr(i + 1, eq - i - 1);
    std::string value;
    i = eq + 1;
    if (i < line.size() && line[i] == '"') {
      size_t close = line.find('"', i + 1);
      value = line.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      size_t end = line.find_first_of(";:", i);
      value = line.substr(i, end - i);
      i = end;
    }
    p.params[key] = value;
    if (i >= line.size()) throw std::runtime_error("no value in " + line);
  }
  p.value = line.substr(i + 1);
  return p;
}

// RFC 5545 3.3.11.
std::string Unescape(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') {
      if (v[i] == ';' || v[i] == ',') throw std::runtime_error("unescaped separator in " + std::string(v));
      out += v[i];
      continue;
    }
    if (++i == v.size()) throw std::runtime_error("trailing backslash");
    switch (v[i]) {
      case '\\': out += '\\'; break;
      case ';': out += ';'; break;
      case ',': out += ','; break;
      case 'n':
      case 'N': out += '\n'; break;
      default: throw std::runtime_error("bad escape in " + std::string(v));
    }
  }
  return out;
}

// The VCALENDAR: BEGIN/END nest properly and nothing follows it.
Component Parse(const std::string& text) {
  std::vector<Component> stack;
  std::optional<Component> root;
  for (const std::string& line : Unfold(PhysicalLines(text))) {
    if (root) throw std::runtime_error("content after END:VCALENDAR");
    Property p = ParseContentLine(line);
    if (p.name == "BEGIN") {
      stack.push_back(Component{p.value, {}, {}});
    } else if (p.name == "END") {
      if (stack.empty() || stack.back().name != p.value) throw std::runtime_error("END:" + p.value + " unmatched");
      Component done = std::move(stack.back());
      stack.pop_back();
      if (stack.empty()) {
        root = std::move(done);
      } else {
        stack.back().children.push_back(std::move(done));
      }
    } else {
      if (stack.empty()) throw std::runtime_error("property outside a component: " + line);
      stack.back().properties.push_back(std::move(p));
    }
  }
  if (!root || !stack.empty()) throw std::runtime_error("VCALENDAR not closed");
  return *root;
}

constexpr UnixSeconds kNow = 1796547600;  // 2026-12-06T09:00:00Z

CalendarEntry MarketEngagement() {
  CalendarEntry e;
  e.uid = "event-12@cobuy.eu";
  e.starts_at = 1796893200;  // 2026-12-10T09:00:00Z
  e.ends_at = 1796907600;    // 2026-12-10T13:00:00Z
  e.time_zone = "Europe/Brussels";
  e.summary = "Market dialogue: zero-emission refuse trucks";
  e.description = "Agenda:\n1. Welcome\n2. Suppliers pitch; questions, answers";
  e.location = "Rue Belliard 101, Brussels";
  e.url = "https://cobuy.eu/communities/3/events/12";
  e.categories = "market_engagement";
  e.sequence = 2;
  e.last_modified = 1796461200;  // 2026-12-05T09:00:00Z
  return e;
}

TEST(IcalTest, ExactCalendar) {
  CalendarEntry minimal;
  minimal.uid = "event-13@cobuy.eu";
  minimal.starts_at = 1796893200;
  minimal.ends_at = 1796896800;
  minimal.summary = "Core group call";
  minimal.cancelled = true;
  minimal.last_modified = 1796461200;
  std::string ics = WriteCalendar("Clean vehicles", {MarketEngagement(), minimal}, kNow);
  EXPECT_EQ(ics,
            "BEGIN:VCALENDAR\r\n"
            "PRODID:-//Cobuy//Cobuy communities//EN\r\n"
            "VERSION:2.0\r\n"
            "CALSCALE:GREGORIAN\r\n"
            "METHOD:PUBLISH\r\n"
            "X-WR-CALNAME:Clean vehicles\r\n"
            "BEGIN:VEVENT\r\n"
            "UID:event-12@cobuy.eu\r\n"
            "DTSTAMP:20261206T090000Z\r\n"
            "DTSTART:20261210T090000Z\r\n"
            "DTEND:20261210T130000Z\r\n"
            "SEQUENCE:2\r\n"
            "STATUS:CONFIRMED\r\n"
            "LAST-MODIFIED:20261205T090000Z\r\n"
            "SUMMARY:Market dialogue: zero-emission refuse trucks\r\n"
            "DESCRIPTION:Agenda:\\n1. Welcome\\n2. Suppliers pitch\\; questions\\, answers\r\n"
            "LOCATION:Rue Belliard 101\\, Brussels\r\n"
            "URL:https://cobuy.eu/communities/3/events/12\r\n"
            "CATEGORIES:market_engagement\r\n"
            "X-COBUY-TZID:Europe/Brussels\r\n"
            "END:VEVENT\r\n"
            "BEGIN:VEVENT\r\n"
            "UID:event-13@cobuy.eu\r\n"
            "DTSTAMP:20261206T090000Z\r\n"
            "DTSTART:20261210T090000Z\r\n"
            "DTEND:20261210T100000Z\r\n"
            "SEQUENCE:0\r\n"
            "STATUS:CANCELLED\r\n"
            "LAST-MODIFIED:20261205T090000Z\r\n"
            "SUMMARY:Core group call\r\n"
            "END:VEVENT\r\n"
            "END:VCALENDAR\r\n");
}

TEST(IcalTest, ParsesBack) {
  Component cal = Parse(WriteCalendar("Clean vehicles, Brussels; 2026", {MarketEngagement()}, kNow));
  EXPECT_EQ(cal.name, "VCALENDAR");
  EXPECT_EQ(cal.Names(), (std::vector<std::string>{"PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME"}));
  EXPECT_EQ(cal.Get("VERSION").value, "2.0");
  EXPECT_EQ(cal.Get("METHOD").value, "PUBLISH");
  EXPECT_EQ(Unescape(cal.Get("X-WR-CALNAME").value), "Clean vehicles, Brussels; 2026");
  ASSERT_EQ(cal.children.size(), 1u);
  const Component& ev = cal.children[0];
  EXPECT_EQ(ev.name, "VEVENT");
  EXPECT_TRUE(ev.children.empty());
  EXPECT_EQ(ev.Names(),
            (std::vector<std::string>{"UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "STATUS", "LAST-MODIFIED",
                                      "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "CATEGORIES", "X-COBUY-TZID"}));
  for (const Property& p : ev.properties) EXPECT_TRUE(p.params.empty()) << p.name;
  EXPECT_EQ(ev.Get("UID").value, "event-12@cobuy.eu");
  EXPECT_EQ(ev.Get("DTSTART").value, "20261210T090000Z");
  EXPECT_EQ(ev.Get("DTEND").value, "20261210T130000Z");
  EXPECT_EQ(ev.Get("DTSTAMP").value, "20261206T090000Z");
  EXPECT_EQ(ev.Get("SEQUENCE").value, "2");
  EXPECT_EQ(ev.Get("STATUS").value, "CONFIRMED");
  EXPECT_EQ(Unescape(ev.Get("SUMMARY").value), "Market dialogue: zero-emission refuse trucks");
  EXPECT_EQ(Unescape(ev.Get("DESCRIPTION").value), "Agenda:\n1. Welcome\n2. Suppliers pitch; questions, answers");
  EXPECT_EQ(Unescape(ev.Get("LOCATION").value), "Rue Belliard 101, Brussels");
  EXPECT_EQ(ev.Get("URL").value, "https://cobuy.eu/communities/3/events/12");
  EXPECT_EQ(ev.Get("CATEGORIES").value, "market_engagement");
  EXPECT_EQ(ev.Get("X-COBUY-TZID").value, "Europe/Brussels");
}

TEST(IcalTest, EmptyCalendarAndOptionalPropertiesLeftOut) {
  Component empty = Parse(WriteCalendar("Nothing yet", {}, kNow));
  EXPECT_TRUE(empty.children.empty());

  CalendarEntry bare;
  bare.uid = "event-1@cobuy.eu";
  bare.starts_at = 1796893200;
  bare.ends_at = 1796893200;  // not after the start: no DTEND
  Component cal = Parse(WriteCalendar("", {bare}, kNow));
  EXPECT_FALSE(cal.Has("X-WR-CALNAME"));
  ASSERT_EQ(cal.children.size(), 1u);
  EXPECT_EQ(cal.children[0].Names(),
            (std::vector<std::string>{"UID", "DTSTAMP", "DTSTART", "SEQUENCE", "STATUS", "LAST-MODIFIED"}));
}

TEST(IcalTest, LongUtf8DescriptionSurvivesFolding) {
  std::string description;
  for (int i = 0; i < 12; ++i) {
    description += "Besichtigung der Müllfahrzeuge in Liège – 🚛 électrique, 東京; ";
    description += "back\\slash\n";
  }
  // Every offset of a multi-byte sequence relative to the fold points.
  for (int shift = 0; shift < 8; ++shift) {
    CalendarEntry e = MarketEngagement();
    e.description = std::string(static_cast<size_t>(shift), 'x') + description;
    e.summary = std::string(static_cast<size_t>(shift), 'y') + "Ünïcödé ✓ " + std::string(70, 'z') + "€€€€€€";
    std::string ics = WriteCalendar("Fleet", {e}, kNow);
    Component cal = Parse(ics);  // checks CRLF, 75 octets, no split sequences
    const Component& ev = cal.children.at(0);
    EXPECT_EQ(Unescape(ev.Get("DESCRIPTION").value), e.description) << shift;
    EXPECT_EQ(Unescape(ev.Get("SUMMARY").value), e.summary) << shift;
  }
}

TEST(IcalTest, FoldsAtExactly75Octets) {
  CalendarEntry e = MarketEngagement();
  e.summary = std::string(75 - 8, 's');  // "SUMMARY:" + 67 = 75 octets: one line
  std::string ics = WriteCalendar("c", {e}, kNow);
  EXPECT_NE(ics.find("\r\nSUMMARY:" + e.summary + "\r\nDESCRIPTION"), std::string::npos);

  e.summary = std::string(75 - 8 + 1, 's');  // 76 octets: 75 and " " + 1
  ics = WriteCalendar("c", {e}, kNow);
  EXPECT_NE(ics.find("\r\nSUMMARY:" + std::string(67, 's') + "\r\n s\r\nDESCRIPTION"), std::string::npos);

  e.summary = std::string(66, 's') + "é";  // the 2-octet sequence would straddle octet 75: moves down whole
  ics = WriteCalendar("c", {e}, kNow);
  EXPECT_NE(ics.find("\r\nSUMMARY:" + std::string(66, 's') + "\r\n é\r\n"), std::string::npos);

  e.summary = std::string(67 + 74, 's') + "t";  // continuation lines hold 74 octets after the space
  ics = WriteCalendar("c", {e}, kNow);
  EXPECT_NE(ics.find("\r\nSUMMARY:" + std::string(67, 's') + "\r\n " + std::string(74, 's') + "\r\n t\r\n"),
            std::string::npos);
}

TEST(IcalTest, EscapingRoundTrips) {
  const std::vector<std::string> texts = {
      "a\\b;c,d\ne",     "\\n is not a newline", ";;,,\\\\",  "trailing backslash\\",
      "windows\r\nline", "old mac\rline",        "tab\tkept", "",
  };
  for (const std::string& t : texts) {
    CalendarEntry e = MarketEngagement();
    e.description = t;
    e.location = t;
    Component cal = Parse(WriteCalendar(t, {e}, kNow));
    std::string expected = t;
    for (size_t i; (i = expected.find("\r\n")) != std::string::npos;) expected.replace(i, 2, "\n");
    for (char& c : expected) {
      if (c == '\r') c = '\n';
    }
    const Component& ev = cal.children.at(0);
    if (t.empty()) {
      EXPECT_FALSE(ev.Has("DESCRIPTION"));
      EXPECT_FALSE(cal.Has("X-WR-CALNAME"));
      continue;
    }
    EXPECT_EQ(Unescape(ev.Get("DESCRIPTION").value), expected) << t;
    EXPECT_EQ(Unescape(ev.Get("LOCATION").value), expected) << t;
    EXPECT_EQ(Unescape(cal.Get("X-WR-CALNAME").value), expected) << t;
  }
  CalendarEntry e = MarketEngagement();
  e.description = "a\\b;c,d\ne";
  EXPECT_NE(WriteCalendar("c", {e}, kNow).find("\r\nDESCRIPTION:a\\\\b\\;c\\,d\\ne\r\n"), std::string::npos);
}

TEST(IcalTest, NothingBreaksOutOfItsLine) {
  CalendarEntry e = MarketEngagement();
  e.url = "https://cobuy.eu/x?a=1,2\r\nX-EVIL:1";
  e.summary = "bell\x07 nul\x01 del\x7f end";
  e.uid = "event-9@cobuy.eu\r\nX-EVIL:2";
  e.description = "bad \xC3 utf-8 \xFF end";
  Component cal = Parse(WriteCalendar("c", {e}, kNow));
  const Component& ev = cal.children.at(0);
  EXPECT_FALSE(ev.Has("X-EVIL"));
  EXPECT_EQ(ev.Get("URL").value, "https://cobuy.eu/x?a=1,2X-EVIL:1");
  EXPECT_EQ(Unescape(ev.Get("SUMMARY").value), "bell nul del end");
  EXPECT_EQ(Unescape(ev.Get("UID").value), "event-9@cobuy.eu\nX-EVIL:2");
  EXPECT_EQ(Unescape(ev.Get("DESCRIPTION").value), "bad \xEF\xBF\xBD utf-8 \xEF\xBF\xBD end");
}

// Found by fuzz/ical_fuzz.cc (fuzz/crashes/ical/): 9999-12-31T23:59 in Los Angeles is in year
// 10000 in UTC, which was written "100000101T075900Z"; times near the ends of int64 overflowed.
TEST(IcalTest, TimesBeyondFourDigitYearsAreWrittenAsTheBounds) {
  CalendarEntry e = MarketEngagement();
  e.starts_at = 253402329540;  // 10000-01-01T07:59:00Z
  e.ends_at = 253402333140;
  e.last_modified = INT64_MIN;
  Component cal = Parse(WriteCalendar("c", {e}, INT64_MAX));
  const Component& ev = cal.children.at(0);
  EXPECT_EQ(ev.Get("DTSTART").value, "99991231T235959Z");
  EXPECT_FALSE(ev.Has("DTEND"));  // it would equal DTSTART
  EXPECT_EQ(ev.Get("DTSTAMP").value, "99991231T235959Z");
  EXPECT_EQ(ev.Get("LAST-MODIFIED").value, "00000101T000000Z");
}

}  // namespace
}  // namespace cobuy::community
