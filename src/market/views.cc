#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "market/analysis.h"

namespace cobuy::market {
namespace {

bool ClassHasPrefix(std::uint32_t cls4, std::string_view prefix) {
  if (prefix.empty()) return true;
  std::string code = ClassCode(cls4, 4);
  if (prefix.size() <= 4) return code.compare(0, prefix.size(), prefix) == 0;
  return false;
}

}  // namespace

std::vector<Concentration> MarketConcentration(const Snapshot& s, std::string_view cpv_prefix,
                                               std::string_view country) {
  struct Acc {
    int contracts = 0;
    double total = 0;
    std::unordered_map<int, double> by_supplier;
  };
  std::map<std::pair<std::uint32_t, std::string>, Acc> acc;
  for (const Contract& c : s.contracts) {
    if (!c.live || c.cpv == 0 || c.suppliers.empty() || std::isnan(c.value_eur) || c.value_eur <= 0) continue;
    if (c.buyer < 0) continue;
    const std::string& cc = s.buyers[static_cast<size_t>(c.buyer)].country;
    if (!country.empty() && cc != country) continue;
    std::uint32_t cls = ClassOf(c.cpv, 4);
    if (!ClassHasPrefix(cls, cpv_prefix)) continue;
    Acc& a = acc[{cls, cc}];
    ++a.contracts;
    a.total += c.value_eur;
    const double share = c.value_eur / static_cast<double>(c.suppliers.size());
    for (int sup : c.suppliers) a.by_supplier[sup] += share;
  }
  std::vector<Concentration> out;
  for (auto& [key, a] : acc) {
    Concentration m;
    m.cpv_class = key.first;
    m.country = key.second;
    m.contracts = a.contracts;
    m.total_eur = a.total;
    m.suppliers = static_cast<int>(a.by_supplier.size());
    std::vector<std::pair<int, double>> shares;
    for (const auto& [sup, v] : a.by_supplier) {
      const double share = v / a.total;
      m.hhi += (100 * share) * (100 * share);
      shares.emplace_back(sup, share);
    }
    m.hhi = std::round(m.hhi * 10) / 10;
    std::sort(shares.begin(), shares.end(), [&](const auto& x, const auto& y) {
      return x.second != y.second
                 ? x.second > y.second
                 : s.suppliers[static_cast<size_t>(x.first)].name < s.suppliers[static_cast<size_t>(y.first)].name;
    });
    if (shares.size() > 5) shares.resize(5);
    m.top = std::move(shares);
    m.level = m.hhi >= 2500 ? "high" : m.hhi >= 1500 ? "moderate" : "low";
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const Concentration& a, const Concentration& b) {
    if (a.hhi != b.hhi) return a.hhi > b.hhi;
    if (a.cpv_class != b.cpv_class) return a.cpv_class < b.cpv_class;
    return a.country < b.country;
  });
  return out;
}

std::vector<Consolidation> ConsolidationOpportunities(const Snapshot& s, std::string_view cpv_prefix) {
  std::map<std::pair<int, std::uint32_t>, Consolidation> acc;
  for (size_t i = 0; i < s.contracts.size(); ++i) {
    const Contract& c = s.contracts[i];
    if (!c.live || c.cpv == 0 || c.buyer < 0 || c.cancelled || c.planning_only) continue;
    std::uint32_t cls = ClassOf(c.cpv, 4);
    if (!ClassHasPrefix(cls, cpv_prefix)) continue;
    for (int sup : c.suppliers) {
      Consolidation& k = acc[{sup, cls}];
      k.supplier = sup;
      k.cpv_class = cls;
      k.contracts.push_back(static_cast<int>(i));
      if (std::find(k.buyers.begin(), k.buyers.end(), c.buyer) == k.buyers.end()) k.buyers.push_back(c.buyer);
      if (!std::isnan(c.value_eur)) k.total_eur += c.value_eur / static_cast<double>(c.suppliers.size());
    }
  }
  std::vector<Consolidation> out;
  for (auto& [key, k] : acc) {
    if (k.buyers.size() < 3) continue;
    std::sort(k.buyers.begin(), k.buyers.end(), [&](int a, int b) {
      return s.buyers[static_cast<size_t>(a)].name < s.buyers[static_cast<size_t>(b)].name;
    });
    out.push_back(std::move(k));
  }
  std::sort(out.begin(), out.end(), [&](const Consolidation& a, const Consolidation& b) {
    if (a.buyers.size() != b.buyers.size()) return a.buyers.size() > b.buyers.size();
    if (a.total_eur != b.total_eur) return a.total_eur > b.total_eur;
    return a.cpv_class != b.cpv_class ? a.cpv_class < b.cpv_class : a.supplier < b.supplier;
  });
  return out;
}

int WarningThresholds::For(const std::string& country, const std::string& method) const {
  if (auto it = by_country.find({country, method}); it != by_country.end()) return it->second;
  auto it = by_method.find(method);
  return it == by_method.end() ? 0 : it->second;
}

Result<WarningThresholds> LoadThresholds(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound(fmt::format("cannot read {}", path));
  WarningThresholds t;
  t.by_method.clear();
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (n == 1 || line.empty() || line[0] == '#') continue;  // the header
    size_t a = line.find(','), b = line.find(',', a == std::string::npos ? a : a + 1);
    if (a == std::string::npos || b == std::string::npos) {
      return InvalidArgument(fmt::format("{}:{}: expected country,method,min_days", path, n));
    }
    std::string country = line.substr(0, a), method = line.substr(a + 1, b - a - 1), days = line.substr(b + 1);
    char* end = nullptr;
    long d = std::strtol(days.c_str(), &end, 10);
    if (days.empty() || *end != '\0' || d < 0 || d > 365) {
      return InvalidArgument(fmt::format("{}:{}: min_days '{}' is not a number of days", path, n, days));
    }
    if (country == "*") {
      t.by_method[method] = static_cast<int>(d);
    } else {
      t.by_country[{country, method}] = static_cast<int>(d);
    }
  }
  return t;
}

std::vector<EarlyWarning> EarlyWarnings(const Snapshot& s, std::int64_t organisation_id, const WarningThresholds& t) {
  std::vector<int> buyers = s.BuyersOfOrganisation(organisation_id);
  std::map<std::string, EarlyWarning> single, short_period;
  for (size_t i = 0; i < s.contracts.size(); ++i) {
    const Contract& c = s.contracts[i];
    if (!c.live || c.cancelled || std::find(buyers.begin(), buyers.end(), c.buyer) == buyers.end()) continue;
    const std::string& method = s.methods[c.method];
    if ((method == "open" || method == "selective") && c.tenderers >= 0) {
      EarlyWarning& w = single[method];
      w.code = "single_bid";
      w.procedure = method;
      ++w.of;
      if (c.tenderers == 1) {
        ++w.count;
        w.contracts.push_back(static_cast<int>(i));
      }
    }
    const int threshold = t.For(s.buyers[static_cast<size_t>(c.buyer)].country, method);
    if (threshold > 0 && c.tender_days >= 0) {
      EarlyWarning& w = short_period[method];
      w.code = "short_submission";
      w.procedure = method;
      w.threshold_days = threshold;
      ++w.of;
      if (c.tender_days < threshold) {
        ++w.count;
        w.contracts.push_back(static_cast<int>(i));
      }
    }
  }
  std::vector<EarlyWarning> out;
  for (auto* m : {&single, &short_period}) {
    for (auto& [method, w] : *m) {
      if (w.count > 0) out.push_back(std::move(w));
    }
  }
  return out;
}

}  // namespace cobuy::market
