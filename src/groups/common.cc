// What Solve and SolveExhaustively share: the feasibility check, the canonical tie-break,
// the infeasibility diagnosis and the explanation of a solution.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "groups/model.h"

namespace cobuy::groups::internal {
namespace {

constexpr int kNoCap = 1 << 30;

std::string Orgs(int n) {
  return n == 1 ? "1 organisation" : fmt::format("{} organisations", n);
}
std::string Is(int n) {
  return n == 1 ? "is" : "are";
}
std::string Members(int n) {
  return n == 1 ? "1 member" : fmt::format("{} members", n);
}

std::string JoinIds(const View& v, const std::vector<int>& areas) {
  std::string s;
  for (int a : areas) s += (s.empty() ? "" : ", ") + v.in.areas[a].id;
  return s;
}

}  // namespace

View::View(const Instance& instance) : in(instance) {
  n_orgs = static_cast<int>(in.organisations.size());
  n_areas = static_cast<int>(in.areas.size());
  pinned.assign(n_orgs, std::vector<char>(n_areas, 0));
  forbidden.assign(n_orgs, std::vector<char>(n_areas, 0));
  for (auto [o, a] : in.pinned) pinned[o][a] = 1;
  for (auto [o, a] : in.forbidden) forbidden[o][a] = 1;
  fixed_open.assign(n_areas, 0);
  if (in.open_areas) {
    for (int a : *in.open_areas) fixed_open[a] = 1;
  }
  std::vector<int> order(n_orgs);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return in.organisations[a].id < in.organisations[b].id; });
  rank.assign(n_orgs, 0);
  for (int i = 0; i < n_orgs; ++i) rank[order[i]] = i;
  for (const Organisation& o : in.organisations) countries.push_back(o.country);
  std::sort(countries.begin(), countries.end());
  countries.erase(std::unique(countries.begin(), countries.end()), countries.end());
  for (const Organisation& o : in.organisations) {
    country.push_back(
        static_cast<int>(std::lower_bound(countries.begin(), countries.end(), o.country) - countries.begin()));
  }
}

bool View::Candidate(int o, int a, const Relaxation& r) const {
  if (in.organisations[o].interest[a] <= 0 || forbidden[o][a]) return false;
  if (in.open_areas && !fixed_open[a] && !r.Drops(Family::kOpenAreas)) return false;
  return true;
}

int View::Cap(int a, const Relaxation& r) const {
  if (!in.max_per_country || r.Drops(Family::kCountry, a)) return kNoCap;
  return *in.max_per_country;
}

int View::MinSize(int a, const Relaxation& r) const {
  return r.Drops(Family::kMinSize, a) ? 1 : in.areas[a].min_size;
}

bool Feasible(const View& v, const Assignment& x, const Relaxation& r) {
  const Instance& in = v.in;
  int open = 0;
  for (int a = 0; a < v.n_areas; ++a) {
    int size = 0, leads = 0;
    std::vector<int> per_country(v.countries.size(), 0);
    for (int o = 0; o < v.n_orgs; ++o) {
      if (v.pinned[o][a] && !x[o][a] && !r.Drops(Family::kPinned)) return false;
      if (!x[o][a]) continue;
      if (!v.Candidate(o, a, r)) return false;
      ++size;
      leads += in.organisations[o].leads[a] ? 1 : 0;
      ++per_country[v.country[o]];
    }
    bool is_open = size > 0;
    if (in.open_areas && !r.Drops(Family::kOpenAreas) && is_open != static_cast<bool>(v.fixed_open[a])) return false;
    if (!is_open) continue;
    ++open;
    if (size < v.MinSize(a, r)) return false;
    if (size > in.areas[a].max_size && !r.Drops(Family::kMaxSize, a)) return false;
    if (in.require_lead && leads == 0 && !r.Drops(Family::kLead, a)) return false;
    for (int c : per_country) {
      if (c > v.Cap(a, r)) return false;
    }
  }
  if (open > in.max_open_areas && !r.Drops(Family::kMaxOpen)) return false;
  if (!r.Drops(Family::kMaxGroups)) {
    for (int o = 0; o < v.n_orgs; ++o) {
      int groups = 0;
      for (int a = 0; a < v.n_areas; ++a) groups += x[o][a];
      if (groups > in.max_groups_per_organisation) return false;
    }
  }
  return true;
}

