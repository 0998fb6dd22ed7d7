// Group formation at the scale of a large needs assessment (docs/PERFORMANCE.md, Step 5).
//
//   groups_bench [--runs N] [--seed N] [--orgs N] [--areas N] [--max-per-country P]
//                [--k K] [--m M] [--max-size N] [--no-cuts] [--no-linking] [--fp-heur] [--explain]
//                [--json FILE]
//
// Generates an instance (default 2,000 organisations x 60 areas; each organisation interested
// in 3-6 areas drawn with a Zipf-like skew towards popular areas, levels 1-3; 20 % volunteer
// to lead one or two of their areas; 27 countries of skewed size; K = 8, sizes 5-10, M = 2,
// require_lead), prints the MIP's size, the time to the proven optimum (best and median of
// --runs), then the gap reached with a time limit of 1 s and 3 s. --explain includes building
// the explanation (as `cobuy groups solve` does); --json writes the instance.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "groups/groups.h"

namespace {

using namespace cobuy::groups;

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) / static_cast<double>(1ull << 53); }
  int Int(int lo, int hi) { return lo + static_cast<int>(Next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  // An index drawn with the given weights.
  int Pick(const std::vector<double>& w) {
    double total = 0;
    for (double x : w) total += x;
    double r = Uniform() * total;
    for (size_t i = 0; i < w.size(); ++i) {
      if ((r -= w[i]) <= 0) return static_cast<int>(i);
    }
    return static_cast<int>(w.size()) - 1;
  }

 private:
  std::uint64_t s_;
};

Instance Generate(int n_orgs, int n_areas, std::uint64_t seed, int max_per_country, int k, int m, int max_size) {
  Rng rng(seed);
  Instance in;
  std::vector<double> popularity;
  for (int a = 0; a < n_areas; ++a) {
    in.areas.push_back({fmt::format("area-{:02}", a), 5, max_size});
    popularity.push_back(1.0 / std::pow(a + 1.0, 0.8));
  }
  static const char* kCountries[] = {"DE", "FR", "IT", "ES", "PL", "NL", "BE", "SE", "AT", "PT", "CZ", "DK", "FI", "IE",
                                     "EL", "RO", "HU", "SK", "BG", "HR", "SI", "LT", "LV", "EE", "LU", "CY", "MT"};
  std::vector<double> country_weight;
  for (int c = 0; c < 27; ++c) country_weight.push_back(1.0 / (c + 2.0));
  in.max_open_areas = k;
  in.max_groups_per_organisation = m;
  in.require_lead = true;
  if (max_per_country > 0) in.max_per_country = max_per_country;
  for (int o = 0; o < n_orgs; ++o) {
    Organisation org;
    org.id = fmt::format("org-{:04}", o);
    org.country = kCountries[rng.Pick(country_weight)];
    org.interest.assign(n_areas, 0);
    org.leads.assign(n_areas, false);
    std::vector<double> w = popularity;
    std::vector<int> mine;
    for (int k = rng.Int(3, 6); k > 0; --k) {
      int a = rng.Pick(w);
      w[a] = 0;
      double u = rng.Uniform();
      org.interest[a] = u < 0.3 ? 1 : u < 0.7 ? 2 : 3;
      mine.push_back(a);
    }
    if (rng.Uniform() < 0.2) {
      for (int k = rng.Int(1, 2); k > 0; --k) org.leads[mine[rng.Int(0, static_cast<int>(mine.size()) - 1)]] = true;
    }
    in.organisations.push_back(std::move(org));
  }
  return in;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3, orgs = 2000, areas = 60, max_per_country = 0, k = 8, m = 2, max_size = 10;
  std::uint64_t seed = 5;
  SolveOptions options;
  options.explain = false;
  std::string json_out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--runs")
      runs = std::atoi(next().c_str());
    else if (a == "--seed")
      seed = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--orgs")
      orgs = std::atoi(next().c_str());
    else if (a == "--areas")
      areas = std::atoi(next().c_str());
    else if (a == "--max-per-country")
      max_per_country = std::atoi(next().c_str());
    else if (a == "--k")
      k = std::atoi(next().c_str());
    else if (a == "--m")
      m = std::atoi(next().c_str());
    else if (a == "--max-size")
      max_size = std::atoi(next().c_str());
    else if (a == "--no-cuts")
      options.cuts = false;
    else if (a == "--no-linking")
      options.linking_rows = false;
    else if (a == "--fp-heur")
      options.feasibility_pump = true;
    else if (a == "--explain")
      options.explain = true;
    else if (a == "--json")
      json_out = next();
    else {
      fmt::print(stderr, "groups_bench: unknown argument {}\n", a);
      return 2;
    }
  }
  Instance in = Generate(orgs, areas, seed, max_per_country, k, m, max_size);
  if (!json_out.empty()) std::ofstream(json_out) << InstanceToJson(in).dump() << "\n";
  int pairs = 0, leads = 0;
  for (const Organisation& o : in.organisations) {
    for (int a = 0; a < areas; ++a) pairs += o.interest[a] > 0 ? 1 : 0;
    leads += std::count(o.leads.begin(), o.leads.end(), true) > 0 ? 1 : 0;
  }
  fmt::print("instance: {} organisations x {} areas, {} interests, {} volunteer leads, K={} M={} sizes 5-{}{}\n", orgs,
             areas, pairs, leads, in.max_open_areas, in.max_groups_per_organisation, max_size,
             max_per_country ? fmt::format(" P={}", max_per_country) : "");
  fmt::print("options: cuts {}, linking rows {}, feasibility pump {}, explanation {}\n", options.cuts ? "on" : "off",
             options.linking_rows ? "on" : "off", options.feasibility_pump ? "on" : "off",
             options.explain ? "on" : "off");
  std::vector<double> times;
  for (int r = 0; r < runs; ++r) {
    auto s = Solve(in, options);
    if (!s.ok()) {
      fmt::print(stderr, "groups_bench: {}\n", s.status().ToString());
      return 1;
    }
    if (r == 0) {
      fmt::print("model: {} rows, {} columns, {} non-zeros\n", s->rows, s->columns, s->nonzeros);
      fmt::print("optimum: status {}, objective {}, {} groups open\n", SolveStatusName(s->status),
                 s->objective.value_or(-1), s->groups.size());
    }
    fmt::print("run {}: {:.3f} s ({})\n", r + 1, s->seconds, SolveStatusName(s->status));
    times.push_back(s->seconds);
  }
  fmt::print("time to proven optimum: best {:.3f} s, median {:.3f} s (goal < 10 s)\n",
             *std::min_element(times.begin(), times.end()), Median(times));
  for (double limit : {1.0, 3.0}) {
    SolveOptions limited = options;
    limited.time_limit_seconds = limit;
    auto s = Solve(in, limited);
    if (!s.ok()) return 1;
    fmt::print("time limit {:.0f} s: status {}, objective {}, gap {:.4f}, {:.3f} s\n", limit,
               SolveStatusName(s->status), s->objective ? fmt::format("{}", *s->objective) : "none",
               s->gap.value_or(-1), s->seconds);
  }
  return 0;
}
