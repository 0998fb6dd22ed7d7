// cobuy ingest --db PATH [--report FILE] [--quiet] [--schema FILE] FILE...
//
// Loads OCDS files of any shape into the contract register (see ingest/ingester.h). The
// database is created and migrated when needed. On a terminal, progress goes to stderr
// (bytes, releases per second, time left); a summary goes to stdout at the end. With
// --quiet only errors are printed. Exit status 0 when every release landed, 3 when some
// were rejected or a file could not be read (each is in the report and the ingest_problems
// table; stderr gets one line that sums them up), 1 when the store fails.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "cli/cli.h"
#include "ingest/ingester.h"

namespace cobuy::cli {
namespace {

struct IngestArgs {
  std::string db;
  std::string report;
  std::string schema;
  bool quiet = false;
  bool no_index = false;
  int batch_size = 2000;
  std::vector<std::string> files;
};

std::string Megabytes(std::uint64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

std::string Duration(double seconds) {
  if (seconds < 90) return fmt::format("{:.0f} s", seconds);
  if (seconds < 5400) return fmt::format("{:.0f} min", seconds / 60);
  return fmt::format("{:.1f} h", seconds / 3600);
}

void PrintProgress(const ingest::IngestProgress& p) {
  using Phase = ingest::IngestProgress::Phase;
  std::string line;
  double rate = p.elapsed_seconds > 0 ? static_cast<double>(p.releases) / p.elapsed_seconds : 0;
  if (p.phase == Phase::kReading) {
    line = fmt::format("reading {} of {}, {} releases, {:.0f} releases/s", Megabytes(p.bytes_done),
                       Megabytes(p.bytes_total), p.releases, rate);
    if (p.bytes_done > 0 && p.bytes_total > p.bytes_done) {
      double left = p.elapsed_seconds * static_cast<double>(p.bytes_total - p.bytes_done) /
                    static_cast<double>(p.bytes_done);
      line += fmt::format(", about {} left", Duration(left));
    }
  } else {
    line = fmt::format("compiling {} of {} processes", p.processes_done, p.processes_total);
  }
  fmt::print(stderr, "\r{:<100}", line);
  if (p.phase == Phase::kDone) fmt::print(stderr, "\r{:<100}\r", "");
  std::fflush(stderr);
}

Status RunIngest(const IngestArgs& args) {
  COBUY_ASSIGN_OR_RETURN(auto data_dir, FindDataDir(""));
  COBUY_ASSIGN_OR_RETURN(auto store, OpenStore(args.db));
  COBUY_ASSIGN_OR_RETURN(ReferenceData data, MigrateAndLoadReference(*store, data_dir, true));
  std::string schema = args.schema;
  if (schema.empty()) {
    COBUY_ASSIGN_OR_RETURN(schema, DefaultReleaseSchema());
  }

  ingest::IngestOptions options;
  options.files = args.files;
  options.report_path = args.report;
  options.release_batch = static_cast<size_t>(args.batch_size);
  options.process_batch = static_cast<size_t>(std::max(1, args.batch_size / 4));
  const bool show_progress = !args.quiet && isatty(STDERR_FILENO);
  double reading_seconds = 0;
  options.on_progress = [&](const ingest::IngestProgress& p) {
    if (p.phase == ingest::IngestProgress::Phase::kReading) reading_seconds = p.elapsed_seconds;
    if (show_progress) PrintProgress(p);
  };
  std::map<std::pair<std::string, std::string>, int> kinds;
  std::string first_unreadable;
  options.on_problem = [&](const IngestProblem& p) {
    ++kinds[{std::string(SeverityName(p.severity)), p.code}];
    if (p.code == "unreadable_file" && first_unreadable.empty()) first_unreadable = p.message;
  };
  auto started = std::chrono::steady_clock::now();
  search::IndexStats indexed;
  COBUY_ASSIGN_OR_RETURN(IngestRun run, IngestFiles(args.db, data, schema, options, args.no_index ? nullptr : &indexed));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (!args.quiet) {
    fmt::print("ingest run {}: {} file{} ({}) in {:.1f} s, {:.0f} releases/s\n", run.id, run.files.size(),
               run.files.size() == 1 ? "" : "s", Megabytes(run.bytes), seconds,
               seconds > 0 ? static_cast<double>(run.releases_read) / seconds : 0.0);
    fmt::print("reading and storing {:.1f} s, compiling {:.1f} s\n", reading_seconds, seconds - reading_seconds);
    fmt::print("releases: {} read, {} new, {} already stored, {} rejected; {} warnings; {} processes compiled\n",
               run.releases_read, run.releases_new, run.releases_unchanged, run.releases_rejected, run.warnings,
               run.processes_compiled);
    for (const auto& [kind, count] : kinds) fmt::print("  {} {}: {}\n", kind.first, kind.second, count);
    if (args.no_index) {
      fmt::print("search index: not updated (--no-index); `cobuy index update` or `cobuy index rebuild` catches up\n");
    } else {
      fmt::print("search index: {} processes indexed, {} removed, {} saved-search alerts, in {:.1f} s\n",
                 indexed.indexed, indexed.removed, indexed.alerts, indexed.seconds);
    }
    if (!args.report.empty() && !kinds.empty()) fmt::print("report: {}\n", args.report);
  }
  int unreadable = kinds[{"rejected", "unreadable_file"}];
  if (run.releases_rejected > 0 || unreadable > 0) {
    std::string what;
    if (unreadable > 0) {
      what = first_unreadable;
      if (unreadable > 1) what += fmt::format(" (and {} more files unreadable)", unreadable - 1);
    }
    if (run.releases_rejected > 0) {
      what += fmt::format("{}{} release{} rejected", what.empty() ? "" : ", ", run.releases_rejected,
                          run.releases_rejected == 1 ? "" : "s");
    }
    if (run.releases_rejected > 0) {
      what += args.report.empty() ? " (give --report FILE to list them)" : fmt::format(" (listed in {})", args.report);
    }
    return Status(StatusCode::kPartial, what);
  }
  return Status::Ok();
}

}  // namespace

void AddIngestCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand("ingest", "Load OCDS files into the contract register");
  cmd->add_option("--db", args->db, "SQLite database file (created when missing)")->required();
  cmd->add_option("--report", args->report, "write every problem found to FILE (JSON Lines)");
  cmd->add_option("--schema", args->schema,
                  "release schema giving the merge rules (default data/ocds/release-schema-1__1__4.json; "
                  "data/ocds/release-schema-1__0__3.json for OCDS 1.0 rules)");
  cmd->add_flag("--quiet", args->quiet, "print nothing but errors");
  cmd->add_flag("--no-index", args->no_index,
                "leave the search index for later (bulk loads: `cobuy index rebuild` is faster than updates)");
  cmd->add_option("--batch-size", args->batch_size,
                  "releases stored per transaction (processes compiled per transaction: a quarter of it)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("files", args->files, "OCDS files (packages, records, arrays, JSON Lines; plain or gzip)")
      ->required();
  cmd->callback([args, &action] { action = [args] { return RunIngest(*args); }; });
}

}  // namespace cobuy::cli
