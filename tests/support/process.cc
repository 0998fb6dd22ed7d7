#include "support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cobuy::testing {
namespace fs = std::filesystem;

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<char*> Argv(const std::string& binary, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

std::vector<std::string> CaseFiles(const std::string& folder) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(folder)) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string CaseName(const std::string& path) {
  std::string name = fs::path(path).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

RunResult RunCommand(const std::string& binary, const std::vector<std::string>& args, const std::string& input) {
  TempDir tmp;
  std::string in = tmp.path() + "/in", out = tmp.path() + "/out", err = tmp.path() + "/err";
  std::ofstream(in, std::ios::binary) << input;
  pid_t pid = fork();
  if (pid == 0) {
    int fi = open(in.c_str(), O_RDONLY);
    int fo = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int fe = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fi, 0);
    dup2(fo, 1);
    dup2(fe, 2);
    auto argv = Argv(binary, args);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "cobuy-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string DemoDatabaseTemplate() {
  static std::once_flag once;
  static TempDir* dir = nullptr;
  static std::string path;
  std::call_once(once, [] {
    // Under CTest the demo is the fixture made once per run (tests/fixtures/make_db.cmake).
    if (const char* made = std::getenv("COBUY_DEMO_DB"); made && *made) {
      if (!fs::exists(made)) throw std::runtime_error(std::string("COBUY_DEMO_DB names no file: ") + made);
      path = made;
      return;
    }
    dir = new TempDir();  // lives as long as the test binary
    path = dir->path() + "/demo.db";
    RunResult r = RunCommand(COBUY_BINARY, {"demo", "load", "--db", path, "--data", COBUY_SOURCE_DIR "/data/ref"});
    if (r.exit_code != 0) throw std::runtime_error("demo load failed: " + r.err);
    // SQLite folds the WAL into the main file when the last connection closes, so the one
    // file is the whole database.
    if (fs::exists(path + "-wal")) throw std::runtime_error("demo load left a WAL file behind");
  });
  return path;
}

void CopyDemoDatabase(const std::string& to) {
  const std::string& from = DemoDatabaseTemplate();
  fs::copy_file(from, to);
  if (fs::exists(from + ".search")) fs::copy(from + ".search", to + ".search", fs::copy_options::recursive);
}

ServerProcess::ServerProcess(const std::string& db, std::vector<std::string> extra_args) {
  log_path_ = db + ".log";
  std::vector<std::string> args = {"serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", "8"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    auto argv = Argv(COBUY_BINARY, args);
    execv(COBUY_BINARY, argv.data());
    _exit(127);
  }
  // The server prints "Cobuy is serving on http://127.0.0.1:PORT/" once it listens.
  const std::string marker = "serving on http://127.0.0.1:";
  // Up to 2 minutes: an ASan server starting beside three other tests on a loaded 2-core machine
  // (a bound on the harness, not a timing assertion).
  for (int i = 0; i < 2400 && port_ == 0; ++i) {
    std::string log = ReadFile(log_path_);
    auto at = log.find(marker);
    if (at != std::string::npos && log.find('/', at + marker.size()) != std::string::npos) {
      port_ = std::atoi(log.c_str() + at + marker.size());
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) throw std::runtime_error("server exited: " + log);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (port_ == 0) throw std::runtime_error("server did not start: " + ReadFile(log_path_));
}

int ServerProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ServerProcess::~ServerProcess() {
  Terminate();
}

std::string ServerProcess::Log() const {
  return ReadFile(log_path_);
}

Client::Client(int port) : cli_("127.0.0.1", port) {
  cli_.set_read_timeout(30);
  cli_.set_keep_alive(true);
}

void Client::Remember(const httplib::Result& res) {
  if (!res) return;
  auto range = res->headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    const std::string& c = it->second;
    auto eq = c.find('=');
    auto semi = c.find(';');
    std::string name = c.substr(0, eq);
    std::string value = c.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
    if (value.empty() || c.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
}

std::string Client::Cookie(const std::string& name) const {
  auto it = cookies_.find(name);
  return it == cookies_.end() ? "" : it->second;
}

httplib::Result Client::Request(const std::string& method, const std::string& path, const std::string& body,
                                const std::string& content_type, const httplib::Headers& extra, bool send_csrf) {
  httplib::Headers headers = extra;
  std::string cookie;
  for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  if (!cookie.empty()) headers.emplace("Cookie", cookie);
  if (send_csrf && method != "GET" && !Cookie("cobuy_csrf").empty())
    headers.emplace("X-CSRF-Token", Cookie("cobuy_csrf"));
  httplib::Result res = [&] {
    if (method == "GET") return cli_.Get(path, headers);
    if (method == "POST") return cli_.Post(path, headers, body, content_type);
    if (method == "PATCH") return cli_.Patch(path, headers, body, content_type);
    if (method == "PUT") return cli_.Put(path, headers, body, content_type);
    if (method == "DELETE") return cli_.Delete(path, headers, body, content_type);
    throw std::runtime_error("unknown method " + method);
  }();
  Remember(res);
  return res;
}

nlohmann::json Client::SignIn(const std::string& email, const std::string& password) {
  if (Cookie("cobuy_csrf").empty()) Request("GET", "/api/v1/csrf");
  auto res = Request("POST", "/api/v1/session", nlohmann::json{{"email", email}, {"password", password}}.dump());
  if (!res || res->status != 200) throw std::runtime_error("sign-in failed for " + email);
  return nlohmann::json::parse(res->body);
}

}  // namespace cobuy::testing
