// CsvReader: an RFC 4180 reader over one whole file held in memory.
//
// Accepts quoted fields with doubled quotes, commas and line breaks inside quotes, CRLF or
// LF line ends, and a UTF-8 byte order mark at the start (skipped). The text must be valid
// UTF-8. The first record is the header; every record must have as many fields as the
// header. Empty lines (no characters at all) between records are skipped. A lone CR is data.
// A quote inside an unquoted field, text after a closing quote, and a quote left open at
// the end of the input are errors.
//
// Every error is kInvalidArgument with a message "<name>:<line>: what", where <name> is
// the label given at construction (e.g. "countries/countries.csv") and <line> the 1-based
// physical line: of the offending character, of the opening quote for an unterminated
// field, of the record's start for a wrong number of fields.
//
// Ownership: the reader owns a copy of the text. Rows are filled by the caller's CsvRow,
// whose strings are reused from one call to the next.
// Thread-safety: none; one reader per thread. Distinct readers are independent.
#pragma once

#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace cobuy {

// One record of a CSV file.
struct CsvRow {
  size_t line = 0;                  // physical line (1-based) where the record starts
  std::vector<std::string> fields;  // unquoted, unescaped
};

class CsvReader {
 public:
  // Reads the file at `path` whole and parses its header. `name` labels errors.
  // Errors: kNotFound when the file cannot be opened; kInvalidArgument for an empty file,
  // invalid UTF-8 or a malformed header.
  static Result<CsvReader> Open(const std::filesystem::path& path, std::string name);
  // Parses the header of `text`. Errors as for Open, except kNotFound.
  static Result<CsvReader> FromString(std::string text, std::string name);

  const std::string& name() const { return name_; }
  // The whole input as given (BOM included), e.g. for checksums.
  const std::string& text() const { return text_; }
  const std::vector<std::string>& header() const { return header_; }
  // Physical line of the header (1 unless empty lines come first).
  size_t header_line() const { return header_line_; }

  // Index of the header column `column`, or kInvalidArgument
  // "<name>:<header line>: missing column '<column>'".
  Result<size_t> Column(std::string_view column) const;
  // Indices of several columns at once, in the order asked; the first missing one fails.
  Result<std::vector<size_t>> Columns(std::initializer_list<std::string_view> columns) const;

  // Reads the next record into `row`. Returns true when a record was read, false at the
  // end of input (row untouched), or kInvalidArgument for a malformed record.
  Result<bool> Next(CsvRow& row);

  // kInvalidArgument "<name>:<line>: <message>", for callers that validate field values.
  Status Error(size_t line, std::string_view message, std::string field = {}) const;

 private:
  CsvReader(std::string text, std::string name);
  Status ReadHeader();
  // Parses one record starting at pos_ into `fields`; sets *count to the number of fields.
  Status ParseRecord(std::vector<std::string>& fields, size_t* count);

  std::string text_;
  std::string name_;
  std::vector<std::string> header_;
  size_t header_line_ = 1;
  size_t pos_ = 0;   // next byte to read
  size_t line_ = 1;  // physical line of pos_
};

}  // namespace cobuy
