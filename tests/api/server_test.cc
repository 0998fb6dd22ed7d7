// Behaviour of the server process itself: graceful shutdown, the web app's files and
// fallback, the headers every kind of response carries, and concurrent sessions.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "support/process.h"

namespace cobuy::testing {
namespace {
namespace fs = std::filesystem;

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
    return client.Request("POST", "/api/v1/session", R"({"email":"buyer@utrecht.example","password":"cobuy-demo-2026"})");
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
  auto res = client.Request("POST", "/api/v1/session", R"({"email":"buyer@utrecht.example","password":"cobuy-demo-2026"})");
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

}  // namespace
}  // namespace cobuy::testing
