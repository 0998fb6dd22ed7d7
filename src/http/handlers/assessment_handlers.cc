// Needs assessments and group formation (docs/ASSESSMENTS.md). The rules are in needs::Needs;
// this file maps JSON in and out.
//
// GET/POST /api/v1/assessments                                    signed in / secretariat
// GET/PATCH /api/v1/assessments/{id}                              secretariat, invited / secretariat
// POST     /api/v1/assessments/{id}/invitations                   secretariat
// GET      /api/v1/assessments/{id}/progress                      secretariat
// PUT      /api/v1/assessments/{id}/response                      invited buyers and org admins
// GET      /api/v1/assessments/{id}/analysis                      secretariat
// GET      /api/v1/assessments/{id}/instance?max_open_areas=...   secretariat
// GET/POST /api/v1/assessments/{id}/formations                    secretariat
// POST     /api/v1/assessments/{id}/formations/{fid}/groups       secretariat
// POST     /api/v1/communities/{id}/commitment                    a person invited to a formed group
#include <fmt/format.h>

#include "http/json_body.h"
#include "http/router.h"
#include "needs/needs.h"

namespace cobuy::http {
namespace {

using nlohmann::json;

json ResponseJson(const AssessmentResponse& r) {
  json areas = json::parse(r.answers, nullptr, false);
  if (!areas.is_array()) areas = json::array();
  return {{"organisation", {{"id", r.organisation_id}, {"name", r.organisation_name}, {"country", r.country}}},
          {"status", r.submitted_at ? "submitted" : "started"},
          {"observer_only", r.observer_only},
          {"challenges", r.challenges},
          {"areas", areas},
          {"updated_at", FormatTimestamp(r.updated_at)},
          {"updated_by", r.updated_by ? json{{"id", r.updated_by}, {"name", r.updated_by_name}} : json(nullptr)},
          {"submitted_at", r.submitted_at ? json(FormatTimestamp(*r.submitted_at)) : json(nullptr)}};
}

json AssessmentJson(const needs::AssessmentView& v, const std::string& lang, bool detail) {
  const Assessment& a = v.assessment;
  json areas = json::array();
  for (const AssessmentArea& area : a.areas) {
    areas.push_back({{"id", area.id},
                     {"key", area.key},
                     {"name", area.name},
                     {"description", area.description},
                     {"cpv", area.cpv}});
  }
  json out = {{"id", a.id},
              {"title", a.title},
              {"description", a.description},
              {"months_ahead", a.months_ahead},
              {"opens_on", a.opens_on},
              {"closes_on", a.closes_on},
              {"status", v.status},
              {"areas", areas},
              {"invited", v.invited},
              {"started", v.started},
              {"submitted", v.submitted},
              {"created_at", FormatTimestamp(a.created_at)}};
  if (detail) {
    out["commitment_note"] = needs::CommitmentNote(lang);
    out["my_response"] = v.my_response ? ResponseJson(*v.my_response) : json(nullptr);
  }
  return out;
}

Result<json> FormationJson(needs::Needs& n, const Formation& f) {
  COBUY_ASSIGN_OR_RETURN(json names, n.OrganisationNames(f));
  return json{{"id", f.id},
              {"created_at", FormatTimestamp(f.created_at)},
              {"parameters", json::parse(f.parameters, nullptr, false)},
              {"result", json::parse(f.result, nullptr, false)},
              {"organisations", names}};
}

}  // namespace

void RegisterAssessmentRoutes(Router& r, Services& s) {
  if (!s.needs) return;
  needs::Needs& n = *s.needs;

  r.Add("GET", "/api/v1/assessments", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto list, n.List(ctx.actor->user));
    json items = json::array();
    for (const auto& v : list) {
      json item = AssessmentJson(v, LangOf(ctx), false);
      if (ctx.actor->user.role != Role::kPlatformAdmin) {
        item["my_status"] = v.my_response ? (v.my_response->submitted_at ? "submitted" : "started") : "not_started";
      }
      items.push_back(item);
    }
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/assessments", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, n.Create(ctx.actor->user, body));
    COBUY_ASSIGN_OR_RETURN(auto v, n.Get(ctx.actor->user, id));
    ctx.Json(201, AssessmentJson(v, LangOf(ctx), true));
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/assessments/{id}", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto v, n.Get(ctx.actor->user, id));
    ctx.Json(200, AssessmentJson(v, LangOf(ctx), true));
    return Status::Ok();
  });

  r.Add("PATCH", "/api/v1/assessments/{id}", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    COBUY_RETURN_IF_ERROR(n.Update(ctx.actor->user, id, body));
    COBUY_ASSIGN_OR_RETURN(auto v, n.Get(ctx.actor->user, id));
    ctx.Json(200, AssessmentJson(v, LangOf(ctx), true));
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/assessments/{id}/invitations", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    COBUY_ASSIGN_OR_RETURN(int added, n.Invite(ctx.actor->user, id, body));
    ctx.Json(200, {{"invited", added}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/assessments/{id}/progress", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto list, n.Progress(ctx.actor->user, id));
    json items = json::array();
    for (const auto& p : list) {
      items.push_back({{"organisation", {{"id", p.organisation_id}, {"name", p.name}, {"country", p.country}}},
                       {"status", p.submitted      ? "submitted"
                                  : p.has_response ? "started"
                                                   : "not_started"},
                       {"updated_at", p.updated_at ? json(FormatTimestamp(p.updated_at)) : json(nullptr)}});
    }
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("PUT", "/api/v1/assessments/{id}/response", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    COBUY_ASSIGN_OR_RETURN(AssessmentResponse resp, n.Answer(ctx.actor->user, id, body));
    ctx.Json(200, ResponseJson(resp));
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/assessments/{id}/analysis", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(json analysis, n.Analysis(ctx.actor->user, id));
    ctx.Json(200, analysis);
    return Status::Ok();
  });

  // The instance as a file anyone can solve again: parameters as query values.
  r.Add("GET", "/api/v1/assessments/{id}/instance", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    json parameters = json::object();
    for (const char* name :
         {"max_open_areas", "min_size", "max_size", "max_groups_per_organisation", "max_per_country"}) {
      if (ctx.req.has_param(name)) {
        COBUY_ASSIGN_OR_RETURN(int v, QueryInt(ctx, name, 0, 1, 10000));
        parameters[name] = v;
      }
    }
    if (ctx.req.has_param("require_lead")) parameters["require_lead"] = ctx.Query("require_lead") == "true";
    if (std::string open = ctx.Query("open_areas"); !open.empty()) {
      json keys = json::array();
      for (size_t i = 0; i <= open.size();) {
        size_t comma = std::min(open.find(',', i), open.size());
        if (comma > i) keys.push_back(open.substr(i, comma - i));
        i = comma + 1;
      }
      parameters["open_areas"] = keys;
    }
    COBUY_ASSIGN_OR_RETURN(json instance, n.Instance(ctx.actor->user, id, parameters));
    ctx.res.set_header("Content-Disposition",
                       fmt::format("attachment; filename=\"cobuy-assessment-{}-instance.json\"", id));
    ctx.Json(200, instance);
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/assessments/{id}/formations", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto list, n.Formations(ctx.actor->user, id));
    json items = json::array();
    for (const Formation& f : list) {
      COBUY_ASSIGN_OR_RETURN(json item, FormationJson(n, f));
      items.push_back(item);
    }
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/assessments/{id}/formations", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    COBUY_ASSIGN_OR_RETURN(Formation f, n.Form(ctx.actor->user, id, body));
    COBUY_ASSIGN_OR_RETURN(json out, FormationJson(n, f));
    ctx.Json(201, out);
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/assessments/{id}/formations/{fid}/groups", Access::kSignedIn,
        [&n](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
          COBUY_ASSIGN_OR_RETURN(std::int64_t fid, ctx.IdParam(1));
          COBUY_ASSIGN_OR_RETURN(json out, n.CreateGroups(ctx.actor->user, id, fid));
          ctx.Json(201, out);
          return Status::Ok();
        });

  r.Add("POST", "/api/v1/communities/{id}/commitment", Access::kSignedIn, [&n](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto decision = f.String("decision", true, 20);
    COBUY_RETURN_IF_ERROR(f.Finish({"decision"}));
    COBUY_ASSIGN_OR_RETURN(Membership m, n.Commit(ctx.actor->user, id, *decision));
    ctx.Json(200, {{"community_id", m.community_id}, {"role", Name(m.role)}, {"status", Name(m.status)}});
    return Status::Ok();
  });
}

}  // namespace cobuy::http
