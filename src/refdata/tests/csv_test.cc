#include "refdata/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cobuy {
namespace {

struct Parsed {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
};

// Parses all of `text`, or returns the first error.
Result<Parsed> ParseAll(std::string text) {
  COBUY_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::FromString(std::move(text), "t.csv"));
  Parsed parsed{.header = reader.header()};
  CsvRow row;
  while (true) {
    COBUY_ASSIGN_OR_RETURN(bool more, reader.Next(row));
    if (!more) break;
    parsed.rows.push_back(row);
  }
  return parsed;
}

using Fields = std::vector<std::string>;

TEST(CsvReaderTest, ReadsHeaderAndRowsWithLineNumbers) {
  Result<Parsed> p = ParseAll("code,name\nDE,Germany\nFR,France\n");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->header, (Fields{"code", "name"}));
  ASSERT_EQ(p->rows.size(), 2u);
  EXPECT_EQ(p->rows[0].fields, (Fields{"DE", "Germany"}));
  EXPECT_EQ(p->rows[0].line, 2u);
  EXPECT_EQ(p->rows[1].fields, (Fields{"FR", "France"}));
  EXPECT_EQ(p->rows[1].line, 3u);
}

TEST(CsvReaderTest, QuotedFieldsWithCommasQuotesAndNewlines) {
  Result<Parsed> p = ParseAll(
      "a,b,c\n"
      "\"München, Stadt\",\"say \"\"hi\"\"\",\"\"\n"
      "\"two\nlines\",\"crlf\r\ninside\",x\n"
      "after,the,break\n");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->rows.size(), 3u);
  EXPECT_EQ(p->rows[0].fields, (Fields{"München, Stadt", "say \"hi\"", ""}));
  EXPECT_EQ(p->rows[0].line, 2u);
  EXPECT_EQ(p->rows[1].fields, (Fields{"two\nlines", "crlf\r\ninside", "x"}));
  EXPECT_EQ(p->rows[1].line, 3u);
  // The record above spans lines 3 to 5.
  EXPECT_EQ(p->rows[2].fields, (Fields{"after", "the", "break"}));
  EXPECT_EQ(p->rows[2].line, 6u);
}

TEST(CsvReaderTest, CrlfLineEnds) {
  Result<Parsed> p = ParseAll("a,b\r\n1,\"2\"\r\n3,4\r\n");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->header, (Fields{"a", "b"}));
  ASSERT_EQ(p->rows.size(), 2u);
  EXPECT_EQ(p->rows[0].fields, (Fields{"1", "2"}));
  EXPECT_EQ(p->rows[1].fields, (Fields{"3", "4"}));
  EXPECT_EQ(p->rows[1].line, 3u);
}

TEST(CsvReaderTest, ByteOrderMarkIsSkipped) {
  Result<Parsed> p = ParseAll(
      "\xEF\xBB\xBF"
      "code,name\nDE,Deutschland\n");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->header, (Fields{"code", "name"}));
  EXPECT_EQ(p->rows[0].fields, (Fields{"DE", "Deutschland"}));
}

TEST(CsvReaderTest, TrailingCommaGivesAnEmptyLastField) {
  // As in the ECB file: every line, the header too, ends with a comma.
  Result<Parsed> p = ParseAll("Date,USD,\n2026-04-13,1.1684,\n");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->header, (Fields{"Date", "USD", ""}));
  EXPECT_EQ(p->rows[0].fields, (Fields{"2026-04-13", "1.1684", ""}));
}

TEST(CsvReaderTest, LastLineWithoutNewlineAndEmptyLinesSkipped) {
  Result<Parsed> p = ParseAll("\na,b\n\n1,2\n\r\n3,\"4\"");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->header, (Fields{"a", "b"}));
  ASSERT_EQ(p->rows.size(), 2u);
  EXPECT_EQ(p->rows[0].fields, (Fields{"1", "2"}));
  EXPECT_EQ(p->rows[0].line, 4u);
  EXPECT_EQ(p->rows[1].fields, (Fields{"3", "4"}));
  EXPECT_EQ(p->rows[1].line, 6u);
}

TEST(CsvReaderTest, Utf8AndLoneCarriageReturnAreKept) {
  Result<Parsed> p = ParseAll("a,b\nΑττική,x\ry\n🇩🇪,\u00a0\n");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->rows[0].fields, (Fields{"Αττική", "x\ry"}));
  EXPECT_EQ(p->rows[1].fields, (Fields{"🇩🇪", "\u00a0"}));
}

