// Cobuy's own HTTP request and response, independent of the server library.
//
// Request is what the server read (the path decoded, the query split into parameters, the
// headers with case-insensitive names, the whole body within the route's limit). Response is
// what a handler answers: a status, headers and either a body in memory or a producer that
// streams the body in chunks (exports, downloads) so that memory stays bounded.
//
// Thread-safety: a Request and its Response belong to the one worker running the handler.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace cobuy::http {

// Header names compare without regard to case.
struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;
using Params = std::multimap<std::string, std::string>;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: "/api/v1/x?y=z"
  std::string path;    // decoded, without the query
  Params params;       // the query's parameters, decoded ('+' is a space)
  Headers headers;
  std::string body;
  std::string remote_addr;  // the client (the peer, or X-Forwarded-For behind a trusted proxy)

  bool has_header(std::string_view name) const { return headers.find(std::string(name)) != headers.end(); }
  // The first value of a header, or "".
  std::string get_header_value(std::string_view name) const;
  bool has_param(std::string_view name) const { return params.find(std::string(name)) != params.end(); }
  // The first value of a query parameter, or "".
  std::string get_param_value(std::string_view name) const;
};

// Writes the next bytes of a streamed body; an error stops the producer (the client left).
using ChunkWriter = std::function<Status(std::string_view bytes)>;
// Produces a streamed body through the writer. Runs on the worker after the handler returned;
// once the first bytes are sent an error can only cut the response short.
using BodyProducer = std::function<Status(const ChunkWriter& write)>;

struct Response {
  int status = -1;  // -1: no handler answered
  Headers headers;
  std::string body;
  BodyProducer producer;  // set: the body is streamed with chunked transfer encoding

  bool has_header(std::string_view name) const { return headers.find(std::string(name)) != headers.end(); }
  std::string get_header_value(std::string_view name) const;
  // Adds a header (a second Set-Cookie adds a second line); one with CR or LF is dropped.
  void set_header(std::string_view name, std::string_view value);
  // Replaces every value of a header.
  void replace_header(std::string_view name, std::string_view value);
  // The body and its Content-Type.
  void set_content(std::string body, std::string_view content_type);
  // A streamed body of `content_type`, written by `producer` in chunks.
  void set_stream(std::string_view content_type, BodyProducer producer);
};

// %XX decoding (and '+' as a space when `plus_as_space`); an invalid escape stays as it is.
std::string DecodeUrl(std::string_view s, bool plus_as_space);
// "a=1&b=x+y" -> {a: 1, b: "x y"}.
Params ParseQuery(std::string_view query);

}  // namespace cobuy::http
