// Behaviour of the server process itself: graceful shutdown, the web app's files and
// fallback, the headers every kind of response carries, concurrent sessions, and hostile
// clients (oversized chunked bodies, endless headers, slow connections, forged paths).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "support/process.h"

namespace cobuy::testing {
namespace {
namespace fs = std::filesystem;

// A raw loopback connection, for requests no well-behaved client library sends.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~RawConnection() {
    if (fd_ >= 0) close(fd_);
  }
  bool connected() const { return connected_; }
  bool Send(std::string_view s) {
    while (!s.empty()) {
      ssize_t n = send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      s.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // What has arrived so far, without waiting.
  std::string ReadAvailable() {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd_, buf, sizeof buf, MSG_DONTWAIT)) > 0) out.append(buf, static_cast<size_t>(n));
    return out;
  }
  // Everything until the server closes the connection (or 10 s without a byte).
  std::string ReadAll() {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd_, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

// The resident memory of a process, in KiB.
long RssKib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

std::string StatusLine(const std::string& response) {
  return response.substr(0, response.find("\r\n"));
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = tmp_.path() + "/cobuy.db";
    CopyDemoDatabase(db_);
  }
  TempDir tmp_;
  std::string db_;
};

TEST_F(ServerTest, SigtermLetsTheRequestInFlightFinish) {
  ServerProcess server(db_);
  Client client(server.port());
  client.Request("GET", "/api/v1/csrf");
  // A sign-in spends ~80 ms hashing: SIGTERM arrives while it is in flight.
  auto pending = std::async(std::launch::async, [&] {
    return client.Request("POST", "/api/v1/session",
                          R"({"email":"buyer@utrecht.example","password":"cobuy-demo-2026"})");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  kill(server.pid(), SIGTERM);
  auto res = pending.get();
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(server.Terminate(), 0);
  EXPECT_NE(server.Log().find("received SIGTERM, finishing requests in flight"), std::string::npos);
  EXPECT_NE(server.Log().find("stopped"), std::string::npos);
}

TEST_F(ServerTest, ServesTheWebAppAndFallsBackToIndexForItsPaths) {
  fs::create_directories(tmp_.path() + "/web/assets");
  std::ofstream(tmp_.path() + "/web/index.html") << "<!doctype html><title>Cobuy</title>";
  std::ofstream(tmp_.path() + "/web/assets/app.js") << "console.log(1)";
  ServerProcess server(db_, {"--web", tmp_.path() + "/web"});
  Client client(server.port());
  auto index = client.Request("GET", "/organisation/people");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<!doctype html><title>Cobuy</title>");
  EXPECT_EQ(index->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(index->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  auto js = client.Request("GET", "/assets/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(js->get_header_value("Referrer-Policy"), "no-referrer");
  auto api = client.Request("GET", "/api/v1/nothing-here");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(api->get_header_value("Content-Type"), "application/problem+json");
}

TEST_F(ServerTest, SessionsAreIsolatedBetweenConcurrentClients) {
  ServerProcess server(db_);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (const std::string email : {"buyer@utrecht.example", "buyer@lyon.example", "observer@wien.example"}) {
    threads.emplace_back([&, email] {
      Client c(server.port());
      c.SignIn(email, "cobuy-demo-2026");
      for (int i = 0; i < 30; ++i) {
        auto me = c.Request("GET", "/api/v1/me");
        if (!me || me->status != 200 || nlohmann::json::parse(me->body)["email"] != email) ++mismatches;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
  // An anonymous client on the same server never sees anyone's session.
  Client anonymous(server.port());
  EXPECT_EQ(anonymous.Request("GET", "/api/v1/me")->status, 401);
}

TEST_F(ServerTest, SignOutInvalidatesTheCookieEverywhere) {
  ServerProcess server(db_);
  Client client(server.port());
  client.SignIn("buyer@utrecht.example", "cobuy-demo-2026");
  std::string stolen = client.Cookie("cobuy_session");
  ASSERT_FALSE(stolen.empty());
  EXPECT_EQ(client.Request("DELETE", "/api/v1/session")->status, 204);
  httplib::Client other("127.0.0.1", server.port());
  auto res = other.Get("/api/v1/me", {{"Cookie", "cobuy_session=" + stolen}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
}

TEST_F(ServerTest, SessionCookieIsHttpOnlyAndLax) {
  ServerProcess server(db_);
  Client client(server.port());
  client.Request("GET", "/api/v1/csrf");
  auto res =
      client.Request("POST", "/api/v1/session", R"({"email":"buyer@utrecht.example","password":"cobuy-demo-2026"})");
  ASSERT_TRUE(res);
  std::vector<std::string> cookies;
  auto range = res->headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it) cookies.push_back(it->second);
  ASSERT_EQ(cookies.size(), 2u);
  std::string session = cookies[0].starts_with("cobuy_session=") ? cookies[0] : cookies[1];
  std::string csrf = cookies[0].starts_with("cobuy_csrf=") ? cookies[0] : cookies[1];
  EXPECT_NE(session.find("; Path=/; SameSite=Lax; HttpOnly; Max-Age=43200"), std::string::npos) << session;
  EXPECT_NE(csrf.find("; Path=/; SameSite=Strict; Max-Age=43200"), std::string::npos) << csrf;
  EXPECT_EQ(csrf.find("HttpOnly"), std::string::npos);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIsRefusedWhileItIsRead) {
  ServerProcess server(db_);
  Client(server.port()).Request("GET", "/healthz");
  const long before = RssKib(server.pid());
  RawConnection c(server.port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(
      c.Send("POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
             "Transfer-Encoding: chunked\r\n\r\n"));
  // Up to 64 MiB in 64 KiB chunks, until the server answers (or stops reading).
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";
  std::string response;
  for (int i = 0; i < 1024 && response.empty(); ++i) {
    if (!c.Send(chunk)) break;
    response = c.ReadAvailable();
  }
  response += c.ReadAll();
  EXPECT_EQ(StatusLine(response), "HTTP/1.1 413 Payload Too Large");
  EXPECT_NE(response.find(R"("detail":"the body exceeds the limit of 1048576 bytes")"), std::string::npos) << response;
  EXPECT_NE(response.find("Content-Type: application/problem+json"), std::string::npos);
  // A server that buffered the body would hold the 64 MiB sent; one that stops at the limit
  // holds about 1 MiB, plus what ASan's quarantine keeps of freed buffers (up to ~11 MiB seen
  // with tests running beside it), hence half of what buffering would take.
  const long after = RssKib(server.pid());
  EXPECT_LT(after - before, 32 * 1024) << "RSS grew from " << before << " to " << after << " KiB";
  // The server still answers.
  auto health = Client(server.port()).Request("GET", "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(ServerTest, TooManyHeaderLinesAre431) {
  ServerProcess server(db_);
  std::string thousand = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 1000; ++i) thousand += "X-Filler-" + std::to_string(i) + ": " + std::to_string(i) + "\r\n";
  RawConnection a(server.port());
  ASSERT_TRUE(a.Send(thousand + "\r\n"));
  std::string response = a.ReadAll();
  EXPECT_EQ(StatusLine(response), "HTTP/1.1 431 Request Header Fields Too Large");
  EXPECT_NE(response.find(R"("type":"https://cobuy.eu/problems/header-too-large")"), std::string::npos) << response;
  // Few bytes, but more than 100 lines.
  std::string many = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 150; ++i) many += "X: 1\r\n";
  RawConnection b(server.port());
  ASSERT_TRUE(b.Send(many + "\r\n"));
  response = b.ReadAll();
  EXPECT_EQ(StatusLine(response), "HTTP/1.1 431 Request Header Fields Too Large");
  EXPECT_NE(response.find(R"("detail":"the header has more than 100 fields")"), std::string::npos) << response;
}

TEST_F(ServerTest, SlowClientsDoNotStopOthersFromBeingAnswered) {
  ServerProcess server(db_);
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 200; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server.port()));
    ASSERT_TRUE(slow.back()->connected());
    slow.back()->Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  }
  // /healthz is asked while the slow clients dribble their headers; it is answered before
  // they stop (they never finish their headers).
  std::atomic<bool> dribbling{true};
  std::atomic<bool> answered_while_dribbling{false};
  auto health = std::async(std::launch::async, [&] {
    auto res = Client(server.port()).Request("GET", "/healthz");
    answered_while_dribbling = dribbling.load() && res && res->status == 200;
    return res ? res->status : -1;
  });
  for (int round = 0; round < 8 && health.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready;
       ++round) {
    for (auto& c : slow) c->Send("X-Slow: 1\r\n");
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  dribbling = false;
  EXPECT_EQ(health.get(), 200);
  EXPECT_TRUE(answered_while_dribbling);
}

TEST_F(ServerTest, NulInAStaticPathIsNotServedAsTheFile) {
  fs::create_directories(tmp_.path() + "/web");
  std::ofstream(tmp_.path() + "/web/index.html") << "<!doctype html><title>Cobuy</title>";
  std::ofstream(tmp_.path() + "/web/favicon.svg") << "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
  ServerProcess server(db_, {"--web", tmp_.path() + "/web"});
  RawConnection c(server.port());
  ASSERT_TRUE(c.Send("GET /favicon.svg%00.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
  std::string response = c.ReadAll();
  EXPECT_EQ(StatusLine(response), "HTTP/1.1 404 Not Found");
  EXPECT_EQ(response.find("<svg"), std::string::npos) << response;
  EXPECT_NE(response.find("Content-Type: application/problem+json"), std::string::npos) << response;
  // The file itself keeps its type.
  auto svg = Client(server.port()).Request("GET", "/favicon.svg");
  ASSERT_TRUE(svg);
  EXPECT_EQ(svg->status, 200);
  EXPECT_EQ(svg->get_header_value("Content-Type"), "image/svg+xml");
}

TEST_F(ServerTest, LineBreaksInAPathCannotForgeAccessLogLines) {
  ServerProcess server(db_);
  RawConnection c(server.port());
  ASSERT_TRUE(
      c.Send("GET /x%0D%0A127.0.0.1%20GET%20/forged%20200 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Connection: close\r\n\r\n"));
  EXPECT_EQ(StatusLine(c.ReadAll()), "HTTP/1.1 404 Not Found");
  server.Terminate();
  std::istringstream log(server.Log());
  std::string line;
  int escaped = 0;
  while (std::getline(log, line)) {
    EXPECT_FALSE(line.starts_with("127.0.0.1 GET /forged")) << line;
    if (line.find(R"(127.0.0.1 GET /x\r\n127.0.0.1 GET /forged 200 404 )") != std::string::npos) ++escaped;
  }
  EXPECT_EQ(escaped, 1) << server.Log();
}

TEST_F(ServerTest, ExportsAreStreamed) {
  ServerProcess server(db_);
  Client client(server.port());
  client.SignIn("buyer@utrecht.example", "cobuy-demo-2026");
  auto search = client.Request("GET", "/api/v1/contracts/search?country=AT&limit=1");
  ASSERT_TRUE(search);
  ASSERT_EQ(search->status, 200);
  const int total = nlohmann::json::parse(search->body)["total"].get<int>();
  ASSERT_GT(total, 0);
  auto csv = client.Request("GET", "/api/v1/contracts/search/export?format=csv&country=AT");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_FALSE(csv->has_header("Content-Length"));
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(
      csv->body.starts_with("ocid,title,buyer,buyer_id,country,suppliers,value_eur,end_date,main_cpv,status,"
                            "framework,dps,cpb,url\r\n"));
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), total + 1);
  auto ocds = client.Request("GET", "/api/v1/contracts/search/export?format=ocds&country=AT");
  ASSERT_TRUE(ocds);
  EXPECT_EQ(ocds->status, 200);
  EXPECT_EQ(ocds->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_EQ(ocds->get_header_value("Content-Type"), "application/json");
  auto package = nlohmann::json::parse(ocds->body);
  EXPECT_EQ(package["records"].size(), static_cast<size_t>(total));
}

TEST_F(ServerTest, SecureCookiesAreHostBoundAndSendHsts) {
  ServerProcess server(db_, {"--secure-cookies"});
  httplib::Client plain("127.0.0.1", server.port());
  auto res = plain.Get("/api/v1/csrf");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Strict-Transport-Security"), "max-age=31536000");
  std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_TRUE(cookie.starts_with("__Host-cobuy_csrf=")) << cookie;
  EXPECT_NE(cookie.find("; Path=/; SameSite=Strict; Secure"), std::string::npos) << cookie;
  // The prefixed cookie is the one checked.
  std::string token = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  auto signed_in = plain.Post("/api/v1/session", {{"Cookie", "__Host-cobuy_csrf=" + token}, {"X-CSRF-Token", token}},
                              R"({"email":"buyer@utrecht.example","password":"cobuy-demo-2026"})", "application/json");
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 200) << signed_in->body;
  EXPECT_TRUE(signed_in->get_header_value("Set-Cookie").starts_with("__Host-cobuy_"));
  auto unprefixed = plain.Post("/api/v1/session", {{"Cookie", "cobuy_csrf=" + token}, {"X-CSRF-Token", token}},
                               R"({"email":"buyer@utrecht.example","password":"cobuy-demo-2026"})", "application/json");
  ASSERT_TRUE(unprefixed);
  EXPECT_EQ(unprefixed->status, 403);
}

TEST_F(ServerTest, ForwardedForIsBelievedOnlyFromATrustedProxy) {
  for (bool trusted : {false, true}) {
    std::vector<std::string> args;
    if (trusted) args = {"--trusted-proxy", "10.9.9.9,127.0.0.1"};
    // A database (and so a log file) of its own: the first server's log must not be read.
    std::string db = tmp_.path() + (trusted ? "/trusted.db" : "/untrusted.db");
    CopyDemoDatabase(db);
    ServerProcess server(db, args);
    httplib::Client plain("127.0.0.1", server.port());
    auto res = plain.Get("/healthz", {{"X-Forwarded-For", "198.51.100.4, 203.0.113.7"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    server.Terminate();
    std::string log = server.Log();
    EXPECT_EQ(log.find("203.0.113.7 GET /healthz 200") != std::string::npos, trusted) << log;
    EXPECT_EQ(log.find("127.0.0.1 GET /healthz 200") != std::string::npos, !trusted) << log;
    EXPECT_EQ(log.find("198.51.100.4"), std::string::npos) << log;
  }
}

}  // namespace
}  // namespace cobuy::testing
