// cobuy serve --db PATH --listen HOST:PORT [--web DIR] [--threads N] [--secure-cookies]
//             [--trusted-proxy ADDR]... [--malloc-arenas N]
#include <arpa/inet.h>
#include <malloc.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "accounts/accounts.h"
#include "cli/cli.h"
#include "community/communities.h"
#include "core/clock.h"
#include "core/text.h"
#include "http/server.h"
#include "needs/needs.h"
#include "refdata/cpv_index.h"
#include "store/assessment_store.h"
#include "store/community_store.h"
#include "store/register_store.h"

namespace cobuy::cli {
namespace {

struct ServeArgs {
  std::string db = "var/cobuy.db";
  std::string listen = "127.0.0.1:8080";
  std::string web = "web/dist";
  std::string public_url;
  int threads = 16;
  int max_connections = 10000;
  int malloc_arenas = 0;  // 0: two per core
  std::vector<std::string> trusted_proxies;
  bool secure_cookies = false;
  bool quiet = false;
};

bool IsIpAddress(std::string_view s) {
  std::string z(s);
  unsigned char buf[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, z.c_str(), buf) == 1 || inet_pton(AF_INET6, z.c_str(), buf) == 1;
}

Status ParseListen(const std::string& listen, std::string& host, int& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return InvalidArgument(fmt::format("'{}' is not HOST:PORT", listen), "listen");
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string p = listen.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument(fmt::format("'{}' is not a port number", p), "listen");
  }
  port = std::stoi(p);
  if (port > 65535) return InvalidArgument(fmt::format("port {} is above 65535", port), "listen");
  return Status::Ok();
}

// Once a UTC day, from 07:00: health flags to facilitators and the secretariat, buyers told of
// new collaboration opportunities, the daily digests, then stale sign-in throttles forgotten. A
// restart on the same day runs them again (digests only list what is new; an opportunity is told
// once per window). Every minute, the market views take what `cobuy ingest` added meanwhile.
class DailyJobs {
 public:
  DailyJobs(Accounts& accounts, community::Communities& communities, market::Market& market, std::string base_url)
      : accounts_(accounts),
        communities_(communities),
        market_(market),
        base_url_(std::move(base_url)),
        thread_([this] { Loop(); }) {}
  ~DailyJobs() { Stop(); }
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Loop() {
    // The market views' snapshot is loaded here, not on the first request that needs it.
    if (Status s = market_.Load(); !s.ok()) spdlog::error("market views: {}", s.ToString());
    std::string last_day;
    std::unique_lock lock(mu_);
    while (!stop_) {
      UnixSeconds now = SystemClock::Instance().Now();
      if (FormatDay(now) != last_day && now % 86400 >= 7 * 3600) {
        last_day = FormatDay(now);
        lock.unlock();
        auto flagged = communities_.NotifyHealth();
        auto opportunities = market_.NotifyOpportunities();
        if (!opportunities.ok()) spdlog::error("opportunity notifications: {}", opportunities.status().ToString());
        auto sent = communities_.SendDigests(base_url_);
        if (!flagged.ok()) spdlog::error("health notifications: {}", flagged.status().ToString());
        if (!sent.ok()) spdlog::error("daily digests: {}", sent.status().ToString());
        if (flagged.ok() && sent.ok()) spdlog::info("daily jobs: {} health notifications, {} digests", *flagged, *sent);
        if (auto forgotten = accounts_.ForgetStaleThrottles(); !forgotten.ok()) {
          spdlog::error("sign-in throttles: {}", forgotten.status().ToString());
        }
        lock.lock();
      }
      lock.unlock();
      if (auto updated = market_.Update(); !updated.ok()) {
        spdlog::error("market update: {}", updated.status().ToString());
      } else if (updated->processes > 0) {
        spdlog::info("market: {} changed processes taken, {} planning stages imported", updated->processes,
                     updated->pipeline_imported);
      }
      lock.lock();
      cv_.wait_for(lock, std::chrono::seconds(60), [this] { return stop_; });
    }
  }

