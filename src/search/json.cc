#include "search/json.h"

namespace cobuy::search {
namespace {

nlohmann::json OrNull(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

}  // namespace

nlohmann::json ToJson(const SearchResult& r) {
  nlohmann::json hits = nlohmann::json::array();
  for (const SearchHit& h : r.hits) {
    nlohmann::json snippet = nlohmann::json::array();
    for (const TextSpan& s : h.snippet) snippet.push_back({{"text", s.text}, {"mark", s.mark}});
    hits.push_back({{"ocid", h.ocid},
                    {"title", h.title},
                    {"buyer", h.buyer},
                    {"buyer_id", OrNull(h.buyer_key)},
                    {"country", OrNull(h.country)},
                    {"supplier", h.suppliers.empty() ? nlohmann::json(nullptr) : nlohmann::json(h.suppliers.front())},
                    {"suppliers", h.suppliers},
                    {"value_eur", h.value_eur ? nlohmann::json(*h.value_eur) : nlohmann::json(nullptr)},
                    {"end_date", OrNull(h.end_date)},
                    {"date", OrNull(h.date)},
                    {"main_cpv", OrNull(h.main_cpv)},
                    {"status", OrNull(h.status)},
                    {"framework", h.framework},
                    {"dps", h.dps},
                    {"cpb", h.cpb},
                    {"score", h.score},
                    {"snippet", std::move(snippet)}});
  }
  nlohmann::json facets = nlohmann::json::object();
  for (const auto& [name, values] : r.facets) {
    nlohmann::json list = nlohmann::json::array();
    for (const FacetCount& v : values) list.push_back({{"value", v.value}, {"count", v.count}});
    facets[name] = std::move(list);
  }
  return {{"total", r.total},
          {"total_exact", r.total_exact},
          {"hits", std::move(hits)},
          {"facets", std::move(facets)},
          {"facets_exact", r.facets_exact}};
}

}  // namespace cobuy::search
