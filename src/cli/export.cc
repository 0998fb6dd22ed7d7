// cobuy export --db PATH [--ocid ID] [--buyer ID] [--cpv PREFIX] [--since DATE] [--out FILE]
//
// Writes the processes of the contract register that match every filter given as an OCDS
// 1.1 record package: each record holds the process's releases as stored and its compiled
// release. Streams process by process, so memory does not grow with the register.
#include <cstdio>

#include <fmt/format.h>

#include "cli/cli.h"
#include "ingest/record_package.h"
#include "ingest/reference.h"
#include "store/register_store.h"

namespace cobuy::cli {
namespace {

struct ExportArgs {
  std::string db;
  std::string out;
  ProcessFilter filter;
};

class Output {
 public:
  Status Open(const std::string& path) {
    path_ = path.empty() ? "<stdout>" : path;
    file_ = path.empty() ? stdout : std::fopen(path.c_str(), "w");
    if (!file_) return Unavailable(fmt::format("cannot write {}", path));
    return Status::Ok();
  }
  ~Output() {
    if (file_ && file_ != stdout) std::fclose(file_);
  }
  Status Write(std::string_view bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size() || std::fflush(file_) != 0) {
      return Unavailable(fmt::format("cannot write {}", path_));
    }
    return Status::Ok();
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

Status RunExport(const ExportArgs& args) {
  if (!args.filter.since.empty() && !ingest::IsoDay(args.filter.since)) {
    return InvalidArgument(fmt::format("--since '{}' is not a date (YYYY-MM-DD)", args.filter.since), "since");
  }
  for (char c : args.filter.cpv_prefix) {
    if (c < '0' || c > '9') {
      return InvalidArgument(fmt::format("--cpv '{}' is not a CPV code prefix (digits)", args.filter.cpv_prefix), "cpv");
    }
  }
  COBUY_ASSIGN_OR_RETURN(auto store, OpenMigratedStore(args.db));
  COBUY_ASSIGN_OR_RETURN(auto reg, RegisterStore::Open({.location = args.db}));
  COBUY_ASSIGN_OR_RETURN(auto ocids, reg->FindProcesses(args.filter));
  if (!args.filter.ocid.empty() && ocids.empty()) {
    return NotFound(fmt::format("no process with ocid {} in {}", args.filter.ocid, args.db));
  }

  Output out;
  COBUY_RETURN_IF_ERROR(out.Open(args.out));
  return ingest::WriteRecordPackage(*reg, ocids, "https://cobuy.eu/api/v1/contracts/export",
                                    FormatTimestamp(SystemClock::Instance().Now()),
                                    [&out](std::string_view bytes) { return out.Write(bytes); });
}

}  // namespace

void AddExportCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", "Write processes of the contract register as an OCDS record package");
  cmd->add_option("--db", args->db, "SQLite database file")->required();
  cmd->add_option("--ocid", args->filter.ocid, "only this process");
  cmd->add_option("--buyer", args->filter.buyer,
                  "only processes of this buyer: its identifier (SCHEME-ID, or the ID alone) or its exact name");
  cmd->add_option("--cpv", args->filter.cpv_prefix, "only processes with a CPV code starting with these digits");
  cmd->add_option("--since", args->filter.since, "only processes with a release on or after this date (YYYY-MM-DD)");
  cmd->add_option("--out", args->out, "write to FILE instead of standard output");
  cmd->callback([args, &action] { action = [args] { return RunExport(*args); }; });
}

}  // namespace cobuy::cli
