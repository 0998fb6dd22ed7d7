#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "market/analysis.h"

namespace cobuy::market {

double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double h = (static_cast<double>(sorted.size()) - 1) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double PercentileRank(const std::vector<double>& sorted, double x) {
  if (sorted.empty()) return 0;
  auto lo = std::lower_bound(sorted.begin(), sorted.end(), x);
  auto hi = std::upper_bound(sorted.begin(), sorted.end(), x);
  double below = static_cast<double>(lo - sorted.begin());
  double ties = static_cast<double>(hi - lo);
  return 100.0 * (below + ties / 2.0) / static_cast<double>(sorted.size());
}

namespace {

// (code, unit) -> live price points, with the buyer of each.
using Key = std::pair<std::uint32_t, int>;

// The codes starting with `prefix` (digits) are the range [lo, hi) of 8-digit numbers.
struct PrefixRange {
  std::uint32_t lo = 0, hi = 100000000;
  explicit PrefixRange(std::string_view prefix) {
    if (prefix.empty() || prefix.size() > 8) return;
    std::uint32_t v = 0, scale = 1;
    for (char c : prefix) v = v * 10 + static_cast<std::uint32_t>(c - '0');
    for (size_t i = prefix.size(); i < 8; ++i) scale *= 10;
    lo = v * scale;
    hi = lo + scale;
  }
  bool Contains(std::uint32_t cpv) const { return cpv >= lo && cpv < hi; }
};

int BuyerOf(const Snapshot& s, const PricePoint& p) {
  return s.contracts[static_cast<size_t>(p.contract)].buyer;
}

// Tukey's fences on the logarithm of the price: exp(log q1 - 1.5 iqr), exp(log q3 + 1.5 iqr).
std::pair<double, double> Fences(double q1, double q3) {
  const double iqr = std::log(q3) - std::log(q1);
  return {std::exp(std::log(q1) - 1.5 * iqr), std::exp(std::log(q3) + 1.5 * iqr)};
}

Benchmark Summarise(std::uint32_t cpv, int unit, const std::vector<double>& prices, int buyers, int min_peers) {
  Benchmark b;
  b.cpv = cpv;
  b.unit = unit;
  b.count = static_cast<int>(prices.size());
  b.buyers = buyers;
  b.withheld = buyers < min_peers;
  if (b.withheld || prices.empty()) return b;
  b.min = prices.front();
  b.max = prices.back();
  b.q1 = Quantile(prices, 0.25);
  b.median = Quantile(prices, 0.5);
  b.q3 = Quantile(prices, 0.75);
  std::tie(b.low_fence, b.high_fence) = Fences(b.q1, b.q3);
  b.outliers = static_cast<int>((std::lower_bound(prices.begin(), prices.end(), b.low_fence) - prices.begin()) +
                                (prices.end() - std::upper_bound(prices.begin(), prices.end(), b.high_fence)));
  // Ten bins, equal in the logarithm of the price.
  const double lo = std::log(b.min), hi = std::log(b.max);
  const int bins = b.max > b.min ? 10 : 1;
  const double width = bins > 1 ? (hi - lo) / bins : 1;
  auto below = prices.begin();
  for (int i = 0; i < bins; ++i) {
    auto end = i + 1 == bins ? prices.end() : std::lower_bound(below, prices.end(), std::exp(lo + width * (i + 1)));
    b.histogram.emplace_back(std::exp(lo + width * i), static_cast<int>(end - below));
    below = end;
  }
  return b;
}

// Prices of other buyers than `buyers` in `key`, sorted, and how many buyers they come from.
std::pair<std::vector<double>, int> PeerPrices(const Snapshot& s, const std::map<Key, std::vector<int>>& by_key,
                                               const Key& key, const std::vector<int>& exclude) {
  std::vector<double> out;
  std::set<int> peers;
  auto it = by_key.find(key);
  if (it == by_key.end()) return {out, 0};
  for (int i : it->second) {
    const PricePoint& p = s.prices[static_cast<size_t>(i)];
    int b = BuyerOf(s, p);
    if (std::find(exclude.begin(), exclude.end(), b) != exclude.end()) continue;
    out.push_back(p.price);
    peers.insert(b);
  }
  std::sort(out.begin(), out.end());
  return {out, static_cast<int>(peers.size())};
}

std::map<Key, std::vector<int>> PointsByKey(const Snapshot& s, const std::set<Key>* only, std::string_view prefix) {
  std::map<Key, std::vector<int>> out;
  const PrefixRange range(prefix);
  for (size_t i = 0; i < s.prices.size(); ++i) {
    const PricePoint& p = s.prices[i];
    if (!p.live || !range.Contains(p.cpv)) continue;
    Key k{p.cpv, p.unit};
    if (only && !only->count(k)) continue;
    out[k].push_back(static_cast<int>(i));
  }
  return out;
}

Comparison Compare(const Snapshot& s, const std::map<Key, std::vector<int>>& by_key, const Key& key,
                   const std::vector<int>& own_buyers, double paid, int min_peers) {
  Comparison c;
  c.cpv = key.first;
  c.unit = key.second;
  c.paid = paid;
  auto [peer_prices, peers] = PeerPrices(s, by_key, key, own_buyers);
  c.peers = peers;
  c.withheld = peers < min_peers;
  if (c.withheld) return c;
  c.peer_median = Quantile(peer_prices, 0.5);
  c.peer_q1 = Quantile(peer_prices, 0.25);
  c.peer_q3 = Quantile(peer_prices, 0.75);
  c.percentile = std::round(PercentileRank(peer_prices, paid) * 10) / 10;
  auto [low, high] = Fences(c.peer_q1, c.peer_q3);
  c.flag = paid > high ? "high" : paid < low ? "low" : "";
  return c;
}

}  // namespace

std::vector<Benchmark> Benchmarks(const Snapshot& s, std::string_view cpv_prefix, int min_peers) {
  std::vector<Benchmark> out;
  const PrefixRange range(cpv_prefix);
  for (auto it = s.price_keys.lower_bound({range.lo, -1}); it != s.price_keys.end() && it->first.first < range.hi;
       ++it) {
    out.push_back(Summarise(it->first.first, it->first.second, it->second.sorted,
                            static_cast<int>(it->second.buyers.size()), min_peers));
  }
  return out;
}

std::vector<Comparison> ContractPrices(const Snapshot& s, int contract, int min_peers) {
  std::vector<Comparison> out;
  const std::vector<int> own = s.PricesOfContract(contract);
  std::set<Key> keys;
  for (int i : own) keys.insert({s.prices[static_cast<size_t>(i)].cpv, s.prices[static_cast<size_t>(i)].unit});
  auto by_key = PointsByKey(s, &keys, "");
  const int buyer = s.contracts[static_cast<size_t>(contract)].buyer;
  for (int i : own) {
    const PricePoint& p = s.prices[static_cast<size_t>(i)];
    Comparison c = Compare(s, by_key, {p.cpv, p.unit}, {buyer}, p.price, min_peers);
    c.point = i;
    c.count = 1;
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Comparison> OrganisationPrices(const Snapshot& s, std::int64_t organisation_id, int min_peers) {
  std::vector<int> own_buyers = s.BuyersOfOrganisation(organisation_id);
  std::map<Key, std::vector<double>> mine;
  for (const PricePoint& p : s.prices) {
    if (!p.live) continue;
    int b = BuyerOf(s, p);
    if (std::find(own_buyers.begin(), own_buyers.end(), b) != own_buyers.end())
      mine[{p.cpv, p.unit}].push_back(p.price);
  }
  std::set<Key> keys;
  for (const auto& [k, v] : mine) keys.insert(k);
  auto by_key = PointsByKey(s, &keys, "");
  std::vector<Comparison> out;
  for (auto& [key, prices] : mine) {
    std::sort(prices.begin(), prices.end());
    Comparison c = Compare(s, by_key, key, own_buyers, Quantile(prices, 0.5), min_peers);
    c.count = static_cast<int>(prices.size());
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace cobuy::market
