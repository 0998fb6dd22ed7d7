// <utility> first: Boost 1.74's Asio does not compile under C++20 with g++ 12 without it.
#include <utility>

#include "http/server.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <limits>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include "core/text.h"
#include "http/json_body.h"
#include "http/problem.h"

namespace cobuy::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Sent on every response unless the handler set the header itself.
constexpr std::pair<const char*, const char*> kDefaultHeaders[] = {
    {"Content-Security-Policy", kCsp},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};
constexpr const char* kHsts = "max-age=31536000";

constexpr size_t kMaxTargetBytes = 8192;            // longer request targets: 414
constexpr size_t kStreamChunkBytes = 64 * 1024;     // a streamed body is sent in chunks of about this
constexpr size_t kStaticStreamBytes = 1024 * 1024;  // larger static files are streamed
constexpr size_t kLingerBytes = 4 * 1024 * 1024;    // read and dropped after an error answer

// A whole answer as it is written: the status line and header, then the body, kept apart so
// that the body is written from where the handler left it, not copied behind the header.
struct Outgoing {
  std::string head;
  std::string body;
  std::array<net::const_buffer, 2> Buffers() const { return {net::buffer(head), net::buffer(body)}; }
};

bool IsStateChanging(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool IsKnownMethod(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || IsStateChanging(method);
}

bool SameToken(std::string_view a, std::string_view b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool HasControlChar(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// A route's path split at '/', "{...}" segments standing for one non-empty segment.
struct CompiledRoute {
  const Route* route;
  std::vector<std::string> segments;
  std::vector<bool> is_param;
};

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool MatchRoute(const CompiledRoute& r, std::string_view path, std::vector<std::string>* params) {
  std::vector<std::string_view> parts = SplitPath(path);
  if (parts.size() != r.segments.size()) return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (r.is_param[i] ? parts[i].empty() : parts[i] != r.segments[i]) return false;
  }
  if (params) {
    for (size_t i = 0; i < parts.size(); ++i)
      if (r.is_param[i]) params->emplace_back(parts[i]);
  }
  return true;
}

// The types of the web app's files, by extension (as cpp-httplib typed them).
std::string_view ContentTypeFor(const std::filesystem::path& path) {
  static const std::unordered_map<std::string, std::string_view> kTypes = {
      {".css", "text/css"},          {".csv", "text/csv"},         {".htm", "text/html"},
      {".html", "text/html"},        {".js", "text/javascript"},   {".mjs", "text/javascript"},
      {".txt", "text/plain"},        {".vtt", "text/vtt"},         {".apng", "image/apng"},
      {".avif", "image/avif"},       {".bmp", "image/bmp"},        {".gif", "image/gif"},
      {".png", "image/png"},         {".svg", "image/svg+xml"},    {".webp", "image/webp"},
      {".ico", "image/x-icon"},      {".tif", "image/tiff"},       {".tiff", "image/tiff"},
      {".jpg", "image/jpeg"},        {".jpeg", "image/jpeg"},      {".mp4", "video/mp4"},
      {".mpeg", "video/mpeg"},       {".webm", "video/webm"},      {".mp3", "audio/mp3"},
      {".wav", "audio/wave"},        {".otf", "font/otf"},         {".ttf", "font/ttf"},
      {".woff", "font/woff"},        {".woff2", "font/woff2"},     {".pdf", "application/pdf"},
      {".json", "application/json"}, {".map", "application/json"}, {".webmanifest", "application/manifest+json"},
      {".xml", "application/xml"},   {".gz", "application/gzip"},  {".zip", "application/zip"},
      {".wasm", "application/wasm"},
  };
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

std::string NormalAddress(const std::string& address) {
  boost::system::error_code ec;
  auto a = net::ip::make_address(address, ec);
  if (ec) return address;
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return net::ip::make_address_v4(net::ip::v4_mapped, a.to_v6()).to_string();
  return a.to_string();
}

}  // namespace

std::string RedactPath(std::string_view path) {
  std::string out(path);
  for (std::string_view marker : {"/invitations/", "/invite/"}) {
    size_t at = out.find(marker);
    if (at == std::string::npos) continue;
    size_t begin = at + marker.size();
    size_t end = out.find_first_of("/?", begin);
    if (end == std::string::npos) end = out.size();
    if (end > begin) out.replace(begin, end - begin, "[redacted]");
  }
  return out;
}

std::string EscapeForLog(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\r')
      out += "\\r";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\\')
      out += "\\\\";
    else if (u < 0x20 || u == 0x7f)
      out += fmt::format("\\x{:02x}", u);
    else
      out += c;
  }
  return out;
}

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](const std::string& a) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), NormalAddress(a)) != trusted_proxies.end();
  };
  if (forwarded_for.empty() || !trusted(peer)) return peer;
  // X-Forwarded-For: client, proxy1, proxy2 - each proxy appends the address it was called from.
  std::vector<std::string_view> entries;
  while (true) {
    size_t comma = forwarded_for.find(',');
    entries.push_back(forwarded_for.substr(0, comma));
    if (comma == std::string_view::npos) break;
    forwarded_for.remove_prefix(comma + 1);
  }
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    std::string address(Trim(*it));
    boost::system::error_code ec;
    net::ip::make_address(address, ec);
    if (ec) return peer;  // not an address: the header cannot be trusted beyond this point
    if (!trusted(address)) return NormalAddress(address);
  }
  return peer;
}