void Canonicalise(const View& v, Assignment& x) {
  const Instance& in = v.in;
  std::vector<int> groups(v.n_orgs, 0);
  for (int o = 0; o < v.n_orgs; ++o) {
    for (int a = 0; a < v.n_areas; ++a) groups[o] += x[o][a];
  }
  std::vector<int> by_rank(v.n_orgs);
  for (int o = 0; o < v.n_orgs; ++o) by_rank[v.rank[o]] = o;
  for (bool changed = true; changed;) {
    changed = false;
    for (int a = 0; a < v.n_areas; ++a) {
      std::vector<int> per_country(v.countries.size(), 0);
      int leads = 0;
      bool open = false;
      for (int o = 0; o < v.n_orgs; ++o) {
        if (!x[o][a]) continue;
        open = true;
        ++per_country[v.country[o]];
        leads += in.organisations[o].leads[a] ? 1 : 0;
      }
      if (!open) continue;
      // Members latest in id order first; each takes the earliest outsider that may replace it.
      for (int ri = v.n_orgs - 1; ri >= 0; --ri) {
        int o = by_rank[ri];
        if (!x[o][a] || v.pinned[o][a]) continue;
        bool lead = in.organisations[o].leads[a];
        for (int rj = 0; rj < ri; ++rj) {
          int p = by_rank[rj];
          if (x[p][a] || !v.Candidate(p, a) || in.organisations[p].interest[a] != in.organisations[o].interest[a])
            continue;
          if (groups[p] >= in.max_groups_per_organisation) continue;
          if (v.country[p] != v.country[o] && per_country[v.country[p]] >= v.Cap(a)) continue;
          bool p_lead = in.organisations[p].leads[a];
          if (in.require_lead && lead && !p_lead && leads == 1) continue;
          x[o][a] = 0;
          x[p][a] = 1;
          --groups[o];
          ++groups[p];
          --per_country[v.country[o]];
          ++per_country[v.country[p]];
          leads += (p_lead ? 1 : 0) - (lead ? 1 : 0);
          changed = true;
          break;
        }
      }
    }
  }
}

