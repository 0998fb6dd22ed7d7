// cobuy export --db PATH [--ocid ID] [--buyer ID] [--cpv PREFIX] [--since DATE] [--out FILE]
//
// Writes the processes of the contract register that match every filter given as an OCDS
// 1.1 record package: each record holds the process's releases as stored and its compiled
// release. Streams process by process, so memory does not grow with the register.
#include <cstdio>

#include <fmt/format.h>

#include "cli/cli.h"
#include "ingest/reference.h"
#include "ocds/value.h"
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
  std::string& buffer() { return buf_; }
  Status Flush(bool force) {
    if (!force && buf_.size() < (1u << 20)) return Status::Ok();
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size() || std::fflush(file_) != 0) {
      return Unavailable(fmt::format("cannot write {}", path_));
    }
    buf_.clear();
    return Status::Ok();
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buf_;
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
  std::string& buf = out.buffer();
  buf += R"({"uri":"https://cobuy.eu/api/v1/contracts/export","publishedDate":)";
  ocds::AppendJsonString(FormatTimestamp(SystemClock::Instance().Now()), &buf);
  buf += R"(,"publisher":{"name":"Cobuy contract register"},"version":"1.1","records":[)";
  constexpr size_t kBatch = 200;
  for (size_t start = 0; start < ocids.size(); start += kBatch) {
    std::vector<std::string> batch(ocids.begin() + static_cast<std::ptrdiff_t>(start),
                                   ocids.begin() + static_cast<std::ptrdiff_t>(std::min(ocids.size(), start + kBatch)));
    COBUY_ASSIGN_OR_RETURN(auto releases, reg->ReleasesOf(batch));
    size_t at = 0;
    for (const std::string& ocid : batch) {
      COBUY_ASSIGN_OR_RETURN(std::string compiled, reg->CompiledRelease(ocid));
      if (&ocid != &batch.front() || start > 0) buf += ',';
      buf += "{\"ocid\":";
      ocds::AppendJsonString(ocid, &buf);
      buf += ",\"releases\":[";
      for (bool first = true; at < releases.size() && releases[at].ocid == ocid; ++at, first = false) {
        if (!first) buf += ',';
        buf += releases[at].json;
      }
      buf += "],\"compiledRelease\":";
      buf += compiled;
      buf += '}';
      COBUY_RETURN_IF_ERROR(out.Flush(false));
    }
  }
  buf += "]}\n";
  return out.Flush(true);
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
