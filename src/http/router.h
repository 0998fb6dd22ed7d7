// The thin layer between the HTTP server (server.cc, on Boost.Beast) and Cobuy's handlers.
//
// A Route names a method, a path pattern ("/api/v1/organisations/{id}"), who may call it,
// and a Handler. Every route goes through the same wrapper (see server.cc): it identifies
// the caller from the session cookie, enforces sign-in and CSRF, requires JSON bodies, turns
// a failed Status into an RFC 9457 problem, and catches what escapes as a 500.
//
// Thread-safety: routes are built once before serving; handlers run concurrently and must
// only touch thread-safe services.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "http/message.h"

#include "accounts/accounts.h"
#include "community/communities.h"
#include "core/clock.h"
#include "core/status.h"
#include "refdata/cpv_index.h"
#include "search/search.h"
#include "store/community_store.h"
#include "store/register_store.h"
#include "store/store.h"

namespace cobuy::needs {
class Needs;
}
namespace cobuy::market {
class Market;
}

namespace cobuy::http {

// What handlers work with. Owned by the caller of Server; outlives it.
struct Services {
  Store& store;
  Accounts& accounts;
  const CpvIndex& cpv;
  const Clock& clock;
  RegisterStore& reg;
  // The register's search index; null when it could not be opened (search answers 503).
  const search::SearchIndex* search = nullptr;
  // Communities and their workspaces; null when not set up (their routes are not registered).
  community::Communities* communities = nullptr;
  CommunityStore* community_store = nullptr;
  // Needs assessments and group formation; null when not set up (their routes are not registered).
  needs::Needs* needs = nullptr;
  // The pipeline, opportunities and market views; null when not set up (routes not registered).
  market::Market* market = nullptr;
};

enum class Access { kPublic, kSignedIn };

class RequestContext {
 public:
  RequestContext(const Request& req, Response& res, std::vector<std::string> params, bool secure)
      : req(req), res(res), params_(std::move(params)), secure_(secure) {}

  const Request& req;
  Response& res;
  const Actor* actor = nullptr;  // the signed-in caller, or null
  std::string address;           // the client's address

  // The i-th {placeholder} of the route's path, in order.
  const std::string& Param(size_t i) const { return params_.at(i); }
  // A path placeholder as a positive id; kNotFound when it is not one.
  Result<std::int64_t> IdParam(size_t i) const;
  std::string Query(const std::string& name) const { return req.get_param_value(name); }
  // A cookie of Cobuy's by its plain name ("cobuy_csrf"): with secure cookies it is sent
  // as "__Host-cobuy_csrf" (see CookieName).
  std::string Cookie(std::string_view name) const;
  // The name a cookie has on the wire: "__Host-" + name with secure cookies (the browser then
  // keeps it to this host, Path=/ and HTTPS), the plain name otherwise.
  std::string CookieName(std::string_view name) const;

  // Set-Cookie with the attributes Cobuy uses. http_only for the session cookie.
  void SetCookie(std::string_view name, std::string_view value, bool http_only, std::string_view same_site,
                 long max_age_seconds = -1);
  void ClearCookie(std::string_view name, bool http_only, std::string_view same_site);
  void Json(int status, const nlohmann::json& body);
  void NoContent() { res.status = 204; }

 private:
  std::vector<std::string> params_;
  bool secure_;
};

using Handler = std::function<Status(RequestContext&)>;

struct Route {
  std::string method;  // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::string path;    // "/api/v1/organisations/{id}"
  Access access = Access::kPublic;
  Handler handler;
  // The body is a file's bytes (any Content-Type, up to ServerOptions::max_upload_bytes), not JSON.
  bool upload = false;
};

class Router {
 public:
  void Add(std::string method, std::string path, Access access, Handler handler) {
    routes_.push_back({std::move(method), std::move(path), access, std::move(handler)});
  }
  void AddUpload(std::string method, std::string path, Handler handler) {
    routes_.push_back({std::move(method), std::move(path), Access::kSignedIn, std::move(handler), true});
  }
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Every route of the API, registered by the handler files (one per resource).
Router BuildApiRouter(Services& services);

// The query parameter `name` as a whole number from min to max (`fallback` when absent);
// kInvalidArgument naming the parameter otherwise.
Result<int> QueryInt(const RequestContext& ctx, const std::string& name, int fallback, int min, int max);
// `status` as it is, with a Retry-After header of `seconds()` when it says to come back later
// (kResourceExhausted: a throttle); `seconds` is only asked then.
template <typename Seconds>
Status WithRetryAfter(RequestContext& ctx, Status status, Seconds seconds) {
  if (status.code() == StatusCode::kResourceExhausted) ctx.res.set_header("Retry-After", std::to_string(seconds()));
  return status;
}
// The language answers are written in: ?lang=, else the caller's, else English.
std::string LangOf(const RequestContext& ctx);

void RegisterSystemRoutes(Router& r, Services& s);
void RegisterSessionRoutes(Router& r, Services& s);
void RegisterOrganisationRoutes(Router& r, Services& s);
void RegisterInvitationRoutes(Router& r, Services& s);
void RegisterReferenceRoutes(Router& r, Services& s);
void RegisterContractRoutes(Router& r, Services& s);
void RegisterSearchRoutes(Router& r, Services& s);
void RegisterCommunityRoutes(Router& r, Services& s);
void RegisterWorkspaceRoutes(Router& r, Services& s);
void RegisterAssessmentRoutes(Router& r, Services& s);
void RegisterMarketRoutes(Router& r, Services& s);

// The OpenAPI document served at /api/v1/openapi.json (embedded at build time).
std::string_view OpenApiDocument();

inline constexpr std::string_view kSessionCookie = "cobuy_session";
inline constexpr std::string_view kCsrfCookie = "cobuy_csrf";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

}  // namespace cobuy::http