std::optional<Assignment> Greedy(const View& v) {
  const Instance& in = v.in;
  const int m = in.max_groups_per_organisation;
  std::vector<char> must(v.n_areas, 0), chosen(v.n_areas, 0);
  std::vector<double> score(v.n_areas, 0);
  for (int a = 0; a < v.n_areas; ++a) {
    std::vector<int> ints;
    bool lead = false;
    for (int o = 0; o < v.n_orgs; ++o) {
      must[a] = must[a] || v.pinned[o][a] || v.fixed_open[a];
      if (!v.Candidate(o, a)) continue;
      ints.push_back(in.organisations[o].interest[a]);
      lead = lead || in.organisations[o].leads[a];
    }
    std::sort(ints.rbegin(), ints.rend());
    if (static_cast<int>(ints.size()) < in.areas[a].min_size || (in.require_lead && !lead)) {
      score[a] = -1;  // cannot open
      continue;
    }
    for (int i = 0; i < static_cast<int>(ints.size()) && i < in.areas[a].max_size; ++i) score[a] += ints[i];
  }
  int open = 0;
  for (int a = 0; a < v.n_areas; ++a) {
    if (must[a]) chosen[a] = 1, ++open;
  }
  if (!in.open_areas) {
    std::vector<int> order(v.n_areas);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int p, int q) { return score[p] > score[q]; });
    for (int a : order) {
      if (open < in.max_open_areas && !chosen[a] && score[a] > 0) chosen[a] = 1, ++open;
    }
  }
  Assignment x(v.n_orgs, std::vector<char>(v.n_areas, 0));
  std::vector<int> groups(v.n_orgs, 0), size(v.n_areas, 0);
  std::vector<std::vector<int>> per_country(v.n_areas, std::vector<int>(v.countries.size(), 0));
  auto can_add = [&](int o, int a) {
    return chosen[a] && !x[o][a] && v.Candidate(o, a) && groups[o] < m && size[a] < in.areas[a].max_size &&
           per_country[a][v.country[o]] < v.Cap(a);
  };
  auto add = [&](int o, int a) {
    x[o][a] = 1;
    ++groups[o];
    ++size[a];
    ++per_country[a][v.country[o]];
  };
  for (auto [o, a] : in.pinned) {
    if (!x[o][a]) add(o, a);
  }
  // Pairs by interest (then area score, then id) once each area has a volunteer.
  std::vector<std::pair<int, int>> pairs;
  for (int o = 0; o < v.n_orgs; ++o) {
    for (int a = 0; a < v.n_areas; ++a) {
      if (chosen[a] && v.Candidate(o, a)) pairs.emplace_back(o, a);
    }
  }
  std::sort(pairs.begin(), pairs.end(), [&](auto p, auto q) {
    int ip = in.organisations[p.first].interest[p.second], iq = in.organisations[q.first].interest[q.second];
    if (ip != iq) return ip > iq;
    if (score[p.second] != score[q.second]) return score[p.second] > score[q.second];
    return v.rank[p.first] != v.rank[q.first] ? v.rank[p.first] < v.rank[q.first] : p.second < q.second;
  });
  for (int round = 0; round < 2; ++round) {
    if (in.require_lead) {
      for (int a = 0; a < v.n_areas; ++a) {
        bool has = false;
        for (int o = 0; o < v.n_orgs; ++o) has = has || (x[o][a] && in.organisations[o].leads[a]);
        for (auto [o, b] : pairs) {
          if (has || b != a || !in.organisations[o].leads[a] || !can_add(o, a)) continue;
          add(o, a);
          has = true;
        }
      }
    }
    for (auto [o, a] : pairs) {
      if (can_add(o, a)) add(o, a);
    }
    // Close the areas that did not fill (their members may then go elsewhere).
    bool closed = false;
    for (int a = 0; a < v.n_areas; ++a) {
      bool lead = false;
      for (int o = 0; o < v.n_orgs; ++o) lead = lead || (x[o][a] && in.organisations[o].leads[a]);
      if (!chosen[a] || (size[a] >= in.areas[a].min_size && (lead || !in.require_lead))) continue;
      if (must[a]) return std::nullopt;
      chosen[a] = 0;
      closed = true;
      for (int o = 0; o < v.n_orgs; ++o) {
        if (!x[o][a]) continue;
        x[o][a] = 0;
        --groups[o];
        --size[a];
        --per_country[a][v.country[o]];
      }
    }
    if (!closed) break;
  }
  if (!Feasible(v, x)) return std::nullopt;
  return x;
}

