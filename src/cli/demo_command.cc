// cobuy demo load --db PATH [--data DIR]
#include <fmt/format.h>

#include "accounts/accounts.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "demo/demo.h"

namespace cobuy::cli {

void AddDemoCommand(CLI::App& app, Action& action) {
  CLI::App* demo = app.add_subcommand("demo", "Demo data");
  demo->require_subcommand(1);
  struct Args {
    std::string db;
    std::string data;
  };
  auto args = std::make_shared<Args>();
  CLI::App* load = demo->add_subcommand("load", "Migrate, then load the demo organisations and people");
  load->add_option("--db", args->db, "SQLite database file")->required();
  load->add_option("--data", args->data, "reference data folder (default: data/ref)");
  load->callback([args, &action] {
    action = [args]() -> Status {
      COBUY_ASSIGN_OR_RETURN(auto data_dir, FindDataDir(args->data));
      COBUY_ASSIGN_OR_RETURN(auto store, OpenStore(args->db));
      COBUY_RETURN_IF_ERROR(MigrateAndLoadReference(*store, data_dir, true));
      PasswordHasher hasher;
      COBUY_ASSIGN_OR_RETURN(auto accounts, Accounts::Create(*store, SystemClock::Instance(), hasher));
      COBUY_ASSIGN_OR_RETURN(DemoSummary summary, LoadDemo(*store, *accounts));
      fmt::print("demo: {} organisations and {} people added\n", summary.organisations_created, summary.people_created);
      fmt::print("demo sign-ins (password {}):\n", kDemoPassword);
      for (const auto& s : summary.sign_ins) fmt::print("  {:<32} {:<15} {}\n", s.email, s.role, s.organisation);
      return Status::Ok();
    };
  });
}

}  // namespace cobuy::cli
