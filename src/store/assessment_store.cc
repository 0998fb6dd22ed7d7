// AssessmentStore on db::Database: one implementation for SQLite and PostgreSQL.
#include "store/assessment_store.h"

#include <fmt/format.h>

#include <map>

#include "core/ids.h"
#include "core/text.h"

namespace cobuy {
namespace {

using db::Conn;
using db::Row;
using db::Sql;

// CPV codes are stored as one space-separated column.
std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : " ") + c;
  return out;
}

AssessmentId ReadAssessmentId(const Row& r, std::string_view column) {
  return AssessmentId(r.Int(column));
}
OrganisationId ReadOrganisationId(const Row& r, std::string_view column) {
  return OrganisationId(r.Int(column));
}
UserId ReadUserId(const Row& r, std::string_view column) {
  return UserId(r.Int(column));
}
FormationId ReadFormationId(const Row& r, std::string_view column) {
  return FormationId(r.Int(column));
}
CommunityId ReadCommunityId(const Row& r, std::string_view column) {
  return CommunityId(r.Int(column));
}

constexpr const char* kAssessmentSelect =
    "SELECT id, title, description, months_ahead, opens_on, closes_on, coalesce(created_by, 0) AS created_by, "
    "created_at FROM assessments ";

Assessment ReadAssessment(const Row& r) {
  Assessment a;
  a.id = ReadAssessmentId(r, "id").value;
  a.title = r.Text("title");
  a.description = r.Text("description");
  a.months_ahead = static_cast<int>(r.Int("months_ahead"));
  a.opens_on = r.Text("opens_on");
  a.closes_on = r.Text("closes_on");
  a.created_by = ReadUserId(r, "created_by").value;
  a.created_at = r.Int("created_at");
  return a;
}

constexpr const char* kResponseSelect =
    "SELECT r.assessment_id, r.organisation_id, o.name AS organisation_name, o.country, r.observer_only, "
    "r.challenges, r.answers, coalesce(r.updated_by, 0) AS updated_by, coalesce(u.name, '') AS updated_by_name, "
    "r.updated_at, r.submitted_at FROM assessment_responses r JOIN organisations o ON o.id = r.organisation_id "
    "LEFT JOIN users u ON u.id = r.updated_by ";

AssessmentResponse ReadResponse(const Row& r) {
  AssessmentResponse out;
  out.assessment_id = ReadAssessmentId(r, "assessment_id").value;
  out.organisation_id = ReadOrganisationId(r, "organisation_id").value;
  out.organisation_name = r.Text("organisation_name");
  out.country = r.Text("country");
  out.observer_only = r.Bool("observer_only");
  out.challenges = r.Text("challenges");
  out.answers = r.Text("answers");
  out.updated_by = ReadUserId(r, "updated_by").value;
  out.updated_by_name = r.Text("updated_by_name");
  out.updated_at = r.Int("updated_at");
  out.submitted_at = r.OptInt("submitted_at");
  return out;
}

constexpr const char* kFormationSelect =
    "SELECT id, assessment_id, parameters, result, coalesce(created_by, 0) AS created_by, created_at FROM formations ";

Formation ReadFormation(const Row& r) {
  return {ReadFormationId(r, "id").value,
          ReadAssessmentId(r, "assessment_id").value,
          r.Text("parameters"),
          r.Text("result"),
          ReadUserId(r, "created_by").value,
          r.Int("created_at")};
}

constexpr const char* kFormedSelect =
    "SELECT g.community_id, g.formation_id, f.assessment_id, g.area_key, g.observer_group FROM formed_groups g "
    "JOIN formations f ON f.id = g.formation_id ";

FormedGroup ReadFormed(const Row& r) {
  return {ReadCommunityId(r, "community_id").value, ReadFormationId(r, "formation_id").value,
          ReadAssessmentId(r, "assessment_id").value, r.Text("area_key"), r.Bool("observer_group")};
}