std::optional<Infeasibility> DirectCheck(const View& v) {
  const Instance& in = v.in;
  auto org = [&](int o) { return in.organisations[o].id; };
  auto area = [&](int a) { return in.areas[a].id; };
  for (auto [o, a] : in.pinned) {
    if (v.forbidden[o][a]) {
      return Infeasibility{"forbidden", area(a), "", org(o),
                           fmt::format("{} is both pinned to and forbidden from {}", org(o), area(a))};
    }
    if (in.organisations[o].interest[a] == 0) {
      return Infeasibility{"pinned", area(a), "", org(o),
                           fmt::format("{} is pinned to {} but not interested in it", org(o), area(a))};
    }
    if (in.open_areas && !v.fixed_open[a]) {
      return Infeasibility{"open_areas", area(a), "", org(o),
                           fmt::format("{} is pinned to {}, which is not among the fixed open areas", org(o), area(a))};
    }
  }
  std::vector<int> fixed, must;
  for (int a = 0; a < v.n_areas; ++a) {
    bool pinned = false;
    for (int o = 0; o < v.n_orgs; ++o) pinned = pinned || v.pinned[o][a];
    if (v.fixed_open[a]) fixed.push_back(a);
    if (v.fixed_open[a] || pinned) must.push_back(a);
  }
  const int k = in.max_open_areas;
  if (static_cast<int>(fixed.size()) > k) {
    return Infeasibility{
        "max_open_areas", "", "", "",
        fmt::format("{} areas are fixed open ({}) but at most {} may be open", fixed.size(), JoinIds(v, fixed), k)};
  }
  if (static_cast<int>(must.size()) > k) {
    return Infeasibility{"max_open_areas", "", "", "",
                         fmt::format("pinned organisations need {} areas open ({}) but at most {} may be open",
                                     must.size(), JoinIds(v, must), k)};
  }
  for (int o = 0; o < v.n_orgs; ++o) {
    int n = 0;
    for (int a = 0; a < v.n_areas; ++a) n += v.pinned[o][a];
    if (n > in.max_groups_per_organisation) {
      return Infeasibility{
          "max_groups_per_organisation", "", "", org(o),
          fmt::format("{} is pinned to {} groups but may be in at most {}", org(o), n, in.max_groups_per_organisation)};
    }
  }
  for (int a : must) {
    std::vector<int> pinned_per_country(v.countries.size(), 0), cand_per_country(v.countries.size(), 0);
    int pinned = 0, interested = 0, candidates = 0;
    bool lead = false;
    for (int o = 0; o < v.n_orgs; ++o) {
      pinned += v.pinned[o][a];
      pinned_per_country[v.country[o]] += v.pinned[o][a];
      interested += in.organisations[o].interest[a] > 0 ? 1 : 0;
      if (!v.Candidate(o, a)) continue;
      ++candidates;
      ++cand_per_country[v.country[o]];
      lead = lead || in.organisations[o].leads[a];
    }
    const Area& ar = in.areas[a];
    if (pinned > ar.max_size) {
      return Infeasibility{
          "max_size", ar.id, "", "",
          fmt::format("{} {} pinned to {}, which takes at most {}", Orgs(pinned), Is(pinned), ar.id, ar.max_size)};
    }
    for (size_t c = 0; c < v.countries.size(); ++c) {
      if (pinned_per_country[c] > v.Cap(a)) {
        return Infeasibility{
            "max_per_country", ar.id, v.countries[c], "",
            fmt::format("{} from {} {} pinned to {}; at most {} per country may join", Orgs(pinned_per_country[c]),
                        v.countries[c], Is(pinned_per_country[c]), ar.id, v.Cap(a))};
      }
    }
    if (candidates < ar.min_size) {
      std::string who = candidates == interested ? fmt::format("interested in {}", ar.id)
                                                 : fmt::format("interested in {} and not forbidden from it", ar.id);
      return Infeasibility{
          "min_size", ar.id, "", "",
          fmt::format("only {} {} {}; a group needs at least {}", Orgs(candidates), Is(candidates), who, ar.min_size)};
    }
    if (in.require_lead && !lead) {
      return Infeasibility{"require_lead", ar.id, "", "",
                           fmt::format("no organisation that may join {} volunteers to lead it", ar.id)};
    }
    if (in.max_per_country) {
      int can = 0;
      for (int n : cand_per_country) can += std::min(n, *in.max_per_country);
      if (can < ar.min_size) {
        return Infeasibility{"max_per_country", ar.id, "", "",
                             fmt::format("with at most {} per country only {} can join {}; a group needs at least {}",
                                         *in.max_per_country, Orgs(can), ar.id, ar.min_size)};
      }
    }
  }
  return std::nullopt;
}

