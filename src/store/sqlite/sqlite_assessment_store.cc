// The SQLite implementation of AssessmentStore.
#include <fmt/format.h>

#include <map>

#include "core/text.h"
#include "store/assessment_store.h"
#include "store/sqlite/sqlite_db.h"

namespace cobuy {
namespace sqlite {
namespace {

// CPV codes are stored as one space-separated column.
std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : " ") + c;
  return out;
}

#define COBUY_ASSESSMENT_SELECT                                                                                 \
  "SELECT id, title, description, months_ahead, opens_on, closes_on, coalesce(created_by, 0), created_at FROM " \
  "assessments "

Assessment ReadAssessment(const Statement& st) {
  Assessment a;
  a.id = st.Int(0);
  a.title = st.Text(1);
  a.description = st.Text(2);
  a.months_ahead = static_cast<int>(st.Int(3));
  a.opens_on = st.Text(4);
  a.closes_on = st.Text(5);
  a.created_by = st.Int(6);
  a.created_at = st.Int(7);
  return a;
}

#define COBUY_RESPONSE_SELECT                                                                                  \
  "SELECT r.assessment_id, r.organisation_id, o.name, o.country, r.observer_only, r.challenges, r.answers, "   \
  "coalesce(r.updated_by, 0), coalesce(u.name, ''), r.updated_at, r.submitted_at FROM assessment_responses r " \
  "JOIN organisations o ON o.id = r.organisation_id LEFT JOIN users u ON u.id = r.updated_by "

AssessmentResponse ReadResponse(const Statement& st) {
  AssessmentResponse r;
  r.assessment_id = st.Int(0);
  r.organisation_id = st.Int(1);
  r.organisation_name = st.Text(2);
  r.country = st.Text(3);
  r.observer_only = st.Int(4) != 0;
  r.challenges = st.Text(5);
  r.answers = st.Text(6);
  r.updated_by = st.Int(7);
  r.updated_by_name = st.Text(8);
  r.updated_at = st.Int(9);
  r.submitted_at = st.OptInt(10);
  return r;
}

#define COBUY_FORMATION_SELECT \
  "SELECT id, assessment_id, parameters, result, coalesce(created_by, 0), created_at FROM formations "

Formation ReadFormation(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Int(4), st.Int(5)};
}

#define COBUY_FORMED_SELECT                                                                                    \
  "SELECT g.community_id, g.formation_id, f.assessment_id, g.area_key, g.observer_group FROM formed_groups g " \
  "JOIN formations f ON f.id = g.formation_id "

FormedGroup ReadFormed(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Int(2), st.Text(3), st.Int(4) != 0};
}

class SqliteAssessmentStore final : public AssessmentStore {
 public:
  SqliteAssessmentStore(std::string location, int busy_timeout_ms, int pool_size)
      : pool_(std::move(location), busy_timeout_ms, pool_size) {}