// Participants by name as SQLite compares text (bytes): PostgreSQL's default collation follows
// the database's locale, so it is told to compare bytes too.
const Sql kParticipants{
    "SELECT o.id, o.name, o.country, r.organisation_id IS NOT NULL AS has_response, "
    "r.submitted_at IS NOT NULL AS submitted, coalesce(r.updated_at, 0) AS updated_at "
    "FROM assessment_invitations i JOIN organisations o ON o.id = i.organisation_id "
    "LEFT JOIN assessment_responses r ON r.assessment_id = i.assessment_id AND r.organisation_id = o.id "
    "WHERE i.assessment_id = ? ORDER BY o.name, o.id",
    "SELECT o.id, o.name, o.country, r.organisation_id IS NOT NULL AS has_response, "
    "r.submitted_at IS NOT NULL AS submitted, coalesce(r.updated_at, 0) AS updated_at "
    "FROM assessment_invitations i JOIN organisations o ON o.id = i.organisation_id "
    "LEFT JOIN assessment_responses r ON r.assessment_id = i.assessment_id AND r.organisation_id = o.id "
    "WHERE i.assessment_id = ? ORDER BY o.name COLLATE \"C\", o.id"};

Status TitleTaken(Status s, const std::string& title) {
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists(fmt::format("an assessment titled '{}' exists already", title), "title");
  }
  return s;
}

class DbAssessmentStore final : public AssessmentStore {
 public:
  DbAssessmentStore(db::Database& db, std::unique_ptr<db::Database> owned) : owned_(std::move(owned)), db_(db) {}

