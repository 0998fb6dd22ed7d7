// Working-group formation (Step 5): the secretariat's optimiser.
//
// From a needs assessment (which organisation is how interested in which area, who volunteers
// to lead), choose the areas to open and the members of each group so that the sum of the
// members' interest levels is as large as possible, subject to: at most K areas open (or
// exactly the ones fixed), group sizes within [min, max], each organisation in at most M
// groups, a volunteer lead in every group (optional), at most P members per country in a group
// (optional), pinned and forbidden assignments. Solved as a mixed-integer programme with GLPK;
// every answer explains itself (docs/GROUPS.md describes the instance and output formats).
//
// Thread-safety: the functions are reentrant (GLPK's environment is thread-local).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace cobuy::groups {

struct Area {
  std::string id;
  int min_size = 5;
  int max_size = 10;
};

struct Organisation {
  std::string id;
  std::string country;
  std::vector<int> interest;  // per area (instance order): 0 = not interested, 1..3
  std::vector<bool> leads;    // per area: volunteers to lead that area's group
};

// A validated instance. Organisations and areas are referred to by their index.
struct Instance {
  std::vector<Area> areas;
  int max_open_areas = 0;                      // K
  std::optional<std::vector<int>> open_areas;  // when set: exactly these areas open
  int max_groups_per_organisation = 1;         // M
  bool require_lead = false;
  std::optional<int> max_per_country;  // P
  std::vector<Organisation> organisations;
  std::vector<std::pair<int, int>> pinned;     // (organisation, area): must be a member
  std::vector<std::pair<int, int>> forbidden;  // (organisation, area): must not be
  std::optional<double> time_limit_seconds;
};

// Parses and validates an instance (docs/GROUPS.md). A malformed or invalid one is
// kInvalidArgument whose message starts with the JSON path ("organisations[3].interests.x: no
// such area") and whose field is that path.
Result<Instance> ParseInstance(std::string_view json);
// The instance in the format ParseInstance reads (interest 0 left out).
nlohmann::ordered_json InstanceToJson(const Instance& instance);

enum class SolveStatus { kOptimal, kInfeasible, kTimeLimit };
std::string_view SolveStatusName(SolveStatus s);  // "optimal", "infeasible", "time_limit"

// A constraint that holds something back in the solution (the constraint's name, the area,
// country or organisation it is about when it is about one, and an English sentence).
struct Binding {
  std::string constraint;
  std::string area, country, organisation;
  std::string detail;
};

// Why an organisation is (in = true) or is not in an area's group. `code` is stable (see
// docs/GROUPS.md), `reason` an English sentence.
struct Membership {
  std::string area;
  int interest = 0;
  bool in = false;
  std::string code;
  std::string reason;
};

struct AreaVerdict {
  std::string area;
  bool open = false;
  std::string code;
  std::string reason;
};

// The constraint that cannot be met in an infeasible instance.
struct Infeasibility {
  std::string constraint;
  std::string area, country, organisation;
  std::string detail;
};

struct Solution {
  SolveStatus status = SolveStatus::kOptimal;
  std::optional<int> objective;  // sum of the members' interest; none when no assignment
  std::optional<double> gap;     // relative MIP gap (0 when optimal); none without assignment
  double seconds = 0;            // wall-clock time of the solve
  // Open areas in instance order, each with its members sorted by id.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  // The explanation (empty when there is no assignment).
  std::vector<Binding> binding;
  std::vector<AreaVerdict> areas;                                              // instance order
  std::vector<std::pair<std::string, std::vector<Membership>>> organisations;  // instance order
  std::optional<Infeasibility> infeasible;
  // The size of the MIP solved (0 for SolveExhaustively).
  int rows = 0, columns = 0, nonzeros = 0;
};

struct SolveOptions {
  bool cuts = true;                          // GLPK's MIR, cover, clique and Gomory cuts
  bool linking_rows = true;                  // x[o,a] <= open[a] for every pair (tighter LP bound)
  bool feasibility_pump = false;             // GLPK's feasibility pump heuristic
  bool explain = true;                       // compute the explanation (off for benchmarks)
  std::optional<double> time_limit_seconds;  // overrides the instance's
};

// Solves the instance with GLPK. An instance nothing can satisfy is status kInfeasible with
// `infeasible` set; a GLPK failure is kInternal. At the time limit the status is kTimeLimit
// with GLPK's best assignment, or a greedy one when that is better, or none. Ties between equally good assignments are
// broken canonically: members are swapped for organisations of equal interest that come
// earlier in id order whenever every constraint still holds.
Result<Solution> Solve(const Instance& instance, const SolveOptions& options = {});

// The same answer by enumerating every assignment (for tests on tiny instances only: the work
// grows like 2^(areas x organisations)). Same status, objective and explanation semantics.
Solution SolveExhaustively(const Instance& instance);

// {"status", "objective", "gap", "seconds", "groups", "explanation"} (docs/GROUPS.md).
nlohmann::ordered_json SolutionToJson(const Solution& solution, bool with_seconds = true);

}  // namespace cobuy::groups
