// Communities, members, figures, health, staff exchanges, calendars and notification
// preferences (docs/COMMUNITIES.md). Every route goes through community::Communities, which
// checks the caller's capability before it reads or writes.
//
// GET    /api/v1/communities                                   anyone
// POST   /api/v1/communities                                   buyers, org admins, secretariat
// GET    /api/v1/communities/{id}                              anyone
// PATCH  /api/v1/communities/{id}                              manage
// POST   /api/v1/communities/{id}/join                         signed-in buyers
// DELETE /api/v1/communities/{id}/members/me                   a member
// GET    /api/v1/communities/{id}/members                      view_workspace
// POST   /api/v1/communities/{id}/members                      manage
// PATCH  /api/v1/communities/{id}/members/{user_id}            manage
// DELETE /api/v1/communities/{id}/members/{user_id}            manage
// GET    /api/v1/communities/{id}/figures                      view_workspace
// GET    /api/v1/communities/{id}/health                       manage
// GET    /api/v1/communities/{id}/calendar.ics                 view_workspace (cookie or ?token=)
// GET    /api/v1/me/calendar.ics?token=                        the token's owner
// POST   /api/v1/me/calendar-token                             signed in
// GET    /api/v1/figures, /api/v1/figures.csv                  signed in
// GET    /api/v1/health                                        secretariat
// GET    /api/v1/market-actors?q=                              planners of some community, secretariat
// GET    /api/v1/exchanges, POST /api/v1/exchanges             signed-in buyers
// GET    /api/v1/exchanges/{id}/matches                        its owner
// POST   /api/v1/exchanges/{id}/match                          its owner
// POST   /api/v1/exchanges/{id}/report?filename=               its owner or its match (upload)
// GET    /api/v1/me/notification-preferences, PUT              signed in
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "community/time.h"
#include "core/text.h"
#include "http/handlers/community_views.h"
#include "http/json_body.h"
#include "needs/needs.h"

