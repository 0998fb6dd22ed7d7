// The SQLite implementation of RegisterStore.
#include "store/sqlite/sqlite_register_store.h"

#include <fmt/format.h>

#include <algorithm>

#include "store/sqlite/market_sql.h"
#include "store/sqlite/sqlite_db.h"

namespace cobuy::sqlite {
namespace {

// The columns ReadSources reads, for both SearchSources queries (a macro so that each query
// stays one string literal: statements are cached by the literal's address).
#define COBUY_SEARCH_SOURCE_SELECT                                                                           \
  "SELECT p.ocid, p.title, p.description, p.language, p.buyer_name, "                                        \
  "coalesce(r.scheme || '-' || r.identifier, ''), p.buyer_type, p.country, p.region, p.procurement_method, " \
  "p.status, p.is_framework, p.is_dps, p.is_cpb, p.first_date, p.last_date, p.tender_start, p.award_date, "  \
  "p.contract_end, coalesce(p.awarded_eur, p.contracted_eur, p.value_eur), p.main_cpv "                      \
  "FROM processes p LEFT JOIN register_organisations r ON r.id = p.buyer_org "

// A saved search from the columns id, user_id, name, params, alerts, created_at,
// last_alert_at, language (the owner's), in that order.
SavedSearch SavedSearchFrom(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Int(4) != 0, st.Int(5), st.OptInt(6), st.Text(7)};
}

std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

IngestRun ReadRun(const Statement& st) {
  IngestRun run;
  run.id = st.Int(0);
  run.started_at = st.Text(1);
  run.finished_at = st.Text(2);
  run.status = st.Text(3);
  std::string files = st.Text(4);
  size_t i = 0;
  while (i < files.size()) {
    size_t j = files.find('\n', i);
    if (j == std::string::npos) j = files.size();
    run.files.push_back(files.substr(i, j - i));
    i = j + 1;
  }
  run.bytes = static_cast<std::uint64_t>(st.Int(5));
  run.releases_read = static_cast<std::uint64_t>(st.Int(6));
  run.releases_new = static_cast<std::uint64_t>(st.Int(7));
  run.releases_unchanged = static_cast<std::uint64_t>(st.Int(8));
  run.releases_rejected = static_cast<std::uint64_t>(st.Int(9));
  run.warnings = static_cast<std::uint64_t>(st.Int(10));
  run.processes_compiled = static_cast<std::uint64_t>(st.Int(11));
  return run;
}

Status InsertProblems(Connection& conn, std::int64_t run_id, const std::vector<IngestProblem>& problems) {
  if (problems.empty()) return Status::Ok();
  COBUY_ASSIGN_OR_RETURN(
      auto st,
      conn.Prepare("INSERT INTO ingest_problems(run_id, severity, file, offset, ocid, release_id, code, message) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const IngestProblem& p : problems) {
    st.Bind(1, run_id).Bind(2, SeverityName(p.severity)).Bind(3, p.file);
    st.Bind(4, static_cast<std::int64_t>(p.offset)).Bind(5, p.ocid).Bind(6, p.release_id);
    st.Bind(7, p.code).Bind(8, p.message);
    COBUY_RETURN_IF_ERROR(st.Run());
    st.Reset();
  }
  return Status::Ok();
}

void BindMoney(Statement& st, int first, const Money& m) {
  st.Bind(first, m.amount).Bind(first + 1, m.currency).Bind(first + 2, m.eur);
}

class SqliteRegisterStore final : public RegisterStore {
 public:
  SqliteRegisterStore(std::string location, int busy_timeout_ms, int pool_size, std::int64_t mmap_bytes)
      : pool_(std::move(location), busy_timeout_ms, pool_size, mmap_bytes) {}

  Result<std::int64_t> BeginIngestRun(const IngestRun& run) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("INSERT INTO ingest_runs(started_at, status, files) VALUES (?, 'running', ?)"));
    st.Bind(1, run.started_at).Bind(2, JoinLines(run.files));
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->LastInsertId();
  }