class Server::Impl {
 public:
  class Session;

  Impl(ServerOptions options, Services& services)
      : options_(std::move(options)),
        services_(services),
        router_(BuildApiRouter(services)),
        acceptor_(net::make_strand(ioc_)) {
    for (std::string& p : options_.trusted_proxies) p = NormalAddress(p);
  }

  void Configure() {
    for (const Route& route : router_.routes()) {
      CompiledRoute c{&route, {}, {}};
      for (std::string_view seg : SplitPath(route.path)) {
        c.is_param.push_back(seg.starts_with('{') && seg.ends_with('}'));
        c.segments.emplace_back(seg);
      }
      routes_.push_back(std::move(c));
    }
    if (!options_.web_root.empty() && std::filesystem::is_directory(options_.web_root)) {
      web_root_ = std::filesystem::canonical(options_.web_root);
      std::ifstream in(web_root_ / "index.html", std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      index_html_ = ss.str();
    }
  }

  // The route for a method and decoded path, and its placeholders; null when none matches.
  const Route* FindRoute(const std::string& method, std::string_view path, std::vector<std::string>* params) const {
    const std::string& m = method == "HEAD" ? std::string("GET") : method;
    for (const CompiledRoute& r : routes_) {
      if (r.route->method == m && MatchRoute(r, path, params)) return r.route;
    }
    return nullptr;
  }

  // The body limit of a request, known from its header.
  size_t BodyLimit(const std::string& method, std::string_view path) const {
    const Route* route = FindRoute(method, path, nullptr);
    return route && route->upload ? options_.max_upload_bytes : options_.max_body_bytes;
  }

  // Answers a whole request: the web app's files, then the routes, then the errors.
  // Runs on a worker thread.
  void Handle(const Request& req, Response& res) {
    try {
      if (!IsKnownMethod(req.method)) {
        res.status = 400;
      } else if ((req.method == "GET" || req.method == "HEAD") && ServeFile(req, res)) {
        // a file of the web app
      } else {
        std::vector<std::string> params;
        if (const Route* route = FindRoute(req.method, req.path, &params)) {
          Dispatch(*route, req, res, std::move(params));
          if (res.status == -1) res.status = 200;
        }
        if (res.status == -1) res.status = 404;
      }
    } catch (const std::exception& e) {
      spdlog::error("{} {}: {}", EscapeForLog(req.method), EscapeForLog(RedactPath(req.path)), e.what());
      res = Response();
      WriteProblem(res, 500, "internal", "Internal error", "Something went wrong on our side; it has been logged.");
    }
    if (res.status >= 400) HandleError(req, res);
  }

  // Serves a file under the web root; false when there is none for the path.
  bool ServeFile(const Request& req, Response& res) const {
    if (web_root_.empty() || HasControlChar(req.path) || req.path.find('\\') != std::string::npos) return false;
    for (std::string_view seg : SplitPath(req.path))
      if (seg == "..") return false;
    std::string relative = req.path.substr(1);
    if (relative.empty() || relative.back() == '/') relative += "index.html";
    std::filesystem::path file = web_root_ / relative;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return false;
    auto size = std::filesystem::file_size(file, ec);
    if (ec) return false;
    if (size > kStaticStreamBytes) {
      res.set_stream(ContentTypeFor(file), [file](const ChunkWriter& write) -> Status {
        std::ifstream in(file, std::ios::binary);
        std::string chunk(kStreamChunkBytes, '\0');
        while (in) {
          in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
          if (in.gcount() > 0) COBUY_RETURN_IF_ERROR(write(std::string_view(chunk.data(), in.gcount())));
        }
        return Status::Ok();
      });
    } else {
      std::ifstream in(file, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      res.set_content(ss.str(), ContentTypeFor(file));
    }
    res.status = 200;
    return true;
  }

  void HandleError(const Request& req, Response& res) {
    if (!res.body.empty() || res.producer) return;  // a handler's own answer
    const bool api = req.path.starts_with("/api/") || req.path == "/healthz";
    if (res.status == 404 && !api && !index_html_.empty() && (req.method == "GET" || req.method == "HEAD") &&
        !HasControlChar(req.path)) {
      // The web app's own paths (/organisation, /invite/...) are routed in the browser.
      res.status = 200;
      res.set_content(index_html_, "text/html; charset=utf-8");
      res.set_header("Cache-Control", "no-cache");
      return;
    }
    std::string what = fmt::format("{} {}", req.method, RedactPath(req.path));
    switch (res.status) {
      case 404: WriteProblem(res, 404, "not-found", "Not found", fmt::format("no route for {}", what)); break;
      case 405:
        WriteProblem(res, 405, "method-not-allowed", "Method not allowed",
                     fmt::format("{} is not allowed on {}", req.method, RedactPath(req.path)));
        break;
      case 400: WriteProblem(res, 400, "bad-request", "Bad request", "the request is not well-formed HTTP"); break;
      default:
        WriteProblem(res, res.status, "error", "Error", fmt::format("the request failed with status {}", res.status));
    }
  }

  void Dispatch(const Route& route, const Request& req, Response& res, std::vector<std::string> params) {
    RequestContext ctx(req, res, std::move(params), options_.secure_cookies);
    ctx.address = req.remote_addr;
    res.set_header("Cache-Control", "no-store");
    std::optional<Actor> actor;
    Status s = Guard(route, ctx, actor);
    if (s.ok() && !route.upload && req.body.size() > options_.max_body_bytes) {
      WriteProblem(res, 413, "too-large", "Request too large",
                   fmt::format("the body exceeds the limit of {} bytes", options_.max_body_bytes));
      return;
    }
    if (s.ok() && !route.upload && IsStateChanging(req.method) && !req.body.empty() &&
        !req.get_header_value("Content-Type").starts_with("application/json")) {
      WriteProblem(res, 415, "unsupported-media-type", "Unsupported media type",
                   "the body must be JSON, sent with Content-Type: application/json");
      return;
    }
    if (s.ok()) s = route.handler(ctx);
    if (!s.ok() && IsMalformedJson(s)) {
      WriteProblem(res, 400, "malformed-json", "Malformed JSON", s.message());
    } else if (!s.ok()) {
      if (s.code() == StatusCode::kInternal || s.code() == StatusCode::kUnavailable) {
        spdlog::error("{} {}: {}", req.method, EscapeForLog(RedactPath(req.path)), s.ToString());
      }
      WriteProblem(res, s);
      if (s.code() == StatusCode::kResourceExhausted && !res.has_header("Retry-After")) {
        res.set_header("Retry-After", "60");
      }
    }
    if (req.method == "GET" && ctx.Cookie(kCsrfCookie).empty() && !res.has_header("Set-Cookie")) {
      ctx.SetCookie(kCsrfCookie, RandomToken(), false, "Strict");
    }
  }

  // Identifies the caller and enforces sign-in, same-origin, CSRF and JSON bodies.
  Status Guard(const Route& route, RequestContext& ctx, std::optional<Actor>& actor) {
    const auto& req = ctx.req;
    std::string token = ctx.Cookie(kSessionCookie);
    if (!token.empty()) {
      auto found = services_.accounts.Authenticate(token);
      if (found.ok()) {
        actor = std::move(found).value();
      } else if (found.status().code() != StatusCode::kUnauthenticated) {
        return found.status();
      }
    }
    if (IsStateChanging(req.method)) {
      std::string origin = req.get_header_value("Origin");
      if (!origin.empty()) {
        std::string host = req.get_header_value("Host");
        if (origin != "http://" + host && origin != "https://" + host) {
          return PermissionDenied(fmt::format("cross-site request from {} refused", origin));
        }
      }
      std::string header = req.get_header_value(std::string(kCsrfHeader));
      std::string expected = actor ? actor->session.csrf_token : ctx.Cookie(kCsrfCookie);
      if (!SameToken(header, expected)) {
        return PermissionDenied("missing or wrong CSRF token: send the cobuy_csrf cookie's value in X-CSRF-Token");
      }
    }
    if (actor) ctx.actor = &*actor;
    if (route.access == Access::kSignedIn && !ctx.actor) return Unauthenticated("sign in first");
    return Status::Ok();
  }

  // The status line and header of a response. `content_length` is ignored when `chunked`.
  std::string ResponseHead(const Response& res, size_t content_length, bool chunked, bool close) const {
    std::string reason(bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(res.status))));
    std::string out = fmt::format("HTTP/1.1 {} {}\r\n", res.status, reason.empty() ? "Unknown" : reason);
    for (const auto& [name, value] : res.headers) {
      if (name == "Content-Length" || name == "Transfer-Encoding" || name == "Connection") continue;
      out += fmt::format("{}: {}\r\n", name, value);
    }
    for (const auto& [name, value] : kDefaultHeaders)
      if (!res.has_header(name)) out += fmt::format("{}: {}\r\n", name, value);
    if (options_.secure_cookies && !res.has_header("Strict-Transport-Security"))
      out += fmt::format("Strict-Transport-Security: {}\r\n", kHsts);
    if (chunked)
      out += "Transfer-Encoding: chunked\r\n";
    else if (res.status != 204 && res.status != 304)
      out += fmt::format("Content-Length: {}\r\n", content_length);
    out += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    return out;
  }

