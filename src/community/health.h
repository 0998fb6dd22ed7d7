// Procura+ health rules for interest groups.
#pragma once

#include <string>
#include <vector>

#include "core/community_model.h"

namespace cobuy::community {

struct HealthFlag {
  std::string code;    // "too_few_participants" | "no_facilitator" | "too_few_meetings"
  std::string detail;  // English sentence with the figure: "2 participants; an interest group needs at least 3"
};

// Flags of an interest group (other kinds: none): fewer than three active participants,
// no active facilitator, fewer than two meetings held (not cancelled, started in the twelve
// months before `now`, staff exchanges excluded).
std::vector<HealthFlag> EvaluateHealth(const CommunityActivity& activity, UnixSeconds now);

}  // namespace cobuy::community
