// Server: Cobuy's HTTP server, on Boost.Beast and Boost.Asio. Serves the API routes, the web
// app's files (with a fallback to index.html for the app's own paths), security headers on
// every response, an access log line per request, and stops gracefully: Stop() (e.g. on
// SIGTERM) stops accepting and lets requests in flight finish before Listen() returns.
//
// Hostile clients: connections are read asynchronously on a few io threads, so a slow or idle
// client holds a socket, never a thread. The header must arrive within header_timeout, a
// kept-alive connection is closed after idle_timeout, headers are capped in bytes and lines
// (431), bodies are capped per route while they are read, chunked or not (413), and at most
// max_connections are open at once. Handlers (blocking, touching the database) run on a
// bounded pool of worker threads; streamed bodies (exports) are written chunk by
// chunk from the worker, each write bounded by write_timeout.
//
// Thread-safety: Listen() blocks the calling thread; Stop() may be called from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/router.h"

namespace cobuy::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                             // 0 picks a free port
  std::string web_root;                        // folder of the built web app; empty: API only
  int threads = 16;                            // worker threads running handlers
  int io_threads = 2;                          // threads reading and writing sockets
  size_t max_connections = 10000;              // more are closed as soon as accepted
  size_t max_body_bytes = 1024 * 1024;         // JSON bodies
  size_t max_upload_bytes = 21 * 1024 * 1024;  // the bodies of upload routes (Route::upload)
  size_t max_header_bytes = 16 * 1024;         // request line and header fields together
  size_t max_header_fields = 100;
  int header_timeout_seconds = 10;  // from a request's first byte to the end of its header
  int idle_timeout_seconds = 5;     // a kept-alive connection waiting for its next request
  int body_timeout_seconds = 60;    // reading a body
  int write_timeout_seconds = 30;   // writing a response (each chunk of a streamed one)
  bool secure_cookies = false;      // served over TLS (or behind a TLS proxy): __Host- cookies, HSTS
  bool access_log = true;
  // Peers whose X-Forwarded-For names the client (a TLS proxy on this host, say "127.0.0.1").
  std::vector<std::string> trusted_proxies;
};

class Server {
 public:
  Server(ServerOptions options, Services& services);
  ~Server();

  // Binds the port; kUnavailable when it cannot.
  Status Bind();
  // The bound port (after Bind()).
  int port() const { return port_; }
  // Serves until Stop(). Returns when the requests in flight have finished.
  Status Listen();
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// Replaces secrets in a path (invitation tokens) before it is logged.
std::string RedactPath(std::string_view path);
// Escapes CR, LF and other control characters (as \r, \n, \xHH) so that a logged value cannot
// forge log lines.
std::string EscapeForLog(std::string_view s);
// The client's address: the rightmost X-Forwarded-For entry that is not a trusted proxy when
// `peer` is one of `trusted_proxies`, else `peer`.
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

}  // namespace cobuy::http