Infeasibility DiagnoseByRelaxation(const View& v, const std::function<bool(const Relaxation&)>& feasible) {
  const Instance& in = v.in;
  struct Try {
    Family family;
    const char* name;
    bool per_area;
  };
  const Try tries[] = {
      {Family::kMinSize, "min_size", true},        {Family::kLead, "require_lead", true},
      {Family::kCountry, "max_per_country", true}, {Family::kMaxGroups, "max_groups_per_organisation", false},
      {Family::kMaxSize, "max_size", true},        {Family::kMaxOpen, "max_open_areas", false},
      {Family::kPinned, "pinned", false},          {Family::kOpenAreas, "open_areas", false}};
  for (const Try& t : tries) {
    if (t.family == Family::kLead && !in.require_lead) continue;
    if (t.family == Family::kCountry && !in.max_per_country) continue;
    if (t.family == Family::kPinned && in.pinned.empty()) continue;
    if (t.family == Family::kOpenAreas && !in.open_areas) continue;
    if (!feasible(Relaxation{t.family, -1})) continue;
    int area = -1;
    if (t.per_area) {
      for (int a = 0; a < v.n_areas && area < 0; ++a) {
        if (feasible(Relaxation{t.family, a})) area = a;
      }
    }
    std::string where = area >= 0 ? in.areas[area].id : "";
    std::string detail;
    const std::string with_rest = "together with the other constraints";
    switch (t.family) {
      case Family::kMinSize:
        detail = area >= 0 ? fmt::format("no assignment gives {} at least {} members {}", where,
                                         in.areas[area].min_size, with_rest)
                           : fmt::format("no assignment gives every open group its minimum size {}", with_rest);
        break;
      case Family::kLead:
        detail = area >= 0 ? fmt::format("no assignment puts a volunteer lead in {} {}", where, with_rest)
                           : fmt::format("no assignment puts a volunteer lead in every open group {}", with_rest);
        break;
      case Family::kCountry:
        detail = fmt::format("no assignment keeps at most {} members per country in {} {}",
                             in.max_per_country.value_or(0), area >= 0 ? where : "every group", with_rest);
        break;
      case Family::kMaxGroups:
        detail = fmt::format("no assignment keeps every organisation in at most {} groups {}",
                             in.max_groups_per_organisation, with_rest);
        break;
      case Family::kMaxSize:
        detail = area >= 0 ? fmt::format("no assignment keeps {} within {} members {}", where, in.areas[area].max_size,
                                         with_rest)
                           : fmt::format("no assignment keeps every group within its maximum size {}", with_rest);
        break;
      case Family::kMaxOpen:
        detail = fmt::format("no assignment with at most {} open areas meets the other constraints", in.max_open_areas);
        break;
      case Family::kPinned: detail = fmt::format("the pinned assignments cannot all hold {}", with_rest); break;
      case Family::kOpenAreas: detail = fmt::format("the fixed open areas cannot all be filled {}", with_rest); break;
      case Family::kNone: break;
    }
    return Infeasibility{t.name, where, "", "", detail};
  }
  return Infeasibility{"combination", "", "", "",
                       "no single constraint explains it: several constraints conflict together"};
}

