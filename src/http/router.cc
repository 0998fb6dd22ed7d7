#include "http/router.h"

#include <fmt/format.h>

#include "http/problem.h"

namespace cobuy::http {

Result<std::int64_t> RequestContext::IdParam(size_t i) const {
  const std::string& s = Param(i);
  std::int64_t v = 0;
  if (s.empty() || s.size() > 18) return NotFound(fmt::format("'{}' is not an id", s));
  for (char c : s) {
    if (c < '0' || c > '9') return NotFound(fmt::format("'{}' is not an id", s));
    v = v * 10 + (c - '0');
  }
  if (v <= 0) return NotFound(fmt::format("'{}' is not an id", s));
  return v;
}

std::string RequestContext::CookieName(std::string_view name) const {
  return secure_ ? "__Host-" + std::string(name) : std::string(name);
}

std::string RequestContext::Cookie(std::string_view plain_name) const {
  const std::string name = CookieName(plain_name);
  // Cookie: a=1; b=2
  auto range = req.headers.equal_range("Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    std::string_view h = it->second;
    while (!h.empty()) {
      size_t semi = h.find(';');
      std::string_view pair = h.substr(0, semi);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
      if (semi == std::string_view::npos) break;
      h.remove_prefix(semi + 1);
    }
  }
  return {};
}

void RequestContext::SetCookie(std::string_view name, std::string_view value, bool http_only,
                               std::string_view same_site, long max_age_seconds) {
  std::string c = fmt::format("{}={}; Path=/; SameSite={}", CookieName(name), value, same_site);
  if (http_only) c += "; HttpOnly";
  if (secure_) c += "; Secure";
  if (max_age_seconds >= 0) c += fmt::format("; Max-Age={}", max_age_seconds);
  res.set_header("Set-Cookie", c);
}

void RequestContext::ClearCookie(std::string_view name, bool http_only, std::string_view same_site) {
  SetCookie(name, "", http_only, same_site, 0);
}

void RequestContext::Json(int status, const nlohmann::json& body) {
  WriteJson(res, status, body);
}

Result<int> QueryInt(const RequestContext& ctx, const std::string& name, int fallback, int min, int max) {
  std::string v = ctx.Query(name);
  if (v.empty()) return fallback;
  if (v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument(fmt::format("must be a whole number from {} to {}", min, max), name);
  }
  int n = std::stoi(v);
  if (n < min || n > max) return InvalidArgument(fmt::format("must be a whole number from {} to {}", min, max), name);
  return n;
}

std::string LangOf(const RequestContext& ctx) {
  std::string lang = ctx.Query("lang");
  if (lang.empty() && ctx.actor) lang = ctx.actor->user.language;
  return lang == "de" || lang == "fr" ? lang : "en";
}

Router BuildApiRouter(Services& services) {
  Router r;
  RegisterSystemRoutes(r, services);
  RegisterSessionRoutes(r, services);
  RegisterOrganisationRoutes(r, services);
  RegisterInvitationRoutes(r, services);
  RegisterReferenceRoutes(r, services);
  RegisterSearchRoutes(r, services);  // before /contracts/{ocid}: the first match wins
  RegisterMarketRoutes(r, services);  // before /contracts/{ocid}
  RegisterContractRoutes(r, services);
  RegisterCommunityRoutes(r, services);
  RegisterWorkspaceRoutes(r, services);
  RegisterAssessmentRoutes(r, services);
  return r;
}

}  // namespace cobuy::http
