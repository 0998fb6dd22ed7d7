#include "ingest/ingester.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "ingest/checks.h"
#include "ingest/projection.h"
#include "ocds/merger.h"
#include "ocds/reader.h"

namespace cobuy::ingest {
namespace {

using Clock = std::chrono::steady_clock;

std::string ReportLine(const IngestProblem& p) {
  std::string line = "{\"severity\":";
  ocds::AppendJsonString(SeverityName(p.severity), &line);
  line += ",\"file\":";
  ocds::AppendJsonString(p.file, &line);
  line += fmt::format(",\"offset\":{},\"ocid\":", p.offset);
  ocds::AppendJsonString(p.ocid, &line);
  line += ",\"release_id\":";
  ocds::AppendJsonString(p.release_id, &line);
  line += ",\"code\":";
  ocds::AppendJsonString(p.code, &line);
  line += ",\"message\":";
  ocds::AppendJsonString(p.message, &line);
  line += "}\n";
  return line;
}

// A reader problem as an ingest problem.
IngestProblem FromReader(const ocds::Problem& rp) {
  IngestProblem p;
  p.file = rp.file;
  p.offset = rp.offset;
  p.message = rp.message;
  if (rp.severity == ocds::Problem::Severity::kWarning) {
    p.severity = IngestProblem::Severity::kWarning;
    p.code = rp.message.find("linked release") != std::string::npos ? "linked_release" : "skipped";
  } else {
    p.severity = IngestProblem::Severity::kRejected;
    if (rp.message.find("must be a JSON object") != std::string::npos ||
        rp.message.find("found an array") != std::string::npos ||
        rp.message.find("expected a JSON object or array") != std::string::npos) {
      p.code = "not_an_object";
    } else if (rp.message.find("malformed") != std::string::npos || rp.message.find("JSON") != std::string::npos) {
      p.code = "malformed_json";
    } else {
      p.code = "unreadable";
    }
  }
  return p;
}

class Run {
 public:
  Run(RegisterStore& store, const ocds::MergeRules& rules, const IngestReference& ref, const IngestOptions& options)
      : store_(store), rules_(rules), ref_(ref), options_(options), merger_(rules), start_(Clock::now()) {}

  Status Open(IngestRun* run) {
    run_ = run;
    if (!options_.report_path.empty()) {
      report_ = std::fopen(options_.report_path.c_str(), "w");
      if (!report_) return Unavailable(fmt::format("cannot write the report {}", options_.report_path));
    }
    for (const auto& f : options_.files) {
      std::error_code ec;
      auto size = f == "-" ? 0 : std::filesystem::file_size(f, ec);
      sizes_.push_back(ec ? 0 : size);
      progress_.bytes_total += ec ? 0 : size;
    }
    return Status::Ok();
  }

  ~Run() {
    if (report_) std::fclose(report_);
  }

  Status ReadAll() {
    for (size_t i = 0; i < options_.files.size(); ++i) {
      const std::string& file = options_.files[i];
      file_size_ = sizes_[i];
      ocds::ReaderCallbacks cb;
      cb.on_release = [&](ocds::ReadRelease& r) {
        if (!status_.ok()) return;
        ++run_->releases_read;
        progress_.releases = run_->releases_read;
        position_ = r.offset;
        Offer(r);
      };
      cb.on_problem = [&](const ocds::Problem& rp) {
        IngestProblem p = FromReader(rp);
        if (p.severity == IngestProblem::Severity::kRejected) ++run_->releases_rejected;
        Problem(std::move(p));
      };
      ocds::ReleaseReader reader(std::move(cb));
      Status read = reader.ReadFile(file);
      run_->bytes += reader.stats().bytes;
      if (!read.ok()) {
        IngestProblem p;
        p.severity = IngestProblem::Severity::kRejected;
        p.file = file;
        p.code = "unreadable_file";
        p.message = read.message();
        ++unreadable_files_;
        Problem(std::move(p));
      }
      COBUY_RETURN_IF_ERROR(status_);
      COBUY_RETURN_IF_ERROR(FlushReleases());
      done_bytes_ += file_size_;
      position_ = 0;
      Progress(true);
    }
    return Status::Ok();
  }

