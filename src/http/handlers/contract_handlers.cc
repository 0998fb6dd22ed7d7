// GET /api/v1/contracts?offset=0&limit=20     processes of the contract register, latest first
//
// The register is drawn from open data, but it is read by signed-in people only, like the
// rest of the platform. Search, facets and the contract page come with the register step.
#include <fmt/format.h>

#include "http/router.h"

namespace cobuy::http {
namespace {

nlohmann::json OrNull(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

}  // namespace

void RegisterContractRoutes(Router& r, Services& s) {
  r.Add("GET", "/api/v1/contracts", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(int offset, QueryInt(ctx, "offset", 0, 0, 100000000));
    COBUY_ASSIGN_OR_RETURN(int limit, QueryInt(ctx, "limit", 20, 1, 100));
    COBUY_ASSIGN_OR_RETURN(auto page, s.reg.ListProcesses(offset, limit));
    nlohmann::json items = nlohmann::json::array();
    for (const ProcessSummary& p : page.first) {
      items.push_back({{"ocid", p.ocid},
                       {"title", p.title},
                       {"buyer", p.buyer_name},
                       {"country", OrNull(p.country)},
                       {"status", OrNull(p.status)},
                       {"date", p.last_date},
                       {"end_date", OrNull(p.contract_end)},
                       {"cpv", OrNull(p.main_cpv)},
                       {"framework", p.is_framework},
                       {"value_eur", p.value_eur ? nlohmann::json(*p.value_eur) : nlohmann::json(nullptr)},
                       {"releases", p.release_count}});
    }
    ctx.Json(200, {{"total", page.second}, {"offset", offset}, {"limit", limit}, {"items", items}});
    return Status::Ok();
  });
}

}  // namespace cobuy::http
