// GET /healthz                   liveness
// GET /api/v1/openapi.json       the API description
// GET /api/v1/csrf               a CSRF token (and its cookie)
#include "http/router.h"

namespace cobuy::http {

void RegisterSystemRoutes(Router& r, Services&) {
  r.Add("GET", "/healthz", Access::kPublic, [](RequestContext& ctx) {
    ctx.res.status = 200;
    ctx.res.set_content(R"({"status":"ok"})", "application/json");
    return Status::Ok();
  });
  r.Add("GET", "/api/v1/openapi.json", Access::kPublic, [](RequestContext& ctx) {
    ctx.res.status = 200;
    ctx.res.set_content(std::string(OpenApiDocument()), "application/json");
    return Status::Ok();
  });
  r.Add("GET", "/api/v1/csrf", Access::kPublic, [](RequestContext& ctx) {
    std::string token = ctx.actor ? ctx.actor->session.csrf_token : ctx.Cookie(kCsrfCookie);
    if (token.empty()) token = RandomToken();
    ctx.SetCookie(kCsrfCookie, token, false, "Strict");
    ctx.Json(200, {{"csrf_token", token}});
    return Status::Ok();
  });
}

}  // namespace cobuy::http
