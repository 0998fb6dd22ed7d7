// POST /api/v1/signup                          self sign-up, approved by the org's admin
// POST /api/v1/signup/{token}/confirm           confirm the sign-up's e-mail address
// GET  /api/v1/invitations/{token}             what an invitation offers
// POST /api/v1/invitations/{token}/accept      create the account it offers
#include "http/json_body.h"
#include "http/router.h"
#include "http/views.h"

namespace cobuy::http {

void RegisterInvitationRoutes(Router& r, Services& s) {
  r.Add("POST", "/api/v1/signup", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto email = f.String("email", true, 254);
    auto name = f.String("name", true, 200);
    auto password = f.String("password", true, 1024);
    auto org = f.Integer("organisation_id", true);
    COBUY_RETURN_IF_ERROR(f.Finish({"email", "name", "password", "organisation_id"}));
    COBUY_RETURN_IF_ERROR(WithRetryAfter(ctx,
                                         s.accounts.SignUp(*email, *name, *password, OrganisationId(*org), ctx.address),
                                         [&] { return s.accounts.RequestRetryAfter(ctx.address); }));
    ctx.Json(202, {{"status", "unconfirmed"}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/signup/{token}/confirm", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_RETURN_IF_ERROR(s.accounts.ConfirmEmail(ctx.Param(0)));
    ctx.Json(200, {{"status", "pending"}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/invitations/{token}", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(InvitationView v, s.accounts.GetInvitation(ctx.Param(0)));
    ctx.Json(200, {{"email", v.invitation.email},
                   {"role", RoleName(v.invitation.role)},
                   {"organisation", {{"id", v.organisation.id.value}, {"name", v.organisation.name}}},
                   {"expires_at", FormatTimestamp(v.invitation.expires_at)}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/invitations/{token}/accept", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto name = f.String("name", true, 200);
    auto password = f.String("password", true, 1024);
    COBUY_RETURN_IF_ERROR(f.Finish({"name", "password"}));
    COBUY_ASSIGN_OR_RETURN(User u, s.accounts.AcceptInvitation(ctx.Param(0), *name, *password));
    ctx.Json(201, PersonJson(u));
    return Status::Ok();
  });
}

}  // namespace cobuy::http
