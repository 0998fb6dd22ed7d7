// Data-driven API tests: each file in tests/api/cases is one scenario run against a real
// `cobuy serve` on loopback, on a fresh copy of the demo database. Adding a case means
// adding a file. The format:
//
//   {"description": "...",
//    "steps": [
//      {"sign_in": "admin@utrecht.example"},                 // password of the demo
//      {"sql": "SELECT count(*) FROM ...", "expect_rows": "1\n"},  // sqlite3's output of a query
//      {"request": {"method": "PATCH", "path": "/api/v1/organisations/{org:Gemeente Utrecht}",
//                   "body": {...} | "raw": "text", "content_type": "...", "csrf": false,
//                   "headers": {"Origin": "http://evil.example"}},
//       "expect": {"status": 422, "headers": {"Content-Type": "application/problem+json"},
//                  "body": {...} | "body_starts_with": "text", "body_contains": ["text", ...],
//                  "body_lacks": ["text", ...]}}]}
//
// The expected body matches when every key it names has the expected value (recursively;
// arrays element by element and of the same length); "$any" matches any value present,
// "$absent" requires the key to be missing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "support/process.h"

namespace cobuy::testing {
namespace {
namespace fs = std::filesystem;

std::string Mismatch(const nlohmann::json& expected, const nlohmann::json& actual, const std::string& where) {
  if (expected.is_string() && expected == "$any") return "";
  if (expected.is_object()) {
    if (!actual.is_object()) return where + ": expected an object, got " + actual.dump();
    for (auto& [k, v] : expected.items()) {
      if (v == "$absent") {
        if (actual.contains(k)) return where + "." + k + ": expected no such key, got " + actual[k].dump();
        continue;
      }
      if (!actual.contains(k)) return where + "." + k + ": missing in " + actual.dump();
      std::string m = Mismatch(v, actual[k], where + "." + k);
      if (!m.empty()) return m;
    }
    return "";
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) {
      return where + ": expected " + expected.dump() + ", got " + actual.dump();
    }
    for (size_t i = 0; i < expected.size(); ++i) {
      std::string m = Mismatch(expected[i], actual[i], where + "[" + std::to_string(i) + "]");
      if (!m.empty()) return m;
    }
    return "";
  }
  if (expected.is_number() && actual.is_number()) {
    return expected.get<double>() == actual.get<double>() ? "" : where + ": expected " + expected.dump() + ", got " + actual.dump();
  }
  return expected == actual ? "" : where + ": expected " + expected.dump() + ", got " + actual.dump();
}

// "{org:Gemeente Utrecht}" -> its id; "{user:buyer@utrecht.example}" -> its id;
// "{community:Circular asphalt}" -> its id; "{sql:SELECT ...}" -> the first column of the
// first row of a query on the test's database (for ids of events, threads, documents, ...).
std::string Substitute(std::string path, Client& client, const std::map<std::string, std::string>& users,
                       const std::string& db) {
  for (const std::string kind : {"org", "user", "community", "sql"}) {
    const std::string open = "{" + kind + ":";
    for (size_t at = path.find(open); at != std::string::npos; at = path.find(open)) {
      size_t close = path.find('}', at);
      std::string key = path.substr(at + open.size(), close - at - open.size());
      std::string id;
      if (kind == "org" || kind == "community") {
        bool org = kind == "org";
        auto res = client.Request("GET", org ? "/api/v1/organisations" : "/api/v1/communities");
        nlohmann::json list = nlohmann::json::parse(res->body);
        for (auto& o : list[org ? "organisations" : "items"]) {
          if (o["name"] == key) id = std::to_string(o["id"].get<int>());
        }
      } else if (kind == "sql") {
        RunResult r = RunCommand("/usr/bin/sqlite3", {db, key});
        id = r.out.substr(0, r.out.find('\n'));
      } else if (auto it = users.find(key); it != users.end()) {
        id = it->second;
      }
      EXPECT_FALSE(id.empty()) << "no " << kind << " " << key;
      path.replace(at, close - at + 1, id.empty() ? "0" : id);
    }
  }
  return path;
}

std::map<std::string, std::string> UserIds(const std::string& db) {
  RunResult r = RunCommand("/usr/bin/sqlite3", {db, "SELECT email || '|' || id FROM users"});
  std::map<std::string, std::string> out;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    auto bar = line.find('|');
    if (bar != std::string::npos) out[line.substr(0, bar)] = line.substr(bar + 1);
  }
  return out;
}

class ApiGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ApiGoldenTest, Case) {
  std::ifstream in(GetParam());
  nlohmann::json spec = nlohmann::json::parse(in);
  TempDir tmp;
  std::string db = tmp.path() + "/cobuy.db";
  CopyDemoDatabase(db);
  auto users = UserIds(db);
  ServerProcess server(db);
  Client client(server.port());
  int n = 0;
  for (const auto& step : spec["steps"]) {
    SCOPED_TRACE("step " + std::to_string(n++) + ": " + step.dump().substr(0, 200));
    if (step.contains("sign_in")) {
      client.SignIn(step["sign_in"], step.value("password", "cobuy-demo-2026"));
      continue;
    }
    if (step.contains("sql")) {  // {"sql": "SELECT count(*) ...", "expect_rows": "1\n"}: the database's state
      RunResult r = RunCommand("/usr/bin/sqlite3", {db, step["sql"].get<std::string>()});
      EXPECT_EQ(r.out, step["expect_rows"].get<std::string>()) << step["sql"];
      continue;
    }
    const auto& req = step["request"];
    std::string body = req.contains("raw") ? req["raw"].get<std::string>() : req.contains("body") ? req["body"].dump() : "";
    body = Substitute(body, client, users, db);
    if (req.contains("repeat")) {
      std::string unit = body;
      for (int i = 1; i < req["repeat"].get<int>(); ++i) body += unit;
    }
    httplib::Headers headers;
    if (req.contains("headers")) {
      for (auto& [k, v] : req["headers"].items()) headers.emplace(k, v.get<std::string>());
    }
    std::string path = Substitute(req["path"], client, users, db);
    auto res = client.Request(req["method"], path, body, req.value("content_type", "application/json"), headers,
                              req.value("csrf", true));
    ASSERT_TRUE(res) << "no response: " << httplib::to_string(res.error());
    const auto& expect = step["expect"];
    EXPECT_EQ(res->status, expect["status"].get<int>()) << res->body;
    if (expect.contains("headers")) {
      for (auto& [k, v] : expect["headers"].items()) {
        if (v == "$absent") {
          EXPECT_FALSE(res->has_header(k)) << k;
        } else if (v == "$any") {
          EXPECT_TRUE(res->has_header(k)) << k;
        } else {
          EXPECT_EQ(res->get_header_value(k), v.get<std::string>()) << k;
        }
      }
    }
    if (expect.contains("body_contains")) {
      for (const auto& part : expect["body_contains"]) {
        EXPECT_NE(res->body.find(part.get<std::string>()), std::string::npos) << part << " not in " << res->body.substr(0, 500);
      }
    }
    if (expect.contains("body_lacks")) {
      for (const auto& part : expect["body_lacks"]) {
        EXPECT_EQ(res->body.find(part.get<std::string>()), std::string::npos) << part << " in " << res->body.substr(0, 500);
      }
    }
    if (expect.contains("body_starts_with")) {
      std::string prefix = expect["body_starts_with"];
      EXPECT_EQ(res->body.substr(0, prefix.size()), prefix);
    }
    if (expect.contains("body")) {
      nlohmann::json actual = nlohmann::json::parse(res->body, nullptr, false);
      ASSERT_FALSE(actual.is_discarded()) << "not JSON: " << res->body.substr(0, 300);
      std::string m = Mismatch(expect["body"], actual, "body");
      EXPECT_TRUE(m.empty()) << m;
    }
  }
  EXPECT_EQ(server.Terminate(), 0) << server.Log();
  // No secret reaches the log: neither passwords nor invitation tokens.
  EXPECT_EQ(server.Log().find("cobuy-demo-2026"), std::string::npos);
}

// The access matrix (tests/api/access_matrix.json): every workspace route, called by every
// role, answers exactly the expected status. Rows run in order, and the roles of a row in
// alphabetical order (the secretariat last), on one server and database.
TEST(AccessMatrixTest, EveryRouteEveryRole) {
  std::ifstream in(COBUY_SOURCE_DIR "/tests/api/access_matrix.json");
  nlohmann::json spec = nlohmann::json::parse(in);
  TempDir tmp;
  std::string db = tmp.path() + "/cobuy.db";
  CopyDemoDatabase(db);
  auto users = UserIds(db);
  ServerProcess server(db);
  std::vector<std::pair<std::string, std::unique_ptr<Client>>> roles;
  for (auto& [role, email] : spec["roles"].items()) {
    auto client = std::make_unique<Client>(server.port());
    if (email.is_null()) {
      client->Request("GET", "/api/v1/csrf");
    } else {
      client->SignIn(email, "cobuy-demo-2026");
    }
    roles.emplace_back(role, std::move(client));
  }
  ASSERT_EQ(roles.size(), 9u);
  Client& admin = *roles.back().second;  // the last role is the secretariat: it can resolve every name
  int checked = 0;
  for (const auto& row : spec["routes"]) {
    std::string path = Substitute(row["path"], admin, users, db);
    std::string body = row.contains("raw") ? row["raw"].get<std::string>() : row.contains("body") ? row["body"].dump() : "";
    body = Substitute(body, admin, users, db);
    std::string type = row.value("content_type", "application/json");
    ASSERT_EQ(row["expect"].size(), roles.size()) << row.dump();
    for (auto& [role, client] : roles) {
      ASSERT_TRUE(row["expect"].contains(role)) << role << " missing in " << row.dump();
      auto res = client->Request(row["method"], path, body, type);
      ASSERT_TRUE(res) << "no response";
      EXPECT_EQ(res->status, row["expect"][role].get<int>())
          << role << " " << row["method"].get<std::string>() << " " << row["path"].get<std::string>() << ": "
          << res->body.substr(0, 300);
      ++checked;
    }
  }
  EXPECT_GE(checked, 9 * 30);
  EXPECT_EQ(server.Terminate(), 0) << server.Log();
}

INSTANTIATE_TEST_SUITE_P(Cases, ApiGoldenTest, ::testing::ValuesIn(CaseFiles(COBUY_SOURCE_DIR "/tests/api/cases")),
                         [](const ::testing::TestParamInfo<std::string>& info) { return CaseName(info.param); });

}  // namespace
}  // namespace cobuy::testing