TEST(CsvReaderTest, RowFieldsAreReusedBetweenRecords) {
  Result<CsvReader> reader = CsvReader::FromString("a,b\nlong value number one,2\n3,4\n", "t.csv");
  ASSERT_TRUE(reader.ok());
  CsvRow row;
  ASSERT_TRUE(*reader->Next(row));
  ASSERT_TRUE(*reader->Next(row));
  EXPECT_EQ(row.fields, (Fields{"3", "4"}));
  EXPECT_EQ(row.line, 3u);
  Result<bool> end = reader->Next(row);
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
  EXPECT_EQ(row.fields, (Fields{"3", "4"}));  // untouched at the end
}

TEST(CsvReaderTest, ColumnLookup) {
  Result<CsvReader> reader = CsvReader::FromString("alpha2,name_en,eu_member\n", "countries.csv");
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(*reader->Column("eu_member"), 2u);
  EXPECT_EQ(*reader->Columns({"name_en", "alpha2"}), (std::vector<size_t>{1, 0}));
  EXPECT_EQ(reader->Column("efta_member").status(),
            InvalidArgument("countries.csv:1: missing column 'efta_member'"));
  EXPECT_EQ(reader->Columns({"alpha2", "eea_member", "x"}).status(),
            InvalidArgument("countries.csv:1: missing column 'eea_member'"));
}

TEST(CsvReaderTest, ErrorUnterminatedQuote) {
  EXPECT_EQ(ParseAll("a,b\n1,2\n3,\"open\nstill open\n").status(),
            InvalidArgument("t.csv:3: unterminated quoted field in column 'b'"));
  EXPECT_EQ(ParseAll("\"a,b\n").status(),
            InvalidArgument("t.csv:1: unterminated quoted field in field 1"));
}

TEST(CsvReaderTest, ErrorWrongFieldCount) {
  EXPECT_EQ(ParseAll("a,b\n1,2\n1,2,3\n").status(),
            InvalidArgument("t.csv:3: expected 2 fields, got 3"));
  EXPECT_EQ(ParseAll("a,b\n\"multi\nline\",2\n1\n").status(),
            InvalidArgument("t.csv:4: expected 2 fields, got 1"));
}

TEST(CsvReaderTest, ErrorStrayQuotes) {
  EXPECT_EQ(ParseAll("a,b\n1,x\"y\n").status(),
            InvalidArgument("t.csv:2: quote inside an unquoted field in column 'b'"));
  EXPECT_EQ(ParseAll("a,b\n\"x\"y,1\n").status(),
            InvalidArgument("t.csv:2: unexpected character after the closing quote in column 'a'"));
}

TEST(CsvReaderTest, ErrorHeader) {
  EXPECT_EQ(ParseAll("").status(), InvalidArgument("t.csv:1: empty file, expected a header row"));
  EXPECT_EQ(ParseAll("\n\r\n").status(),
            InvalidArgument("t.csv:3: empty file, expected a header row"));
  EXPECT_EQ(ParseAll("a,b,a\n").status(), InvalidArgument("t.csv:1: duplicate column 'a'"));
}

TEST(CsvReaderTest, ErrorInvalidUtf8NamesTheLine) {
  EXPECT_EQ(ParseAll("a,b\n1,2\n3,\xC3\x28\n").status(), InvalidArgument("t.csv:3: invalid UTF-8"));
}

TEST(CsvReaderTest, OpenReadsAFile) {
  Result<CsvReader> reader =
      CsvReader::Open(COBUY_SOURCE_DIR "/data/ref/currencies/iso4217_currencies.csv", "iso.csv");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->name(), "iso.csv");
  EXPECT_EQ(reader->header()[0], "code");
  CsvRow row;
  ASSERT_TRUE(*reader->Next(row));
  EXPECT_EQ(row.fields[0], "AED");
  EXPECT_EQ(row.line, 2u);
}

TEST(CsvReaderTest, OpenMissingFileIsNotFound) {
  Result<CsvReader> reader = CsvReader::Open("/nonexistent/dir/x.csv", "x.csv");
  EXPECT_EQ(reader.status(),
            NotFound("x.csv: cannot open /nonexistent/dir/x.csv: No such file or directory"));
}

}  // namespace
}  // namespace cobuy
