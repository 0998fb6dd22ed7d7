// SolveExhaustively: every assignment, organisation by organisation (each takes a subset of
// the areas it may join), pruned only by limits that can no longer be met (group and country
// caps, M, K) and by an optimistic bound on the objective.
#include <algorithm>
#include <chrono>
#include <functional>

#include "groups/model.h"

namespace cobuy::groups {
namespace {

using internal::Assignment;
using internal::Family;
using internal::Relaxation;
using internal::View;

class Search {
 public:
  Search(const View& v, const Relaxation& r, bool stop_at_first) : v_(v), r_(r), stop_at_first_(stop_at_first) {
    x_.assign(v.n_orgs, std::vector<char>(v.n_areas, 0));
    size_.assign(v.n_areas, 0);
    per_country_.assign(v.n_areas, std::vector<int>(v.countries.size(), 0));
    // The most each organisation can still add: its best M interests.
    best_from_.assign(v.n_orgs + 1, 0);
    for (int o = v.n_orgs - 1; o >= 0; --o) {
      std::vector<int> ints;
      for (int a = 0; a < v.n_areas; ++a) {
        if (v.Candidate(o, a, r)) ints.push_back(v.in.organisations[o].interest[a]);
      }
      std::sort(ints.rbegin(), ints.rend());
      int m = r.Drops(Family::kMaxGroups) ? static_cast<int>(ints.size())
                                          : std::min<int>(ints.size(), v.in.max_groups_per_organisation);
      int sum = 0;
      for (int i = 0; i < m; ++i) sum += ints[i];
      best_from_[o] = best_from_[o + 1] + sum;
    }
  }

  // The best assignment found (empty when none is feasible).
  std::optional<Assignment> Run() {
    Visit(0, 0);
    return best_;
  }

 private:
  void Visit(int o, int value) {
    if (stop_at_first_ && best_) return;
    if (best_ && value + best_from_[o] <= best_value_) return;
    if (o == v_.n_orgs) {
      if (internal::Feasible(v_, x_, r_)) {
        best_ = x_;
        best_value_ = value;
      }
      return;
    }
    std::vector<int> areas;
    for (int a = 0; a < v_.n_areas; ++a) {
      if (v_.Candidate(o, a, r_)) areas.push_back(a);
    }
    const int n = static_cast<int>(areas.size());
    const int m = v_.in.max_groups_per_organisation;
    for (int mask = 0; mask < (1 << n); ++mask) {
      if (!r_.Drops(Family::kMaxGroups) && __builtin_popcount(mask) > m) continue;
      bool ok = true;
      int add = 0;
      for (int i = 0; i < n && ok; ++i) {
        int a = areas[i];
        bool in = mask >> i & 1;
        if (!in && v_.pinned[o][a] && !r_.Drops(Family::kPinned)) ok = false;
        if (!in) continue;
        if (size_[a] + 1 > v_.in.areas[a].max_size && !r_.Drops(Family::kMaxSize, a)) ok = false;
        if (per_country_[a][v_.country[o]] + 1 > v_.Cap(a, r_)) ok = false;
        add += v_.in.organisations[o].interest[a];
      }
      if (!ok) continue;
      for (int i = 0; i < n; ++i) {
        if (!(mask >> i & 1)) continue;
        int a = areas[i];
        x_[o][areas[i]] = 1;
        if (size_[a]++ == 0) ++open_;
        ++per_country_[a][v_.country[o]];
      }
      if (open_ <= v_.in.max_open_areas || r_.Drops(Family::kMaxOpen)) Visit(o + 1, value + add);
      for (int i = 0; i < n; ++i) {
        if (!(mask >> i & 1)) continue;
        int a = areas[i];
        x_[o][a] = 0;
        if (--size_[a] == 0) --open_;
        --per_country_[a][v_.country[o]];
      }
    }
  }

  const View& v_;
  Relaxation r_;
  bool stop_at_first_;
  Assignment x_;
  std::vector<int> size_;
  std::vector<std::vector<int>> per_country_;
  std::vector<int> best_from_;
  int open_ = 0;
  std::optional<Assignment> best_;
  int best_value_ = -1;
};

}  // namespace

Solution SolveExhaustively(const Instance& instance) {
  auto start = std::chrono::steady_clock::now();
  View v(instance);
  Solution sol;
  auto finish = [&] {
    sol.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return sol;
  };
  if (auto why = internal::DirectCheck(v)) {
    sol.status = SolveStatus::kInfeasible;
    sol.infeasible = *why;
    return finish();
  }
  std::optional<Assignment> best = Search(v, {}, false).Run();
  if (!best) {
    sol.status = SolveStatus::kInfeasible;
    sol.infeasible =
        internal::DiagnoseByRelaxation(v, [&](const Relaxation& r) { return Search(v, r, true).Run().has_value(); });
    return finish();
  }
  internal::Canonicalise(v, *best);
  internal::Describe(v, *best, SolveStatus::kOptimal, true, sol);
  sol.gap = 0;
  return finish();
}

}  // namespace cobuy::groups
