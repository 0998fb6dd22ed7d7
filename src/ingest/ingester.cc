#include "ingest/ingester.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "ingest/checks.h"
#include "ingest/projection.h"
#include "ocds/merger.h"
#include "ocds/reader.h"
#include "ted/notice_reader.h"

namespace cobuy::ingest {
namespace {

using SteadyClock = std::chrono::steady_clock;

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

// A notice reader's problem as an ingest problem (the notice number as the release id).
IngestProblem FromNotice(const ted::NoticeReadProblem& np) {
  IngestProblem p;
  p.severity = np.rejected ? IngestProblem::Severity::kRejected : IngestProblem::Severity::kWarning;
  p.file = np.file;
  p.offset = np.offset;
  p.release_id = np.notice_id;
  p.ocid = np.ocid;
  p.code = np.code;
  p.message = np.message;
  return p;
}

struct InputFile {
  std::string path;
  bool in_folder = false;  // found in a folder given, not named
};

// The files to read: each path as given, a folder replaced by the regular files under it
// (recursively, in name order, hidden ones left out). A folder that cannot be listed stays as
// it is, so that reading it reports it as unreadable.
std::vector<InputFile> ExpandFolders(const std::vector<std::string>& paths) {
  std::vector<InputFile> out;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (path == "-" || !std::filesystem::is_directory(path, ec)) {
      out.push_back({path, false});
      continue;
    }
    std::vector<std::string> found;
    auto it = std::filesystem::recursive_directory_iterator(path, ec);
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec)) found.push_back(it->path().string());
    }
    if (ec) {
      out.push_back({path, false});
      continue;
    }
    std::sort(found.begin(), found.end());
    for (std::string& f : found) out.push_back({std::move(f), true});
  }
  return out;
}

// What simdjson may read past the end of a text (SIMDJSON_PADDING).
constexpr size_t kPadding = 64;

// A bounded queue between the two threads of a phase.
template <typename T>
class Channel {
 public:
  explicit Channel(size_t capacity) : capacity_(capacity) {}
  // False when the channel was closed by the consumer (stop producing).
  bool Push(T item) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return items_.size() < capacity_ || cancelled_; });
    if (cancelled_) return false;
    items_.push_back(std::move(item));
    cv_.notify_all();
    return true;
  }
  // Empty when the producer is done.
  std::optional<T> Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !items_.empty() || done_; });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    cv_.notify_all();
    return item;
  }
  void Done() {
    std::lock_guard lock(mu_);
    done_ = true;
    cv_.notify_all();
  }
  void Cancel() {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    cv_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<T> items_;
  bool done_ = false;
  bool cancelled_ = false;
};

// What the reading thread hands to the writing thread.
struct ReleaseBatch {
  std::vector<RawRelease> releases;
  std::vector<IngestProblem> problems;  // in input order, file and offset set
  std::uint64_t read = 0;               // releases read for this batch (stored or rejected)
  std::uint64_t rejected = 0;
  std::uint64_t position = 0;    // offset reached in the current file
  std::uint64_t bytes_done = 0;  // bytes of the files finished before it
  bool end_of_file = false;
  std::uint64_t file_bytes = 0;  // uncompressed bytes of the file, at its end
};

// A batch of pending processes, compiled by the worker thread.
struct ProcessBatch {
  std::vector<std::string> ocids;
  std::vector<StoredRelease> releases;
  std::vector<ProcessRecord> processes;
  std::vector<IngestProblem> problems;
  Status status;  // not OK when the releases could not be read
};

class Run {
 public:
  Run(RegisterStore& store, const ocds::MergeRules& rules, const IngestReference& ref, const IngestOptions& options)
      : store_(store), rules_(rules), ref_(ref), options_(options), merger_(rules), start_(SteadyClock::now()) {}

