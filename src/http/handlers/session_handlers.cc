// POST   /api/v1/session   sign in
// DELETE /api/v1/session   sign out
// GET    /api/v1/me        who is signed in
// PATCH  /api/v1/me        change one's name or language
// POST   /api/v1/me/password          change one's password (the other sessions end)
// DELETE /api/v1/me/sessions          sign out everywhere
// POST   /api/v1/password-reset       e-mail a reset link (same answer for any address)
// POST   /api/v1/password-reset/{token}  set a new password with the link's token
#include <fmt/format.h>

#include "http/json_body.h"
#include "http/problem.h"
#include "http/router.h"
#include "http/views.h"

namespace cobuy::http {

void RegisterSessionRoutes(Router& r, Services& s) {
  r.Add("POST", "/api/v1/session", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto email = f.String("email", true, 254);
    auto password = f.String("password", true, 1024);
    COBUY_RETURN_IF_ERROR(f.Finish({"email", "password"}));
    auto result = s.accounts.SignIn(*email, *password, ctx.address);
    if (!result.ok()) {
      return WithRetryAfter(ctx, result.status(), [&] { return s.accounts.RetryAfter(*email, ctx.address); });
    }
    COBUY_ASSIGN_OR_RETURN(Organisation org, s.store.GetOrganisation(result->user.organisation));
    const long lifetime = static_cast<long>(result->session.expires_at - result->session.created_at);
    ctx.SetCookie(kSessionCookie, result->token, true, "Lax", lifetime);
    ctx.SetCookie(kCsrfCookie, result->session.csrf_token, false, "Strict", lifetime);
    ctx.Json(200, MeJson(result->user, org, result->session.csrf_token, s.accounts));
    return Status::Ok();
  });

  r.Add("DELETE", "/api/v1/session", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_RETURN_IF_ERROR(s.accounts.SignOut(ctx.Cookie(kSessionCookie), ctx.address));
    ctx.ClearCookie(kSessionCookie, true, "Lax");
    ctx.SetCookie(kCsrfCookie, RandomToken(), false, "Strict");
    ctx.NoContent();
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/me/password", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto current = f.String("current_password", true, 1024);
    auto next = f.String("new_password", true, 1024);
    COBUY_RETURN_IF_ERROR(f.Finish({"current_password", "new_password"}));
    COBUY_RETURN_IF_ERROR(WithRetryAfter(ctx, s.accounts.ChangePassword(*ctx.actor, *current, *next), [&] {
      return s.accounts.RetryAfter(ctx.actor->user.email, ctx.actor->session.address);
    }));
    ctx.NoContent();
    return Status::Ok();
  });

  r.Add("DELETE", "/api/v1/me/sessions", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_RETURN_IF_ERROR(s.accounts.SignOutEverywhere(*ctx.actor));
    ctx.ClearCookie(kSessionCookie, true, "Lax");
    ctx.SetCookie(kCsrfCookie, RandomToken(), false, "Strict");
    ctx.NoContent();
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/password-reset", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto email = f.String("email", true, 254);
    COBUY_RETURN_IF_ERROR(f.Finish({"email"}));
    COBUY_RETURN_IF_ERROR(WithRetryAfter(ctx, s.accounts.RequestPasswordReset(*email, ctx.address),
                                         [&] { return s.accounts.RequestRetryAfter(ctx.address); }));
    ctx.Json(202, {{"status", "sent"}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/password-reset/{token}", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto password = f.String("password", true, 1024);
    COBUY_RETURN_IF_ERROR(f.Finish({"password"}));
    COBUY_RETURN_IF_ERROR(s.accounts.ResetPassword(ctx.Param(0), *password, ctx.address));
    ctx.NoContent();
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/me", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(Organisation org, s.store.GetOrganisation(ctx.actor->user.organisation));
    ctx.Json(200, MeJson(ctx.actor->user, org, ctx.actor->session.csrf_token, s.accounts));
    return Status::Ok();
  });

  r.Add("PATCH", "/api/v1/me", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto name = f.String("name", false, 200);
    auto language = f.String("language", false, 8);
    COBUY_RETURN_IF_ERROR(f.Finish({"name", "language"}));
    COBUY_ASSIGN_OR_RETURN(User user, s.accounts.UpdateProfile(*ctx.actor, name, language));
    COBUY_ASSIGN_OR_RETURN(Organisation org, s.store.GetOrganisation(user.organisation));
    ctx.Json(200, MeJson(user, org, ctx.actor->session.csrf_token, s.accounts));
    return Status::Ok();
  });
}

}  // namespace cobuy::http