void Describe(const View& v, const Assignment& x, SolveStatus status, bool explain, Solution& out) {
  const Instance& in = v.in;
  out.status = status;
  out.groups.clear();
  int objective = 0;
  std::vector<int> size(v.n_areas, 0), groups(v.n_orgs, 0), candidates(v.n_areas, 0), interested(v.n_areas, 0);
  std::vector<char> open(v.n_areas, 0);
  std::vector<std::vector<int>> per_country(v.n_areas, std::vector<int>(v.countries.size(), 0));
  std::vector<std::vector<int>> cand_country(v.n_areas, std::vector<int>(v.countries.size(), 0));
  std::vector<int> area_interest(v.n_areas, 0);
  std::vector<int> min_member_interest(v.n_areas, 4);
  for (int o = 0; o < v.n_orgs; ++o) {
    for (int a = 0; a < v.n_areas; ++a) {
      int interest = in.organisations[o].interest[a];
      interested[a] += interest > 0 ? 1 : 0;
      if (v.Candidate(o, a)) {
        ++candidates[a];
        ++cand_country[a][v.country[o]];
      }
      if (!x[o][a]) continue;
      objective += interest;
      area_interest[a] += interest;
      ++size[a];
      ++groups[o];
      open[a] = 1;
      ++per_country[a][v.country[o]];
      if (!v.pinned[o][a]) min_member_interest[a] = std::min(min_member_interest[a], interest);
    }
  }
  out.objective = objective;
  int n_open = 0;
  for (int a = 0; a < v.n_areas; ++a) {
    if (!open[a]) continue;
    ++n_open;
    std::vector<int> members;
    for (int o = 0; o < v.n_orgs; ++o) {
      if (x[o][a]) members.push_back(o);
    }
    std::sort(members.begin(), members.end(), [&](int p, int q) { return v.rank[p] < v.rank[q]; });
    std::vector<std::string> ids;
    for (int o : members) ids.push_back(in.organisations[o].id);
    out.groups.emplace_back(in.areas[a].id, std::move(ids));
  }
  out.binding.clear();
  out.areas.clear();
  out.organisations.clear();
  if (!explain) return;
  const int k = in.max_open_areas;
  const int m = in.max_groups_per_organisation;

  // Areas.
  bool some_blocked_by_k = false;
  for (int a = 0; a < v.n_areas; ++a) {
    const Area& ar = in.areas[a];
    AreaVerdict verdict{ar.id, static_cast<bool>(open[a]), "", ""};
    bool has_lead = false;
    int can = 0;
    for (int o = 0; o < v.n_orgs; ++o) has_lead = has_lead || (v.Candidate(o, a) && in.organisations[o].leads[a]);
    for (int n : cand_country[a]) can += std::min(n, v.Cap(a));
    if (open[a]) {
      verdict.code = "open";
      verdict.reason =
          fmt::format("open with {} ({}-{}), total interest {}{}", Members(size[a]), ar.min_size, ar.max_size,
                      area_interest[a], v.fixed_open[a] ? "; fixed open by the secretariat" : "");
    } else if (in.open_areas && !v.fixed_open[a]) {
      verdict.code = "not_in_open_areas";
      verdict.reason = fmt::format("the secretariat fixed the open areas and {} is not among them", ar.id);
    } else if (candidates[a] == 0) {
      verdict.code = "no_candidates";
      verdict.reason = interested[a] == 0
                           ? fmt::format("no organisation is interested in {}", ar.id)
                           : fmt::format("every organisation interested in {} is forbidden from it", ar.id);
    } else if (candidates[a] < ar.min_size) {
      verdict.code = "too_few_candidates";
      verdict.reason = fmt::format("only {} {} interested in {}; a group needs at least {}", Orgs(candidates[a]),
                                   Is(candidates[a]), ar.id, ar.min_size);
    } else if (in.require_lead && !has_lead) {
      verdict.code = "no_lead";
      verdict.reason = fmt::format("no organisation that may join {} volunteers to lead it", ar.id);
    } else if (can < ar.min_size) {
      verdict.code = "country_cap";
      verdict.reason = fmt::format("with at most {} per country only {} can join {}; a group needs at least {}",
                                   v.Cap(a), Orgs(can), ar.id, ar.min_size);
    } else if (m == 0) {
      verdict.code = "max_groups";
      verdict.reason = "no organisation may join a group (max_groups_per_organisation is 0)";
    } else if (n_open >= k) {
      verdict.code = "max_open_areas";
      verdict.reason = fmt::format(
          "{} of {} areas are open already; opening {} instead would not raise the total interest", n_open, k, ar.id);
      some_blocked_by_k = true;
    } else {
      verdict.code = "not_worthwhile";
      verdict.reason = status == SolveStatus::kTimeLimit
                           ? fmt::format("the solver stopped at its time limit without opening {}", ar.id)
                           : fmt::format(
                                 "{} could open with {} {} interested, but their places are worth more in other groups "
                                 "(each may join at most {})",
                                 ar.id, Orgs(candidates[a]), Is(candidates[a]), m);
    }
    out.areas.push_back(std::move(verdict));
  }

  // Binding constraints.
  if (in.open_areas) {
    bool held_back = false;
    for (const AreaVerdict& av : out.areas) held_back = held_back || av.code == "not_in_open_areas";
    if (held_back) {
      out.binding.push_back({"open_areas", "", "", "",
                             fmt::format("the secretariat fixed the open areas: {}", JoinIds(v, *in.open_areas))});
    }
  } else if (some_blocked_by_k) {
    out.binding.push_back({"max_open_areas", "", "", "", fmt::format("{} of {} areas open", n_open, k)});
  }
  for (int a = 0; a < v.n_areas; ++a) {
    const Area& ar = in.areas[a];
    const std::string& code = out.areas[a].code;
    if (n_open < k && !in.open_areas) {
      if (code == "too_few_candidates") out.binding.push_back({"min_size", ar.id, "", "", out.areas[a].reason});
      if (code == "no_lead") out.binding.push_back({"require_lead", ar.id, "", "", out.areas[a].reason});
    }
    if (!open[a]) continue;
    int outside = candidates[a] - size[a];
    if (size[a] == ar.max_size && outside > 0) {
      out.binding.push_back({"max_size", ar.id, "", "",
                             fmt::format("{} of {} places taken; {} more {} interested", size[a], ar.max_size, outside,
                                         outside == 1 ? "organisation is" : "organisations are")});
    }
    for (size_t c = 0; c < v.countries.size(); ++c) {
      int left = cand_country[a][c] - per_country[a][c];
      if (per_country[a][c] == v.Cap(a) && left > 0) {
        out.binding.push_back(
            {"max_per_country", ar.id, v.countries[c], "",
             fmt::format("{} of at most {} members from {}; {} more from {} {} interested", per_country[a][c], v.Cap(a),
                         v.countries[c], left, v.countries[c], Is(left))});
      }
    }
  }

  // Organisations.
  for (int o = 0; o < v.n_orgs; ++o) {
    const Organisation& org = in.organisations[o];
    std::vector<int> mine;
    for (int a = 0; a < v.n_areas; ++a) {
      if (x[o][a]) mine.push_back(a);
    }
    auto mine_text = [&] {
      std::string s;
      for (int a : mine) s += fmt::format("{}{} (interest {})", s.empty() ? "" : ", ", in.areas[a].id, org.interest[a]);
      return s;
    };
    std::vector<Membership> entries;
    bool held_by_m = false;
    for (int a = 0; a < v.n_areas; ++a) {
      int interest = org.interest[a];
      if (interest == 0 && !open[a] && !v.forbidden[o][a] && !v.pinned[o][a]) continue;
      const Area& ar = in.areas[a];
      Membership e{ar.id, interest, static_cast<bool>(x[o][a]), "", ""};
      if (x[o][a]) {
        e.code = v.pinned[o][a] ? "pinned" : "assigned";
        e.reason = v.pinned[o][a] ? fmt::format("pinned by the secretariat; interest {}", interest)
                                  : fmt::format("interest {}", interest);
      } else if (!open[a]) {
        e.code = "area_not_open";
        e.reason = fmt::format("{} is not open: {}", ar.id, out.areas[a].reason);
      } else if (interest == 0) {
        e.code = "not_interested";
        e.reason = fmt::format("not interested in {}", ar.id);
      } else if (v.forbidden[o][a]) {
        e.code = "forbidden";
        e.reason = fmt::format("the secretariat forbade {} from {}", org.id, ar.id);
      } else if (groups[o] >= m) {
        e.code = "max_groups";
        e.reason = m == 0 ? "no organisation may join a group (max_groups_per_organisation is 0)"
                          : fmt::format("already in {} of at most {} groups: {}", groups[o], m, mine_text());
        held_by_m = true;
      } else if (per_country[a][v.country[o]] >= v.Cap(a)) {
        e.code = "country_cap";
        e.reason = fmt::format("{} already has {} of at most {} members from {}", ar.id, per_country[a][v.country[o]],
                               v.Cap(a), org.country);
      } else if (size[a] >= ar.max_size && min_member_interest[a] <= 3 && interest < min_member_interest[a]) {
        e.code = "lower_interest";
        e.reason = fmt::format("{} is full ({} of {}) with members more interested (interest {} or more vs {})", ar.id,
                               size[a], ar.max_size, min_member_interest[a], interest);
      } else if (size[a] >= ar.max_size) {
        e.code = "group_full";
        e.reason = fmt::format(
            "{} is full ({} of {}); no swap with a member raises the total interest without breaking another "
            "constraint (ties go to organisations earlier in id order)",
            ar.id, size[a], ar.max_size);
      } else {
        e.code = "not_chosen";
        e.reason = status == SolveStatus::kTimeLimit
                       ? "the solver stopped at its time limit before placing it"
                       : "adding it would break another constraint (for instance a volunteer lead elsewhere)";
      }
      entries.push_back(std::move(e));
    }
    if (held_by_m) {
      out.binding.push_back(
          {"max_groups_per_organisation", "", "", org.id,
           fmt::format("in {} of at most {} groups; also interested in other open groups", groups[o], m)});
    }
    out.organisations.emplace_back(org.id, std::move(entries));
  }
}

}  // namespace cobuy::groups::internal