  Status FinishIngestRun(const IngestRun& run) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "UPDATE ingest_runs SET finished_at = ?, status = ?, bytes = ?, releases_read = ?, releases_new = ?, "
            "releases_unchanged = ?, releases_rejected = ?, warnings = ?, processes_compiled = ? WHERE id = ?"));
    st.Bind(1, run.finished_at).Bind(2, run.status).Bind(3, static_cast<std::int64_t>(run.bytes));
    st.Bind(4, static_cast<std::int64_t>(run.releases_read)).Bind(5, static_cast<std::int64_t>(run.releases_new));
    st.Bind(6, static_cast<std::int64_t>(run.releases_unchanged));
    st.Bind(7, static_cast<std::int64_t>(run.releases_rejected)).Bind(8, static_cast<std::int64_t>(run.warnings));
    st.Bind(9, static_cast<std::int64_t>(run.processes_compiled)).Bind(10, run.id);
    COBUY_RETURN_IF_ERROR(st.Run());
    if (conn->Changes() == 0) return NotFound(fmt::format("no ingest run {}", run.id));
    return Status::Ok();
  }

  Result<IngestRun> GetIngestRun(std::int64_t id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("SELECT id, started_at, finished_at, status, files, bytes, releases_read, releases_new, "
                               "releases_unchanged, "
                               "releases_rejected, warnings, processes_compiled FROM ingest_runs WHERE id = ?"));
    st.Bind(1, id);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound(fmt::format("no ingest run {}", id));
    return ReadRun(st);
  }

  Result<std::vector<IngestProblem>> ListIngestProblems(std::int64_t run_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "SELECT severity, file, offset, ocid, release_id, code, message FROM ingest_problems WHERE run_id = ? "
            "ORDER BY id"));
    st.Bind(1, run_id);
    std::vector<IngestProblem> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      IngestProblem p;
      p.severity = st.Text(0) == "warning" ? IngestProblem::Severity::kWarning : IngestProblem::Severity::kRejected;
      p.file = st.Text(1);
      p.offset = static_cast<std::uint64_t>(st.Int(2));
      p.ocid = st.Text(3);
      p.release_id = st.Text(4);
      p.code = st.Text(5);
      p.message = st.Text(6);
      out.push_back(std::move(p));
    }
    return out;
  }

  Result<std::vector<ReleaseOutcome>> StoreReleases(std::int64_t run_id, const std::vector<RawRelease>& releases,
                                                    const std::vector<IngestProblem>& problems) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto insert,
        conn->Prepare("INSERT INTO ocds_releases(ocid, release_id, date, data, source_file, source_offset) "
                      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ocid, release_id, date) DO NOTHING"));
    insert.Borrow();
    COBUY_ASSIGN_OR_RETURN(auto pending,
                           conn->Prepare("INSERT INTO ocds_pending(ocid) VALUES (?) ON CONFLICT (ocid) DO NOTHING"));
    COBUY_ASSIGN_OR_RETURN(
        auto existing, conn->Prepare("SELECT data FROM ocds_releases WHERE ocid = ? AND release_id = ? AND date = ?"));
    std::vector<ReleaseOutcome> out;
    out.reserve(releases.size());
    for (const RawRelease& r : releases) {
      insert.Bind(1, r.ocid).Bind(2, r.id).Bind(3, r.date).Bind(4, r.json).Bind(5, r.file);
      insert.Bind(6, static_cast<std::int64_t>(r.offset));
      COBUY_RETURN_IF_ERROR(insert.Run());
      insert.Reset();
      if (conn->Changes() > 0) {
        pending.Bind(1, r.ocid);
        COBUY_RETURN_IF_ERROR(pending.Run());
        pending.Reset();
        out.push_back(ReleaseOutcome::kNew);
        continue;
      }
      existing.Bind(1, r.ocid).Bind(2, r.id).Bind(3, r.date);
      COBUY_ASSIGN_OR_RETURN(bool row, existing.Step());
      bool same = row && existing.Text(0) == r.json;
      existing.Reset();
      out.push_back(same ? ReleaseOutcome::kUnchanged : ReleaseOutcome::kConflict);
    }
    COBUY_RETURN_IF_ERROR(InsertProblems(*conn, run_id, problems));
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return out;
  }

  Result<std::vector<std::string>> PendingOcids(const std::string& after, int limit) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare("SELECT ocid FROM ocds_pending WHERE ocid > ? ORDER BY ocid LIMIT ?"));
    st.Bind(1, after).Bind(2, std::int64_t{limit});
    std::vector<std::string> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back(st.Text(0));
    }
    return out;
  }

  Result<std::vector<StoredRelease>> ReleasesOf(const std::vector<std::string>& ocids) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("SELECT release_id, date, data FROM ocds_releases WHERE ocid = ? ORDER BY date, id"));
    std::vector<StoredRelease> out;
    for (const std::string& ocid : ocids) {
      st.Bind(1, ocid);
      while (true) {
        COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        out.push_back({ocid, st.Text(0), st.Text(1), st.Text(2)});
      }
      st.Reset();
    }
    return out;
  }

  Result<std::vector<IngestProblem>> SaveProcesses(std::int64_t run_id, const std::vector<ProcessRecord>& processes,
                                                   const std::vector<std::string>& done,
                                                   const std::vector<IngestProblem>& problems) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    std::vector<IngestProblem> merges;
    for (const ProcessRecord& p : processes) COBUY_RETURN_IF_ERROR(SaveProcess(*conn, p, &merges));
    COBUY_ASSIGN_OR_RETURN(auto clear, conn->Prepare("DELETE FROM ocds_pending WHERE ocid = ?"));
    COBUY_ASSIGN_OR_RETURN(auto mark, conn->Prepare("INSERT OR IGNORE INTO search_pending(ocid) VALUES (?)"));
    COBUY_ASSIGN_OR_RETURN(auto mark_market, conn->Prepare("INSERT INTO market_changes(ocid) VALUES (?)"));
    for (const std::string& ocid : done) {
      for (Statement* st : {&clear, &mark, &mark_market}) {
        st->Bind(1, ocid);
        COBUY_RETURN_IF_ERROR(st->Run());
        st->Reset();
      }
    }
    COBUY_RETURN_IF_ERROR(InsertProblems(*conn, run_id, problems));
    COBUY_RETURN_IF_ERROR(InsertProblems(*conn, run_id, merges));
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return merges;
  }

  Result<RegisterCounts> Counts() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("SELECT (SELECT count(*) FROM ocds_releases), (SELECT count(*) FROM processes), "
                               "(SELECT count(*) FROM ocds_pending), (SELECT count(*) FROM register_organisations)"));
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Internal("counting the register returned no row");
    return RegisterCounts{st.Int(0), st.Int(1), st.Int(2), st.Int(3)};
  }

  Result<std::vector<std::string>> FindProcesses(const ProcessFilter& f) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    // Every condition is written so that an empty parameter disables it.
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("SELECT p.ocid FROM processes p WHERE (?1 = '' OR p.ocid = ?1) "
                      "AND (?2 = '' OR p.buyer_name = ?2 OR EXISTS (SELECT 1 FROM register_organisations r "
                      "     WHERE r.id = p.buyer_org AND (r.scheme || '-' || r.identifier = ?2 OR r.identifier = ?2))) "
                      "AND (?3 = '' OR p.main_cpv LIKE ?3 || '%' OR EXISTS (SELECT 1 FROM process_items i "
                      "     WHERE i.ocid = p.ocid AND i.cpv LIKE ?3 || '%')) "
                      "AND (?4 = '' OR p.last_date >= ?4) ORDER BY p.ocid"));
    st.Bind(1, f.ocid).Bind(2, f.buyer).Bind(3, f.cpv_prefix).Bind(4, f.since);
    std::vector<std::string> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back(st.Text(0));
    }
    return out;
  }

  Result<std::pair<std::vector<ProcessSummary>, std::int64_t>> ListProcesses(int offset, int limit) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "SELECT ocid, title, buyer_name, country, status, last_date, contract_end, main_cpv, is_framework, "
            "coalesce(awarded_eur, contracted_eur, value_eur), release_count FROM processes "
            "ORDER BY last_date DESC, ocid LIMIT ? OFFSET ?"));
    st.Bind(1, std::int64_t{limit}).Bind(2, std::int64_t{offset});
    std::vector<ProcessSummary> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back({st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Text(6), st.Text(7),
                     st.Int(8) != 0, st.OptReal(9), static_cast<int>(st.Int(10))});
    }
    COBUY_ASSIGN_OR_RETURN(auto count, conn->Prepare("SELECT count(*) FROM processes"));
    COBUY_ASSIGN_OR_RETURN(bool row, count.Step());
    return std::make_pair(std::move(out), row ? count.Int(0) : std::int64_t{0});
  }

  Result<std::string> CompiledRelease(const std::string& ocid) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT compiled FROM processes WHERE ocid = ?"));
    st.Bind(1, ocid);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound(fmt::format("no process with ocid {}", ocid));
    return st.Text(0);
  }

  // --- search -------------------------------------------------------------------------
  Result<std::vector<SearchSource>> SearchSources(const std::string& after, int limit) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare(COBUY_SEARCH_SOURCE_SELECT "WHERE p.ocid > ? ORDER BY p.ocid LIMIT ?"));
    st.Bind(1, after).Bind(2, std::int64_t{limit});
    std::vector<SearchSource> out;
    COBUY_RETURN_IF_ERROR(ReadSources(st, &out));
    if (!out.empty()) COBUY_RETURN_IF_ERROR(FillSources(*conn, &out));
    return out;
  }

  Result<std::vector<SearchSource>> SearchSourcesOf(const std::vector<std::string>& ocids) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    std::vector<std::string> sorted = ocids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::vector<SearchSource> all;
    for (const std::string& ocid : sorted) {
      COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_SEARCH_SOURCE_SELECT "WHERE p.ocid = ?"));
      st.Bind(1, ocid);
      std::vector<SearchSource> one;
      COBUY_RETURN_IF_ERROR(ReadSources(st, &one));
      if (one.empty()) continue;
      COBUY_RETURN_IF_ERROR(FillSources(*conn, &one));
      all.push_back(std::move(one.front()));
    }
    return all;
  }

  Result<std::vector<std::string>> SearchPending(int limit) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT ocid FROM search_pending ORDER BY ocid LIMIT ?"));
    st.Bind(1, std::int64_t{limit});
    std::vector<std::string> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back(st.Text(0));
    }
    return out;
  }

  Result<std::int64_t> SearchPendingCount() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT count(*) FROM search_pending"));
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    return row ? st.Int(0) : std::int64_t{0};
  }

  Status ClearSearchPending(const std::vector<std::string>& ocids) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(auto del, conn->Prepare("DELETE FROM search_pending WHERE ocid = ?"));
    for (const std::string& ocid : ocids) {
      del.Bind(1, ocid);
      COBUY_RETURN_IF_ERROR(del.Run());
      del.Reset();
    }
    return tx.Commit();
  }

  // --- saved searches and notifications -----------------------------------------------
  Result<SavedSearch> CreateSavedSearch(const SavedSearch& search) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("INSERT INTO saved_searches(user_id, name, params, alerts, created_at) VALUES (?, ?, ?, ?, ?)"));
    st.Bind(1, search.user_id).Bind(2, search.name).Bind(3, search.params);
    st.Bind(4, std::int64_t{search.alerts}).Bind(5, search.created_at);
    COBUY_RETURN_IF_ERROR(st.Run());
    SavedSearch out = search;
    out.id = conn->LastInsertId();
    return out;
  }

  Result<std::vector<SavedSearch>> ListSavedSearches(std::int64_t user_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("SELECT s.id, s.user_id, s.name, s.params, s.alerts, s.created_at, s.last_alert_at, u.language "
                      "FROM saved_searches s JOIN users u ON u.id = s.user_id "
                      "WHERE (?1 = 0 AND s.alerts = 1) OR s.user_id = ?1 ORDER BY s.id DESC"));
    st.Bind(1, user_id);
    return sqlite::Collect<SavedSearch>(st, SavedSearchFrom);
  }

  Result<std::pair<std::vector<SavedSearch>, std::int64_t>> ListSavedSearchesPage(std::int64_t user_id, int offset,
                                                                                  int limit) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("SELECT s.id, s.user_id, s.name, s.params, s.alerts, s.created_at, s.last_alert_at, u.language "
                      "FROM saved_searches s JOIN users u ON u.id = s.user_id WHERE s.user_id = ? "
                      "ORDER BY s.id DESC LIMIT ? OFFSET ?"));
    st.Bind(1, user_id).Bind(2, std::int64_t{limit}).Bind(3, std::int64_t{offset});
    COBUY_ASSIGN_OR_RETURN(std::vector<SavedSearch> out, sqlite::Collect<SavedSearch>(st, SavedSearchFrom));
    COBUY_ASSIGN_OR_RETURN(auto count, conn->Prepare("SELECT count(*) FROM saved_searches WHERE user_id = ?"));
    count.Bind(1, user_id);
    COBUY_ASSIGN_OR_RETURN(bool row, count.Step());
    return std::make_pair(std::move(out), row ? count.Int(0) : std::int64_t{0});
  }

  Status DeleteSavedSearch(std::int64_t user_id, std::int64_t id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("DELETE FROM saved_searches WHERE id = ? AND user_id = ?"));
    st.Bind(1, id).Bind(2, user_id);
    COBUY_RETURN_IF_ERROR(st.Run());
    if (conn->Changes() == 0) return NotFound(fmt::format("you have no saved search {}", id));
    return Status::Ok();
  }

  Result<std::vector<std::string>> UnalertedHits(std::int64_t search_id,
                                                 const std::vector<std::string>& ocids) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT 1 FROM saved_search_hits WHERE search_id = ? AND ocid = ?"));
    std::vector<std::string> out;
    for (const std::string& ocid : ocids) {
      st.Bind(1, search_id).Bind(2, ocid);
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      st.Reset();
      if (!row) out.push_back(ocid);
    }
    return out;
  }

  Status RecordAlert(const SavedSearch& search, const std::vector<std::string>& ocids, const Notification& n,
                     const std::string& mail_subject, const std::string& mail_body) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(auto hit,
                           conn->Prepare("INSERT OR IGNORE INTO saved_search_hits(search_id, ocid) VALUES (?, ?)"));
    for (const std::string& ocid : ocids) {
      hit.Bind(1, search.id).Bind(2, ocid);
      COBUY_RETURN_IF_ERROR(hit.Run());
      hit.Reset();
    }
    COBUY_ASSIGN_OR_RETURN(
        auto note,
        conn->Prepare(
            "INSERT INTO notifications(user_id, kind, title, body, link, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
    note.Bind(1, search.user_id).Bind(2, n.kind).Bind(3, n.title).Bind(4, n.body).Bind(5, n.link);
    note.Bind(6, n.created_at);
    COBUY_RETURN_IF_ERROR(note.Run());
    COBUY_ASSIGN_OR_RETURN(
        auto mail,
        conn->Prepare(
            "INSERT INTO outbox(to_address, subject, body, created_at) SELECT email, ?, ?, ? FROM users WHERE id = ?"));
    mail.Bind(1, mail_subject).Bind(2, mail_body).Bind(3, n.created_at).Bind(4, search.user_id);
    COBUY_RETURN_IF_ERROR(mail.Run());
    COBUY_ASSIGN_OR_RETURN(auto last, conn->Prepare("UPDATE saved_searches SET last_alert_at = ? WHERE id = ?"));
    last.Bind(1, n.created_at).Bind(2, search.id);
    COBUY_RETURN_IF_ERROR(last.Run());
    return tx.Commit();
  }

  Result<std::pair<std::vector<Notification>, std::int64_t>> ListNotifications(std::int64_t user_id,
                                                                               int limit) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("SELECT id, user_id, kind, title, body, link, created_at, read_at IS NOT NULL FROM notifications "
                      "WHERE user_id = ? ORDER BY id DESC LIMIT ?"));
    st.Bind(1, user_id).Bind(2, std::int64_t{limit});
    std::vector<Notification> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back({st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Int(6), st.Int(7) != 0});
    }
    COBUY_ASSIGN_OR_RETURN(auto unread,
                           conn->Prepare("SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL"));
    unread.Bind(1, user_id);
    COBUY_ASSIGN_OR_RETURN(bool row, unread.Step());
    return std::make_pair(std::move(out), row ? unread.Int(0) : std::int64_t{0});
  }

  Status MarkNotificationRead(std::int64_t user_id, std::int64_t id, std::int64_t at) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_id = ?"));
    st.Bind(1, at).Bind(2, id).Bind(3, user_id);
    COBUY_RETURN_IF_ERROR(st.Run());
    if (conn->Changes() == 0) return NotFound(fmt::format("you have no notification {}", id));
    return Status::Ok();
  }

  Result<ProcessRecord> GetProcess(const std::string& ocid) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    auto money = [](const Statement& st, int first) {
      return Money{st.OptReal(first), st.Text(first + 1), st.OptReal(first + 2)};
    };
    auto organisation = [](const Statement& st, int first) {
      std::optional<RegisterOrganisation> org;
      if (!st.IsNull(first))
        org = RegisterOrganisation{st.Text(first), st.Text(first + 1), st.Text(first + 2), st.Text(first + 3)};
      return org;
    };
    COBUY_ASSIGN_OR_RETURN(
        auto proc,
        conn->Prepare(
            "SELECT ocid, compiled, release_count, first_date, last_date, tags, title, description, language, status, "
            "buyer_party_id, buyer_name, procuring_entity_name, country, region, procurement_method, "
            "procurement_method_details, main_category, is_framework, is_dps, is_cpb, buyer_categories, "
            "max_participants, tender_start, tender_end, award_date, contract_start, contract_end, value_amount, "
            "value_currency, value_eur, awarded_eur, contracted_eur, main_cpv, buyer_type FROM processes WHERE ocid = "
            "?"));
    proc.Bind(1, ocid);
    COBUY_ASSIGN_OR_RETURN(bool found, proc.Step());
    if (!found) return NotFound(fmt::format("no process with ocid {}", ocid));
    ProcessRecord p;
    p.ocid = proc.Text(0);
    p.compiled = proc.Text(1);
    p.release_count = static_cast<int>(proc.Int(2));
    p.first_date = proc.Text(3);
    p.last_date = proc.Text(4);
    p.tags = proc.Text(5);
    p.title = proc.Text(6);
    p.description = proc.Text(7);
    p.language = proc.Text(8);
    p.status = proc.Text(9);
    p.buyer_party_id = proc.Text(10);
    p.buyer_name = proc.Text(11);
    p.procuring_entity_name = proc.Text(12);
    p.country = proc.Text(13);
    p.region = proc.Text(14);
    p.procurement_method = proc.Text(15);
    p.procurement_method_details = proc.Text(16);
    p.main_category = proc.Text(17);
    p.is_framework = proc.Int(18) != 0;
    p.is_dps = proc.Int(19) != 0;
    p.is_cpb = proc.Int(20) != 0;
    p.buyer_categories = proc.Text(21);
    p.max_participants = proc.OptInt(22);
    p.tender_start = proc.Text(23);
    p.tender_end = proc.Text(24);
    p.award_date = proc.Text(25);
    p.contract_start = proc.Text(26);
    p.contract_end = proc.Text(27);
    p.value = money(proc, 28);
    p.awarded_eur = proc.OptReal(31);
    p.contracted_eur = proc.OptReal(32);
    p.main_cpv = proc.Text(33);
    p.buyer_type = proc.Text(34);

    COBUY_ASSIGN_OR_RETURN(
        auto lots,
        conn->Prepare(
            "SELECT lot_id, title, description, status, value_amount, value_currency, value_eur FROM process_lots "
            "WHERE ocid = ? ORDER BY lot_id"));
    lots.Bind(1, ocid);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, lots.Step());
      if (!row) break;
      p.lots.push_back({lots.Text(0), lots.Text(1), lots.Text(2), lots.Text(3), money(lots, 4)});
    }
    COBUY_ASSIGN_OR_RETURN(
        auto items,
        conn->Prepare(
            "SELECT source, parent_id, position, item_id, description, cpv, scheme, classification_id, "
            "additional_classifications, quantity, unit_name, unit_id, unit_price_amount, unit_price_currency, "
            "unit_price_eur, related_lot FROM process_items WHERE ocid = ? "
            "ORDER BY CASE source WHEN 'tender' THEN 0 WHEN 'award' THEN 1 ELSE 2 END, parent_id, position"));
    items.Bind(1, ocid);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, items.Step());
      if (!row) break;
      ItemRecord r;
      r.source = items.Text(0);
      r.parent_id = items.Text(1);
      r.position = static_cast<int>(items.Int(2));
      r.id = items.Text(3);
      r.description = items.Text(4);
      r.cpv = items.Text(5);
      r.scheme = items.Text(6);
      r.classification_id = items.Text(7);
      r.additional_classifications = items.Text(8);
      r.quantity = items.OptReal(9);
      r.unit_name = items.Text(10);
      r.unit_id = items.Text(11);
      r.unit_price = money(items, 12);
      r.related_lot = items.Text(15);
      p.items.push_back(std::move(r));
    }
    COBUY_ASSIGN_OR_RETURN(
        auto awards,
        conn->Prepare("SELECT award_id, title, status, date, value_amount, value_currency, value_eur, related_lots "
                      "FROM process_awards WHERE ocid = ? ORDER BY award_id"));
    awards.Bind(1, ocid);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, awards.Step());
      if (!row) break;
      p.awards.push_back(
          {awards.Text(0), awards.Text(1), awards.Text(2), awards.Text(3), money(awards, 4), awards.Text(7)});
    }
    COBUY_ASSIGN_OR_RETURN(
        auto contracts,
        conn->Prepare(
            "SELECT contract_id, award_id, title, status, date_signed, period_start, period_end, value_amount, "
            "value_currency, value_eur FROM process_contracts WHERE ocid = ? ORDER BY contract_id"));
    contracts.Bind(1, ocid);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, contracts.Step());
      if (!row) break;
      p.contracts.push_back({contracts.Text(0), contracts.Text(1), contracts.Text(2), contracts.Text(3),
                             contracts.Text(4), contracts.Text(5), contracts.Text(6), money(contracts, 7)});
    }
    COBUY_ASSIGN_OR_RETURN(
        auto parties,
        conn->Prepare(
            "SELECT pp.party_id, pp.name, pp.roles, r.scheme, r.identifier, r.name, r.country, pp.country, pp.region, "
            "pp.locality FROM process_parties pp LEFT JOIN register_organisations r ON r.id = pp.register_org "
            "WHERE pp.ocid = ? ORDER BY pp.party_id"));
    parties.Bind(1, ocid);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, parties.Step());
      if (!row) break;
      p.parties.push_back({parties.Text(0), parties.Text(1), parties.Text(2), organisation(parties, 3), parties.Text(7),
                           parties.Text(8), parties.Text(9)});
    }
    COBUY_ASSIGN_OR_RETURN(
        auto suppliers,
        conn->Prepare(
            "SELECT s.award_id, s.party_id, s.name, r.scheme, r.identifier, r.name, r.country FROM process_suppliers s "
            "LEFT JOIN register_organisations r ON r.id = s.register_org WHERE s.ocid = ? ORDER BY s.award_id, "
            "s.party_id"));
    suppliers.Bind(1, ocid);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, suppliers.Step());
      if (!row) break;
      p.suppliers.push_back({suppliers.Text(0), suppliers.Text(1), suppliers.Text(2), organisation(suppliers, 3)});
    }
    return p;
  }

 private:
  // Reads the process rows of a SearchSources query.
  static Status ReadSources(Statement& st, std::vector<SearchSource>* out) {
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return Status::Ok();
      SearchSource s;
      s.ocid = st.Text(0);
      s.title = st.Text(1);
      s.description = st.Text(2);
      s.language = st.Text(3);
      s.buyer_name = st.Text(4);
      s.buyer_key = st.Text(5);
      s.buyer_type = st.Text(6);
      s.country = st.Text(7);
      s.region = st.Text(8);
      s.method = st.Text(9);
      s.status = st.Text(10);
      s.is_framework = st.Int(11) != 0;
      s.is_dps = st.Int(12) != 0;
      s.is_cpb = st.Int(13) != 0;
      s.first_date = st.Text(14);
      s.last_date = st.Text(15);
      s.tender_start = st.Text(16);
      s.award_date = st.Text(17);
      s.contract_end = st.Text(18);
      s.value_eur = st.OptReal(19);
      s.main_cpv = st.Text(20);
      if (!s.main_cpv.empty()) s.cpvs.push_back(s.main_cpv);
      out->push_back(std::move(s));
    }
  }

  // Adds the items, lots and suppliers of `sources` (sorted by ocid, one contiguous range).
  static Status FillSources(Connection& conn, std::vector<SearchSource>* sources) {
    auto& v = *sources;
    const std::string& lo = v.front().ocid;
    const std::string& hi = v.back().ocid;
    auto find = [&v](const std::string& ocid) -> SearchSource* {
      auto it = std::lower_bound(v.begin(), v.end(), ocid,
                                 [](const SearchSource& s, const std::string& o) { return s.ocid < o; });
      return it != v.end() && it->ocid == ocid ? &*it : nullptr;
    };
    auto add_distinct = [](std::vector<std::string>* list, std::string value) {
      if (!value.empty() && std::find(list->begin(), list->end(), value) == list->end())
        list->push_back(std::move(value));
    };
    COBUY_ASSIGN_OR_RETURN(
        auto items, conn.Prepare("SELECT ocid, description, cpv, unit_price_amount IS NOT NULL FROM process_items "
                                 "WHERE ocid BETWEEN ? AND ? ORDER BY ocid, source, parent_id, position"));
    items.Bind(1, lo).Bind(2, hi);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, items.Step());
      if (!row) break;
      SearchSource* s = find(items.Text(0));
      if (!s) continue;
      add_distinct(&s->texts, items.Text(1));
      add_distinct(&s->cpvs, items.Text(2));
      if (items.Int(3) != 0) s->has_unit_prices = true;
    }
    COBUY_ASSIGN_OR_RETURN(
        auto lots,
        conn.Prepare("SELECT ocid, title FROM process_lots WHERE ocid BETWEEN ? AND ? ORDER BY ocid, lot_id"));
    lots.Bind(1, lo).Bind(2, hi);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, lots.Step());
      if (!row) break;
      if (SearchSource* s = find(lots.Text(0))) add_distinct(&s->texts, lots.Text(1));
    }
    COBUY_ASSIGN_OR_RETURN(
        auto sup,
        conn.Prepare("SELECT s.ocid, s.name, coalesce(r.scheme || '-' || r.identifier, '') FROM process_suppliers s "
                     "LEFT JOIN register_organisations r ON r.id = s.register_org "
                     "WHERE s.ocid BETWEEN ? AND ? ORDER BY s.ocid, s.award_id, s.party_id"));
    sup.Bind(1, lo).Bind(2, hi);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, sup.Step());
      if (!row) break;
      SearchSource* s = find(sup.Text(0));
      if (!s) continue;
      std::pair<std::string, std::string> one(sup.Text(1), sup.Text(2));
      if (std::find(s->suppliers.begin(), s->suppliers.end(), one) == s->suppliers.end())
        s->suppliers.push_back(std::move(one));
    }
    COBUY_ASSIGN_OR_RETURN(
        auto texts,
        conn.Prepare("SELECT ocid, language, title, description FROM process_texts WHERE ocid BETWEEN ? AND ? "
                     "ORDER BY ocid, language"));
    texts.Bind(1, lo).Bind(2, hi);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, texts.Step());
      if (!row) break;
      SearchSource* s = find(texts.Text(0));
      if (!s) continue;
      for (int column : {2, 3}) {
        if (!texts.Text(column).empty()) s->translations.emplace_back(texts.Text(1), texts.Text(column));
      }
    }
    return Status::Ok();
  }

  // The register key of `org`, created when new. For an organisation known by its name, the
  // spelling and publisher (the ocid's prefix) are recorded; a new one joining an existing
  // organisation is a merge, reported in `merges`.
  static Result<std::optional<std::int64_t>> OrganisationKey(Connection& conn,
                                                             const std::optional<RegisterOrganisation>& org,
                                                             const std::string& ocid,
                                                             std::vector<IngestProblem>* merges) {
    if (!org) return std::optional<std::int64_t>();
    COBUY_ASSIGN_OR_RETURN(
        auto find, conn.Prepare("SELECT id, name FROM register_organisations WHERE scheme = ? AND identifier = ?"));
    find.Bind(1, org->scheme).Bind(2, org->identifier);
    COBUY_ASSIGN_OR_RETURN(bool row, find.Step());
    std::int64_t key = 0;
    std::string known_as;
    if (row) {
      key = find.Int(0);
      known_as = find.Text(1);
    } else {
      COBUY_ASSIGN_OR_RETURN(
          auto insert,
          conn.Prepare("INSERT INTO register_organisations(scheme, identifier, name, country) VALUES (?, ?, ?, ?)"));
      insert.Bind(1, org->scheme).Bind(2, org->identifier).Bind(3, org->name).Bind(4, org->country);
      COBUY_RETURN_IF_ERROR(insert.Run());
      key = conn.LastInsertId();
    }
    if (!org->by_name) return std::optional<std::int64_t>(key);
    const std::string source = OcidPrefix(ocid);
    COBUY_ASSIGN_OR_RETURN(
        auto name,
        conn.Prepare(
            "INSERT INTO register_organisation_names(organisation, name, source, first_ocid) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING"));
    name.Bind(1, key).Bind(2, org->name).Bind(3, source).Bind(4, ocid);
    COBUY_RETURN_IF_ERROR(name.Run());
    if (row && conn.Changes() == 1) {
      IngestProblem m;
      m.severity = IngestProblem::Severity::kWarning;
      m.ocid = ocid;
      m.code = "merged_by_name";
      m.message = fmt::format(
          "'{}' (in {}) is the register organisation '{}' ({} {}): no identifier, the same "
          "name in the same country",
          org->name, ocid, known_as, org->scheme, org->identifier);
      merges->push_back(std::move(m));
    }
    return std::optional<std::int64_t>(key);
  }

  // The publisher part of an ocid: its prefix up to the second '-' ("ocds-213czf").
  static std::string OcidPrefix(const std::string& ocid) {
    size_t dash = ocid.find('-');
    if (dash == std::string::npos) return ocid;
    size_t second = ocid.find('-', dash + 1);
    return ocid.substr(0, second);
  }

  static Status SaveProcess(Connection& conn, const ProcessRecord& p, std::vector<IngestProblem>* merges) {
    static constexpr const char* kDeletes[] = {
        "DELETE FROM process_lots WHERE ocid = ?",    "DELETE FROM process_items WHERE ocid = ?",
        "DELETE FROM process_awards WHERE ocid = ?",  "DELETE FROM process_contracts WHERE ocid = ?",
        "DELETE FROM process_parties WHERE ocid = ?", "DELETE FROM process_suppliers WHERE ocid = ?",
        "DELETE FROM process_texts WHERE ocid = ?",
    };
    for (const char* sql : kDeletes) {
      COBUY_ASSIGN_OR_RETURN(auto del, conn.Prepare(sql));
      del.Bind(1, p.ocid);
      COBUY_RETURN_IF_ERROR(del.Run());
    }

    std::optional<std::int64_t> buyer_org;
    COBUY_ASSIGN_OR_RETURN(
        auto party,
        conn.Prepare(
            "INSERT INTO process_parties(ocid, party_id, name, roles, register_org, country, region, locality) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ocid, party_id) DO NOTHING"));
    party.Borrow();
    for (const PartyRecord& r : p.parties) {
      COBUY_ASSIGN_OR_RETURN(auto key, OrganisationKey(conn, r.organisation, p.ocid, merges));
      if (r.id == p.buyer_party_id && !p.buyer_party_id.empty()) buyer_org = key;
      party.Bind(1, p.ocid).Bind(2, r.id).Bind(3, r.name).Bind(4, r.roles).Bind(5, key);
      party.Bind(6, r.country).Bind(7, r.region).Bind(8, r.locality);
      COBUY_RETURN_IF_ERROR(party.Run());
      party.Reset();
    }

    COBUY_ASSIGN_OR_RETURN(
        auto proc,
        conn.Prepare(
            "INSERT INTO processes(ocid, compiled, release_count, first_date, last_date, tags, title, description, "
            "language, status, buyer_party_id, buyer_name, buyer_org, procuring_entity_name, country, region, "
            "procurement_method, procurement_method_details, main_category, is_framework, is_dps, is_cpb, "
            "buyer_categories, max_participants, tender_start, tender_end, award_date, contract_start, contract_end, "
            "value_amount, value_currency, value_eur, awarded_eur, contracted_eur, main_cpv, buyer_type) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
            "?22, "
            "?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36) "
            "ON CONFLICT (ocid) DO UPDATE SET compiled = ?2, release_count = ?3, first_date = ?4, last_date = ?5, "
            "tags = ?6, title = ?7, description = ?8, language = ?9, status = ?10, buyer_party_id = ?11, "
            "buyer_name = ?12, buyer_org = ?13, procuring_entity_name = ?14, country = ?15, region = ?16, "
            "procurement_method = ?17, procurement_method_details = ?18, main_category = ?19, is_framework = ?20, "
            "is_dps = ?21, is_cpb = ?22, buyer_categories = ?23, max_participants = ?24, tender_start = ?25, "
            "tender_end = ?26, award_date = ?27, contract_start = ?28, contract_end = ?29, value_amount = ?30, "
            "value_currency = ?31, value_eur = ?32, awarded_eur = ?33, contracted_eur = ?34, main_cpv = ?35, "
            "buyer_type = ?36"));
    proc.Borrow();
    proc.Bind(1, p.ocid).Bind(2, p.compiled).Bind(3, std::int64_t{p.release_count}).Bind(4, p.first_date);
    proc.Bind(5, p.last_date).Bind(6, p.tags).Bind(7, p.title).Bind(8, p.description).Bind(9, p.language);
    proc.Bind(10, p.status).Bind(11, p.buyer_party_id).Bind(12, p.buyer_name).Bind(13, buyer_org);
    proc.Bind(14, p.procuring_entity_name).Bind(15, p.country).Bind(16, p.region).Bind(17, p.procurement_method);
    proc.Bind(18, p.procurement_method_details).Bind(19, p.main_category);
    proc.Bind(20, std::int64_t{p.is_framework}).Bind(21, std::int64_t{p.is_dps}).Bind(22, std::int64_t{p.is_cpb});
    proc.Bind(23, p.buyer_categories).Bind(24, p.max_participants).Bind(25, p.tender_start);
    proc.Bind(26, p.tender_end).Bind(27, p.award_date).Bind(28, p.contract_start).Bind(29, p.contract_end);
    BindMoney(proc, 30, p.value);
    proc.Bind(33, p.awarded_eur).Bind(34, p.contracted_eur).Bind(35, p.main_cpv).Bind(36, p.buyer_type);
    COBUY_RETURN_IF_ERROR(proc.Run());

    COBUY_ASSIGN_OR_RETURN(auto lot,
                           conn.Prepare("INSERT INTO process_lots(ocid, lot_id, title, description, status, "
                                        "value_amount, value_currency, value_eur) "
                                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ocid, lot_id) DO NOTHING"));
    lot.Borrow();
    for (const LotRecord& r : p.lots) {
      lot.Bind(1, p.ocid).Bind(2, r.id).Bind(3, r.title).Bind(4, r.description).Bind(5, r.status);
      BindMoney(lot, 6, r.value);
      COBUY_RETURN_IF_ERROR(lot.Run());
      lot.Reset();
    }
    COBUY_ASSIGN_OR_RETURN(
        auto item,
        conn.Prepare("INSERT INTO process_items(ocid, source, parent_id, position, item_id, description, cpv, scheme, "
                     "classification_id, additional_classifications, quantity, unit_name, unit_id, unit_price_amount, "
                     "unit_price_currency, unit_price_eur, related_lot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                     "?, ?, ?, ?) "
                     "ON CONFLICT (ocid, source, parent_id, position) DO NOTHING"));
    item.Borrow();
    for (const ItemRecord& r : p.items) {
      item.Bind(1, p.ocid).Bind(2, r.source).Bind(3, r.parent_id).Bind(4, std::int64_t{r.position});
      item.Bind(5, r.id).Bind(6, r.description).Bind(7, r.cpv).Bind(8, r.scheme).Bind(9, r.classification_id);
      item.Bind(10, r.additional_classifications).Bind(11, r.quantity).Bind(12, r.unit_name).Bind(13, r.unit_id);
      BindMoney(item, 14, r.unit_price);
      item.Bind(17, r.related_lot);
      COBUY_RETURN_IF_ERROR(item.Run());
      item.Reset();
    }
    COBUY_ASSIGN_OR_RETURN(
        auto award,
        conn.Prepare(
            "INSERT INTO process_awards(ocid, award_id, title, status, date, value_amount, value_currency, value_eur, "
            "related_lots) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ocid, award_id) DO NOTHING"));
    award.Borrow();
    for (const AwardRecord& r : p.awards) {
      award.Bind(1, p.ocid).Bind(2, r.id).Bind(3, r.title).Bind(4, r.status).Bind(5, r.date);
      BindMoney(award, 6, r.value);
      award.Bind(9, r.related_lots);
      COBUY_RETURN_IF_ERROR(award.Run());
      award.Reset();
    }
    COBUY_ASSIGN_OR_RETURN(
        auto contract,
        conn.Prepare(
            "INSERT INTO process_contracts(ocid, contract_id, award_id, title, status, date_signed, period_start, "
            "period_end, value_amount, value_currency, value_eur) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (ocid, contract_id) DO NOTHING"));
    contract.Borrow();
    for (const ContractRecord& r : p.contracts) {
      contract.Bind(1, p.ocid).Bind(2, r.id).Bind(3, r.award_id).Bind(4, r.title).Bind(5, r.status);
      contract.Bind(6, r.date_signed).Bind(7, r.period_start).Bind(8, r.period_end);
      BindMoney(contract, 9, r.value);
      COBUY_RETURN_IF_ERROR(contract.Run());
      contract.Reset();
    }
    COBUY_ASSIGN_OR_RETURN(
        auto supplier,
        conn.Prepare(
            "INSERT INTO process_suppliers(ocid, award_id, party_id, name, register_org) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (ocid, award_id, party_id) DO NOTHING"));
    supplier.Borrow();
    for (const SupplierRecord& r : p.suppliers) {
      COBUY_ASSIGN_OR_RETURN(auto key, OrganisationKey(conn, r.organisation, p.ocid, merges));
      supplier.Bind(1, p.ocid).Bind(2, r.award_id).Bind(3, r.party_id).Bind(4, r.name).Bind(5, key);
      COBUY_RETURN_IF_ERROR(supplier.Run());
      supplier.Reset();
    }
    if (!p.texts.empty()) {
      COBUY_ASSIGN_OR_RETURN(
          auto text, conn.Prepare("INSERT INTO process_texts(ocid, language, title, description) VALUES (?, ?, ?, ?) "
                                  "ON CONFLICT (ocid, language) DO NOTHING"));
      text.Borrow();
      for (const ProcessText& t : p.texts) {
        text.Bind(1, p.ocid).Bind(2, t.language).Bind(3, t.title).Bind(4, t.description);
        COBUY_RETURN_IF_ERROR(text.Run());
        text.Reset();
      }
    }
    // The market tables (Step 6) follow the projection, derived by the same SQL as migration 7.
    COBUY_ASSIGN_OR_RETURN(auto facts, conn.Prepare(COBUY_MARKET_FACTS_INSERT "WHERE p.ocid = ?1"));
    facts.Bind(1, p.ocid);
    COBUY_RETURN_IF_ERROR(facts.Run());
    COBUY_ASSIGN_OR_RETURN(auto old_prices, conn.Prepare("DELETE FROM market_prices WHERE ocid = ?"));
    old_prices.Bind(1, p.ocid);
    COBUY_RETURN_IF_ERROR(old_prices.Run());
    COBUY_ASSIGN_OR_RETURN(auto prices, conn.Prepare(COBUY_MARKET_PRICES_INSERT "AND i.ocid = ?1"));
    prices.Bind(1, p.ocid);
    COBUY_RETURN_IF_ERROR(prices.Run());
    return Status::Ok();
  }

  ConnectionPool pool_;
};

}  // namespace

Result<std::unique_ptr<RegisterStore>> OpenSqliteRegisterStore(const StoreOptions& options) {
  auto store = std::make_unique<SqliteRegisterStore>(options.location, options.busy_timeout_ms, options.pool_size,
                                                     options.mmap_bytes);
  // Fail early when the database cannot be opened or has no register yet.
  if (Status s = store->Counts().status(); !s.ok()) {
    return FailedPrecondition(fmt::format("{} has no contract register ({}); run `cobuy db migrate --db {}`",
                                          options.location, s.message(), options.location));
  }
  return std::unique_ptr<RegisterStore>(std::move(store));
}

}  // namespace cobuy::sqlite
