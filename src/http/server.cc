#include "http/server.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "http/json_body.h"
#include "http/problem.h"

namespace cobuy::http {
namespace {

constexpr const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// "/api/v1/organisations/{id}/people" -> "^/api/v1/organisations/([^/]+)/people$"
std::string PatternToRegex(const std::string& path) {
  std::string out = "^";
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '{') {
      i = path.find('}', i);
      out += "([^/]+)";
    } else if (std::string_view(".+*?^$()[]|\\").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out + "$";
}

bool IsStateChanging(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool SameToken(std::string_view a, std::string_view b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

thread_local std::chrono::steady_clock::time_point g_request_start;

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

class Server::Impl {
 public:
  Impl(ServerOptions options, Services& services)
      : options_(std::move(options)), services_(services), router_(BuildApiRouter(services)) {}

  void Configure() {
    const int threads = options_.threads;
    svr_.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    svr_.set_tcp_nodelay(true);
    svr_.set_keep_alive_max_count(100000);
    svr_.set_keep_alive_timeout(2);
    svr_.set_read_timeout(10);
    svr_.set_write_timeout(10);
    svr_.set_payload_max_length(std::max(options_.max_body_bytes, options_.max_upload_bytes));
    svr_.set_default_headers({
        {"Content-Security-Policy", kCsp},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
        {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
    });
    svr_.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      g_request_start = std::chrono::steady_clock::now();
      return httplib::Server::HandlerResponse::Unhandled;
    });
    for (const Route& route : router_.routes()) Register(route);
    if (!options_.web_root.empty() && std::filesystem::is_directory(options_.web_root)) {
      svr_.set_mount_point("/", options_.web_root);
      std::ifstream in(std::filesystem::path(options_.web_root) / "index.html", std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      index_html_ = ss.str();
    }
    svr_.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) { return HandleError(req, res); }));
    svr_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown exception";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      spdlog::error("{} {}: {}", req.method, RedactPath(req.path), what);
      WriteProblem(res, 500, "internal", "Internal error", "Something went wrong on our side; it has been logged.");
    });
    if (options_.access_log) {
      svr_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                        g_request_start)
                      .count();
        spdlog::info("{} {} {} {} {}B {}us", req.remote_addr, req.method, RedactPath(req.path), res.status,
                     res.body.size(), us);
      });
    }
  }

  httplib::Server::HandlerResponse HandleError(const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // a handler's own answer
    const bool api = req.path.starts_with("/api/") || req.path == "/healthz";
    if (res.status == 404 && !api && !index_html_.empty() && (req.method == "GET" || req.method == "HEAD")) {
      // The web app's own paths (/organisation, /invite/...) are routed in the browser.
      res.status = 200;
      res.set_content(index_html_, "text/html; charset=utf-8");
      res.set_header("Cache-Control", "no-cache");
      return httplib::Server::HandlerResponse::Handled;
    }
    switch (res.status) {
      case 404:
        WriteProblem(res, 404, "not-found", "Not found", fmt::format("no route for {} {}", req.method, RedactPath(req.path)));
        break;
      case 405:
        WriteProblem(res, 405, "method-not-allowed", "Method not allowed",
                     fmt::format("{} is not allowed on {}", req.method, RedactPath(req.path)));
        break;
      case 413:
        WriteProblem(res, 413, "too-large", "Request too large",
                     fmt::format("the body exceeds the limit of {} bytes", options_.max_upload_bytes));
        break;
      case 414:
        WriteProblem(res, 414, "uri-too-long", "URI too long", "the request URI is too long");
        break;
      case 400:
        WriteProblem(res, 400, "bad-request", "Bad request", "the request is not well-formed HTTP");
        break;
      default:
        WriteProblem(res, res.status, "error", "Error", fmt::format("the request failed with status {}", res.status));
    }
    return httplib::Server::HandlerResponse::Handled;
  }

  void Register(const Route& route) {
    auto handler = [this, &route](const httplib::Request& req, httplib::Response& res) { Dispatch(route, req, res); };
    if (route.method == "GET") svr_.Get(PatternToRegex(route.path), handler);
    else if (route.method == "POST") svr_.Post(PatternToRegex(route.path), handler);
    else if (route.method == "PUT") svr_.Put(PatternToRegex(route.path), handler);
    else if (route.method == "PATCH") svr_.Patch(PatternToRegex(route.path), handler);
    else if (route.method == "DELETE") svr_.Delete(PatternToRegex(route.path), handler);
  }

  void Dispatch(const Route& route, const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> params;
    for (size_t i = 1; i < req.matches.size(); ++i) params.push_back(req.matches[i].str());
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
        spdlog::error("{} {}: {}", req.method, RedactPath(req.path), s.ToString());
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

  ServerOptions options_;
  Services& services_;
  Router router_;
  httplib::Server svr_;
  std::string index_html_;
};

Server::Server(ServerOptions options, Services& services) : impl_(std::make_unique<Impl>(std::move(options), services)) {
  impl_->Configure();
}

Server::~Server() = default;

Status Server::Bind() {
  if (impl_->options_.port == 0) {
    port_ = impl_->svr_.bind_to_any_port(impl_->options_.host);
    if (port_ <= 0) return Unavailable(fmt::format("cannot listen on {}", impl_->options_.host));
  } else {
    if (!impl_->svr_.bind_to_port(impl_->options_.host, impl_->options_.port)) {
      return Unavailable(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                                     impl_->options_.host, impl_->options_.port));
    }
    port_ = impl_->options_.port;
  }
  return Status::Ok();
}

Status Server::Listen() {
  if (!impl_->svr_.listen_after_bind() && impl_->svr_.is_running()) return Internal("the server stopped unexpectedly");
  return Status::Ok();
}

void Server::Stop() { impl_->svr_.stop(); }

}  // namespace cobuy::http
