// cobuy db migrate --db PATH|URL [--data DIR] [--quiet]
// cobuy db status  --db PATH|URL
//
// Both run the one schema list (store/schema.h) through db::Database, on SQLite (a path) or
// PostgreSQL (a postgresql:// URL). migrate then loads the reference data, on SQLite: the
// stores do not run on PostgreSQL yet (Step 10), and it says so.
#include <fmt/format.h>

#include "cli/cli.h"
#include "db/database.h"
#include "store/schema.h"

namespace cobuy::cli {
namespace {

// A database at a migration this build does not know (a newer build's) is refused.
Status RefuseNewer(const std::string& location, const db::MigrationStatus& status) {
  if (status.unknown.empty()) return Status::Ok();
  const db::MigrationInfo& newest = status.unknown.back();
  return FailedPrecondition(
      fmt::format("{} is at migration {} ({}), which this build does not know (it knows 1 to {}): use a newer cobuy",
                  location, newest.version, newest.name, store::LatestSchemaVersion()));
}

Status Migrate(const std::string& location, const std::string& data, bool quiet) {
  COBUY_ASSIGN_OR_RETURN(auto data_dir, FindDataDir(data));
  db::Backend backend;
  {
    COBUY_ASSIGN_OR_RETURN(auto db, OpenDatabase(location));
    backend = db->backend();
    COBUY_ASSIGN_OR_RETURN(auto before, db->GetMigrationStatus(store::SchemaMigrations()));
    COBUY_RETURN_IF_ERROR(RefuseNewer(db->location(), before));
    COBUY_ASSIGN_OR_RETURN(auto applied, db->Migrate(store::SchemaMigrations()));
    if (!quiet) {
      for (const auto& m : applied) fmt::print("applied migration {} ({})\n", m.version, m.name);
    }
  }
  if (backend == db::Backend::kPostgres) {
    if (!quiet) fmt::print("reference data not loaded: the stores do not run on PostgreSQL yet\n");
    return Status::Ok();
  }
  COBUY_ASSIGN_OR_RETURN(auto store, OpenStore(location));
  return LoadReference(*store, data_dir, quiet).status();
}

Status PrintStatus(const std::string& location) {
  COBUY_ASSIGN_OR_RETURN(auto db, OpenDatabase(location));
  COBUY_ASSIGN_OR_RETURN(auto status, db->GetMigrationStatus(store::SchemaMigrations()));
  COBUY_RETURN_IF_ERROR(RefuseNewer(db->location(), status));
  for (const auto& m : status.applied) fmt::print("{}\tapplied\t{}\t{}\n", m.version, m.applied_at, m.name);
  for (const auto& m : status.pending) fmt::print("{}\tpending\t\t{}\n", m.version, m.name);
  const int version = status.applied.empty() ? 0 : status.applied.back().version;
  fmt::print("schema version {} of {} ({}, {} pending)\n", version, store::LatestSchemaVersion(),
             db::BackendName(db->backend()), status.pending.size());
  return Status::Ok();
}

}  // namespace

void AddDbCommand(CLI::App& app, Action& action) {
  CLI::App* db = app.add_subcommand("db", "Database schema");
  db->require_subcommand(1);

  struct Args {
    std::string db;
    std::string data;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  const char* db_help = "SQLite database file, or a postgresql:// URL";
  CLI::App* migrate = db->add_subcommand("migrate", "Apply pending migrations and load the reference data");
  migrate->add_option("--db", args->db, db_help)->required();
  migrate->add_option("--data", args->data, "reference data folder (default: data/ref)");
  migrate->add_flag("--quiet", args->quiet, "print nothing on success");
  migrate->callback(
      [args, &action] { action = [args]() -> Status { return Migrate(args->db, args->data, args->quiet); }; });

  CLI::App* status = db->add_subcommand("status", "Show each migration, applied or pending");
  status->add_option("--db", args->db, db_help)->required();
  status->callback([args, &action] { action = [args]() -> Status { return PrintStatus(args->db); }; });
}

}  // namespace cobuy::cli