namespace cobuy::http {

using community::Capability;

// --- shared views -----------------------------------------------------------------------------

Result<community::Caller> CommunityCaller(Services& s, const RequestContext& ctx) {
  return s.communities->CallerOf(ctx.actor ? &ctx.actor->user : nullptr);
}

Result<std::optional<std::int64_t>> AssessmentOf(Services& s, std::int64_t community_id) {
  if (!s.needs) return std::optional<std::int64_t>();
  return s.needs->AssessmentOf(community_id);
}

Result<community::Workspace> EnterCommunity(Services& s, const RequestContext& ctx, Capability need) {
  COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
  COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
  return s.communities->Enter(caller, id, need);
}

namespace {

nlohmann::json Person(std::int64_t id, const std::string& name) {
  return {{"id", id}, {"name", name}};
}

nlohmann::json OptTime(const std::optional<UnixSeconds>& t) {
  return t ? nlohmann::json(FormatTimestamp(*t)) : nlohmann::json(nullptr);
}

nlohmann::json OptId(const std::optional<std::int64_t>& id) {
  return id ? nlohmann::json(*id) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json CommunityJson(const Community& c, const std::vector<Membership>& members,
                             const std::optional<Membership>& mine, const community::Capabilities& can,
                             const std::vector<Output>* published, std::optional<std::int64_t> assessment_id) {
  nlohmann::json orgs = nlohmann::json::array();
  std::set<std::int64_t> seen;
  int count = 0;
  for (const Membership& m : members) {
    if (m.status != MemberStatus::kActive) continue;
    ++count;
    if (seen.insert(m.organisation_id).second) {
      orgs.push_back({{"id", m.organisation_id}, {"name", m.organisation_name}, {"country", m.country}});
    }
  }
  std::sort(orgs.begin(), orgs.end(), [](const auto& a, const auto& b) { return a["name"] < b["name"]; });
  nlohmann::json out = {
      {"id", c.id},
      {"name", c.name},
      {"kind", Name(c.kind)},
      {"openness", Name(c.openness)},
      {"aim", c.aim},
      {"entry_requirements", c.entry_requirements},
      {"topic", c.topic},
      {"created_at", FormatTimestamp(c.created_at)},
      {"member_count", count},
      {"member_organisations", orgs},
      {"my",
       mine ? nlohmann::json{{"role", Name(mine->role)}, {"status", Name(mine->status)}} : nlohmann::json(nullptr)},
      {"can",
       {{"view_workspace", can.view_workspace},
        {"contribute", can.contribute},
        {"plan", can.plan},
        {"manage", can.manage}}},
      {"assessment_id", assessment_id ? nlohmann::json(*assessment_id) : nlohmann::json(nullptr)},
  };
  if (published) {
    nlohmann::json outputs = nlohmann::json::array();
    for (const Output& o : *published) outputs.push_back(OutputJson(o));
    out["published_outputs"] = outputs;
  }
  return out;
}

nlohmann::json MemberJson(const Membership& m, bool with_email) {
  nlohmann::json out = {
      {"user_id", m.user_id},
      {"name", m.user_name},
      {"organisation", {{"id", m.organisation_id}, {"name", m.organisation_name}, {"country", m.country}}},
      {"role", Name(m.role)},
      {"status", Name(m.status)},
      {"joined_at", FormatTimestamp(m.joined_at)},
      {"note", m.note},
  };
  if (with_email) out["email"] = m.email;
  return out;
}

nlohmann::json ThreadJson(const Thread& t) {
  return {{"id", t.id},
          {"title", t.title},
          {"author", Person(t.author_id, t.author_name)},
          {"created_at", FormatTimestamp(t.created_at)},
          {"last_post_at", FormatTimestamp(t.last_post_at)},
          {"posts", t.posts}};
}

nlohmann::json PostJson(const Post& p, bool moderator) {
  nlohmann::json mentions = nlohmann::json::array();
  for (const auto& [id, name] : p.mentions) mentions.push_back(Person(id, name));
  return {{"id", p.id},
          {"author", {{"id", p.author_id}, {"name", p.author_name}, {"organisation", p.author_organisation}}},
          {"body", p.hidden && !moderator ? "" : p.body},
          {"created_at", FormatTimestamp(p.created_at)},
          {"edited_at", OptTime(p.edited_at)},
          {"versions", p.versions},
          {"hidden", p.hidden},
          {"hidden_reason", p.hidden ? nlohmann::json(p.hidden_reason) : nlohmann::json(nullptr)},
          {"mentions", mentions}};
}

nlohmann::json DocumentJson(const Document& d) {
  nlohmann::json versions = nlohmann::json::array();
  for (const DocumentVersion& v : d.versions) {
    versions.push_back({{"version", v.version},
                        {"filename", v.filename},
                        {"media_type", v.media_type},
                        {"size", v.size},
                        {"sha256", v.sha256},
                        {"uploaded_at", FormatTimestamp(v.uploaded_at)},
                        {"uploaded_by", Person(v.uploaded_by, v.uploaded_by_name)}});
  }
  return {{"id", d.id},
          {"title", d.title},
          {"created_at", FormatTimestamp(d.created_at)},
          {"created_by", Person(d.created_by, d.created_by_name)},
          {"versions", versions}};
}

nlohmann::json EventJson(const Event& e, std::int64_t viewer) {
  nlohmann::json invited = nlohmann::json::array(), registered = nlohmann::json::array();
  nlohmann::json me = {{"invited", false}, {"registered", false}, {"attended", false}};
  for (const EventPerson& p : e.people) {
    if (p.invited) {
      invited.push_back({{"id", p.user_id}, {"name", p.name}, {"organisation", p.organisation}, {"guest", p.guest}});
    }
    if (p.registered || p.attended) {
      registered.push_back(
          {{"id", p.user_id}, {"name", p.name}, {"organisation", p.organisation}, {"attended", p.attended}});
    }
    if (p.user_id == viewer) me = {{"invited", p.invited}, {"registered", p.registered}, {"attended", p.attended}};
  }
  return {{"id", e.id},
          {"community_id", e.community_id},
          {"kind", Name(e.kind)},
          {"title", e.title},
          {"agenda", e.agenda},
          {"starts_at", community::UtcToLocal(e.starts_at, e.time_zone)},
          {"ends_at", community::UtcToLocal(e.ends_at, e.time_zone)},
          {"time_zone", e.time_zone},
          {"starts_at_utc", FormatTimestamp(e.starts_at)},
          {"ends_at_utc", FormatTimestamp(e.ends_at)},
          {"place", e.place},
          {"online_url", e.online_url},
          {"status", Name(e.status)},
          {"minutes", e.minutes},
          {"created_at", FormatTimestamp(e.created_at)},
          {"invited", invited},
          {"registered", registered},
          {"me", me}};
}

nlohmann::json OutputJson(const Output& o) {
  nlohmann::json signatories = nlohmann::json::array();
  for (const Signatory& s : o.signatories) {
    signatories.push_back({{"id", s.organisation_id},
                           {"name", s.name},
                           {"country", s.country},
                           {"signed_at", FormatTimestamp(s.signed_at)}});
  }
  return {{"id", o.id},
          {"kind", Name(o.kind)},
          {"title", o.title},
          {"summary", o.summary},
          {"document_id", OptId(o.document_id)},
          {"published", o.published},
          {"published_at", OptTime(o.published_at)},
          {"created_at", FormatTimestamp(o.created_at)},
          {"signatories", signatories}};
}

nlohmann::json FiguresJson(const community::OutcomeFigures& f) {
  nlohmann::json meetings = nlohmann::json::object();
  for (EventKind k : AllValues<EventKind>()) {
    if (!IsMeeting(k)) continue;
    auto it = f.meetings.find(k);
    meetings[std::string(Name(k))] = it == f.meetings.end() ? 0 : it->second;
  }
  return {{"communities", f.communities},
          {"working_groups", f.working_groups},
          {"member_organisations", f.member_organisations},
          {"combined_budget_eur", f.combined_budget_eur},
          {"meetings", meetings},
          {"meetings_total", f.meetings_total},
          {"online_meetings", f.online_meetings},
          {"market_engagement_sessions", f.market_engagement_sessions},
          {"companies_engaged", f.companies_engaged},
          {"site_visits", f.site_visits},
          {"factory_visits", f.factory_visits},
          {"study_visits", f.study_visits},
          {"staff_exchanges", f.staff_exchanges},
          {"documents_shared", f.documents_shared},
          {"posts", f.posts}};
}

nlohmann::json ExchangeJson(const StaffExchange& x) {
  return {{"id", x.id},
          {"kind", Name(x.kind)},
          {"person", Person(x.user_id, x.user_name)},
          {"organisation", {{"id", x.organisation_id}, {"name", x.organisation_name}, {"country", x.country}}},
          {"topic", x.topic},
          {"description", x.description},
          {"starts_on", x.starts_on},
          {"ends_on", x.ends_on},
          {"status", Name(x.status)},
          {"matched_with", OptId(x.matched_with)},
          {"community_id", OptId(x.community_id)},
          {"report_document_id", OptId(x.report_document_id)},
          {"created_at", FormatTimestamp(x.created_at)}};
}

Result<std::vector<std::int64_t>> IdList(const nlohmann::json& body, const std::string& field) {
  std::vector<std::int64_t> out;
  if (!body.contains(field)) return out;
  const nlohmann::json& v = body.at(field);
  if (!v.is_array()) return InvalidArgument("must be a list of ids", field);
  for (const auto& id : v) {
    if (!id.is_number_integer() || id.get<std::int64_t>() <= 0) return InvalidArgument("must be a list of ids", field);
    out.push_back(id.get<std::int64_t>());
  }
  return out;
}

namespace {

// The optional string fields of a community body.
Result<community::CommunityInput> ReadCommunityInput(const Request& req) {
  COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(req));
  JsonFields f(body);
  community::CommunityInput in;
  in.name = f.String("name", false, 200);
  in.kind = f.String("kind", false, 50);
  in.openness = f.String("openness", false, 20);
  in.aim = f.String("aim", false, 4000);
  in.entry_requirements = f.String("entry_requirements", false, 4000);
  in.topic = f.String("topic", false, 200);
  COBUY_RETURN_IF_ERROR(f.Finish({"name", "kind", "openness", "aim", "entry_requirements", "topic"}));
  return in;
}

Status WriteCommunity(Services& s, RequestContext& ctx, int status, std::int64_t id) {
  COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
  COBUY_ASSIGN_OR_RETURN(auto ws, s.communities->Enter(caller, id, Capability::kViewPublic));
  auto& store = *s.community_store;
  COBUY_ASSIGN_OR_RETURN(auto members, store.ListMembers(id));
  COBUY_ASSIGN_OR_RETURN(auto published, store.ListOutputs(id, true));
  COBUY_ASSIGN_OR_RETURN(auto assessment, AssessmentOf(s, id));
  ctx.Json(status, CommunityJson(ws.community, members, ws.membership, ws.can, &published, assessment));
  return Status::Ok();
}

void WriteCalendar(RequestContext& ctx, const std::string& ics, const std::string& name) {
  ctx.res.set_header("Content-Disposition", fmt::format("inline; filename=\"{}.ics\"", name));
  ctx.res.set_content(ics, "text/calendar; charset=utf-8");
  ctx.res.status = 200;
}

}  // namespace

void RegisterCommunityRoutes(Router& r, Services& s) {
  if (!s.communities || !s.community_store) return;

  r.Add("GET", "/api/v1/communities", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
    COBUY_ASSIGN_OR_RETURN(auto list, s.community_store->ListCommunities());
    nlohmann::json items = nlohmann::json::array();
    for (const Community& c : list) {
      COBUY_ASSIGN_OR_RETURN(auto members, s.community_store->ListMembers(c.id));
      std::optional<Membership> mine;
      for (const Membership& m : members) {
        if (caller.user && m.user_id == caller.user->id.value) mine = m;
      }
      COBUY_ASSIGN_OR_RETURN(auto assessment, AssessmentOf(s, c.id));
      items.push_back(CommunityJson(c, members, mine, community::CapabilitiesOf(caller, mine), nullptr, assessment));
    }
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/communities", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto in, ReadCommunityInput(ctx.req));
    COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, s.communities->Create(caller, in));
    return WriteCommunity(s, ctx, 201, id);
  });

