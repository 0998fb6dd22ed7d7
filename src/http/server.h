// Server: Cobuy's HTTP server. Serves the API routes, the web app's files (with a fallback
// to index.html for the app's own paths), security headers on every response, an access
// log line per request, and stops gracefully: Stop() (e.g. on SIGTERM) stops accepting and
// lets requests in flight finish before Listen() returns.
//
// Thread-safety: Listen() blocks the calling thread; Stop() may be called from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/router.h"

namespace cobuy::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;          // 0 picks a free port
  std::string web_root;     // folder of the built web app; empty: API only
  int threads = 64;         // each open connection holds one while it is kept alive
  size_t max_body_bytes = 1024 * 1024;        // JSON bodies
  size_t max_upload_bytes = 21 * 1024 * 1024;  // the bodies of upload routes (Route::upload)
  bool secure_cookies = false;  // set when served over TLS (or behind a TLS proxy)
  bool access_log = true;
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

}  // namespace cobuy::http
