// cobuy notify digest|health|opportunities --db PATH [--base-url URL]
//
// Runs the daily jobs `cobuy serve` runs once a day, by hand: `digest` sends each person with
// the daily digest on one e-mail (to the outbox) listing the notifications since their last
// digest; `health` flags unhealthy interest groups to their facilitators and the secretariat;
// `opportunities` tells buyers of new collaboration opportunities (docs/MARKET.md).
#include <fmt/format.h>

#include "cli/cli.h"
#include "community/communities.h"
#include "core/clock.h"
#include "store/community_store.h"

namespace cobuy::cli {
namespace {

struct NotifyArgs {
  std::string db = "var/cobuy.db";
  std::string base_url = "http://127.0.0.1:8080";
};

Status RunNotify(const NotifyArgs& a, std::string_view job) {
  if (job == "opportunities") {
    COBUY_ASSIGN_OR_RETURN(MarketSession m, OpenMarket(a.db, true));
    COBUY_RETURN_IF_ERROR(m.market->Update().status());
    COBUY_ASSIGN_OR_RETURN(int sent, m.market->NotifyOpportunities());
    fmt::print("{} opportunity notifications sent\n", sent);
    return Status::Ok();
  }
  const bool digest = job == "digest";
  COBUY_ASSIGN_OR_RETURN(auto store, OpenMigratedStore(a.db));
  COBUY_ASSIGN_OR_RETURN(auto community_store, CommunityStore::Open({.location = a.db}));
  community::Communities communities(*community_store, *store, SystemClock::Instance());
  if (digest) {
    COBUY_ASSIGN_OR_RETURN(int sent, communities.SendDigests(a.base_url));
    fmt::print("{} digest e-mails put in the outbox\n", sent);
  } else {
    COBUY_ASSIGN_OR_RETURN(int sent, communities.NotifyHealth());
    fmt::print("{} health notifications sent\n", sent);
  }
  return Status::Ok();
}

}  // namespace

void AddNotifyCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<NotifyArgs>();
  CLI::App* cmd = app.add_subcommand("notify", "Run the daily notification jobs by hand");
  cmd->require_subcommand(1);
  for (const char* name : {"digest", "health", "opportunities"}) {
    const std::string_view job = name;
    CLI::App* sub = cmd->add_subcommand(name, job == "digest"   ? "Send the daily e-mail digests"
                                              : job == "health" ? "Flag unhealthy interest groups"
                                                                : "Tell buyers of new collaboration opportunities");
    sub->add_option("--db", args->db, "SQLite database file")->capture_default_str();
    sub->add_option("--base-url", args->base_url, "the site's address, for links in e-mails")->capture_default_str();
    sub->callback([&action, args, job] { action = [args, job] { return RunNotify(*args, job); }; });
  }
}

}  // namespace cobuy::cli
