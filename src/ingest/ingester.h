// Ingester: `cobuy ingest` as a library. Reads OCDS files of any shape and size (through
// ocds::ReleaseReader), checks each release (checks.h), stores the good ones, compiles every
// ocid that got a new release and saves its projection (projection.h), recording the run and
// every problem in the store and, when asked, in a JSON Lines report.
//
// Two phases, each of short transactions (see store/register_store.h), so that killing a
// run at any point and running it again gives exactly the store an uninterrupted run gives:
// phase 1 stores releases in batches and marks their ocids pending; phase 2 compiles the
// pending ocids in ocid order. Memory is bounded by the batch sizes and the largest process,
// never by the input size.
//
// Failures: an input file that cannot be opened or read is rejected whole (a problem of its
// own; the other files still land). The returned Status is not OK only when the store fails
// (or the report cannot be written); rejected releases are counted in the run.
//
// Thread-safety: one Ingester runs one ingest at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/register_model.h"
#include "core/status.h"
#include "ingest/reference.h"
#include "ocds/merge_rules.h"
#include "store/register_store.h"

namespace cobuy::ingest {

struct IngestProgress {
  enum class Phase : std::uint8_t { kReading, kCompiling, kDone };
  Phase phase = Phase::kReading;
  std::uint64_t bytes_total = 0;  // of all input files (compressed size on disk)
  std::uint64_t bytes_done = 0;   // of the files finished plus the position in the current one
  std::uint64_t releases = 0;     // read so far
  std::uint64_t processes_total = 0;  // pending when compiling started
  std::uint64_t processes_done = 0;
  double elapsed_seconds = 0;
};

struct IngestOptions {
  std::vector<std::string> files;  // "-" is standard input
  // JSON Lines, one problem a line; empty for none.
  std::string report_path;
  // Called at most every `progress_interval_ms` and once at the end.
  std::function<void(const IngestProgress&)> on_progress;
  int progress_interval_ms = 250;
  // Called for each problem as it is found (the CLI prints unreadable files).
  std::function<void(const IngestProblem&)> on_problem;
  size_t release_batch = 2000;
  size_t process_batch = 500;
};

class Ingester {
 public:
  Ingester(RegisterStore& store, const ocds::MergeRules& rules, const IngestReference& ref, const Clock& clock)
      : store_(store), rules_(rules), ref_(ref), clock_(clock) {}

  // Runs one ingest; the returned run holds the counts (also saved in ingest_runs).
  Result<IngestRun> Run(const IngestOptions& options);

 private:
  RegisterStore& store_;
  const ocds::MergeRules& rules_;
  const IngestReference& ref_;
  const Clock& clock_;
};

}  // namespace cobuy::ingest