  Result<std::int64_t> CreateAssessment(const Assessment& a) override {
    return db_.Transact([&](Conn& c) -> Result<std::int64_t> {
      auto id = c.InsertReturningId(
          "INSERT INTO assessments(title, description, months_ahead, opens_on, closes_on, created_by, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          {a.title, a.description, a.months_ahead, a.opens_on, a.closes_on, UserId(a.created_by), a.created_at});
      if (!id.ok()) return TitleTaken(id.status(), a.title);
      const AssessmentId assessment(*id);
      for (const AssessmentArea& ar : a.areas) {
        COBUY_RETURN_IF_ERROR(
            c.Exec("INSERT INTO assessment_areas(assessment_id, key, name, description, cpv) VALUES (?, ?, ?, ?, ?)",
                   {assessment, ar.key, ar.name, ar.description, JoinCodes(ar.cpv)}));
      }
      return assessment.value;
    });
  }

  Status UpdateAssessment(const Assessment& a) override {
    auto changed = db_.ExecCount(
        "UPDATE assessments SET title = ?, description = ?, months_ahead = ?, opens_on = ?, closes_on = ? WHERE id = ?",
        {a.title, a.description, a.months_ahead, a.opens_on, a.closes_on, AssessmentId(a.id)});
    if (!changed.ok()) return TitleTaken(changed.status(), a.title);
    return *changed == 0 ? NotFound("no such assessment") : Status::Ok();
  }

  Result<Assessment> GetAssessment(std::int64_t id) override {
    return db_.Run([&](Conn& c) -> Result<Assessment> {
      COBUY_ASSIGN_OR_RETURN(auto list, c.Collect<Assessment>(std::string(kAssessmentSelect) + "WHERE id = ?",
                                                              {AssessmentId(id)}, ReadAssessment));
      if (list.empty()) return NotFound("no such assessment");
      COBUY_RETURN_IF_ERROR(AttachAreas(c, list));
      return std::move(list.front());
    });
  }

  Result<std::vector<Assessment>> ListAssessments() override {
    return db_.Run([&](Conn& c) -> Result<std::vector<Assessment>> {
      COBUY_ASSIGN_OR_RETURN(
          auto list, c.Collect<Assessment>(std::string(kAssessmentSelect) + "ORDER BY created_at DESC, id DESC", {},
                                           ReadAssessment));
      COBUY_RETURN_IF_ERROR(AttachAreas(c, list));
      return list;
    });
  }

  Result<int> Invite(std::int64_t assessment_id, const std::vector<std::int64_t>& organisation_ids) override {
    static const std::string insert = db::UpsertSql("assessment_invitations", {"assessment_id", "organisation_id"},
                                                    {"assessment_id", "organisation_id"});
    return db_.Transact([&](Conn& c) -> Result<int> {
      int added = 0;
      for (std::int64_t org : organisation_ids) {
        COBUY_ASSIGN_OR_RETURN(auto n, c.ExecCount(insert, {AssessmentId(assessment_id), OrganisationId(org)}));
        added += static_cast<int>(n);
      }
      return added;
    });
  }

  Result<bool> IsInvited(std::int64_t assessment_id, std::int64_t organisation_id) override {
    COBUY_ASSIGN_OR_RETURN(
        auto rows, db_.Collect<bool>("SELECT 1 AS invited FROM assessment_invitations WHERE assessment_id = ? AND "
                                     "organisation_id = ?",
                                     {AssessmentId(assessment_id), OrganisationId(organisation_id)},
                                     [](const Row& r) { return r.Bool("invited"); }));
    return !rows.empty();
  }

  Result<std::vector<AssessmentParticipant>> Participants(std::int64_t assessment_id) override {
    return db_.Collect<AssessmentParticipant>(kParticipants, {AssessmentId(assessment_id)}, [](const Row& r) {
      return AssessmentParticipant{ReadOrganisationId(r, "id").value,
                                   r.Text("name"),
                                   r.Text("country"),
                                   r.Bool("has_response"),
                                   r.Bool("submitted"),
                                   r.Int("updated_at")};
    });
  }

  Result<std::vector<std::int64_t>> InvitedTo(std::int64_t organisation_id) override {
    return db_.Collect<std::int64_t>(
        "SELECT assessment_id FROM assessment_invitations WHERE organisation_id = ? ORDER BY assessment_id",
        {OrganisationId(organisation_id)}, [](const Row& r) { return ReadAssessmentId(r, "assessment_id").value; });
  }

  Status PutResponse(const AssessmentResponse& r) override {
    static const std::string upsert = db::UpsertSql("assessment_responses",
                                                    {"assessment_id", "organisation_id", "observer_only", "challenges",
                                                     "answers", "updated_by", "updated_at", "submitted_at"},
                                                    {"assessment_id", "organisation_id"});
    return db_.Exec(upsert, {AssessmentId(r.assessment_id), OrganisationId(r.organisation_id), r.observer_only ? 1 : 0,
                             r.challenges, r.answers, UserId(r.updated_by), r.updated_at, r.submitted_at});
  }

  Result<std::optional<AssessmentResponse>> GetResponse(std::int64_t assessment_id,
                                                        std::int64_t organisation_id) override {
    COBUY_ASSIGN_OR_RETURN(auto list,
                           db_.Collect<AssessmentResponse>(
                               std::string(kResponseSelect) + "WHERE r.assessment_id = ? AND r.organisation_id = ?",
                               {AssessmentId(assessment_id), OrganisationId(organisation_id)}, ReadResponse));
    if (list.empty()) return std::optional<AssessmentResponse>();
    return std::optional<AssessmentResponse>(std::move(list.front()));
  }

  Result<std::vector<AssessmentResponse>> ListResponses(std::int64_t assessment_id) override {
    return db_.Collect<AssessmentResponse>(
        std::string(kResponseSelect) + "WHERE r.assessment_id = ? ORDER BY r.organisation_id",
        {AssessmentId(assessment_id)}, ReadResponse);
  }

  Result<std::int64_t> AddFormation(const Formation& f) override {
    return db_.Run([&](Conn& c) {
      return c.InsertReturningId(
          "INSERT INTO formations(assessment_id, parameters, result, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
          {AssessmentId(f.assessment_id), f.parameters, f.result, UserId(f.created_by), f.created_at});
    });
  }

  Result<std::vector<Formation>> ListFormations(std::int64_t assessment_id) override {
    return db_.Collect<Formation>(std::string(kFormationSelect) + "WHERE assessment_id = ? ORDER BY id DESC",
                                  {AssessmentId(assessment_id)}, ReadFormation);
  }

  Result<Formation> GetFormation(std::int64_t assessment_id, std::int64_t formation_id) override {
    COBUY_ASSIGN_OR_RETURN(
        auto list, db_.Collect<Formation>(std::string(kFormationSelect) + "WHERE assessment_id = ? AND id = ?",
                                          {AssessmentId(assessment_id), FormationId(formation_id)}, ReadFormation));
    if (list.empty()) return NotFound("no such formation");
    return std::move(list.front());
  }

  Status RecordFormedGroup(const FormedGroup& g) override {
    return db_.Exec(
        "INSERT INTO formed_groups(community_id, formation_id, area_key, observer_group) VALUES (?, ?, ?, ?)",
        {CommunityId(g.community_id), FormationId(g.formation_id), g.area_key, g.observer_group ? 1 : 0});
  }

  Result<std::optional<FormedGroup>> FormedGroupOf(std::int64_t community_id) override {
    COBUY_ASSIGN_OR_RETURN(auto list, db_.Collect<FormedGroup>(std::string(kFormedSelect) + "WHERE g.community_id = ?",
                                                               {CommunityId(community_id)}, ReadFormed));
    if (list.empty()) return std::optional<FormedGroup>();
    return std::optional<FormedGroup>(std::move(list.front()));
  }

  Result<std::vector<FormedGroup>> FormedGroups(std::int64_t formation_id) override {
    return db_.Collect<FormedGroup>(std::string(kFormedSelect) + "WHERE g.formation_id = ? ORDER BY g.community_id",
                                    {FormationId(formation_id)}, ReadFormed);
  }

  Status Probe() { return db_.Exec("SELECT count(*) AS n FROM assessments"); }

 private:
  static Status AttachAreas(Conn& c, std::vector<Assessment>& list) {
    if (list.empty()) return Status::Ok();
    std::map<std::int64_t, Assessment*> by_id;
    for (Assessment& a : list) by_id[a.id] = &a;
    COBUY_ASSIGN_OR_RETURN(auto rows,
                           c.Query("SELECT assessment_id, id, key, name, description, cpv FROM assessment_areas "
                                   "WHERE assessment_id BETWEEN ? AND ? ORDER BY assessment_id, id",
                                   {AssessmentId(by_id.begin()->first), AssessmentId(by_id.rbegin()->first)}));
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool more, rows.Next());
      if (!more) break;
      auto it = by_id.find(ReadAssessmentId(*rows, "assessment_id").value);
      if (it == by_id.end()) continue;
      it->second->areas.push_back({rows->Int("id"), rows->Text("key"), rows->Text("name"), rows->Text("description"),
                                   Split(rows->Text("cpv"), ' ')});
    }
    return Status::Ok();
  }

  std::unique_ptr<db::Database> owned_;  // when opened from StoreOptions
  db::Database& db_;
};

Result<std::unique_ptr<AssessmentStore>> OpenOn(db::Database& db, std::unique_ptr<db::Database> owned) {
  auto store = std::make_unique<DbAssessmentStore>(db, std::move(owned));
  if (Status s = store->Probe(); !s.ok()) {
    return FailedPrecondition(fmt::format("{} has no assessment tables ({}); run `cobuy db migrate --db {}`",
                                          db.location(), s.message(), db.location()));
  }
  return std::unique_ptr<AssessmentStore>(std::move(store));
}

}  // namespace

Result<std::unique_ptr<AssessmentStore>> AssessmentStore::Open(db::Database& db) {
  return OpenOn(db, nullptr);
}

Result<std::unique_ptr<AssessmentStore>> AssessmentStore::Open(const StoreOptions& options) {
  if (options.location.empty()) return InvalidArgument("no database location given", "db");
  COBUY_ASSIGN_OR_RETURN(auto db, db::Database::Open(options.location, {.pool_size = options.pool_size,
                                                                        .busy_timeout_ms = options.busy_timeout_ms,
                                                                        .mmap_bytes = options.mmap_bytes}));
  db::Database& ref = *db;
  return OpenOn(ref, std::move(db));
}

}  // namespace cobuy