  Status CompileAll() {
    COBUY_ASSIGN_OR_RETURN(auto counts, store_.Counts());
    progress_.phase = IngestProgress::Phase::kCompiling;
    progress_.processes_total = static_cast<std::uint64_t>(counts.pending);
    Progress(true);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(auto ocids, store_.PendingOcids(static_cast<int>(options_.process_batch)));
      if (ocids.empty()) break;
      COBUY_ASSIGN_OR_RETURN(auto releases, store_.ReleasesOf(ocids));
      std::vector<ProcessRecord> processes;
      processes.reserve(ocids.size());
      size_t at = 0;
      for (const std::string& ocid : ocids) {
        std::vector<ocds::Value> values;
        std::vector<ReleaseSummary> summaries;
        for (; at < releases.size() && releases[at].ocid == ocid; ++at) {
          auto parsed = ocds::Value::Parse(releases[at].json);
          if (!parsed.ok()) return Internal(fmt::format("stored release of {} is not JSON: {}", ocid, parsed.status().message()));
          ReleaseSummary summary{releases[at].date, {}};
          if (const ocds::Value* tag = parsed->Find("tag"); tag && tag->is_array()) {
            for (const auto& t : tag->as_array()) {
              if (t.is_string()) summary.tags.push_back(t.as_string());
            }
          }
          summaries.push_back(std::move(summary));
          values.push_back(std::move(parsed).value());
        }
        auto merged = merger_.Compile(std::move(values));
        if (!merged.ok()) {
          IngestProblem p;
          p.severity = IngestProblem::Severity::kWarning;
          p.ocid = ocid;
          p.code = "not_compiled";
          p.message = fmt::format("the releases of {} cannot be merged: {}", ocid, merged.status().message());
          ++run_->warnings;
          Problem(std::move(p), &compile_problems_);
          continue;
        }
        ProcessRecord record = Project(merged->release, summaries, ref_);
        record.ocid = ocid;
        merged->release.AppendJson(&record.compiled);
        processes.push_back(std::move(record));
      }
      COBUY_RETURN_IF_ERROR(store_.SaveProcesses(run_->id, processes, ocids, compile_problems_));
      compile_problems_.clear();
      run_->processes_compiled += processes.size();
      progress_.processes_done += ocids.size();
      Progress(false);
    }
    progress_.phase = IngestProgress::Phase::kDone;
    Progress(true);
    return Status::Ok();
  }

  Status CloseReport() {
    if (report_ && std::fflush(report_) != 0) {
      return Unavailable(fmt::format("cannot write the report {}", options_.report_path));
    }
    return Status::Ok();
  }

  int unreadable_files() const { return unreadable_files_; }

 private:
  void Offer(ocds::ReadRelease& r) {
    CheckedRelease checked = CheckRelease(r.release, rules_, ref_);
    for (IngestProblem& p : checked.problems) {
      p.file = std::string(r.file);
      p.offset = r.offset;
      if (p.severity == IngestProblem::Severity::kWarning) ++run_->warnings;
      Problem(std::move(p), &batch_problems_);
    }
    if (checked.rejected) {
      ++run_->releases_rejected;
      return;
    }
    RawRelease raw{std::move(checked.ocid), std::move(checked.id), std::move(checked.date), {}, std::string(r.file),
                   r.offset};
    r.release.AppendJson(&raw.json);
    batch_.push_back(std::move(raw));
    if (batch_.size() >= options_.release_batch) status_ = FlushReleases();
  }

