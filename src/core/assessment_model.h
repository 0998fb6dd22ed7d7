// Needs assessments (Step 5): the secretariat asks buyers which areas they will procure in the
// coming months; the answers feed the optimiser that proposes working groups. Plain records
// shared by the store and needs/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace cobuy {

struct AssessmentArea {
  std::int64_t id = 0;
  std::string key;  // the optimiser's area id: "ev-trucks"
  std::string name;
  std::string description;
  std::vector<std::string> cpv;  // CPV codes (8 digits, or a prefix of 2 to 8)
};

struct Assessment {
  std::int64_t id = 0;
  std::string title;
  std::string description;
  int months_ahead = 12;
  std::string opens_on;   // YYYY-MM-DD
  std::string closes_on;  // YYYY-MM-DD, inclusive
  std::int64_t created_by = 0;
  UnixSeconds created_at = 0;
  std::vector<AssessmentArea> areas;
};

// An invited organisation and where its answer stands.
struct AssessmentParticipant {
  std::int64_t organisation_id = 0;
  std::string name;
  std::string country;
  bool has_response = false;
  bool submitted = false;
  UnixSeconds updated_at = 0;
};

struct AssessmentResponse {
  std::int64_t assessment_id = 0;
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::string country;
  bool observer_only = false;
  std::string challenges;
  std::string answers;  // JSON array: [{"area_id", "interest", "role", "planned": [...]}]
  std::int64_t updated_by = 0;
  std::string updated_by_name;
  UnixSeconds updated_at = 0;
  std::optional<UnixSeconds> submitted_at;
};

struct Formation {
  std::int64_t id = 0;
  std::int64_t assessment_id = 0;
  std::string parameters;  // JSON
  std::string result;      // JSON: the optimiser's output
  std::int64_t created_by = 0;
  UnixSeconds created_at = 0;
};

// A community created from a formation's group (or its observer group).
struct FormedGroup {
  std::int64_t community_id = 0;
  std::int64_t formation_id = 0;
  std::int64_t assessment_id = 0;
  std::string area_key;  // empty for the observer group
  bool observer_group = false;
};

}  // namespace cobuy
