// GET /api/v1/cpv?q=TEXT&lang=en&limit=20     CPV lookup by code prefix or label words
// GET /api/v1/cpv/{code}                       one CPV code with all its labels
// GET /api/v1/countries?lang=en                countries with EU/EEA/EFTA membership
// GET /api/v1/nuts?country=DE&level=2          NUTS 2024 regions
#include <fmt/format.h>

#include "http/router.h"

namespace cobuy::http {
namespace {

std::string LanguageParam(const RequestContext& ctx) {
  std::string lang = ctx.Query("lang");
  if (lang.empty()) return "en";
  return lang;
}

std::string LabelIn(const std::map<std::string, std::string>& labels, const std::string& lang) {
  auto it = labels.find(lang);
  if (it == labels.end()) it = labels.find("en");
  return it == labels.end() ? std::string() : it->second;
}

}  // namespace

void RegisterReferenceRoutes(Router& r, Services& s) {
  r.Add("GET", "/api/v1/cpv", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    std::string q = ctx.Query("q");
    if (q.size() > 200) return InvalidArgument("must be at most 200 bytes long", "q");
    std::string lang = LanguageParam(ctx);
    COBUY_ASSIGN_OR_RETURN(int limit, QueryInt(ctx, "limit", 20, 1, 100));
    nlohmann::json results = nlohmann::json::array();
    for (const CpvMatch& m : s.cpv.Search(q, lang, static_cast<size_t>(limit))) {
      results.push_back({{"code", m.code->code},
                         {"label", LabelIn(m.code->labels, lang)},
                         {"level", CpvLevelName(m.code->level)},
                         {"matched_language", m.matched_language},
                         {"matched_label", m.matched_label}});
    }
    ctx.Json(200, {{"query", q}, {"results", results}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/cpv/{code}", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    const CpvCode* c = s.cpv.Find(ctx.Param(0));
    if (!c) return NotFound(fmt::format("'{}' is not a CPV 2008 code", ctx.Param(0)));
    ctx.Json(200, {{"code", c->code},
                   {"level", CpvLevelName(c->level)},
                   {"parent", c->parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(c->parent)},
                   {"labels", c->labels}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/countries", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    std::string lang = LanguageParam(ctx);
    nlohmann::json list = nlohmann::json::array();
    for (const Country& c : s.accounts.countries()) {
      auto it = c.names.find(lang);
      list.push_back({{"code", c.code},
                      {"name", it != c.names.end() && !it->second.empty() ? it->second : c.name_en},
                      {"flag", c.flag},
                      {"eu", c.eu},
                      {"eea", c.eea},
                      {"efta", c.efta},
                      {"eligible", c.eligible()}});
    }
    ctx.Json(200, {{"countries", list}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/nuts", Access::kPublic, [&s](RequestContext& ctx) -> Status {
    std::string country = ctx.Query("country");
    std::string nuts_country;
    if (!country.empty()) {
      const Country* c = s.accounts.FindCountry(country);
      if (!c) return InvalidArgument(fmt::format("'{}' is not a country code", country), "country");
      nuts_country = c->nuts_code;
      if (nuts_country.empty()) {
        ctx.Json(200, {{"regions", nlohmann::json::array()}});
        return Status::Ok();
      }
    }
    int level = -1;
    if (!ctx.Query("level").empty()) {
      COBUY_ASSIGN_OR_RETURN(level, QueryInt(ctx, "level", 0, 0, 3));
    }
    nlohmann::json list = nlohmann::json::array();
    for (const NutsRegion& n : s.accounts.nuts_regions()) {
      if (!nuts_country.empty() && n.country_code != nuts_country) continue;
      if (level >= 0 && n.level != level) continue;
      list.push_back({{"code", n.code},
                      {"name", n.name},
                      {"level", n.level},
                      {"parent", n.parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(n.parent)}});
    }
    ctx.Json(200, {{"regions", list}});
    return Status::Ok();
  });
}

}  // namespace cobuy::http
