// Shared pieces of the `cobuy` subcommands: one file per subcommand registers itself on
// the CLI11 app through the Add*Command functions below; main.cc maps every failure to an
// exit code (the only place that does) and prints it as one line on stderr.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "db/database.h"
#include "ingest/ingester.h"
#include "market/market.h"
#include "search/search.h"
#include "store/community_store.h"
#include "store/market_store.h"
#include "store/store.h"

namespace cobuy::cli {

// What a subcommand runs once its arguments are parsed.
using Action = std::function<Status()>;

// Each registers its subcommand on `app` and sets `action` when it is chosen.
void AddServeCommand(CLI::App& app, Action& action);
void AddDbCommand(CLI::App& app, Action& action);
void AddDemoCommand(CLI::App& app, Action& action);
void AddOrgCommand(CLI::App& app, Action& action);
void AddUserCommand(CLI::App& app, Action& action);
void AddCompileCommand(CLI::App& app, Action& action);
void AddIngestCommand(CLI::App& app, Action& action);
void AddExportCommand(CLI::App& app, Action& action);
void AddGenCommand(CLI::App& app, Action& action);
void AddIndexCommand(CLI::App& app, Action& action);
void AddSearchCommand(CLI::App& app, Action& action);
void AddNotifyCommand(CLI::App& app, Action& action);
void AddGroupsCommand(CLI::App& app, Action& action);
void AddMarketCommands(CLI::App& app, Action& action);

// Opens the database at `location` (a SQLite path, creating its folder, or a postgresql:// URL).
// Any failure (a malformed URL, wrong credentials, an unreachable server, a file that cannot be
// made) is a failure of the command (exit 1), not bad usage.
Result<std::unique_ptr<db::Database>> OpenDatabase(const std::string& location);
// Opens the store at `db`, creating its folder.
Result<std::unique_ptr<Store>> OpenStore(const std::string& db);
// Opens the store and requires its schema to be up to date.
Result<std::unique_ptr<Store>> OpenMigratedStore(const std::string& db);
// Applies migrations and loads the reference data from `data_dir` (when it changed), which it
// returns. Prints what it did to stdout unless quiet.
Result<ReferenceData> MigrateAndLoadReference(Store& store, const std::filesystem::path& data_dir, bool quiet);
// Loads the reference data from `data_dir` when it changed (the schema must be up to date).
Result<ReferenceData> LoadReference(Store& store, const std::filesystem::path& data_dir, bool quiet);
// Ingests options.files into the register of the (migrated) database `db`, merging with the
// rules of the release schema `schema`, then brings the search index up to date and puts its
// figures in `indexed` (with `indexed` null, the index is left for later).
Result<IngestRun> IngestFiles(const std::string& db, const ReferenceData& data, const std::string& schema,
                              const ingest::IngestOptions& options, search::IndexStats* indexed = nullptr);
// Indexes the processes pending for the search index of `db` and sends saved-search alerts.
Result<search::IndexStats> UpdateSearchIndex(const std::string& db, const std::vector<CpvCode>& cpv,
                                             RegisterStore& reg);
// The reference data folder: $COBUY_DATA_DIR, ./data/ref, or data/ref above the executable.
Result<std::filesystem::path> FindDataDir(const std::string& given);
// data/ocds/release-schema-1__1__4.json beside the reference data (the default merge rules).
Result<std::string> DefaultReleaseSchema();

// The market service of `db` with what it needs alive (notify: with notifications).
struct MarketSession {
  std::unique_ptr<Store> store;
  std::unique_ptr<MarketStore> market_store;
  std::unique_ptr<CommunityStore> community_store;
  std::unique_ptr<CpvIndex> cpv;
  std::unique_ptr<market::Market> market;
};
Result<MarketSession> OpenMarket(const std::string& db, bool notify);
// data/market/thresholds.csv beside the reference data, else the built-in defaults.
Result<market::WarningThresholds> LoadWarningThresholds();
// Takes the processes changed since the market views last did (imports planning stages into
// the pipeline). IngestFiles runs it after every ingest.
Result<market::UpdateStats> UpdateMarket(const std::string& db);

}  // namespace cobuy::cli
