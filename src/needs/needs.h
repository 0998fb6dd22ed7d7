// Needs assessments and group formation (docs/ASSESSMENTS.md): the secretariat asks buyers
// which areas they will procure in the coming months, analyses the answers, lets the
// optimiser (groups/) propose working groups, and turns the proposal into Step 4 communities
// whose invited organisations commit formally or decline (and then observe).
//
// Every operation takes the caller and checks who they are first: the secretariat runs
// assessments; buyers and org admins of invited EU/EEA/EFTA organisations answer them.
//
// Thread-safety: safe to call from many threads (state lives in the stores).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "accounts/accounts.h"
#include "community/communities.h"
#include "core/assessment_model.h"
#include "core/clock.h"
#include "store/assessment_store.h"
#include "store/community_store.h"

namespace cobuy::needs {

// The statement shown on every answer form (en, de, fr).
std::string CommitmentNote(std::string_view lang);

// An assessment as a caller sees it.
struct AssessmentView {
  Assessment assessment;
  std::string status;  // "draft" | "open" | "closed" on today's date
  int invited = 0, started = 0, submitted = 0;
  std::optional<AssessmentResponse> my_response;  // the caller's organisation's
};

class Needs {
 public:
  Needs(AssessmentStore& store, CommunityStore& communities_store, community::Communities& communities,
        Accounts& accounts, Store& accounts_store, const Clock& clock)
      : store_(store),
        communities_store_(communities_store),
        communities_(communities),
        accounts_(accounts),
        accounts_store_(accounts_store),
        clock_(clock) {}

  // Body of POST /assessments (title, description, months_ahead, opens_on, closes_on, areas).
  Result<std::int64_t> Create(const User& caller, const nlohmann::json& body);
  // An extension of the closing date, or any field before the assessment opens.
  Status Update(const User& caller, std::int64_t id, const nlohmann::json& body);
  Result<AssessmentView> Get(const User& caller, std::int64_t id);
  Result<std::vector<AssessmentView>> List(const User& caller);
  // {"organisation_ids": [...]} or {"all_eligible": true} (every EU/EEA/EFTA buyer organisation).
  Result<int> Invite(const User& caller, std::int64_t id, const nlohmann::json& body);
  Result<std::vector<AssessmentParticipant>> Progress(const User& caller, std::int64_t id);
  // Saves (and with "submit": true submits) the caller's organisation's answer while open.
  Result<AssessmentResponse> Answer(const User& caller, std::int64_t id, const nlohmann::json& body);
  Result<nlohmann::json> Analysis(const User& caller, std::int64_t id);
  // The optimiser's instance (docs/GROUPS.md) from the submitted answers and the parameters.
  Result<nlohmann::json> Instance(const User& caller, std::int64_t id, const nlohmann::json& parameters);
  // Solves and records a formation.
  Result<Formation> Form(const User& caller, std::int64_t id, const nlohmann::json& parameters);
  Result<std::vector<Formation>> Formations(const User& caller, std::int64_t id);
  // One closed working group per group of the formation, the respondents invited (the lead
  // volunteer as leader), and an observer group for observer-only respondents.
  Result<nlohmann::json> CreateGroups(const User& caller, std::int64_t id, std::int64_t formation_id);
  // For a person invited to a formed group: "commit" joins it; "decline" leaves it and joins the
  // formation's observer group. Returns the membership in the group (commit) or observer group.
  Result<Membership> Commit(const User& caller, std::int64_t community_id, const std::string& decision);

  // The assessment a community was formed from (its groups and observer group), if any.
  Result<std::optional<std::int64_t>> AssessmentOf(std::int64_t community_id);

  // "org-<id>" names of a formation's organisations: {"org-12": {"id": 12, "name": "..."}}.
  Result<nlohmann::json> OrganisationNames(const Formation& f);

 private:
  Status RequireSecretariat(const User& caller) const;
  // kPermissionDenied saying why when the caller's organisation is outside the EU, EEA and EFTA.
  Status CheckEligible(const User& caller);
  std::string Today() const { return FormatDay(clock_.Now()); }
  std::string StatusOf(const Assessment& a) const;

  AssessmentStore& store_;
  CommunityStore& communities_store_;
  community::Communities& communities_;
  Accounts& accounts_;
  Store& accounts_store_;
  const Clock& clock_;
};

}  // namespace cobuy::needs
