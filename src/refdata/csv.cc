#include "refdata/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>

#include "core/text.h"

namespace cobuy {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Where bytes that are not UTF-8 first appear, as a 1-based line number.
size_t FirstInvalidUtf8Line(std::string_view text) {
  size_t line = 1;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    if (!IsValidUtf8(text.substr(begin, end - begin))) return line;
    begin = end + 1;
    ++line;
  }
  return line;
}

}  // namespace

CsvReader::CsvReader(std::string text, std::string name)
    : text_(std::move(text)), name_(std::move(name)) {}

Result<CsvReader> CsvReader::Open(const std::filesystem::path& path, std::string name) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    return NotFound(
        fmt::format("{}: cannot open {}: {}", name, path.string(), std::strerror(errno)));
  }
  std::string text;
  std::error_code size_error;
  const auto size = std::filesystem::file_size(path, size_error);
  if (!size_error) text.reserve(static_cast<size_t>(size));
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
  if (std::ferror(file.get())) {
    return Internal(fmt::format("{}: cannot read {}", name, path.string()));
  }
  return FromString(std::move(text), std::move(name));
}

Result<CsvReader> CsvReader::FromString(std::string text, std::string name) {
  CsvReader reader(std::move(text), std::move(name));
  if (!IsValidUtf8(reader.text_)) {
    return reader.Error(FirstInvalidUtf8Line(reader.text_), "invalid UTF-8");
  }
  if (std::string_view(reader.text_).substr(0, kBom.size()) == kBom) reader.pos_ = kBom.size();
  COBUY_RETURN_IF_ERROR(reader.ReadHeader());
  return reader;
}

Status CsvReader::Error(size_t line, std::string_view message, std::string field) const {
  return InvalidArgument(fmt::format("{}:{}: {}", name_, line, message), std::move(field));
}

Result<size_t> CsvReader::Column(std::string_view column) const {
  auto it = std::find(header_.begin(), header_.end(), column);
  if (it == header_.end()) return Error(header_line_, fmt::format("missing column '{}'", column));
  return static_cast<size_t>(it - header_.begin());
}

Result<std::vector<size_t>> CsvReader::Columns(
    std::initializer_list<std::string_view> columns) const {
  std::vector<size_t> indices;
  indices.reserve(columns.size());
  for (std::string_view column : columns) {
    COBUY_ASSIGN_OR_RETURN(size_t index, Column(column));
    indices.push_back(index);
  }
  return indices;
}

Status CsvReader::ReadHeader() {
  // Skip empty lines before the header, as between records.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_.compare(pos_, 2, "\r\n") == 0)) {
    pos_ += text_[pos_] == '\n' ? 1 : 2;
    ++line_;
  }
  if (pos_ >= text_.size()) return Error(line_, "empty file, expected a header row");
  header_line_ = line_;
  size_t count = 0;
  COBUY_RETURN_IF_ERROR(ParseRecord(header_, &count));
  header_.resize(count);
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i].empty()) continue;
    for (size_t j = 0; j < i; ++j) {
      if (header_[j] == header_[i]) {
        return Error(header_line_, fmt::format("duplicate column '{}'", header_[i]));
      }
    }
  }
  return Status::Ok();
}

Result<bool> CsvReader::Next(CsvRow& row) {
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_.compare(pos_, 2, "\r\n") == 0)) {
    pos_ += text_[pos_] == '\n' ? 1 : 2;
    ++line_;
  }
  if (pos_ >= text_.size()) return false;
  row.line = line_;
  size_t count = 0;
  COBUY_RETURN_IF_ERROR(ParseRecord(row.fields, &count));
  row.fields.resize(count);
  if (count != header_.size()) {
    return Error(row.line, fmt::format("expected {} fields, got {}", header_.size(), count));
  }
  return true;
}

Status CsvReader::ParseRecord(std::vector<std::string>& fields, size_t* count) {
  const std::string& t = text_;
  const size_t size = t.size();
  // Names the field for messages: its column when the header is known.
  auto where = [this](size_t index) {
    if (index < header_.size() && !header_[index].empty()) {
      return fmt::format("column '{}'", header_[index]);
    }
    return fmt::format("field {}", index + 1);
  };
  size_t n = 0;
  while (true) {
    if (n == fields.size()) fields.emplace_back();
    std::string& field = fields[n];
    field.clear();
    if (pos_ < size && t[pos_] == '"') {
      const size_t open_line = line_;
      ++pos_;
      while (true) {
        size_t quote = t.find('"', pos_);
        if (quote == std::string::npos) {
          return Error(open_line, fmt::format("unterminated quoted field in {}", where(n)));
        }
        line_ +=
            static_cast<size_t>(std::count(t.begin() + static_cast<std::ptrdiff_t>(pos_),
                                           t.begin() + static_cast<std::ptrdiff_t>(quote), '\n'));
        field.append(t, pos_, quote - pos_);
        pos_ = quote + 1;
        if (pos_ < size && t[pos_] == '"') {  // a doubled quote stands for one
          field.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      // The CR of a CRLF after a closing quote, or a CR ending the input.
      if (pos_ < size && t[pos_] == '\r' && (pos_ + 1 == size || t[pos_ + 1] == '\n')) ++pos_;
      if (pos_ < size && t[pos_] != ',' && t[pos_] != '\n') {
        return Error(line_,
                     fmt::format("unexpected character after the closing quote in {}", where(n)));
      }
    } else {
      const size_t begin = pos_;
      while (pos_ < size) {
        const char c = t[pos_];
        if (c == ',' || c == '\n') break;
        if (c == '"') {
          return Error(line_, fmt::format("quote inside an unquoted field in {}", where(n)));
        }
        ++pos_;
      }
      size_t end = pos_;
      // The CR of a CRLF, or a CR ending the input; a CR elsewhere is data.
      if (end > begin && t[end - 1] == '\r' && (end == size || t[end] == '\n')) --end;
      field.assign(t, begin, end - begin);
    }
    ++n;
    if (pos_ >= size) break;
    if (t[pos_] == ',') {
      ++pos_;
      continue;
    }
    ++pos_;  // '\n'
    ++line_;
    break;
  }
  *count = n;
  return Status::Ok();
}

}  // namespace cobuy
