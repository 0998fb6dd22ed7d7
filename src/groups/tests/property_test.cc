// Property: on 300 random tiny instances (3 areas, 6-7 organisations, sizes 1-3, random
// limits, leads, countries, pins, forbids and fixed open areas) Solve (GLPK) and
// SolveExhaustively agree on the status, the objective and the infeasibility diagnosis, and
// Solve's groups achieve its objective; the greedy fallback's assignment, when it finds one,
// meets every constraint and is worth no more than the optimum.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>

#include <fmt/format.h>

#include "groups/groups.h"
#include "groups/model.h"

namespace cobuy::groups {
namespace {

// SplitMix64: the same sequence on every platform (std distributions are not portable).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int Int(int lo, int hi) { return lo + static_cast<int>(Next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }

 private:
  std::uint64_t s_;
};

Instance RandomInstance(Rng& rng) {
  Instance in;
  const int n_areas = 3;
  for (int a = 0; a < n_areas; ++a) {
    Area area{"area-" + std::to_string(a), rng.Int(1, 3), 0};
    area.max_size = rng.Int(area.min_size, 3);
    in.areas.push_back(area);
  }
  in.max_open_areas = rng.Int(1, 3);
  in.max_groups_per_organisation = rng.Int(1, 2);
  in.require_lead = rng.Chance(40);
  if (rng.Chance(40)) in.max_per_country = rng.Int(1, 2);
  const int n_orgs = rng.Int(6, 7);
  const char* countries[] = {"DE", "FR", "NL"};
  for (int o = 0; o < n_orgs; ++o) {
    Organisation org;
    org.id = "org-" + std::to_string(rng.Int(0, 99)) + "-" + std::to_string(o);  // ids out of order
    org.country = countries[rng.Int(0, 2)];
    for (int a = 0; a < n_areas; ++a) {
      org.interest.push_back(rng.Chance(60) ? rng.Int(1, 3) : 0);
      org.leads.push_back(rng.Chance(25));
    }
    in.organisations.push_back(org);
  }
  if (rng.Chance(20)) {
    std::vector<int> open;
    for (int a = 0; a < n_areas; ++a) {
      if (rng.Chance(50)) open.push_back(a);
    }
    in.open_areas = open;
  }
  for (int k = rng.Int(0, 2); k > 0; --k) {
    if (rng.Chance(50)) in.pinned.emplace_back(rng.Int(0, n_orgs - 1), rng.Int(0, n_areas - 1));
  }
  for (int k = rng.Int(0, 3); k > 0; --k) in.forbidden.emplace_back(rng.Int(0, n_orgs - 1), rng.Int(0, n_areas - 1));
  return in;
}

TEST(GroupsPropertyTest, SolveAgreesWithExhaustiveSearch) {
  Rng rng(20261201);
  std::map<std::string, int> statuses;
  for (int i = 0; i < 300; ++i) {
    Instance in = RandomInstance(rng);
    SCOPED_TRACE(fmt::format("instance {}: {}", i, InstanceToJson(in).dump()));
    auto s = Solve(in);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    Solution e = SolveExhaustively(in);
    EXPECT_EQ(s->status, e.status);
    EXPECT_EQ(s->objective, e.objective);
    if (s->infeasible && e.infeasible) {
      EXPECT_EQ(s->infeasible->constraint, e.infeasible->constraint);
      EXPECT_EQ(s->infeasible->detail, e.infeasible->detail);
    }
    if (s->objective) {
      int sum = 0;
      for (const auto& [area, members] : s->groups) {
        int a = 0;
        while (in.areas[a].id != area) ++a;
        for (const std::string& id : members) {
          for (const Organisation& o : in.organisations) sum += o.id == id ? o.interest[a] : 0;
        }
      }
      EXPECT_EQ(sum, *s->objective);
    }
    internal::View view(in);
    if (std::optional<internal::Assignment> g = internal::Greedy(view)) {
      EXPECT_TRUE(internal::Feasible(view, *g));
      int value = 0;
      for (int o = 0; o < view.n_orgs; ++o) {
        for (int a = 0; a < view.n_areas; ++a) value += (*g)[o][a] ? in.organisations[o].interest[a] : 0;
      }
      ASSERT_TRUE(e.objective.has_value());
      EXPECT_LE(value, *e.objective);
      ++statuses["greedy"];
    }
    ++statuses[std::string(SolveStatusName(s->status))];
  }
  // The generator covers both outcomes.
  EXPECT_GT(statuses["optimal"], 100);
  EXPECT_GT(statuses["infeasible"], 10);
  EXPECT_GT(statuses["greedy"], 100);
}

}  // namespace
}  // namespace cobuy::groups
