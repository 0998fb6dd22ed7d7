// The JSON shape of search results, shared by the API and `cobuy search --json`.
#pragma once

#include <nlohmann/json.hpp>

#include "search/search.h"

namespace cobuy::search {

// {"total", "total_exact", "hits": [{"ocid", "title", "buyer", "buyer_id", "country", "supplier",
//  "suppliers", "value_eur", "end_date", "date", "main_cpv", "status", "framework", "dps", "cpb",
//  "score", "snippet": [{"text", "mark"}]}], "facets": {name: [{"value", "count"}]}, "facets_exact"}
nlohmann::json ToJson(const SearchResult& result);

}  // namespace cobuy::search
