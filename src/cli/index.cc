// cobuy index rebuild --db PATH     builds the search index afresh from the register
// cobuy index update --db PATH      indexes what is pending (and sends saved-search alerts)
//
// The index lives beside the database (PATH.search). Ingest updates it by itself; rebuild is
// for a new index format, a damaged index, or after restoring a database.
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "cli/cli.h"
#include "store/register_store.h"

namespace cobuy::cli {
namespace {

struct IndexArgs {
  std::string db;
  bool quiet = false;
};

Status RunIndex(const IndexArgs& args, bool rebuild) {
  COBUY_ASSIGN_OR_RETURN(auto store, OpenMigratedStore(args.db));
  // The CPV labels the documents carry, as the database holds them (like `cobuy serve`).
  COBUY_ASSIGN_OR_RETURN(std::vector<CpvCode> codes, store->ListCpvCodes());
  if (codes.empty()) return FailedPrecondition(fmt::format("{} has no reference data; run `cobuy db migrate`", args.db));
  COBUY_ASSIGN_OR_RETURN(auto reg, RegisterStore::Open({.location = args.db}));
  search::IndexStats stats;
  if (rebuild) {
    search::CpvLabels cpv = search::CpvLabels::FromReference(codes);
    COBUY_ASSIGN_OR_RETURN(auto writer, search::IndexWriter::Open(search::IndexPathFor(args.db), cpv));
    const bool show = !args.quiet && isatty(STDERR_FILENO);
    COBUY_ASSIGN_OR_RETURN(stats, writer->Rebuild(*reg, [show](const search::IndexProgress& p) {
      if (show) {
        fmt::print(stderr, "\rindexing {} of {} processes", p.done, p.total);
        std::fflush(stderr);
      }
    }));
    if (show) fmt::print(stderr, "\r{:<60}\r", "");
  } else {
    COBUY_ASSIGN_OR_RETURN(stats, UpdateSearchIndex(args.db, codes, *reg));
  }
  if (!args.quiet) {
    fmt::print("search index {}: {} processes indexed, {} removed, {} saved-search alerts, in {:.1f} s ({:.0f} documents/s)\n",
               search::IndexPathFor(args.db), stats.indexed, stats.removed, stats.alerts, stats.seconds,
               stats.seconds > 0 ? static_cast<double>(stats.indexed) / stats.seconds : 0.0);
  }
  return Status::Ok();
}

}  // namespace

void AddIndexCommand(CLI::App& app, Action& action) {
  CLI::App* index = app.add_subcommand("index", "The contract register's search index");
  index->require_subcommand(1);
  for (bool rebuild : {true, false}) {
    auto args = std::make_shared<IndexArgs>();
    CLI::App* cmd = rebuild ? index->add_subcommand("rebuild", "Build the search index afresh from the register")
                            : index->add_subcommand("update", "Index the processes ingested since the last update");
    cmd->add_option("--db", args->db, "SQLite database file")->required();
    cmd->add_flag("--quiet", args->quiet, "print nothing but errors");
    cmd->callback([args, rebuild, &action] { action = [args, rebuild] { return RunIndex(*args, rebuild); }; });
  }
}

}  // namespace cobuy::cli