  Accounts& accounts_;
  community::Communities& communities_;
  market::Market& market_;
  std::string base_url_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

Status Serve(const ServeArgs& a) {
  // glibc gives each thread that allocates its own arena, up to 8 per core, and returns little
  // of an arena's free memory to the system: with 16 workers, 2 io threads and the jobs, the
  // heap's high-water mark is held many times over. Two per core, set before any thread
  // starts, kept the heap some 20 % smaller under the soak (docs/PERFORMANCE.md, "Step 7: soak").
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  int arenas = a.malloc_arenas > 0 ? a.malloc_arenas : static_cast<int>(2 * cores);
  // (Under AddressSanitizer, which brings its own allocator, this does nothing.)
  if (mallopt(M_ARENA_MAX, arenas) != 1) spdlog::debug("malloc arenas not limited to {}", arenas);
  http::ServerOptions options;
  COBUY_RETURN_IF_ERROR(ParseListen(a.listen, options.host, options.port));
  options.web_root = a.web;
  options.threads = a.threads;
  options.max_connections = static_cast<size_t>(a.max_connections);
  options.secure_cookies = a.secure_cookies;
  options.access_log = !a.quiet;
  for (const std::string& list : a.trusted_proxies) {
    for (const std::string& part : Split(list, ',')) {
      std::string_view proxy = part;
      while (!proxy.empty() && proxy.front() == ' ') proxy.remove_prefix(1);
      while (!proxy.empty() && proxy.back() == ' ') proxy.remove_suffix(1);
      if (proxy.empty()) continue;
      if (!IsIpAddress(proxy)) {
        return InvalidArgument(fmt::format("'{}' is not an IP address", proxy), "trusted-proxy");
      }
      options.trusted_proxies.emplace_back(proxy);
    }
  }

  COBUY_ASSIGN_OR_RETURN(auto store, OpenMigratedStore(a.db));
  COBUY_ASSIGN_OR_RETURN(auto cpv_codes, store->ListCpvCodes());
  if (cpv_codes.empty())
    return FailedPrecondition(fmt::format("{} has no reference data; run `cobuy db migrate`", a.db));
  CpvIndex cpv(cpv_codes);
  PasswordHasher hasher;
  AccountsOptions accounts_options;
  accounts_options.public_url = a.public_url.empty() ? fmt::format("http://{}", a.listen) : a.public_url;
  COBUY_ASSIGN_OR_RETURN(auto accounts, Accounts::Create(*store, SystemClock::Instance(), hasher, accounts_options));
  COBUY_ASSIGN_OR_RETURN(int expired, store->DeleteExpiredSessions(SystemClock::Instance().Now()));
  COBUY_ASSIGN_OR_RETURN(auto reg, RegisterStore::Open({.location = a.db}));
  // The search index catches up with what was ingested while no one indexed (or is built
  // on the first start after an upgrade); ingest keeps it current afterwards.
  COBUY_ASSIGN_OR_RETURN(search::IndexStats indexed, UpdateSearchIndex(a.db, cpv_codes, *reg));
  if (indexed.indexed > 0)
    spdlog::info("search index: {} processes indexed in {:.1f} s", indexed.indexed, indexed.seconds);
  COBUY_ASSIGN_OR_RETURN(auto search_index, search::SearchIndex::Open(search::IndexPathFor(a.db)));
  http::Services services{*store, *accounts, cpv, SystemClock::Instance(), *reg, search_index.get()};
  COBUY_ASSIGN_OR_RETURN(auto community_store, CommunityStore::Open({.location = a.db}));
  community::Communities communities(*community_store, *store, SystemClock::Instance());
  services.communities = &communities;
  services.community_store = community_store.get();
  COBUY_ASSIGN_OR_RETURN(auto assessment_store, AssessmentStore::Open({.location = a.db}));
  needs::Needs needs(*assessment_store, *community_store, communities, *accounts, *store, SystemClock::Instance());
  services.needs = &needs;
  COBUY_ASSIGN_OR_RETURN(auto market_store, MarketStore::Open({.location = a.db}));
  COBUY_ASSIGN_OR_RETURN(auto thresholds, LoadWarningThresholds());
  COBUY_ASSIGN_OR_RETURN(auto market, market::Market::Create({*market_store, *store, cpv, SystemClock::Instance(),
                                                              community_store.get(), &communities, thresholds}));
  services.market = market.get();

  // SIGTERM and SIGINT are taken by one thread with sigwait, so no handler runs in a
  // request thread; the server then stops accepting and lets requests in flight finish.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  http::Server server(options, services);
  COBUY_RETURN_IF_ERROR(server.Bind());
  // After the mask: signals go to the waiter.
  DailyJobs daily(*accounts, communities, *market, accounts_options.public_url);
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("received {}, finishing requests in flight", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    server.Stop();
  });
  spdlog::info("removed {} expired sessions", expired);
  fmt::print("Cobuy is serving on http://{}:{}/\n", options.host, server.port());
  std::fflush(stdout);
  Status s = server.Listen();
  // If Listen returned without a signal, wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  daily.Stop();
  spdlog::info("stopped");
  return s;
}

}  // namespace

void AddServeCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the web app and the API");
  cmd->add_option("--db", args->db, "SQLite database file")->capture_default_str();
  cmd->add_option("--listen", args->listen, "HOST:PORT to listen on (port 0 picks a free one)")->capture_default_str();
  cmd->add_option("--web", args->web, "folder of the built web app")->capture_default_str();
  cmd->add_option("--public-url", args->public_url, "base URL used in e-mails (default http://LISTEN)");
  cmd->add_option("--threads", args->threads, "worker threads running requests (connections do not hold one)")
      ->check(CLI::Range(2, 4096))
      ->capture_default_str();
  cmd->add_option("--max-connections", args->max_connections, "connections open at once; more are closed")
      ->check(CLI::Range(16, 1000000))
      ->capture_default_str();
  cmd->add_option("--malloc-arenas", args->malloc_arenas, "most malloc arenas (glibc), 0: two per core")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_option("--trusted-proxy", args->trusted_proxies,
                  "address of a reverse proxy whose X-Forwarded-For names the client (repeatable, or a comma list)");
  cmd->add_flag("--secure-cookies", args->secure_cookies,
                "served over TLS (or behind a TLS proxy): __Host- cookies marked Secure, and HSTS");
  cmd->add_flag("--quiet", args->quiet, "no access log");
  cmd->callback([args, &action] { action = [args] { return Serve(*args); }; });
}

}  // namespace cobuy::cli
