// GET   /api/v1/organisation-types
// GET   /api/v1/organisations
// POST  /api/v1/organisations                                       (secretariat)
// GET   /api/v1/organisations/{id}
// PATCH /api/v1/organisations/{id}                                  (its admins, secretariat)
// GET   /api/v1/organisations/{id}/people                           (its members, secretariat)
// POST  /api/v1/organisations/{id}/invitations                      (its admins, secretariat)
// POST  /api/v1/organisations/{id}/people/{user_id}/approve         (its admins, secretariat)
// POST  /api/v1/organisations/{id}/people/{user_id}/decline         (its admins, secretariat)
// POST  /api/v1/organisations/{id}/people/{user_id}/disable         (its admins, secretariat)
// POST  /api/v1/organisations/{id}/people/{user_id}/enable          (its admins, secretariat)
// DELETE /api/v1/organisations/{id}/people/{user_id}                (its admins, secretariat)
// GET   /api/v1/identifier-claims                                   (secretariat)
// POST  /api/v1/identifier-claims/approve                           (secretariat)
// POST  /api/v1/identifier-claims/decline                           (secretariat)
#include <fmt/format.h>

#include "http/json_body.h"
#include "http/router.h"
#include "http/views.h"

namespace cobuy::http {
namespace {

std::optional<std::vector<Identifier>> ReadIdentifiers(JsonFields& f) {
  const nlohmann::json* raw = f.Raw("identifiers");
  if (!raw || !f.status().ok()) return std::nullopt;
  if (!raw->is_array()) {
    f.Fail("identifiers", fmt::format("must be an array, not {}", JsonTypeName(*raw)));
    return std::nullopt;
  }
  std::vector<Identifier> out;
  for (size_t i = 0; i < raw->size(); ++i) {
    const auto& item = (*raw)[i];
    std::string prefix = fmt::format("identifiers[{}].", i);
    if (!item.is_object()) {
      f.Fail(fmt::format("identifiers[{}]", i), fmt::format("must be an object, not {}", JsonTypeName(item)));
      return std::nullopt;
    }
    JsonFields sub(item, prefix);
    auto scheme = sub.String("scheme", true, 64);
    auto id = sub.String("id", true, 128);
    // "status" is the server's (pending or approved); a client may send back what it read.
    Status st = sub.Finish({"scheme", "id", "status"});
    if (!st.ok()) {
      f.Fail(st.field().substr(f.FieldName("").size()), st.message());
      return std::nullopt;
    }
    out.push_back({*scheme, *id});
  }
  return out;
}

Status ReadOrganisationFields(JsonFields& f, OrganisationChanges& c) {
  c.name = f.String("name", false, 200);
  c.type = f.String("type", false, 64);
  c.country = f.String("country", false, 2);
  c.nuts = f.String("nuts", false, 16);
  c.identifiers = ReadIdentifiers(f);
  if (f.Has("annual_budget_eur")) {
    if (f.IsNull("annual_budget_eur")) {
      c.annual_budget_eur = std::optional<double>();
    } else if (auto v = f.Number("annual_budget_eur", false)) {
      c.annual_budget_eur = v;
    }
  }
  return f.Finish({"name", "type", "country", "nuts", "identifiers", "annual_budget_eur"});
}

// {"organisation_id": 3, "scheme": "FR-RCS", "id": "..."}: one organisation's claim.
Status ReadClaim(RequestContext& ctx, OrganisationId& org, Identifier& identifier) {
  COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
  JsonFields f(body);
  auto org_id = f.Integer("organisation_id", true);
  auto scheme = f.String("scheme", true, 64);
  auto id = f.String("id", true, 128);
  COBUY_RETURN_IF_ERROR(f.Finish({"organisation_id", "scheme", "id"}));
  org = OrganisationId(*org_id);
  identifier = {*scheme, *id};
  return Status::Ok();
}

Result<OrganisationId> OrgParam(RequestContext& ctx) {
  COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
  return OrganisationId(id);
}

}  // namespace

void RegisterOrganisationRoutes(Router& r, Services& s) {
  r.Add("GET", "/api/v1/organisation-types", Access::kPublic, [](RequestContext& ctx) -> Status {
    nlohmann::json types = nlohmann::json::array();
    for (OrganisationType t : AllOrganisationTypes()) types.push_back(OrganisationTypeName(t));
    ctx.Json(200, {{"types", types}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/organisations", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto orgs, s.store.ListOrganisations());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& o : orgs) list.push_back(OrganisationSummaryJson(o, s.accounts));
    ctx.Json(200, {{"organisations", list}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/organisations", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    if (ctx.actor->user.role != Role::kPlatformAdmin) {
      return PermissionDenied("only the secretariat can create organisations");
    }
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    OrganisationChanges c;
    COBUY_RETURN_IF_ERROR(ReadOrganisationFields(f, c));
    if (!c.name) return InvalidArgument("is required", "name");
    if (!c.type) return InvalidArgument("is required", "type");
    if (!c.country) return InvalidArgument("is required", "country");
    NewOrganisation in{*c.name, *c.type, *c.country, c.nuts.value_or(""), c.identifiers.value_or(std::vector<Identifier>{}),
                       c.annual_budget_eur.value_or(std::nullopt)};
    COBUY_ASSIGN_OR_RETURN(Organisation org, s.accounts.CreateOrganisation(ctx.actor, in));
    ctx.res.set_header("Location", fmt::format("/api/v1/organisations/{}", org.id.value));
    ctx.Json(201, OrganisationJson(org, s.accounts));
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/organisations/{id}", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(OrganisationId id, OrgParam(ctx));
    COBUY_ASSIGN_OR_RETURN(Organisation org, s.store.GetOrganisation(id));
    ctx.Json(200, OrganisationJson(org, s.accounts));
    return Status::Ok();
  });

  r.Add("PATCH", "/api/v1/organisations/{id}", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(OrganisationId id, OrgParam(ctx));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    OrganisationChanges c;
    COBUY_RETURN_IF_ERROR(ReadOrganisationFields(f, c));
    COBUY_ASSIGN_OR_RETURN(Organisation org, s.accounts.UpdateOrganisation(*ctx.actor, id, c));
    ctx.Json(200, OrganisationJson(org, s.accounts));
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/organisations/{id}/people", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(OrganisationId id, OrgParam(ctx));
    COBUY_ASSIGN_OR_RETURN(auto people, s.accounts.ListPeople(*ctx.actor, id));
    nlohmann::json list = nlohmann::json::array();
    for (const auto& u : people) list.push_back(PersonJson(u));
    ctx.Json(200, {{"people", list}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/organisations/{id}/invitations", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(OrganisationId id, OrgParam(ctx));
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto email = f.String("email", true, 254);
    auto role = f.String("role", true, 32);
    COBUY_RETURN_IF_ERROR(f.Finish({"email", "role"}));
    COBUY_ASSIGN_OR_RETURN(CreatedInvitation inv, s.accounts.Invite(*ctx.actor, id, *email, *role));
    ctx.Json(201, {{"id", inv.invitation.id.value},
                   {"email", inv.invitation.email},
                   {"role", RoleName(inv.invitation.role)},
                   {"expires_at", FormatTimestamp(inv.invitation.expires_at)}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/organisations/{id}/people/{user_id}/approve", Access::kSignedIn,
        [&s](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(OrganisationId id, OrgParam(ctx));
          COBUY_ASSIGN_OR_RETURN(std::int64_t uid, ctx.IdParam(1));
          COBUY_ASSIGN_OR_RETURN(User u, s.accounts.Approve(*ctx.actor, id, UserId(uid)));
          ctx.Json(200, PersonJson(u));
          return Status::Ok();
        });

  r.Add("POST", "/api/v1/organisations/{id}/people/{user_id}/decline", Access::kSignedIn,
        [&s](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(OrganisationId id, OrgParam(ctx));
          COBUY_ASSIGN_OR_RETURN(std::int64_t uid, ctx.IdParam(1));
          COBUY_RETURN_IF_ERROR(s.accounts.Decline(*ctx.actor, id, UserId(uid)));
          ctx.NoContent();
          return Status::Ok();
        });

  for (const bool disable : {true, false}) {
    r.Add("POST",
          disable ? "/api/v1/organisations/{id}/people/{user_id}/disable"
                  : "/api/v1/organisations/{id}/people/{user_id}/enable",
          Access::kSignedIn, [&s, disable](RequestContext& ctx) -> Status {
            COBUY_ASSIGN_OR_RETURN(OrganisationId id, OrgParam(ctx));
            COBUY_ASSIGN_OR_RETURN(std::int64_t uid, ctx.IdParam(1));
            COBUY_ASSIGN_OR_RETURN(User u, s.accounts.SetDisabled(ctx.actor, id, UserId(uid), disable));
            ctx.Json(200, PersonJson(u));
            return Status::Ok();
          });
  }

  r.Add("DELETE", "/api/v1/organisations/{id}/people/{user_id}", Access::kSignedIn,
        [&s](RequestContext& ctx) -> Status {
          COBUY_ASSIGN_OR_RETURN(OrganisationId id, OrgParam(ctx));
          COBUY_ASSIGN_OR_RETURN(std::int64_t uid, ctx.IdParam(1));
          COBUY_RETURN_IF_ERROR(s.accounts.RemovePerson(ctx.actor, id, UserId(uid)));
          ctx.NoContent();
          return Status::Ok();
        });

  r.Add("GET", "/api/v1/identifier-claims", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto claims, s.accounts.ListIdentifierClaims(*ctx.actor));
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : claims) {
      list.push_back({{"organisation", {{"id", c.organisation.value}, {"name", c.organisation_name}}},
                      {"scheme", c.identifier.scheme},
                      {"id", c.identifier.id},
                      {"register_name", c.register_name}});
    }
    ctx.Json(200, {{"claims", list}});
    return Status::Ok();
  });

  for (const bool approve : {true, false}) {
    r.Add("POST", approve ? "/api/v1/identifier-claims/approve" : "/api/v1/identifier-claims/decline",
          Access::kSignedIn, [&s, approve](RequestContext& ctx) -> Status {
            OrganisationId org;
            Identifier identifier;
            COBUY_RETURN_IF_ERROR(ReadClaim(ctx, org, identifier));
            COBUY_RETURN_IF_ERROR(s.accounts.DecideIdentifierClaim(*ctx.actor, org, identifier, approve));
            ctx.NoContent();
            return Status::Ok();
          });
  }
}

}  // namespace cobuy::http