  Status FlushReleases() {
    if (batch_.empty() && batch_problems_.empty()) return Status::Ok();
    COBUY_ASSIGN_OR_RETURN(auto outcomes, store_.StoreReleases(run_->id, batch_, batch_problems_));
    std::vector<IngestProblem> conflicts;
    for (size_t i = 0; i < outcomes.size(); ++i) {
      switch (outcomes[i]) {
        case ReleaseOutcome::kNew: ++run_->releases_new; break;
        case ReleaseOutcome::kUnchanged: ++run_->releases_unchanged; break;
        case ReleaseOutcome::kConflict: {
          ++run_->releases_unchanged;
          ++run_->warnings;
          IngestProblem p;
          p.severity = IngestProblem::Severity::kWarning;
          p.file = batch_[i].file;
          p.offset = batch_[i].offset;
          p.ocid = batch_[i].ocid;
          p.release_id = batch_[i].id;
          p.code = "conflicting_release";
          p.message = fmt::format("a release with id '{}' and date '{}' is stored already with other content: "
                                  "the stored one is kept",
                                  batch_[i].id, batch_[i].date);
          Problem(std::move(p), &conflicts);
          break;
        }
      }
    }
    batch_.clear();
    batch_problems_.clear();
    if (!conflicts.empty()) COBUY_RETURN_IF_ERROR(store_.StoreReleases(run_->id, {}, conflicts).status());
    Progress(false);
    return Status::Ok();
  }

  // Reports a problem (report file, callback) and queues it for the store in `queue`.
  void Problem(IngestProblem p, std::vector<IngestProblem>* queue = nullptr) {
    if (report_) {
      std::string line = ReportLine(p);
      std::fwrite(line.data(), 1, line.size(), report_);
    }
    if (options_.on_problem) options_.on_problem(p);
    (queue ? queue : &batch_problems_)->push_back(std::move(p));
  }

  void Progress(bool force) {
    if (!options_.on_progress) return;
    auto now = Clock::now();
    if (!force && now - last_progress_ < std::chrono::milliseconds(options_.progress_interval_ms)) return;
    last_progress_ = now;
    progress_.elapsed_seconds = std::chrono::duration<double>(now - start_).count();
    progress_.bytes_done = done_bytes_ + std::min<std::uint64_t>(position_, file_size_);
    options_.on_progress(progress_);
  }

  RegisterStore& store_;
  const ocds::MergeRules& rules_;
  const IngestReference& ref_;
  const IngestOptions& options_;
  ocds::Merger merger_;
  IngestRun* run_ = nullptr;
  std::FILE* report_ = nullptr;
  std::vector<std::uint64_t> sizes_;
  std::vector<RawRelease> batch_;
  std::vector<IngestProblem> batch_problems_;
  std::vector<IngestProblem> compile_problems_;
  Status status_;
  IngestProgress progress_;
  std::uint64_t done_bytes_ = 0;
  std::uint64_t file_size_ = 0;
  std::uint64_t position_ = 0;
  int unreadable_files_ = 0;
  Clock::time_point start_;
  Clock::time_point last_progress_;
};

}  // namespace

Result<IngestRun> Ingester::Run(const IngestOptions& options) {
  IngestRun run;
  run.started_at = FormatTimestamp(clock_.Now());
  run.status = "running";
  run.files = options.files;
  COBUY_ASSIGN_OR_RETURN(run.id, store_.BeginIngestRun(run));
  class Run work(store_, rules_, ref_, options);
  Status s = work.Open(&run);
  if (s.ok()) s = work.ReadAll();
  if (s.ok()) s = work.CompileAll();
  if (s.ok()) s = work.CloseReport();
  run.finished_at = FormatTimestamp(clock_.Now());
  run.status = s.ok() ? "completed" : "failed";
  Status finish = store_.FinishIngestRun(run);
  COBUY_RETURN_IF_ERROR(s);
  COBUY_RETURN_IF_ERROR(finish);
  return run;
}

}  // namespace cobuy::ingest
