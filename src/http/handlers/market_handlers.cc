// The shared pipeline, collaboration opportunities, price benchmarks and market views
// (docs/MARKET.md). The rules are in market::Market; this file maps requests in and JSON out.
//
// GET/POST  /api/v1/pipeline                          buyer side / org admins and buyers
// GET/PATCH /api/v1/pipeline/{id}                     buyer side / the entry's organisation
// PUT/DELETE /api/v1/pipeline/{id}/interest           org admins and buyers of other organisations
// PUT/DELETE /api/v1/pipeline/{id}/watch              buyer side
// GET       /api/v1/opportunities                     buyer side
// POST      /api/v1/opportunities/{key}/proposal      secretariat, buyers of the opportunity
// GET       /api/v1/prices?cpv=                       buyer side
// GET       /api/v1/contracts/{ocid}/prices           buyer side
// GET       /api/v1/organisations/{id}/prices         the organisation's people, secretariat
// GET       /api/v1/organisations/{id}/warnings       the organisation's people, secretariat
// GET       /api/v1/market/concentration              buyer side
// GET       /api/v1/market/consolidation              buyer side
#include <fmt/format.h>

#include "http/json_body.h"
#include "http/router.h"
#include "market/market.h"

namespace cobuy::http {
namespace {

using nlohmann::json;

Result<market::OpportunityParams> OpportunityParamsOf(const RequestContext& ctx) {
  market::OpportunityParams p;  // its defaults are the query's
  p.as_of = ctx.Query("as_of");
  COBUY_ASSIGN_OR_RETURN(p.cpv_digits, QueryInt(ctx, "cpv_digits", p.cpv_digits, 2, 8));
  COBUY_ASSIGN_OR_RETURN(p.min_buyers, QueryInt(ctx, "min_buyers", p.min_buyers, 2, 1000));
  COBUY_ASSIGN_OR_RETURN(p.window_months, QueryInt(ctx, "window_months", p.window_months, 1, 60));
  return p;
}

Status Answer(RequestContext& ctx, int status, Result<json> body) {
  COBUY_RETURN_IF_ERROR(body.status());
  ctx.Json(status, *body);
  return Status::Ok();
}

}  // namespace

void RegisterMarketRoutes(Router& r, Services& s) {
  if (!s.market) return;
  market::Market& m = *s.market;

  r.Add("GET", "/api/v1/pipeline", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    PipelineFilter f;
    if (std::string org = ctx.Query("organisation_id"); !org.empty()) {
      COBUY_ASSIGN_OR_RETURN(int id, QueryInt(ctx, "organisation_id", 0, 1, 1 << 30));
      f.organisation_id = id;
    }
    f.cpv_prefix = ctx.Query("cpv");
    f.from = ctx.Query("from");
    f.to = ctx.Query("to");
    f.status = ctx.Query("status");
    f.collaboration_only = ctx.Query("collaboration") == "true";
    f.source = ctx.Query("source");
    if (!f.source.empty() && f.source != "cobuy" && f.source != "ocds") {
      return InvalidArgument("must be cobuy or ocds", "source");
    }
    return Answer(ctx, 200, m.ListPipeline(ctx.actor->user, f));
  });

  r.Add("POST", "/api/v1/pipeline", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    return Answer(ctx, 201, m.CreateEntry(ctx.actor->user, body));
  });

  r.Add("GET", "/api/v1/pipeline/{id}", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    return Answer(ctx, 200, m.GetEntry(ctx.actor->user, id));
  });

  r.Add("PATCH", "/api/v1/pipeline/{id}", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    return Answer(ctx, 200, m.UpdateEntry(ctx.actor->user, id, body));
  });

  r.Add("PUT", "/api/v1/pipeline/{id}/interest", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    std::string note;
    for (const auto& [k, v] : body.items()) {
      if (k != "note") return InvalidArgument("unknown field", k);
      if (!v.is_string()) return InvalidArgument("must be a string", "note");
      note = v.get<std::string>();
    }
    return Answer(ctx, 200, m.SetInterest(ctx.actor->user, id, note));
  });

  r.Add("DELETE", "/api/v1/pipeline/{id}/interest", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    return Answer(ctx, 200, m.SetInterest(ctx.actor->user, id, std::nullopt));
  });

  for (const char* method : {"PUT", "DELETE"}) {
    const bool watch = std::string_view(method) == "PUT";
    r.Add(method, "/api/v1/pipeline/{id}/watch", Access::kSignedIn, [&m, watch](RequestContext& ctx) -> Status {
      COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
      return Answer(ctx, 200, m.SetWatching(ctx.actor->user, id, watch));
    });
  }

  r.Add("GET", "/api/v1/opportunities", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto p, OpportunityParamsOf(ctx));
    return Answer(ctx, 200,
                  m.Opportunities(&ctx.actor->user, p, ctx.Query("country"), ctx.Query("mine") == "true", LangOf(ctx)));
  });

  r.Add("POST", "/api/v1/opportunities/{key}/proposal", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto p, OpportunityParamsOf(ctx));
    const std::string key = ctx.Param(0);
    if (key.empty() || key.size() > 8 || key.find_first_not_of("0123456789") != std::string::npos) {
      return NotFound(fmt::format("'{}' is not an opportunity", key));
    }
    p.cpv_digits = static_cast<int>(key.size());
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, m.Propose(ctx.actor->user, key, p));
    ctx.Json(201, {{"community_id", id}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/prices", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(int min_peers, QueryInt(ctx, "min_peers", 5, 1, 1000));
    return Answer(ctx, 200, m.Prices(&ctx.actor->user, ctx.Query("cpv"), min_peers, LangOf(ctx)));
  });

  r.Add("GET", "/api/v1/contracts/{ocid}/prices", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(int min_peers, QueryInt(ctx, "min_peers", 5, 1, 1000));
    return Answer(ctx, 200, m.ContractPrices(ctx.actor->user, ctx.Param(0), min_peers, LangOf(ctx)));
  });

  r.Add("GET", "/api/v1/organisations/{id}/prices", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(int min_peers, QueryInt(ctx, "min_peers", 5, 1, 1000));
    return Answer(ctx, 200, m.OrganisationPrices(ctx.actor->user, id, min_peers, LangOf(ctx)));
  });

  r.Add("GET", "/api/v1/organisations/{id}/warnings", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    return Answer(ctx, 200, m.Warnings(ctx.actor->user, id, LangOf(ctx)));
  });

  r.Add("GET", "/api/v1/market/concentration", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    return Answer(ctx, 200, m.Concentration(ctx.actor->user, ctx.Query("cpv"), ctx.Query("country"), LangOf(ctx)));
  });

  r.Add("GET", "/api/v1/market/consolidation", Access::kSignedIn, [&m](RequestContext& ctx) -> Status {
    return Answer(ctx, 200, m.Consolidation(ctx.actor->user, ctx.Query("cpv"), LangOf(ctx)));
  });
}

}  // namespace cobuy::http
