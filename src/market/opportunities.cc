#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "core/clock.h"
#include "market/analysis.h"

namespace cobuy::market {

Status Check(const OpportunityParams& p) {
  if (!DayNumber(p.as_of) || p.as_of.size() != 10) return InvalidArgument("not a date (YYYY-MM-DD)", "as_of");
  if (p.cpv_digits < 2 || p.cpv_digits > 8) return InvalidArgument("must be 2 to 8", "cpv_digits");
  if (p.min_buyers < 2) return InvalidArgument("must be at least 2", "min_buyers");
  if (p.window_months < 1 || p.window_months > 60) {
    return InvalidArgument("must be 1 to 60", "window_months");
  }
  return Status::Ok();
}

namespace {

struct Bucket {
  std::vector<int> contracts;
  std::vector<int> pipeline;
  int framework = -1;
};

}  // namespace

std::vector<Opportunity> FindOpportunities(const Snapshot& s, const OpportunityParams& p) {
  const int start = *DayNumber(p.as_of);
  const int end = AddMonths(start, p.window_months);
  const int framework_until = AddMonths(start, 6);
  std::unordered_map<std::uint32_t, Bucket> buckets;
  for (size_t i = 0; i < s.contracts.size(); ++i) {
    const Contract& c = s.contracts[i];
    if (!c.live || c.cpv == 0 || c.cancelled || c.planning_only) continue;
    std::uint32_t cls = ClassOf(c.cpv, p.cpv_digits);
    // A framework open to other buyers that runs on long enough to be used.
    if (c.framework && c.open_to_others && c.end_day != kNoDay && c.end_day >= framework_until) {
      Bucket& b = buckets[cls];
      if (b.framework < 0 || s.contracts[static_cast<size_t>(b.framework)].end_day < c.end_day) {
        b.framework = static_cast<int>(i);
      }
    }
    if (c.buyer < 0 || !s.buyers[static_cast<size_t>(c.buyer)].eligible) continue;
    if (c.end_day == kNoDay || c.end_day < start || c.end_day > end) continue;
    buckets[cls].contracts.push_back(static_cast<int>(i));
  }
  for (size_t i = 0; i < s.pipeline.size(); ++i) {
    const Planned& e = s.pipeline[i];
    if (e.cpv == 0 || e.buyer < 0 || !s.buyers[static_cast<size_t>(e.buyer)].eligible) continue;
    if (e.status != PipelineStatus::kPlanned && e.status != PipelineStatus::kPreparing) continue;
    if (e.day == kNoDay || e.day < start || e.day > end) continue;
    buckets[ClassOf(e.cpv, p.cpv_digits)].pipeline.push_back(static_cast<int>(i));
  }

  std::vector<Opportunity> out;
  for (auto& [cls, b] : buckets) {
    std::set<int> buyers;
    for (int c : b.contracts) buyers.insert(s.contracts[static_cast<size_t>(c)].buyer);
    for (int e : b.pipeline) buyers.insert(s.pipeline[static_cast<size_t>(e)].buyer);
    if (static_cast<int>(buyers.size()) < p.min_buyers) continue;
    Opportunity o;
    o.key = ClassCode(cls, p.cpv_digits).substr(0, static_cast<size_t>(p.cpv_digits));
    o.cpv = ClassCode(cls, p.cpv_digits);
    o.buyers.assign(buyers.begin(), buyers.end());
    std::sort(o.buyers.begin(), o.buyers.end(), [&](int a, int c) {
      return s.buyers[static_cast<size_t>(a)].name != s.buyers[static_cast<size_t>(c)].name
                 ? s.buyers[static_cast<size_t>(a)].name < s.buyers[static_cast<size_t>(c)].name
                 : s.buyers[static_cast<size_t>(a)].id < s.buyers[static_cast<size_t>(c)].id;
    });
    o.contracts = b.contracts;
    std::sort(o.contracts.begin(), o.contracts.end(), [&](int a, int c) {
      const Contract& x = s.contracts[static_cast<size_t>(a)];
      const Contract& y = s.contracts[static_cast<size_t>(c)];
      return x.end_day != y.end_day ? x.end_day < y.end_day : x.ocid < y.ocid;
    });
    o.pipeline = b.pipeline;
    std::sort(o.pipeline.begin(), o.pipeline.end(), [&](int a, int c) {
      const Planned& x = s.pipeline[static_cast<size_t>(a)];
      const Planned& y = s.pipeline[static_cast<size_t>(c)];
      return x.day != y.day ? x.day < y.day : x.id < y.id;
    });
    o.from_day = end;
    o.to_day = start;
    std::map<int, std::set<int>> supplied;
    bool open_entry = false;
    for (int ci : o.contracts) {
      const Contract& c = s.contracts[static_cast<size_t>(ci)];
      if (!std::isnan(c.value_eur)) o.combined_value_eur += c.value_eur;
      o.from_day = std::min(o.from_day, c.end_day);
      o.to_day = std::max(o.to_day, c.end_day);
      for (int sup : c.suppliers) supplied[sup].insert(c.buyer);
    }
    for (int ei : o.pipeline) {
      const Planned& e = s.pipeline[static_cast<size_t>(ei)];
      if (!std::isnan(e.value_eur)) o.combined_value_eur += e.value_eur;
      o.from_day = std::min(o.from_day, e.day);
      o.to_day = std::max(o.to_day, e.day);
      open_entry = open_entry || e.open_to_collaboration;
    }
    bool shared = false;
    for (auto& [sup, bs] : supplied) {
      o.suppliers.emplace_back(sup, std::vector<int>(bs.begin(), bs.end()));
      shared = shared || bs.size() >= 2;
    }
    std::stable_sort(o.suppliers.begin(), o.suppliers.end(),
                     [](const auto& a, const auto& c) { return a.second.size() > c.second.size(); });
    // The score (docs/MARKET.md): buyers 35, value 25, timing 20, shared suppliers 10, pipeline 10.
    const int n = static_cast<int>(o.buyers.size());
    o.score_buyers = std::min(35.0, 15.0 + 5.0 * (n - 3));
    if (n < 3) o.score_buyers = 5.0 * n;
    o.score_value =
        o.combined_value_eur > 0 ? std::clamp((std::log10(o.combined_value_eur) - 5.0) / 3.0 * 25.0, 0.0, 25.0) : 0.0;
    const int span = o.to_day - o.from_day;
    const int three_months = AddMonths(start, 3) - start;
    const int twelve_months = AddMonths(start, 12) - start;
    o.score_timing =
        span <= three_months
            ? 20.0
            : std::max(0.0, 20.0 * (twelve_months - span) / static_cast<double>(twelve_months - three_months));
    o.score_shared = shared ? 10.0 : 0.0;
    o.score_pipeline = open_entry ? 10.0 : 0.0;
    o.score =
        std::round((o.score_buyers + o.score_value + o.score_timing + o.score_shared + o.score_pipeline) * 10.0) / 10.0;
    o.framework = b.framework;
    const int six_months = AddMonths(start, 6) - start;
    o.action = o.framework >= 0     ? "use_framework"
               : span <= six_months ? "joint_procurement"
                                    : "joint_market_engagement";
    out.push_back(std::move(o));
  }
  std::sort(out.begin(), out.end(), [](const Opportunity& a, const Opportunity& b) {
    return a.score != b.score ? a.score > b.score : a.key < b.key;
  });
  return out;
}

}  // namespace cobuy::market
