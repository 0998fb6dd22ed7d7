// Internal to cobuy_groups: the pieces Solve (GLPK) and SolveExhaustively share.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "groups/groups.h"

namespace cobuy::groups::internal {

// A constraint family that may be relaxed to find which one makes an instance infeasible.
enum class Family { kNone, kMinSize, kLead, kCountry, kMaxGroups, kMaxSize, kMaxOpen, kPinned, kOpenAreas };

// Drops one family (for every area, or only for `area` when >= 0). A relaxed min_size is 1:
// an open area always has a member.
struct Relaxation {
  Family family = Family::kNone;
  int area = -1;
  bool Drops(Family f, int a = -1) const { return family == f && (area < 0 || a < 0 || area == a); }
};

// x[o][a] = 1 when organisation o is in area a's group.
using Assignment = std::vector<std::vector<char>>;

// Precomputed facts about an instance.
struct View {
  const Instance& in;
  int n_orgs = 0, n_areas = 0;
  std::vector<std::vector<char>> pinned, forbidden;  // [o][a]
  std::vector<char> fixed_open;                      // [a], all 0 when open_areas unset
  std::vector<int> rank;                             // [o]: position in id order
  std::vector<int> country;                          // [o]: index into countries
  std::vector<std::string> countries;                // sorted
  explicit View(const Instance& instance);
  // May o join a's group at all (interested, not forbidden, area allowed open)?
  bool Candidate(int o, int a, const Relaxation& r = {}) const;
  int Cap(int a, const Relaxation& r = {}) const;  // max per country, or a large number
  int MinSize(int a, const Relaxation& r = {}) const;
};

// Does x meet every constraint not relaxed?
bool Feasible(const View& v, const Assignment& x, const Relaxation& r = {});

// Swaps members for outside candidates of equal interest earlier in id order while every
// constraint holds, until none is left (the canonical tie-break).
void Canonicalise(const View& v, Assignment& x);

// A quick feasible assignment, not necessarily optimal (none when the greedy rules fail): the
// areas that must open, then the most promising ones up to K; volunteers first, then pairs by
// interest; areas left below min_size are closed again. Solve answers with it when GLPK
// finds nothing within the time limit.
std::optional<Assignment> Greedy(const View& v);

// The constraint a direct check shows cannot be met, if any.
std::optional<Infeasibility> DirectCheck(const View& v);

// The family (and area) whose relaxation makes the instance feasible; `feasible(r)` answers
// whether the instance relaxed by r has an assignment.
Infeasibility DiagnoseByRelaxation(const View& v, const std::function<bool(const Relaxation&)>& feasible);

// Fills status, objective, groups and the explanation from an assignment.
void Describe(const View& v, const Assignment& x, SolveStatus status, bool explain, Solution& out);

}  // namespace cobuy::groups::internal
