// The members-only workspace of a community: discussions, documents, events, work plan and
// outputs (docs/COMMUNITIES.md). Each route enters the community with the capability it
// needs (EnterCommunity) before it reads anything, and reads objects through the community,
// so an id of another community's object answers 404.
//
// GET/POST /api/v1/communities/{id}/threads                         view_workspace / contribute
// GET      /api/v1/communities/{id}/threads/{tid}                   view_workspace
// POST     /api/v1/communities/{id}/threads/{tid}/posts             contribute
// PATCH    /api/v1/communities/{id}/posts/{pid}                     its author
// GET      /api/v1/communities/{id}/posts/{pid}/versions            view_workspace
// POST     /api/v1/communities/{id}/posts/{pid}/hide                manage
// GET      /api/v1/communities/{id}/documents                       view_workspace
// POST     /api/v1/communities/{id}/documents?title=&filename=      contribute (upload)
// POST     /api/v1/communities/{id}/documents/{did}/versions?filename=   contribute (upload)
// GET      /api/v1/communities/{id}/documents/{did}/versions/{n}/download view_workspace
// GET/POST /api/v1/communities/{id}/events                          view_workspace / plan
// GET      /api/v1/communities/{id}/events/{eid}                    view_workspace, invited guest
// PATCH    /api/v1/communities/{id}/events/{eid}                    plan
// POST     /api/v1/communities/{id}/events/{eid}/invitations        plan
// POST/DELETE /api/v1/communities/{id}/events/{eid}/registration    contribute, invited guest
// PUT      /api/v1/communities/{id}/events/{eid}/attendance         plan
// GET      /api/v1/communities/{id}/work-plan                       view_workspace
// POST     /api/v1/communities/{id}/work-plan/objectives            plan
// POST     /api/v1/communities/{id}/work-plan/activities            plan
// PATCH    /api/v1/communities/{id}/work-plan/activities/{aid}      plan
// GET/POST /api/v1/communities/{id}/outputs                         view_workspace / plan
// PATCH    /api/v1/communities/{id}/outputs/{oid}                   plan (publishing: manage)
// POST     /api/v1/communities/{id}/outputs/{oid}/signatories       contribute
#include <fmt/format.h>

#include "http/handlers/community_views.h"
#include "http/json_body.h"

namespace cobuy::http {
namespace {

using community::Capability;

Status WriteThread(Services& s, RequestContext& ctx, const community::Workspace& ws, std::int64_t thread_id,
                   int status) {
  COBUY_ASSIGN_OR_RETURN(Thread t, s.community_store->GetThread(ws.community.id, thread_id));
  COBUY_ASSIGN_OR_RETURN(auto posts, s.community_store->ListPosts(t.id));
  nlohmann::json out = ThreadJson(t);
  nlohmann::json items = nlohmann::json::array();
  for (const Post& p : posts) items.push_back(PostJson(p, ws.can.manage));
  out["items"] = items;
  ctx.Json(status, out);
  return Status::Ok();
}

Status WritePost(Services& s, RequestContext& ctx, const community::Workspace& ws, std::int64_t post_id, int status) {
  COBUY_ASSIGN_OR_RETURN(Post p, s.community_store->GetPost(ws.community.id, post_id));
  ctx.Json(status, PostJson(p, ws.can.manage));
  return Status::Ok();
}

Status WriteDocument(Services& s, RequestContext& ctx, const community::Workspace& ws, std::int64_t id, int status) {
  COBUY_ASSIGN_OR_RETURN(Document d, s.community_store->GetDocument(ws.community.id, id));
  ctx.Json(status, DocumentJson(d));
  return Status::Ok();
}

Status WriteEvent(Services& s, RequestContext& ctx, std::int64_t community_id, std::int64_t id, int status) {
  COBUY_ASSIGN_OR_RETURN(Event e, s.community_store->GetEvent(community_id, id));
  ctx.Json(status, EventJson(e, ctx.actor ? ctx.actor->user.id.value : 0));
  return Status::Ok();
}

Status WriteOutput(Services& s, RequestContext& ctx, std::int64_t community_id, std::int64_t id, int status) {
  COBUY_ASSIGN_OR_RETURN(Output o, s.community_store->GetOutput(community_id, id));
  ctx.Json(status, OutputJson(o));
  return Status::Ok();
}

Result<community::EventInput> ReadEventInput(const Request& req, bool updating) {
  COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(req));
  JsonFields f(body);
  community::EventInput in;
  in.kind = f.String("kind", false, 50);
  in.title = f.String("title", false, 200);
  in.agenda = f.String("agenda", false, 20000);
  in.starts_at = f.String("starts_at", false, 40);
  in.ends_at = f.String("ends_at", false, 40);
  in.time_zone = f.String("time_zone", false, 64);
  in.place = f.String("place", false, 500);
  in.online_url = f.String("online_url", false, 500);
  if (updating) {
    in.status = f.String("status", false, 20);
    in.minutes = f.String("minutes", false, 50000);
    COBUY_RETURN_IF_ERROR(f.Finish(
        {"kind", "title", "agenda", "starts_at", "ends_at", "time_zone", "place", "online_url", "status", "minutes"}));
  } else {
    COBUY_RETURN_IF_ERROR(
        f.Finish({"kind", "title", "agenda", "starts_at", "ends_at", "time_zone", "place", "online_url"}));
  }
  return in;
}

// An optional id field that may be null (clears it).
std::optional<std::optional<std::int64_t>> NullableId(JsonFields& f, std::string_view name) {
  if (!f.Has(name)) return std::nullopt;
  if (f.IsNull(name)) return std::optional<std::int64_t>();
  auto v = f.Integer(name, true);
  return std::optional<std::int64_t>(v);
}

Result<community::ActivityInput> ReadActivityInput(const Request& req) {
  COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(req));
  JsonFields f(body);
  community::ActivityInput in;
  in.title = f.String("title", false, 500);
  in.due = f.String("due", false, 10);
  in.status = f.String("status", false, 20);
  in.objective_id = NullableId(f, "objective_id");
  in.owner_id = NullableId(f, "owner_id");
  COBUY_RETURN_IF_ERROR(f.Finish({"title", "due", "status", "objective_id", "owner_id"}));
  return in;
}