  void LogAccess(const Request& req, int status, size_t bytes, Clock::time_point start) const {
    if (!options_.access_log) return;
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
    spdlog::info("{} {} {} {} {}B {}us", req.remote_addr, EscapeForLog(req.method), EscapeForLog(RedactPath(req.path)),
                 status, bytes, us);
  }

  void DoAccept();
  void Stop();

  ServerOptions options_;
  Services& services_;
  Router router_;
  std::vector<CompiledRoute> routes_;
  std::filesystem::path web_root_;
  std::string index_html_;

  net::io_context ioc_;
  tcp::acceptor acceptor_;
  std::unique_ptr<net::thread_pool> workers_;  // runs the handlers
  std::atomic<bool> stopping_{false};
  std::mutex sessions_mu_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
};

// One connection: reads requests asynchronously on the io threads, hands each whole request
// to a worker, and writes the answer. All its socket operations run on its strand.
class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Impl& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
    boost::system::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    peer_ = ec ? "" : NormalAddress(endpoint.address().to_string());
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }

  ~Session() {
    std::lock_guard lock(server_.sessions_mu_);
    server_.sessions_.erase(this);
  }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadRequest(true); });
  }

  auto executor() { return stream_.get_executor(); }

  // Called on the strand by Stop(): a connection not busy with a request is closed.
  void CloseIfIdle() {
    if (!busy_) Close();
  }

 private:
  const ServerOptions& opt() const { return server_.options_; }

  void Close() {
    boost::system::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  // Waits for the next request: idle_timeout for its first byte (header_timeout on a new
  // connection), then header_timeout for the whole header.
  void ReadRequest(bool first) {
    busy_ = false;
    if (server_.stopping_) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(opt().max_header_bytes));
    // The body's limit depends on the route: set once the header is read (a Content-Length
    // over it is refused then; Beast would otherwise fail the header itself).
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    if (buffer_.size() > 0) return ReadHeader(true);
    // A new connection has header_timeout for its whole first header (the deadline runs on).
    stream_.expires_after(std::chrono::seconds(first ? opt().header_timeout_seconds : opt().idle_timeout_seconds));
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this(), first](beast::error_code ec, size_t n) {
      if (ec) return self->Close();
      self->buffer_.commit(n);
      self->ReadHeader(!first);
    });
  }

  void ReadHeader(bool start_deadline) {
    if (server_.stopping_) return Close();
    if (start_deadline) stream_.expires_after(std::chrono::seconds(opt().header_timeout_seconds));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    start_ = Clock::now();
    req_ = Request();
    req_.remote_addr = peer_;
    if (ec == bhttp::error::header_limit)
      return Refuse(431, "header-too-large", "Request header fields too large",
                    fmt::format("the header exceeds {} bytes", opt().max_header_bytes));
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      return Close();
    }
    if (ec) return Refuse(400, "bad-request", "Bad request", "the request is not well-formed HTTP");
    busy_ = true;  // a whole header has arrived: Stop() lets this request finish
    auto& header = parser_->get();
    const size_t fields = static_cast<size_t>(std::distance(header.begin(), header.end()));
    if (fields > opt().max_header_fields) {
      return Refuse(431, "header-too-large", "Request header fields too large",
                    fmt::format("the header has more than {} fields", opt().max_header_fields));
    }
    req_.method = std::string(header.method_string());
    req_.target = std::string(header.target());
    if (req_.target.size() > kMaxTargetBytes) {
      return Refuse(414, "uri-too-long", "URI too long", "the request URI is too long");
    }
    if (!req_.target.starts_with('/'))
      return Refuse(400, "bad-request", "Bad request", "the request is not well-formed HTTP");
    size_t q = req_.target.find('?');
    req_.path = DecodeUrl(std::string_view(req_.target).substr(0, q), false);
    if (q != std::string::npos) req_.params = ParseQuery(std::string_view(req_.target).substr(q + 1));
    for (const auto& field : header) req_.headers.emplace(std::string(field.name_string()), std::string(field.value()));
    req_.remote_addr = ClientAddress(peer_, req_.get_header_value("X-Forwarded-For"), opt().trusted_proxies);
    limit_ = server_.BodyLimit(req_.method, req_.path);
    if (auto length = parser_->content_length(); length && *length > limit_) return RefuseTooLarge();
    parser_->body_limit(limit_);
    if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
      auto cont = std::make_shared<std::string>("HTTP/1.1 100 Continue\r\n\r\n");
      stream_.expires_after(std::chrono::seconds(opt().write_timeout_seconds));
      net::async_write(stream_, net::buffer(*cont), [self = shared_from_this(), cont](beast::error_code ec, size_t) {
        if (ec) return self->Close();
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(std::chrono::seconds(opt().body_timeout_seconds));
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) return RefuseTooLarge();
    if (ec == beast::error::timeout || ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::error::eof || ec == bhttp::error::partial_message) {
      return Close();
    }
    if (ec) return Refuse(400, "bad-request", "Bad request", "the request is not well-formed HTTP");
    req_.body = std::move(parser_->get().body());
    keep_alive_ = parser_->get().keep_alive();
    http11_ = parser_->get().version() >= 11;
    parser_.reset();
    if (buffer_.capacity() > 64 * 1024 && buffer_.size() == 0) buffer_.shrink_to_fit();
    stream_.expires_never();
    // The handler runs on a worker; the io thread goes back to other connections.
    auto work = net::make_work_guard(server_.ioc_);
    net::post(*server_.workers_, [self = shared_from_this(), work = std::move(work)]() mutable {
      self->Work();
      work.reset();
    });
  }

  // On a worker: answers the request.
  void Work() {
    Response res;
    server_.Handle(req_, res);
    bool close = !keep_alive_ || server_.stopping_;
    if (res.producer && req_.method != "HEAD") return Stream(res, close);
    SendWhole(res, close);
  }

  // On a worker: sends a whole answer (its body moved, not copied; none for HEAD) and logs it.
  void SendWhole(Response& res, bool close) {
    auto out = std::make_shared<Outgoing>();
    out->head = server_.ResponseHead(res, res.producer ? 0 : res.body.size(), res.producer != nullptr, close);
    if (req_.method != "HEAD") out->body = std::move(res.body);
    server_.LogAccess(req_, res.status, out->body.size(), start_);
    net::post(stream_.get_executor(), [self = shared_from_this(), out, close] { self->Write(out, close); });
  }

  // On the strand: writes a whole answer, then reads the next request or closes.
  void Write(std::shared_ptr<Outgoing> out, bool close) {
    stream_.expires_after(std::chrono::seconds(opt().write_timeout_seconds));
    net::async_write(stream_, out->Buffers(), [self = shared_from_this(), out, close](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      self->AfterResponse(close);
    });
  }

  void AfterResponse(bool close) {
    if (close || server_.stopping_) {
      boost::system::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return Close();
    }
    ReadRequest(false);
  }

  // On a worker: sends a streamed body, a chunk at a time, waiting for each write (bounded
  // by write_timeout). The header goes with the first chunk, so a producer that fails
  // before it has written kStreamChunkBytes still gets a problem answer.
  void Stream(Response& res, bool close) {
    const bool chunked = http11_;
    if (!chunked) close = true;  // HTTP/1.0: the body ends with the connection
    std::string pending;
    bool head_sent = false;
    size_t sent = 0;
    auto flush = [&](bool last) -> Status {
      std::string out;
      if (!head_sent) out = server_.ResponseHead(res, 0, chunked, close);
      if (!pending.empty()) {
        if (chunked) out += fmt::format("{:x}\r\n", pending.size());
        out += pending;
        if (chunked) out += "\r\n";
      }
      if (last && chunked) out += "0\r\n\r\n";
      sent += pending.size();
      pending.clear();
      head_sent = true;
      return WriteAndWait(std::move(out));
    };
    Status s = res.producer([&](std::string_view bytes) -> Status {
      pending.append(bytes);
      if (pending.size() >= kStreamChunkBytes) return flush(false);
      return Status::Ok();
    });
    if (!s.ok() && !head_sent) {
      spdlog::error("{} {}: {}", req_.method, EscapeForLog(RedactPath(req_.path)), s.ToString());
      Response problem;
      WriteProblem(problem, s);
      problem.set_header("Cache-Control", "no-store");
      return SendWhole(problem, close);
    }
    if (s.ok()) s = flush(true);
    server_.LogAccess(req_, res.status, sent, start_);
    if (!s.ok()) {
      // Cut short: the client sees an unterminated body.
      net::post(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
      return;
    }
    net::post(stream_.get_executor(), [self = shared_from_this(), close] { self->AfterResponse(close); });
  }

  // On a worker: writes bytes on the strand and waits for the write to finish.
  Status WriteAndWait(std::string bytes) {
    auto out = std::make_shared<std::string>(std::move(bytes));
    auto done = std::make_shared<std::promise<beast::error_code>>();
    auto result = done->get_future();
    net::post(stream_.get_executor(), [self = shared_from_this(), out, done] {
      self->stream_.expires_after(std::chrono::seconds(self->opt().write_timeout_seconds));
      net::async_write(self->stream_, net::buffer(*out),
                       [out, done](beast::error_code ec, size_t) { done->set_value(ec); });
    });
    beast::error_code ec = result.get();
    if (ec) return Unavailable(fmt::format("the client stopped reading: {}", ec.message()));
    return Status::Ok();
  }

  // Answers an error found while reading (on the strand, no handler involved), then drops
  // what the client still sends for a moment so that it can read the answer, and closes.
  void Refuse(int status, std::string_view type, std::string_view title, std::string detail) {
    Response res;
    WriteProblem(res, status, type, title, detail);
    auto out = std::make_shared<Outgoing>();
    out->head = server_.ResponseHead(res, res.body.size(), false, true);
    out->body = std::move(res.body);
    if (req_.method.empty() && parser_ && parser_->is_header_done()) {
      req_.method = std::string(parser_->get().method_string());
      std::string target(parser_->get().target());
      req_.path = DecodeUrl(std::string_view(target).substr(0, std::min<size_t>(target.size(), 200)), false);
    }
    server_.LogAccess(req_, status, out->body.size(), start_);
    stream_.expires_after(std::chrono::seconds(opt().write_timeout_seconds));
    net::async_write(stream_, out->Buffers(), [self = shared_from_this(), out](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      boost::system::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->lingered_ = 0;
      self->stream_.expires_after(std::chrono::seconds(2));
      self->Linger();
    });
  }

  void RefuseTooLarge() {
    Refuse(413, "too-large", "Request too large", fmt::format("the body exceeds the limit of {} bytes", limit_));
  }

  void Linger() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(buffer_.prepare(64 * 1024), [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->lingered_ += n;
      if (ec || self->lingered_ > kLingerBytes) return self->Close();
      self->buffer_.commit(n);
      self->Linger();
    });
  }

  Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string peer_;
  Request req_;
  size_t limit_ = 0;
  size_t lingered_ = 0;
  bool keep_alive_ = true;
  bool http11_ = true;
  bool busy_ = false;
  Clock::time_point start_ = Clock::now();
};