  Result<std::int64_t> CreateAssessment(const Assessment& a) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "INSERT INTO assessments(title, description, months_ahead, opens_on, closes_on, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    st.Bind(1, a.title).Bind(2, a.description).Bind(3, std::int64_t{a.months_ahead}).Bind(4, a.opens_on);
    st.Bind(5, a.closes_on).Bind(6, a.created_by).Bind(7, a.created_at);
    if (Status s = st.Run(); !s.ok()) {
      if (s.code() == StatusCode::kAlreadyExists) {
        return AlreadyExists(fmt::format("an assessment titled '{}' exists already", a.title), "title");
      }
      return s;
    }
    std::int64_t id = conn->LastInsertId();
    COBUY_ASSIGN_OR_RETURN(
        auto area,
        conn->Prepare(
            "INSERT INTO assessment_areas(assessment_id, key, name, description, cpv) VALUES (?, ?, ?, ?, ?)"));
    for (const AssessmentArea& ar : a.areas) {
      area.Bind(1, id).Bind(2, ar.key).Bind(3, ar.name).Bind(4, ar.description).Bind(5, JoinCodes(ar.cpv));
      COBUY_RETURN_IF_ERROR(area.Run());
      area.Reset();
    }
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  Status UpdateAssessment(const Assessment& a) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("UPDATE assessments SET title = ?, description = ?, months_ahead = "
                                                  "?, opens_on = ?, closes_on = ? WHERE id = ?"));
    st.Bind(1, a.title).Bind(2, a.description).Bind(3, std::int64_t{a.months_ahead}).Bind(4, a.opens_on);
    st.Bind(5, a.closes_on).Bind(6, a.id);
    if (Status s = st.Run(); !s.ok()) {
      if (s.code() == StatusCode::kAlreadyExists) {
        return AlreadyExists(fmt::format("an assessment titled '{}' exists already", a.title), "title");
      }
      return s;
    }
    return conn->Changes() == 0 ? NotFound("no such assessment") : Status::Ok();
  }

  Result<Assessment> GetAssessment(std::int64_t id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_ASSESSMENT_SELECT "WHERE id = ?"));
    st.Bind(1, id);
    COBUY_ASSIGN_OR_RETURN(auto list, Collect<Assessment>(st, ReadAssessment));
    if (list.empty()) return NotFound("no such assessment");
    COBUY_RETURN_IF_ERROR(AttachAreas(*conn, list));
    return std::move(list.front());
  }

  Result<std::vector<Assessment>> ListAssessments() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_ASSESSMENT_SELECT "ORDER BY created_at DESC, id DESC"));
    COBUY_ASSIGN_OR_RETURN(auto list, Collect<Assessment>(st, ReadAssessment));
    COBUY_RETURN_IF_ERROR(AttachAreas(*conn, list));
    return list;
  }

  Result<int> Invite(std::int64_t assessment_id, const std::vector<std::int64_t>& organisation_ids) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("INSERT OR IGNORE INTO assessment_invitations(assessment_id, organisation_id) VALUES (?, ?)"));
    int added = 0;
    for (std::int64_t org : organisation_ids) {
      st.Bind(1, assessment_id).Bind(2, org);
      COBUY_RETURN_IF_ERROR(st.Run());
      added += conn->Changes();
      st.Reset();
    }
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return added;
  }

  Result<bool> IsInvited(std::int64_t assessment_id, std::int64_t organisation_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("SELECT 1 FROM assessment_invitations WHERE assessment_id = ? AND organisation_id = ?"));
    st.Bind(1, assessment_id).Bind(2, organisation_id);
    return st.Step();
  }

  Result<std::vector<AssessmentParticipant>> Participants(std::int64_t assessment_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "SELECT o.id, o.name, o.country, r.organisation_id IS NOT NULL, r.submitted_at IS NOT NULL, "
            "coalesce(r.updated_at, 0) FROM assessment_invitations i JOIN organisations o ON o.id = i.organisation_id "
            "LEFT JOIN assessment_responses r ON r.assessment_id = i.assessment_id AND r.organisation_id = o.id "
            "WHERE i.assessment_id = ? ORDER BY o.name, o.id"));
    st.Bind(1, assessment_id);
    return Collect<AssessmentParticipant>(st, [](const Statement& s) {
      return AssessmentParticipant{s.Int(0), s.Text(1), s.Text(2), s.Int(3) != 0, s.Int(4) != 0, s.Int(5)};
    });
  }

  Result<std::vector<std::int64_t>> InvitedTo(std::int64_t organisation_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "SELECT assessment_id FROM assessment_invitations WHERE organisation_id = ? ORDER BY assessment_id"));
    st.Bind(1, organisation_id);
    return Collect<std::int64_t>(st, [](const Statement& s) { return s.Int(0); });
  }

  Status PutResponse(const AssessmentResponse& r) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "INSERT INTO assessment_responses(assessment_id, organisation_id, observer_only, challenges, answers, "
            "updated_by, updated_at, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(assessment_id, organisation_id) DO UPDATE SET observer_only = excluded.observer_only, "
            "challenges = excluded.challenges, answers = excluded.answers, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at, submitted_at = excluded.submitted_at"));
    st.Bind(1, r.assessment_id).Bind(2, r.organisation_id).Bind(3, std::int64_t{r.observer_only ? 1 : 0});
    st.Bind(4, r.challenges).Bind(5, r.answers).Bind(6, r.updated_by).Bind(7, r.updated_at).Bind(8, r.submitted_at);
    return st.Run();
  }

  Result<std::optional<AssessmentResponse>> GetResponse(std::int64_t assessment_id,
                                                        std::int64_t organisation_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare(COBUY_RESPONSE_SELECT "WHERE r.assessment_id = ? AND r.organisation_id = ?"));
    st.Bind(1, assessment_id).Bind(2, organisation_id);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return std::optional<AssessmentResponse>();
    return std::optional<AssessmentResponse>(ReadResponse(st));
  }

  Result<std::vector<AssessmentResponse>> ListResponses(std::int64_t assessment_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare(COBUY_RESPONSE_SELECT "WHERE r.assessment_id = ? ORDER BY r.organisation_id"));
    st.Bind(1, assessment_id);
    return Collect<AssessmentResponse>(st, ReadResponse);
  }

  Result<std::int64_t> AddFormation(const Formation& f) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("INSERT INTO formations(assessment_id, parameters, result, "
                                                  "created_by, created_at) VALUES (?, ?, ?, ?, ?)"));
    st.Bind(1, f.assessment_id).Bind(2, f.parameters).Bind(3, f.result).Bind(4, f.created_by).Bind(5, f.created_at);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->LastInsertId();
  }

  Result<std::vector<Formation>> ListFormations(std::int64_t assessment_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_FORMATION_SELECT "WHERE assessment_id = ? ORDER BY id DESC"));
    st.Bind(1, assessment_id);
    return Collect<Formation>(st, ReadFormation);
  }

  Result<Formation> GetFormation(std::int64_t assessment_id, std::int64_t formation_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_FORMATION_SELECT "WHERE assessment_id = ? AND id = ?"));
    st.Bind(1, assessment_id).Bind(2, formation_id);
    COBUY_ASSIGN_OR_RETURN(auto list, Collect<Formation>(st, ReadFormation));
    if (list.empty()) return NotFound("no such formation");
    return std::move(list.front());
  }

  Status RecordFormedGroup(const FormedGroup& g) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "INSERT INTO formed_groups(community_id, formation_id, area_key, observer_group) VALUES (?, ?, ?, ?)"));
    st.Bind(1, g.community_id)
        .Bind(2, g.formation_id)
        .Bind(3, g.area_key)
        .Bind(4, std::int64_t{g.observer_group ? 1 : 0});
    return st.Run();
  }

  Result<std::optional<FormedGroup>> FormedGroupOf(std::int64_t community_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_FORMED_SELECT "WHERE g.community_id = ?"));
    st.Bind(1, community_id);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return std::optional<FormedGroup>();
    return std::optional<FormedGroup>(ReadFormed(st));
  }

  Result<std::vector<FormedGroup>> FormedGroups(std::int64_t formation_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare(COBUY_FORMED_SELECT "WHERE g.formation_id = ? ORDER BY g.community_id"));
    st.Bind(1, formation_id);
    return Collect<FormedGroup>(st, ReadFormed);
  }

  Status Probe() {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT count(*) FROM assessments"));
    return st.Step().status();
  }

 private:
  static Status AttachAreas(Connection& conn, std::vector<Assessment>& list) {
    if (list.empty()) return Status::Ok();
    std::map<std::int64_t, Assessment*> by_id;
    for (Assessment& a : list) by_id[a.id] = &a;
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn.Prepare("SELECT assessment_id, id, key, name, description, cpv FROM assessment_areas "
                                        "WHERE assessment_id BETWEEN ? AND ? ORDER BY assessment_id, id"));
    st.Bind(1, by_id.begin()->first).Bind(2, by_id.rbegin()->first);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      auto it = by_id.find(st.Int(0));
      if (it == by_id.end()) continue;
      it->second->areas.push_back({st.Int(1), st.Text(2), st.Text(3), st.Text(4), Split(st.Text(5), ' ')});
    }
    return Status::Ok();
  }

  ConnectionPool pool_;
};

}  // namespace
}  // namespace sqlite

Result<std::unique_ptr<AssessmentStore>> AssessmentStore::Open(const StoreOptions& options) {
  if (options.location.empty()) return InvalidArgument("no database location given", "db");
  auto store =
      std::make_unique<sqlite::SqliteAssessmentStore>(options.location, options.busy_timeout_ms, options.pool_size);
  if (Status s = store->Probe(); !s.ok()) {
    return FailedPrecondition(fmt::format("{} has no assessment tables ({}); run `cobuy db migrate --db {}`",
                                          options.location, s.message(), options.location));
  }
  return std::unique_ptr<AssessmentStore>(std::move(store));
}

}  // namespace cobuy