Result<community::OutputInput> ReadOutputInput(const Request& req) {
  COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(req));
  JsonFields f(body);
  community::OutputInput in;
  in.kind = f.String("kind", false, 50);
  in.title = f.String("title", false, 300);
  in.summary = f.String("summary", false, 20000);
  in.document_id = NullableId(f, "document_id");
  if (const nlohmann::json* p = f.Raw("published")) {
    if (!p->is_boolean())
      f.Fail("published", "must be true or false");
    else
      in.published = p->get<bool>();
  }
  COBUY_RETURN_IF_ERROR(f.Finish({"kind", "title", "summary", "document_id", "published"}));
  return in;
}

}  // namespace

void RegisterWorkspaceRoutes(Router& r, Services& s) {
  if (!s.communities || !s.community_store) return;
  auto& store = *s.community_store;
  auto& svc = *s.communities;

  // --- discussions ------------------------------------------------------------------------

  r.Add("GET", "/api/v1/communities/{id}/threads", Access::kSignedIn, [&s, &store](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kViewWorkspace));
    COBUY_ASSIGN_OR_RETURN(auto threads, store.ListThreads(ws.community.id));
    nlohmann::json items = nlohmann::json::array();
    for (const Thread& t : threads) items.push_back(ThreadJson(t));
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/communities/{id}/threads", Access::kSignedIn, [&s, &svc](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kContribute));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto title = f.String("title", true, 200);
    auto text = f.String("body", true, 20000);
    COBUY_RETURN_IF_ERROR(f.Finish({"title", "body", "mentions"}));
    COBUY_ASSIGN_OR_RETURN(auto mentions, IdList(body, "mentions"));
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, svc.CreateThread(ws, *title, *text, mentions));
    return WriteThread(s, ctx, ws, id, 201);
  });

  r.Add("GET", "/api/v1/communities/{id}/threads/{tid}", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kViewWorkspace));
    COBUY_ASSIGN_OR_RETURN(std::int64_t tid, ctx.IdParam(1));
    return WriteThread(s, ctx, ws, tid, 200);
  });

  r.Add("POST", "/api/v1/communities/{id}/threads/{tid}/posts", Access::kSignedIn,
        [&s, &svc](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kContribute));
          COBUY_ASSIGN_OR_RETURN(std::int64_t tid, ctx.IdParam(1));
          COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
          JsonFields f(body);
          auto text = f.String("body", true, 20000);
          COBUY_RETURN_IF_ERROR(f.Finish({"body", "mentions"}));
          COBUY_ASSIGN_OR_RETURN(auto mentions, IdList(body, "mentions"));
          COBUY_ASSIGN_OR_RETURN(std::int64_t id, svc.Reply(ws, tid, *text, mentions));
          return WritePost(s, ctx, ws, id, 201);
        });

  r.Add("PATCH", "/api/v1/communities/{id}/posts/{pid}", Access::kSignedIn, [&s, &svc](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kContribute));
    COBUY_ASSIGN_OR_RETURN(std::int64_t pid, ctx.IdParam(1));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto text = f.String("body", true, 20000);
    COBUY_RETURN_IF_ERROR(f.Finish({"body"}));
    COBUY_RETURN_IF_ERROR(svc.EditPost(ws, pid, *text));
    return WritePost(s, ctx, ws, pid, 200);
  });

  r.Add("GET", "/api/v1/communities/{id}/posts/{pid}/versions", Access::kSignedIn,
        [&s, &store](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kViewWorkspace));
          COBUY_ASSIGN_OR_RETURN(std::int64_t pid, ctx.IdParam(1));
          COBUY_ASSIGN_OR_RETURN(Post p, store.GetPost(ws.community.id, pid));
          if (p.hidden && !ws.can.manage) return NotFound("no such post");
          COBUY_ASSIGN_OR_RETURN(auto versions, store.PostVersions(p.id));
          nlohmann::json items = nlohmann::json::array();
          for (const auto& [text, at] : versions) items.push_back({{"body", text}, {"at", FormatTimestamp(at)}});
          ctx.Json(200, {{"items", items}});
          return Status::Ok();
        });

  r.Add("POST", "/api/v1/communities/{id}/posts/{pid}/hide", Access::kSignedIn,
        [&s, &svc](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kManage));
          COBUY_ASSIGN_OR_RETURN(std::int64_t pid, ctx.IdParam(1));
          COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
          JsonFields f(body);
          auto reason = f.String("reason", true, 500);
          COBUY_RETURN_IF_ERROR(f.Finish({"reason"}));
          COBUY_RETURN_IF_ERROR(svc.HidePost(ws, pid, *reason));
          return WritePost(s, ctx, ws, pid, 200);
        });

  // --- documents --------------------------------------------------------------------------

  r.Add("GET", "/api/v1/communities/{id}/documents", Access::kSignedIn, [&s, &store](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kViewWorkspace));
    COBUY_ASSIGN_OR_RETURN(int offset, QueryInt(ctx, "offset", 0, 0, 100000000));
    COBUY_ASSIGN_OR_RETURN(int limit, QueryInt(ctx, "limit", 50, 1, 100));
    COBUY_ASSIGN_OR_RETURN(auto page, store.ListDocuments(ws.community.id, offset, limit));
    nlohmann::json items = nlohmann::json::array();
    for (const Document& d : page.first) items.push_back(DocumentJson(d));
    ctx.Json(200, {{"total", page.second}, {"offset", offset}, {"limit", limit}, {"items", items}});
    return Status::Ok();
  });

  r.AddUpload("POST", "/api/v1/communities/{id}/documents", [&s, &svc](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kContribute));
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, svc.Upload(ws, ctx.Query("title"), ctx.Query("filename"), ctx.req.body));
    return WriteDocument(s, ctx, ws, id, 201);
  });

  r.AddUpload("POST", "/api/v1/communities/{id}/documents/{did}/versions", [&s, &svc](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kContribute));
    COBUY_ASSIGN_OR_RETURN(std::int64_t did, ctx.IdParam(1));
    COBUY_RETURN_IF_ERROR(svc.UploadVersion(ws, did, ctx.Query("filename"), ctx.req.body).status());
    return WriteDocument(s, ctx, ws, did, 201);
  });

  // Files are always attachments, typed by the server, sandboxed: never active content.
  r.Add("GET", "/api/v1/communities/{id}/documents/{did}/versions/{n}/download", Access::kSignedIn,
        [&s, &store](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kViewWorkspace));
          COBUY_ASSIGN_OR_RETURN(std::int64_t did, ctx.IdParam(1));
          COBUY_ASSIGN_OR_RETURN(std::int64_t n, ctx.IdParam(2));
          if (n > 1000000) return NotFound("no such document version");
          COBUY_ASSIGN_OR_RETURN(auto file, store.ReadDocument(ws.community.id, did, static_cast<int>(n)));
          const DocumentVersion& v = file.first;
          std::string ascii;
          for (unsigned char c : v.filename) ascii += c < 0x80 && c != '"' && c != '\\' ? static_cast<char>(c) : '_';
          std::string encoded;
          for (unsigned char c : v.filename) {
            if (std::isalnum(c) || c == '.' || c == '-' || c == '_')
              encoded += static_cast<char>(c);
            else
              encoded += fmt::format("%{:02X}", c);
          }
          ctx.res.set_header("Content-Disposition",
                             fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii, encoded));
          ctx.res.headers.erase("Content-Security-Policy");  // replaces the app's default policy
          ctx.res.set_header("Content-Security-Policy", "sandbox; default-src 'none'");
          ctx.res.set_header("X-Checksum-SHA256", v.sha256);
          ctx.res.set_header("Cache-Control", "private, no-store");
          // The one copy read from the store is written as it is (the server does not copy a body).
          ctx.res.set_content(std::move(file.second), v.media_type);
          ctx.res.status = 200;
          return Status::Ok();
        });

  // --- events -----------------------------------------------------------------------------

  r.Add("GET", "/api/v1/communities/{id}/events", Access::kSignedIn, [&s, &store](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kViewWorkspace));
    COBUY_ASSIGN_OR_RETURN(auto events, store.ListEvents(ws.community.id));
    nlohmann::json items = nlohmann::json::array();
    for (const Event& e : events) items.push_back(EventJson(e, ws.user_id()));
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/communities/{id}/events", Access::kSignedIn, [&s, &svc](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kPlan));
    COBUY_ASSIGN_OR_RETURN(auto in, ReadEventInput(ctx.req, false));
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, svc.CreateEvent(ws, in));
    return WriteEvent(s, ctx, ws.community.id, id, 201);
  });

  r.Add("GET", "/api/v1/communities/{id}/events/{eid}", Access::kSignedIn, [&s, &svc](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_ASSIGN_OR_RETURN(std::int64_t eid, ctx.IdParam(1));
    COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
    COBUY_ASSIGN_OR_RETURN(Event e, svc.EventFor(caller, id, eid));
    ctx.Json(200, EventJson(e, ctx.actor->user.id.value));
    return Status::Ok();
  });

  r.Add("PATCH", "/api/v1/communities/{id}/events/{eid}", Access::kSignedIn, [&s, &svc](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kPlan));
    COBUY_ASSIGN_OR_RETURN(std::int64_t eid, ctx.IdParam(1));
    COBUY_ASSIGN_OR_RETURN(auto in, ReadEventInput(ctx.req, true));
    COBUY_RETURN_IF_ERROR(svc.UpdateEvent(ws, eid, in));
    return WriteEvent(s, ctx, ws.community.id, eid, 200);
  });

  r.Add("POST", "/api/v1/communities/{id}/events/{eid}/invitations", Access::kSignedIn,
        [&s, &svc](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kPlan));
          COBUY_ASSIGN_OR_RETURN(std::int64_t eid, ctx.IdParam(1));
          COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
          JsonFields f(body);
          COBUY_RETURN_IF_ERROR(f.Finish({"user_ids"}));
          COBUY_ASSIGN_OR_RETURN(auto ids, IdList(body, "user_ids"));
          COBUY_RETURN_IF_ERROR(svc.InviteToEvent(ws, eid, ids));
          return WriteEvent(s, ctx, ws.community.id, eid, 200);
        });

  for (const char* method : {"POST", "DELETE"}) {
    bool registering = std::string_view(method) == "POST";
    r.Add(method, "/api/v1/communities/{id}/events/{eid}/registration", Access::kSignedIn,
          [&s, &svc, registering](RequestContext& ctx) -> Status {
            COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
            COBUY_ASSIGN_OR_RETURN(std::int64_t eid, ctx.IdParam(1));
            COBUY_ASSIGN_OR_RETURN(auto caller, CommunityCaller(s, ctx));
            COBUY_RETURN_IF_ERROR(svc.Register(caller, id, eid, registering));
            return WriteEvent(s, ctx, id, eid, 200);
          });
  }

  r.Add("PUT", "/api/v1/communities/{id}/events/{eid}/attendance", Access::kSignedIn,
        [&s, &svc](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kPlan));
          COBUY_ASSIGN_OR_RETURN(std::int64_t eid, ctx.IdParam(1));
          COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
          JsonFields f(body);
          if (!f.Has("attended")) f.Fail("attended", "is required");
          COBUY_RETURN_IF_ERROR(f.Finish({"attended"}));
          COBUY_ASSIGN_OR_RETURN(auto ids, IdList(body, "attended"));
          COBUY_RETURN_IF_ERROR(svc.SetAttendance(ws, eid, ids));
          return WriteEvent(s, ctx, ws.community.id, eid, 200);
        });

  // --- work plan ----------------------------------------------------------------------------

  r.Add("GET", "/api/v1/communities/{id}/work-plan", Access::kSignedIn, [&s, &store](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kViewWorkspace));
    COBUY_ASSIGN_OR_RETURN(auto plan, store.GetWorkPlan(ws.community.id));
    nlohmann::json objectives = nlohmann::json::array(), activities = nlohmann::json::array();
    for (const Objective& o : plan.first) {
      objectives.push_back({{"id", o.id}, {"title", o.title}, {"ambition", Name(o.ambition)}});
    }
    for (const Activity& a : plan.second) {
      activities.push_back(
          {{"id", a.id},
           {"objective_id", a.objective_id ? nlohmann::json(*a.objective_id) : nlohmann::json(nullptr)},
           {"title", a.title},
           {"owner",
            a.owner_id ? nlohmann::json{{"id", *a.owner_id}, {"name", a.owner_name}} : nlohmann::json(nullptr)},
           {"due", a.due},
           {"status", Name(a.status)}});
    }
    ctx.Json(200, {{"objectives", objectives}, {"activities", activities}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/communities/{id}/work-plan/objectives", Access::kSignedIn,
        [&s, &svc](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kPlan));
          COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
          JsonFields f(body);
          auto title = f.String("title", true, 500);
          auto ambition = f.String("ambition", false, 20);
          COBUY_RETURN_IF_ERROR(f.Finish({"title", "ambition"}));
          std::string level = ambition.value_or("medium");
          COBUY_ASSIGN_OR_RETURN(std::int64_t id, svc.AddObjective(ws, *title, level));
          ctx.Json(201, {{"id", id}, {"title", *title}, {"ambition", level}});
          return Status::Ok();
        });

  r.Add("POST", "/api/v1/communities/{id}/work-plan/activities", Access::kSignedIn,
        [&s, &svc](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kPlan));
          COBUY_ASSIGN_OR_RETURN(auto in, ReadActivityInput(ctx.req));
          COBUY_ASSIGN_OR_RETURN(std::int64_t id, svc.AddActivity(ws, in));
          ctx.Json(201, {{"id", id}});
          return Status::Ok();
        });

  r.Add("PATCH", "/api/v1/communities/{id}/work-plan/activities/{aid}", Access::kSignedIn,
        [&s, &svc](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kPlan));
          COBUY_ASSIGN_OR_RETURN(std::int64_t aid, ctx.IdParam(1));
          COBUY_ASSIGN_OR_RETURN(auto in, ReadActivityInput(ctx.req));
          COBUY_RETURN_IF_ERROR(svc.UpdateActivity(ws, aid, in));
          ctx.Json(200, {{"id", aid}});
          return Status::Ok();
        });

  // --- outputs ----------------------------------------------------------------------------

  r.Add("GET", "/api/v1/communities/{id}/outputs", Access::kSignedIn, [&s, &store](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kViewWorkspace));
    COBUY_ASSIGN_OR_RETURN(auto outputs, store.ListOutputs(ws.community.id, false));
    nlohmann::json items = nlohmann::json::array();
    for (const Output& o : outputs) items.push_back(OutputJson(o));
    ctx.Json(200, {{"items", items}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/communities/{id}/outputs", Access::kSignedIn, [&s, &svc](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kPlan));
    COBUY_ASSIGN_OR_RETURN(auto in, ReadOutputInput(ctx.req));
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, svc.AddOutput(ws, in));
    return WriteOutput(s, ctx, ws.community.id, id, 201);
  });

  r.Add("PATCH", "/api/v1/communities/{id}/outputs/{oid}", Access::kSignedIn,
        [&s, &svc](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kPlan));
          COBUY_ASSIGN_OR_RETURN(std::int64_t oid, ctx.IdParam(1));
          COBUY_ASSIGN_OR_RETURN(auto in, ReadOutputInput(ctx.req));
          COBUY_RETURN_IF_ERROR(svc.UpdateOutput(ws, oid, in));
          return WriteOutput(s, ctx, ws.community.id, oid, 200);
        });

  r.Add("POST", "/api/v1/communities/{id}/outputs/{oid}/signatories", Access::kSignedIn,
        [&s, &svc](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(auto ws, EnterCommunity(s, ctx, Capability::kContribute));
          COBUY_ASSIGN_OR_RETURN(std::int64_t oid, ctx.IdParam(1));
          COBUY_RETURN_IF_ERROR(svc.Sign(ws, oid));
          return WriteOutput(s, ctx, ws.community.id, oid, 200);
        });
}

}  // namespace cobuy::http