  r.Add("GET", "/api/v1/communities/{id}", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    return WriteCommunity(s, ctx, 200, id);
  });

  r.Add("PATCH", "/api/v1/communities/{id}", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kManage));
    COBUY_ASSIGN_OR_RETURN(auto in, ReadCommunityInput(ctx.req));
    COBUY_RETURN_IF_ERROR(s.communities->Update(ws, in));
    return WriteCommunity(s, ctx, 200, ws.community.id);
  });

  r.Add("POST", "/api/v1/communities/{id}/join", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    std::string note;
    if (!ctx.req.body.empty()) {
      COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
      JsonFields f(body);
      note = f.String("note", false, 2000).value_or("");
      COBUY_RETURN_IF_ERROR(f.Finish({"note"}));
    }
    COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
    COBUY_ASSIGN_OR_RETURN(Membership m, s.communities->Join(caller, id, note));
    ctx.Json(200, {{"role", Name(m.role)}, {"status", Name(m.status)}});
    return Status::Ok();
  });

  r.Add("DELETE", "/api/v1/communities/{id}/members/me", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
    COBUY_ASSIGN_OR_RETURN(auto ws, s.communities->Enter(caller, id, Capability::kViewPublic));
    COBUY_RETURN_IF_ERROR(s.communities->Leave(ws));
    ctx.NoContent();
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/communities/{id}/members", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kViewWorkspace));
    COBUY_ASSIGN_OR_RETURN(auto members, s.community_store->ListMembers(ws.community.id));
    nlohmann::json items = nlohmann::json::array();
    for (const Membership& m : members) {
      if (m.status != MemberStatus::kActive && !ws.can.manage) continue;
      items.push_back(MemberJson(m, ws.can.manage));
    }
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/communities/{id}/members", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kManage));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto email = f.String("email", true, 320);
    auto role = f.String("role", false, 20);
    COBUY_RETURN_IF_ERROR(f.Finish({"email", "role"}));
    COBUY_ASSIGN_OR_RETURN(Membership m, s.communities->Invite(ws, *email, role.value_or("member")));
    ctx.Json(201, MemberJson(m, true));
    return Status::Ok();
  });

  r.Add("PATCH", "/api/v1/communities/{id}/members/{user_id}", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kManage));
    COBUY_ASSIGN_OR_RETURN(std::int64_t user_id, ctx.IdParam(1));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto role = f.String("role", false, 20);
    auto status = f.String("status", false, 20);
    COBUY_RETURN_IF_ERROR(f.Finish({"role", "status"}));
    COBUY_ASSIGN_OR_RETURN(Membership m, s.communities->ChangeMember(ws, user_id, role, status));
    ctx.Json(200, MemberJson(m, true));
    return Status::Ok();
  });

  r.Add("DELETE", "/api/v1/communities/{id}/members/{user_id}", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kManage));
    COBUY_ASSIGN_OR_RETURN(std::int64_t user_id, ctx.IdParam(1));
    COBUY_RETURN_IF_ERROR(s.communities->RemoveMember(ws, user_id));
    ctx.NoContent();
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/communities/{id}/figures", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kViewWorkspace));
    COBUY_ASSIGN_OR_RETURN(auto figures, s.communities->FiguresOf(ws));
    ctx.Json(200, FiguresJson(figures));
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/communities/{id}/health", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kManage));
    COBUY_ASSIGN_OR_RETURN(auto flags, s.communities->HealthOf(ws));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& f : flags) items.push_back({{"code", f.code}, {"detail", f.detail}});
    ctx.Json(200, {{"community_id", ws.community.id}, {"name", ws.community.name}, {"flags", items}});
    return Status::Ok();
  });

  // Calendar apps fetch feeds without cookies: a personal token stands for its owner.
  r.Add("GET", "/api/v1/communities/{id}/calendar.ics", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    community::Caller caller;
    std::optional<User> token_user;
    if (std::string token = ctx.Query("token"); !token.empty()) {
      COBUY_ASSIGN_OR_RETURN(std::int64_t user_id, s.communities->CalendarTokenUser(token));
      COBUY_ASSIGN_OR_RETURN(token_user, s.store.GetUser(UserId(user_id)));
      COBUY_ASSIGN_OR_RETURN(caller, s.communities->CallerOf(&*token_user));
    } else {
      COBUY_ASSIGN_OR_RETURN(caller, CommunityCaller(s, ctx));
    }
    COBUY_ASSIGN_OR_RETURN(auto ws, s.communities->Enter(caller, id, Capability::kViewWorkspace));
    COBUY_ASSIGN_OR_RETURN(std::string ics, s.communities->CommunityCalendar(ws));
    WriteCalendar(ctx, ics, fmt::format("cobuy-community-{}", id));
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/me/calendar.ics", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    std::int64_t user_id = 0;
    if (std::string token = ctx.Query("token"); !token.empty()) {
      COBUY_ASSIGN_OR_RETURN(user_id, s.communities->CalendarTokenUser(token));
    } else if (ctx.actor) {
      user_id = ctx.actor->user.id.value;
    } else {
      return Unauthenticated("sign in first, or give the feed's token");
    }
    COBUY_ASSIGN_OR_RETURN(std::string ics, s.communities->PersonalCalendar(user_id));
    WriteCalendar(ctx, ics, "cobuy-calendar");
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/me/calendar-token", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::string token, s.communities->NewCalendarToken(ctx.actor->user.id.value));
    ctx.Json(200, {{"token", token}, {"personal_url", "/api/v1/me/calendar.ics?token=" + token}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/figures", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto activities, s.communities->AllActivities());
    UnixSeconds now = s.clock.Now();
    std::string lang = ctx.Query("lang");
    if (lang.empty()) lang = ctx.actor->user.language;
    if (lang != "de" && lang != "fr") lang = "en";
    community::OutcomeFigures platform = community::ComputeFigures(activities, now);
    nlohmann::json per = nlohmann::json::array();
    for (const CommunityActivity& a : activities) {
      nlohmann::json row = FiguresJson(community::ComputeFigures({a}, now));
      row["id"] = a.community_id;
      row["name"] = a.name;
      row["kind"] = Name(a.kind);
      per.push_back(row);
    }
    ctx.Json(200, {{"platform", FiguresJson(platform)},
                   {"communities", per},
                   {"report", community::PlatformReport(platform, lang)}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/figures.csv", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto activities, s.communities->AllActivities());
    ctx.res.set_header("Content-Disposition",
                       fmt::format("attachment; filename=\"cobuy-figures-{}.csv\"", FormatDay(s.clock.Now())));
    ctx.res.set_content(community::FiguresCsv(activities, s.clock.Now()), "text/csv; charset=utf-8");
    ctx.res.status = 200;
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/health", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    if (ctx.actor->user.role != Role::kPlatformAdmin)
      return PermissionDenied("only the secretariat sees every community's health");
    COBUY_ASSIGN_OR_RETURN(auto activities, s.communities->AllActivities());
    nlohmann::json items = nlohmann::json::array();
    for (const CommunityActivity& a : activities) {
      auto flags = community::EvaluateHealth(a, s.clock.Now());
      if (flags.empty()) continue;
      nlohmann::json fl = nlohmann::json::array();
      for (const auto& f : flags) fl.push_back({{"code", f.code}, {"detail", f.detail}});
      items.push_back({{"community_id", a.community_id}, {"name", a.name}, {"flags", fl}});
    }
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/market-actors", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    // Only people who can invite to an event (planners somewhere, the secretariat) list market actors.
    COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
    bool planner = caller.secretariat();
    if (!planner && !caller.market) {
      COBUY_ASSIGN_OR_RETURN(auto memberships, s.community_store->MembershipsOf(ctx.actor->user.id.value));
      for (const Membership& m : memberships) {
        planner |= community::CapabilitiesOf(caller, m).plan;
      }
    }
    if (!planner) return PermissionDenied("only a community's leader and core group can look up market actors");
    std::string q = FoldForSearch(ctx.Query("q"));
    COBUY_ASSIGN_OR_RETURN(auto orgs, s.store.ListOrganisations());
    nlohmann::json items = nlohmann::json::array();
    for (const Organisation& org : orgs) {
      COBUY_ASSIGN_OR_RETURN(auto people, s.store.ListUsers(org.id));
      for (const User& u : people) {
        bool market = u.role == Role::kMarketActor || IsMarketOrganisation(org.type);
        if (!market || u.status != UserStatus::kActive) continue;
        if (!q.empty() && FoldForSearch(u.name + " " + org.name).find(q) == std::string::npos) continue;
        items.push_back({{"id", u.id.value}, {"name", u.name}, {"organisation", org.name}});
        if (items.size() >= 50) break;
      }
    }
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/exchanges", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
    COBUY_RETURN_IF_ERROR(community::MayJoin(caller));
    COBUY_ASSIGN_OR_RETURN(auto all, s.community_store->ListExchanges());
    nlohmann::json items = nlohmann::json::array();
    for (const StaffExchange& x : all) {
      if (x.status == ExchangeStatus::kOpen || x.user_id == ctx.actor->user.id.value) items.push_back(ExchangeJson(x));
    }
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/exchanges", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    community::ExchangeInput in;
    in.kind = f.String("kind", true, 20).value_or("");
    in.topic = f.String("topic", true, 200).value_or("");
    in.description = f.String("description", false, 4000).value_or("");
    in.starts_on = f.String("starts_on", true, 10).value_or("");
    in.ends_on = f.String("ends_on", true, 10).value_or("");
    if (f.Has("community_id") && !f.IsNull("community_id")) in.community_id = f.Integer("community_id", true);
    COBUY_RETURN_IF_ERROR(f.Finish({"kind", "topic", "description", "starts_on", "ends_on", "community_id"}));
    COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, s.communities->CreateExchange(caller, in));
    COBUY_ASSIGN_OR_RETURN(StaffExchange x, s.community_store->GetExchange(id));
    ctx.Json(201, ExchangeJson(x));
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/exchanges/{id}/matches", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
    COBUY_ASSIGN_OR_RETURN(auto matches, s.communities->Matches(caller, id));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& m : matches) {
      items.push_back({{"exchange", ExchangeJson(m.exchange)},
                       {"score", m.score},
                       {"overlap_days", m.overlap_days},
                       {"shared_words", m.shared_words}});
    }
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/exchanges/{id}/match", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto with = f.Integer("with", true);
    COBUY_RETURN_IF_ERROR(f.Finish({"with"}));
    COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
    COBUY_RETURN_IF_ERROR(s.communities->Match(caller, id, *with));
    COBUY_ASSIGN_OR_RETURN(StaffExchange x, s.community_store->GetExchange(id));
    ctx.Json(200, ExchangeJson(x));
    return Status::Ok();
  });

  r.AddUpload("POST", "/api/v1/exchanges/{id}/report", [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
    COBUY_RETURN_IF_ERROR(s.communities->FileReport(caller, id, ctx.Query("filename"), ctx.req.body));
    COBUY_ASSIGN_OR_RETURN(StaffExchange x, s.community_store->GetExchange(id));
    ctx.Json(200, ExchangeJson(x));
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/me/notification-preferences", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto prefs, s.community_store->GetPreferences(ctx.actor->user.id.value));
    nlohmann::json in_app = nlohmann::json::object();
    for (const char* kind : {"mentions", "events", "membership", "health"}) in_app[kind] = false;
    for (const std::string& k : prefs.in_app) {
      if (k == "mention") in_app["mentions"] = true;
      if (k == "event_invitation") in_app["events"] = true;
      if (k == "membership") in_app["membership"] = true;
      if (k == "health") in_app["health"] = true;
    }
    ctx.Json(200, {{"digest", prefs.daily_digest ? "daily" : "off"}, {"in_app", in_app}});
    return Status::Ok();
  });

  r.Add("PUT", "/api/v1/me/notification-preferences", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto digest = f.String("digest", true, 10);
    const nlohmann::json* in_app = f.Raw("in_app");
    if (!in_app) f.Fail("in_app", "is required");
    COBUY_RETURN_IF_ERROR(f.Finish({"digest", "in_app"}));
    if (*digest != "daily" && *digest != "off") {
      return InvalidArgument(fmt::format("must be daily or off, not '{}'", *digest), "digest");
    }
    if (!in_app->is_object()) return InvalidArgument("must be an object of true/false", "in_app");
    NotificationPreferences prefs;
    prefs.daily_digest = *digest == "daily";
    prefs.in_app.clear();
    const std::pair<const char*, const char*> kinds[] = {
        {"mentions", "mention"}, {"events", "event_invitation"}, {"membership", "membership"}, {"health", "health"}};
    for (auto& [key, value] : in_app->items()) {
      auto it = std::find_if(std::begin(kinds), std::end(kinds), [&](const auto& k) { return key == k.first; });
      if (it == std::end(kinds)) return InvalidArgument("is not a notification kind", "in_app." + key);
      if (!value.is_boolean()) return InvalidArgument("must be true or false", "in_app." + key);
      if (value.get<bool>()) prefs.in_app.push_back(it->second);
    }
    COBUY_RETURN_IF_ERROR(s.community_store->SetPreferences(ctx.actor->user.id.value, prefs));
    ctx.Json(200, {{"digest", *digest}, {"in_app", *in_app}});
    return Status::Ok();
  });
}

}  // namespace cobuy::http
