// Test support: run the real `cobuy` binary as a child process, and talk to a running
// server over loopback with a small cookie-keeping client.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace cobuy::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// The *.json files of a folder of data-driven cases, sorted; and a case's test name.
std::vector<std::string> CaseFiles(const std::string& folder);
std::string CaseName(const std::string& path);

// Runs `binary args...` with `input` on stdin and waits for it.
RunResult RunCommand(const std::string& binary, const std::vector<std::string>& args, const std::string& input = "");

// A fresh temporary folder, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A database with the schema, the reference data and the demo, copied for each user: the file
// COBUY_DEMO_DB names (the CTest fixture demo_db, made once per run), else one made once per
// test binary.
std::string DemoDatabaseTemplate();
// Copies the demo database and its search index to `to` (and `to`.search).
void CopyDemoDatabase(const std::string& to);

// `cobuy serve` on a free loopback port, stopped (SIGTERM) on destruction.
class ServerProcess {
 public:
  explicit ServerProcess(const std::string& db, std::vector<std::string> extra_args = {});
  ~ServerProcess();
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends SIGTERM and returns the exit status.
  int Terminate();
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

// An HTTP client that keeps cookies like a browser and sends the CSRF header.
class Client {
 public:
  explicit Client(int port);
  httplib::Result Request(const std::string& method, const std::string& path, const std::string& body = "",
                          const std::string& content_type = "application/json", const httplib::Headers& extra = {},
                          bool send_csrf = true);
  // Signs in and expects 200.
  nlohmann::json SignIn(const std::string& email, const std::string& password);
  std::string Cookie(const std::string& name) const;

 private:
  void Remember(const httplib::Result& res);
  httplib::Client cli_;
  std::map<std::string, std::string> cookies_;
};

}  // namespace cobuy::testing
