// cobuy db migrate --db PATH [--data DIR]
// cobuy db status  --db PATH
#include <fmt/format.h>

#include "cli/cli.h"

namespace cobuy::cli {

void AddDbCommand(CLI::App& app, Action& action) {
  CLI::App* db = app.add_subcommand("db", "Database schema");
  db->require_subcommand(1);

  struct Args {
    std::string db;
    std::string data;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* migrate = db->add_subcommand("migrate", "Apply pending migrations and load the reference data");
  migrate->add_option("--db", args->db, "SQLite database file")->required();
  migrate->add_option("--data", args->data, "reference data folder (default: data/ref)");
  migrate->add_flag("--quiet", args->quiet, "print nothing on success");
  migrate->callback([args, &action] {
    action = [args]() -> Status {
      COBUY_ASSIGN_OR_RETURN(auto data_dir, FindDataDir(args->data));
      COBUY_ASSIGN_OR_RETURN(auto store, OpenStore(args->db));
      return MigrateAndLoadReference(*store, data_dir, args->quiet).status();
    };
  });

  CLI::App* status = db->add_subcommand("status", "Show the applied migrations");
  status->add_option("--db", args->db, "SQLite database file")->required();
  status->callback([args, &action] {
    action = [args]() -> Status {
      COBUY_ASSIGN_OR_RETURN(auto store, OpenStore(args->db));
      COBUY_ASSIGN_OR_RETURN(auto applied, store->AppliedMigrations());
      for (const auto& m : applied) fmt::print("{}\t{}\t{}\n", m.version, m.applied_at, m.name);
      int version = applied.empty() ? 0 : applied.back().version;
      fmt::print("schema version {} of {}\n", version, store->LatestSchemaVersion());
      return Status::Ok();
    };
  });
}

}  // namespace cobuy::cli
