#include "http/message.h"

#include <algorithm>

namespace cobuy::http {
namespace {

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The first value of `name` in a multimap of headers or parameters, or "".
template <typename Multimap>
std::string FirstValue(const Multimap& values, std::string_view name) {
  auto it = values.find(std::string(name));
  return it == values.end() ? std::string() : it->second;
}

}  // namespace

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return Lower(x) < Lower(y); });
}

std::string Request::get_header_value(std::string_view name) const {
  return FirstValue(headers, name);
}

std::string Request::get_param_value(std::string_view name) const {
  return FirstValue(params, name);
}

std::string Response::get_header_value(std::string_view name) const {
  return FirstValue(headers, name);
}

void Response::set_header(std::string_view name, std::string_view value) {
  // A line break in a header would end it and let the rest forge headers or a body: dropped.
  if (name.find_first_of("\r\n") != std::string_view::npos || value.find_first_of("\r\n") != std::string_view::npos)
    return;
  headers.emplace(std::string(name), std::string(value));
}

void Response::replace_header(std::string_view name, std::string_view value) {
  headers.erase(std::string(name));
  set_header(name, value);
}

void Response::set_content(std::string content, std::string_view content_type) {
  body = std::move(content);
  producer = nullptr;
  replace_header("Content-Type", content_type);
}

void Response::set_stream(std::string_view content_type, BodyProducer p) {
  body.clear();
  producer = std::move(p);
  replace_header("Content-Type", content_type);
}

std::string DecodeUrl(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += plus_as_space && c == '+' ? ' ' : c;
  }
  return out;
}

Params ParseQuery(std::string_view query) {
  Params params;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key = DecodeUrl(pair.substr(0, eq), true);
      std::string value = eq == std::string_view::npos ? std::string() : DecodeUrl(pair.substr(eq + 1), true);
      if (!key.empty()) params.emplace(std::move(key), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return params;
}

}  // namespace cobuy::http