void Server::Impl::DoAccept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || stopping_) return;
    if (!ec) {
      std::shared_ptr<Session> session;
      {
        std::lock_guard lock(sessions_mu_);
        if (sessions_.size() < options_.max_connections) {
          session = std::make_shared<Session>(*this, std::move(socket));
          sessions_.emplace(session.get(), session);
        }
      }
      if (session) {
        session->Start();
      } else {
        boost::system::error_code ignored;
        socket.close(ignored);  // over the cap of open connections
      }
    } else if (ec == net::error::no_descriptors) {
      spdlog::warn("accept: {}", ec.message());
    }
    DoAccept();
  });
}

void Server::Impl::Stop() {
  stopping_ = true;
  net::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(sessions_mu_);
    for (auto& [raw, weak] : sessions_)
      if (auto session = weak.lock()) open.push_back(std::move(session));
  }
  for (auto& session : open) net::post(session->executor(), [session] { session->CloseIfIdle(); });
  open.clear();  // after the lock: the last reference may destroy a session, which takes the lock
}

Server::Server(ServerOptions options, Services& services)
    : impl_(std::make_unique<Impl>(std::move(options), services)) {
  impl_->Configure();
}

Server::~Server() = default;

Status Server::Bind() {
  const ServerOptions& o = impl_->options_;
  boost::system::error_code ec;
  tcp::endpoint endpoint;
  auto address = net::ip::make_address(o.host == "localhost" ? "127.0.0.1" : o.host, ec);
  if (ec) return Unavailable(fmt::format("cannot listen on {}: not an IP address", o.host));
  endpoint = tcp::endpoint(address, static_cast<unsigned short>(o.port));
  auto& acceptor = impl_->acceptor_;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Unavailable(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)", o.host, o.port));
  }
  port_ = acceptor.local_endpoint(ec).port();
  return Status::Ok();
}

Status Server::Listen() {
  impl_->workers_ = std::make_unique<net::thread_pool>(static_cast<size_t>(std::max(1, impl_->options_.threads)));
  impl_->DoAccept();
  std::vector<std::thread> io;
  for (int i = 1; i < impl_->options_.io_threads; ++i) io.emplace_back([this] { impl_->ioc_.run(); });
  impl_->ioc_.run();
  for (std::thread& t : io) t.join();
  impl_->workers_->join();  // the requests in flight finish
  return Status::Ok();
}

void Server::Stop() {
  impl_->Stop();
}

}  // namespace cobuy::http