  Status Open(IngestRun* run) {
    run_ = run;
    if (!options_.report_path.empty()) {
      report_ = std::fopen(options_.report_path.c_str(), "w");
      if (!report_) return Unavailable(fmt::format("cannot write the report {}", options_.report_path));
    }
    files_ = ExpandFolders(options_.files);
    for (const auto& f : files_) {
      std::error_code ec;
      auto size = f.path == "-" ? 0 : std::filesystem::file_size(f.path, ec);
      sizes_.push_back(ec ? 0 : size);
      progress_.bytes_total += ec ? 0 : size;
    }
    return Status::Ok();
  }

  ~Run() {
    if (report_) std::fclose(report_);
  }

  // Phase 1: a reading thread parses and checks releases into batches; this thread stores
  // them, in input order.
  Status ReadAll() {
    Channel<ReleaseBatch> channel(2);
    std::thread reader([&] { Produce(channel); });
    Status status;
    while (auto batch = channel.Pop()) {
      if (!status.ok()) continue;  // drain, so the reader can finish
      status = Store(*batch);
      if (!status.ok()) channel.Cancel();
    }
    reader.join();
    return status;
  }

  // Phase 2: this thread reads pending processes and saves them; a worker compiles the
  // next batch meanwhile. Batches are saved in ocid order.
  Status CompileAll() {
    COBUY_ASSIGN_OR_RETURN(auto counts, store_.Counts());
    progress_.phase = IngestProgress::Phase::kCompiling;
    progress_.processes_total = static_cast<std::uint64_t>(counts.pending);
    Progress(true);
    std::string after;
    // The workers read their batch's releases themselves (readers run beside the writer).
    auto fetch = [&]() -> Result<ProcessBatch> {
      ProcessBatch b;
      COBUY_ASSIGN_OR_RETURN(b.ocids, store_.PendingOcids(after, static_cast<int>(options_.process_batch)));
      if (!b.ocids.empty()) after = b.ocids.back();
      return b;
    };
    // Up to two batches compile at once (one per core) while this thread reads the next
    // batch and saves the oldest compiled one.
    std::deque<std::future<ProcessBatch>> in_flight;
    bool more = true;
    while (true) {
      while (more && in_flight.size() < 2) {
        COBUY_ASSIGN_OR_RETURN(ProcessBatch next, fetch());
        if (next.ocids.empty()) {
          more = false;
          break;
        }
        in_flight.push_back(std::async(std::launch::async, [this, b = std::move(next)]() mutable {
          Compile(&b);
          return b;
        }));
      }
      if (in_flight.empty()) break;
      ProcessBatch done = in_flight.front().get();
      in_flight.pop_front();
      COBUY_RETURN_IF_ERROR(done.status);
      for (IngestProblem& p : done.problems) {
        ++run_->warnings;
        Report(p);
      }
      COBUY_ASSIGN_OR_RETURN(auto merges, store_.SaveProcesses(run_->id, done.processes, done.ocids, done.problems));
      for (const IngestProblem& p : merges) {
        ++run_->warnings;
        Report(p);
      }
      run_->processes_compiled += done.processes.size();
      progress_.processes_done += done.ocids.size();
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

 private:
  // --- reading thread -------------------------------------------------------------------

  void Produce(Channel<ReleaseBatch>& channel) {
    ReleaseBatch batch;
    bool open = true;
    auto flush = [&] {
      if (open) open = channel.Push(std::move(batch));
      batch = ReleaseBatch();
    };
    std::uint64_t done_bytes = 0;
    for (size_t i = 0; i < files_.size() && open; ++i) {
      const std::string& file = files_[i].path;
      auto on_release = [&](ocds::ReadRelease& r) {
        if (!open) return;
        ++batch.read;
        batch.position = r.offset;
        batch.bytes_done = done_bytes;
        Check(r, &batch);
        if (batch.releases.size() >= options_.release_batch) flush();
      };
      auto on_problem = [&](IngestProblem p) {
        if (p.severity == IngestProblem::Severity::kRejected) ++batch.rejected;
        batch.problems.push_back(std::move(p));
      };
      std::uint64_t file_bytes = 0;
      Status read;
      auto kind = file == "-" ? Result<ted::InputKind>(ted::InputKind::kJson) : ted::SniffFile(file);
      if (kind.ok() && *kind == ted::InputKind::kOther && files_[i].in_folder) {
        // A file beside the data in a folder (a README): not an input.
        IngestProblem p;
        p.severity = IngestProblem::Severity::kWarning;
        p.file = file;
        p.code = "skipped_file";
        p.message = "neither OCDS JSON nor an XML notice nor a TED package: skipped";
        batch.problems.push_back(std::move(p));
      } else if (kind.ok() && (*kind == ted::InputKind::kXmlNotice || *kind == ted::InputKind::kTarPackage)) {
        ted::NoticeCallbacks cb;
        cb.on_release = on_release;
        cb.on_problem = [&](const ted::NoticeReadProblem& np) { on_problem(FromNotice(np)); };
        ted::NoticeReader reader(std::move(cb));
        read = reader.ReadFile(file);
        file_bytes = reader.stats().bytes;
      } else if (!kind.ok()) {
        read = kind.status();
      } else {
        ocds::ReaderCallbacks cb;
        cb.on_release = on_release;
        cb.on_problem = [&](const ocds::Problem& rp) { on_problem(FromReader(rp)); };
        ocds::ReleaseReader reader(std::move(cb));
        read = reader.ReadFile(file);
        file_bytes = reader.stats().bytes;
      }
      if (!read.ok()) {
        IngestProblem p;
        p.severity = IngestProblem::Severity::kRejected;
        p.file = file;
        p.code = "unreadable_file";
        p.message = read.message();
        batch.problems.push_back(std::move(p));
      }
      done_bytes += sizes_[i];
      batch.end_of_file = true;
      batch.file_bytes = file_bytes;
      batch.bytes_done = done_bytes;
      batch.position = 0;
      flush();
    }
    channel.Done();
  }

  void Check(ocds::ReadRelease& r, ReleaseBatch* batch) {
    CheckedRelease checked = CheckRelease(r.release, rules_, ref_);
    for (IngestProblem& p : checked.problems) {
      p.file = std::string(r.file);
      p.offset = r.offset;
      batch->problems.push_back(std::move(p));
    }
    if (checked.rejected) {
      ++batch->rejected;
      return;
    }
    RawRelease raw{
        std::move(checked.ocid), std::move(checked.id), std::move(checked.date), {}, std::string(r.file), r.offset};
    r.release.AppendJson(&raw.json);
    batch->releases.push_back(std::move(raw));
  }

  // --- writing thread -------------------------------------------------------------------

  Status Store(ReleaseBatch& batch) {
    run_->releases_read += batch.read;
    run_->releases_rejected += batch.rejected;
    if (batch.end_of_file) run_->bytes += batch.file_bytes;
    for (const IngestProblem& p : batch.problems) {
      if (p.severity == IngestProblem::Severity::kWarning) ++run_->warnings;
      Report(p);
    }
    if (!batch.releases.empty() || !batch.problems.empty()) {
      COBUY_ASSIGN_OR_RETURN(auto outcomes, store_.StoreReleases(run_->id, batch.releases, batch.problems));
      std::vector<IngestProblem> conflicts;
      for (size_t i = 0; i < outcomes.size(); ++i) {
        const RawRelease& r = batch.releases[i];
        switch (outcomes[i]) {
          case ReleaseOutcome::kNew: ++run_->releases_new; break;
          case ReleaseOutcome::kUnchanged: ++run_->releases_unchanged; break;
          case ReleaseOutcome::kConflict: {
            ++run_->releases_unchanged;
            ++run_->warnings;
            IngestProblem p;
            p.severity = IngestProblem::Severity::kWarning;
            p.file = r.file;
            p.offset = r.offset;
            p.ocid = r.ocid;
            p.release_id = r.id;
            p.code = "conflicting_release";
            p.message = fmt::format(
                "a release with id '{}' and date '{}' is stored already with other content: "
                "the stored one is kept",
                r.id, r.date);
            Report(p);
            conflicts.push_back(std::move(p));
            break;
          }
        }
      }
      if (!conflicts.empty()) COBUY_RETURN_IF_ERROR(store_.StoreReleases(run_->id, {}, conflicts).status());
    }
    progress_.releases = run_->releases_read;
    progress_.bytes_done = batch.end_of_file ? batch.bytes_done : batch.bytes_done + batch.position;
    Progress(batch.end_of_file);
    return Status::Ok();
  }

  // --- worker thread --------------------------------------------------------------------

  void Compile(ProcessBatch* b) const {
    auto releases = store_.ReleasesOf(b->ocids);
    if (!releases.ok()) {
      b->status = releases.status();
      return;
    }
    b->releases = std::move(releases).value();
    size_t at = 0;
    b->processes.reserve(b->ocids.size());
    for (const std::string& ocid : b->ocids) {
      std::vector<ocds::Value> values;
      std::vector<ReleaseSummary> summaries;
      std::string failure;
      for (; at < b->releases.size() && b->releases[at].ocid == ocid; ++at) {
        std::string& json = b->releases[at].json;
        json.reserve(json.size() + kPadding);  // simdjson reads up to kPadding bytes past the end
        auto parsed = ocds::ParseWithSimdjson(json.data(), json.size(), json.capacity());
        if (!parsed.ok()) {
          failure = fmt::format("a stored release is not JSON: {}", parsed.status().message());
          continue;
        }
        ReleaseSummary summary{b->releases[at].date, {}};
        if (const ocds::Value* tag = parsed->Find("tag"); tag && tag->is_array()) {
          for (const auto& t : tag->as_array()) {
            if (t.is_string()) summary.tags.push_back(t.as_string());
          }
        }
        summaries.push_back(std::move(summary));
        values.push_back(std::move(parsed).value());
      }
      auto merged = merger_.Compile(std::move(values));
      if (!merged.ok()) failure = merged.status().message();
      if (!failure.empty()) {
        IngestProblem p;
        p.severity = IngestProblem::Severity::kWarning;
        p.ocid = ocid;
        p.code = "not_compiled";
        p.message = fmt::format("the releases of {} cannot be merged: {}", ocid, failure);
        b->problems.push_back(std::move(p));
        continue;
      }
      ProcessRecord record = Project(merged->release, summaries, ref_);
      record.ocid = ocid;
      merged->release.AppendJson(&record.compiled);
      b->processes.push_back(std::move(record));
    }
    b->releases.clear();
  }

  // --- reporting (writing thread only) --------------------------------------------------

  void Report(const IngestProblem& p) {
    if (report_) {
      std::string line = ReportLine(p);
      std::fwrite(line.data(), 1, line.size(), report_);
    }
    if (options_.on_problem) options_.on_problem(p);
  }

  void Progress(bool force) {
    if (!options_.on_progress) return;
    auto now = SteadyClock::now();
    if (!force && now - last_progress_ < std::chrono::milliseconds(options_.progress_interval_ms)) return;
    last_progress_ = now;
    progress_.elapsed_seconds = std::chrono::duration<double>(now - start_).count();
    progress_.bytes_done = std::min(progress_.bytes_done, progress_.bytes_total);
    options_.on_progress(progress_);
  }

  RegisterStore& store_;
  const ocds::MergeRules& rules_;
  const IngestReference& ref_;
  const IngestOptions& options_;
  ocds::Merger merger_;
  IngestRun* run_ = nullptr;
  std::FILE* report_ = nullptr;
  std::vector<InputFile> files_;  // folders expanded
  std::vector<std::uint64_t> sizes_;
  IngestProgress progress_;
  SteadyClock::time_point start_;
  SteadyClock::time_point last_progress_;
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
