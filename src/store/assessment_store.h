// AssessmentStore: needs assessments, their areas, invitations and responses, the group
// formations computed from them and the communities created from those. Persists records;
// the rules are in needs/.
//
// One implementation on db::Database for SQLite and PostgreSQL (assessment_store.cc): shared SQL,
// rows read by column name, per-dialect text only where the dialects differ. Its calls join the
// thread's db::Database::Transact, so they commit with other repositories' writes.
//
// Thread-safety: safe to call from many threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/assessment_model.h"
#include "core/status.h"
#include "db/database.h"
#include "store/store.h"

namespace cobuy {

class AssessmentStore {
 public:
  // On `db` (migrated; kFailedPrecondition when it has no assessment tables), which must outlive
  // the store.
  static Result<std::unique_ptr<AssessmentStore>> Open(db::Database& db);
  // On a db::Database of its own at options.location (a SQLite path or a postgresql:// URL).
  static Result<std::unique_ptr<AssessmentStore>> Open(const StoreOptions& options);
  virtual ~AssessmentStore() = default;
  AssessmentStore() = default;
  AssessmentStore(const AssessmentStore&) = delete;
  AssessmentStore& operator=(const AssessmentStore&) = delete;

  // The assessment with its areas, in one transaction (kAlreadyExists for a taken title).
  virtual Result<std::int64_t> CreateAssessment(const Assessment& a) = 0;
  // Title, description, months ahead and dates (the areas stay).
  virtual Status UpdateAssessment(const Assessment& a) = 0;
  virtual Result<Assessment> GetAssessment(std::int64_t id) = 0;  // with its areas
  virtual Result<std::vector<Assessment>> ListAssessments() = 0;  // newest first, with areas

  // Invites organisations (already invited ones are kept); returns how many are new.
  virtual Result<int> Invite(std::int64_t assessment_id, const std::vector<std::int64_t>& organisation_ids) = 0;
  virtual Result<bool> IsInvited(std::int64_t assessment_id, std::int64_t organisation_id) = 0;
  // Invited organisations by name, with where their answer stands.
  virtual Result<std::vector<AssessmentParticipant>> Participants(std::int64_t assessment_id) = 0;
  // Assessments an organisation is invited to.
  virtual Result<std::vector<std::int64_t>> InvitedTo(std::int64_t organisation_id) = 0;

  virtual Status PutResponse(const AssessmentResponse& r) = 0;
  virtual Result<std::optional<AssessmentResponse>> GetResponse(std::int64_t assessment_id,
                                                                std::int64_t organisation_id) = 0;
  virtual Result<std::vector<AssessmentResponse>> ListResponses(std::int64_t assessment_id) = 0;  // by organisation id

  virtual Result<std::int64_t> AddFormation(const Formation& f) = 0;
  virtual Result<std::vector<Formation>> ListFormations(std::int64_t assessment_id) = 0;  // newest first
  virtual Result<Formation> GetFormation(std::int64_t assessment_id, std::int64_t formation_id) = 0;

  virtual Status RecordFormedGroup(const FormedGroup& g) = 0;
  virtual Result<std::optional<FormedGroup>> FormedGroupOf(std::int64_t community_id) = 0;
  virtual Result<std::vector<FormedGroup>> FormedGroups(std::int64_t formation_id) = 0;
};

}  // namespace cobuy
