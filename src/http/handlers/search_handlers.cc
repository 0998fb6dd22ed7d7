// GET    /api/v1/contracts/search                 search the register (facets, filters, sorts)
// GET    /api/v1/contracts/search/export?format=  the matches as CSV or an OCDS record package
// GET    /api/v1/saved-searches                   the caller's saved searches
// POST   /api/v1/saved-searches                   save a search (alerts on new matches)
// DELETE /api/v1/saved-searches/{id}
// GET    /api/v1/notifications                    the caller's notifications
// POST   /api/v1/notifications/{id}/read
//
// The register is read by signed-in people only; saved searches and notifications are the
// caller's own, whatever id is asked for.
#include <fmt/format.h>

#include <array>
#include <memory>

#include "http/json_body.h"
#include "http/router.h"
#include "ingest/record_package.h"
#include "search/json.h"

namespace cobuy::http {
namespace {

constexpr size_t kMaxExport = 10000;

std::string Language(const RequestContext& ctx) {
  std::string lang = ctx.Query("lang");
  if (lang == "de" || lang == "fr" || lang == "en") return lang;
  return ctx.actor && !ctx.actor->user.language.empty() ? ctx.actor->user.language : "en";
}

std::string Today(const Services& s) {
  return FormatDay(s.clock.Now());
}

Result<search::SearchQuery> QueryFrom(const RequestContext& ctx, const Services& s) {
  search::Params params(ctx.req.params.begin(), ctx.req.params.end());
  return search::ParseSearchParams(params, Today(s));
}

Result<const search::SearchIndex*> Index(const Services& s) {
  if (!s.search) return Unavailable("the search index is not open; run `cobuy index rebuild` and restart");
  return s.search;
}

// eForms buyer legal types (BT-11) in the interface's languages: {code, en, de, fr}.
constexpr std::array<std::array<const char*, 4>, 11> kBuyerTypes = {{
    {"la", "Local authority", "Lokale Gebietskörperschaft", "Autorité locale"},
    {"ra", "Regional authority", "Regionale Gebietskörperschaft", "Autorité régionale"},
    {"cga", "Central government authority", "Zentrale Regierungsbehörde", "Autorité de l'administration centrale"},
    {"body-pl", "Body governed by public law", "Einrichtung des öffentlichen Rechts", "Organisme de droit public"},
    {"body-pl-la", "Body governed by public law, controlled by a local authority",
     "Einrichtung des öffentlichen Rechts unter Aufsicht einer lokalen Gebietskörperschaft",
     "Organisme de droit public contrôlé par une autorité locale"},
    {"body-pl-ra", "Body governed by public law, controlled by a regional authority",
     "Einrichtung des öffentlichen Rechts unter Aufsicht einer regionalen Gebietskörperschaft",
     "Organisme de droit public contrôlé par une autorité régionale"},
    {"body-pl-cga", "Body governed by public law, controlled by a central government authority",
     "Einrichtung des öffentlichen Rechts unter Aufsicht einer zentralen Regierungsbehörde",
     "Organisme de droit public contrôlé par une autorité de l'administration centrale"},
    {"pub-undert", "Public undertaking", "Öffentliches Unternehmen", "Entreprise publique"},
    {"int-org", "International organisation", "Internationale Organisation", "Organisation internationale"},
    {"eu-ins-bod-ag", "EU institution, body or agency", "Organ, Einrichtung oder Agentur der EU",
     "Institution, organe ou agence de l'UE"},
    {"def-cont", "Defence contractor", "Auftragnehmer im Verteidigungsbereich", "Contractant de la défense"},
}};

// Adds a translated label to each facet value where one exists (CPV, country, NUTS, buyer type).
void LabelFacets(nlohmann::json& facets, const Services& s, const std::string& lang) {
  auto label_of = [&lang](const std::map<std::string, std::string>& labels, const std::string& fallback) {
    auto it = labels.find(lang);
    if (it != labels.end() && !it->second.empty()) return it->second;
    it = labels.find("en");
    return it != labels.end() ? it->second : fallback;
  };
  for (auto& [name, values] : facets.items()) {
    for (auto& v : values) {
      std::string value = v["value"].get<std::string>();
      std::string label = value;
      if (name == "cpv_division" || name == "cpv_group") {
        std::string code8 = value + std::string(8 - std::min<size_t>(8, value.size()), '0');
        if (const CpvCode* c = s.cpv.Find(code8)) label = label_of(c->labels, value);
      } else if (name == "country") {
        if (const Country* c = s.accounts.FindCountry(value)) label = label_of(c->names, c->name_en);
      } else if (name == "buyer_type") {
        size_t column = lang == "de" ? 2 : lang == "fr" ? 3 : 1;
        for (const auto& row : kBuyerTypes) {
          if (value == row[0]) label = row[column];
        }
      } else if (name == "nuts") {
        for (const NutsRegion& r : s.accounts.nuts_regions()) {
          if (r.code == value) {
            label = r.name_latin.empty() ? r.name : r.name_latin;
            break;
          }
        }
      }
      v["label"] = label;
    }
  }
}

// One CSV cell: quoted when needed; a leading = + - @ is neutralised so that spreadsheets do
// not run it as a formula.
std::string Cell(const std::string& s) {
  std::string v = s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

nlohmann::json SavedSearchJson(const SavedSearch& s) {
  nlohmann::json params = nlohmann::json::parse(s.params, nullptr, false);
  return {
      {"id", s.id},
      {"name", s.name},
      {"params", params.is_discarded() ? nlohmann::json::object() : params},
      {"alerts", s.alerts},
      {"created_at", FormatTimestamp(s.created_at)},
      {"last_alert_at", s.last_alert_at ? nlohmann::json(FormatTimestamp(*s.last_alert_at)) : nlohmann::json(nullptr)}};
}

constexpr std::string_view kCsvHeader =
    "ocid,title,buyer,buyer_id,country,suppliers,value_eur,end_date,main_cpv,status,framework,dps,cpb,url\r\n";

// One line of the CSV export.
std::string CsvRow(const search::SearchHit& h) {
  std::string suppliers;
  for (const std::string& n : h.suppliers) suppliers += (suppliers.empty() ? "" : "; ") + n;
  return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", Cell(h.ocid), Cell(h.title), Cell(h.buyer),
                     Cell(h.buyer_key), Cell(h.country), Cell(suppliers),
                     h.value_eur ? fmt::format("{:.2f}", *h.value_eur) : "", Cell(h.end_date), Cell(h.main_cpv),
                     Cell(h.status), h.framework ? "yes" : "no", h.dps ? "yes" : "no", h.cpb ? "yes" : "no",
                     Cell("/contracts/" + h.ocid));
}

}  // namespace

void RegisterSearchRoutes(Router& r, Services& s) {
  r.Add("GET", "/api/v1/contracts/search", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(search::SearchQuery query, QueryFrom(ctx, s));
    COBUY_ASSIGN_OR_RETURN(const search::SearchIndex* index, Index(s));
    COBUY_ASSIGN_OR_RETURN(search::SearchResult result, index->Search(query));
    nlohmann::json body = search::ToJson(result);
    LabelFacets(body["facets"], s, Language(ctx));
    body["offset"] = query.offset;
    body["limit"] = query.limit;
    ctx.Json(200, body);
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/contracts/search/export", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    std::string format = ctx.Query("format");
    if (format != "csv" && format != "ocds")
      return InvalidArgument(fmt::format("format must be csv or ocds, not '{}'", format), "format");
    COBUY_ASSIGN_OR_RETURN(search::SearchQuery query, QueryFrom(ctx, s));
    COBUY_ASSIGN_OR_RETURN(const search::SearchIndex* index, Index(s));
    query.offset = 0;
    query.limit = static_cast<int>(kMaxExport);
    query.facets = false;
    COBUY_ASSIGN_OR_RETURN(search::SearchResult result, index->Search(query));
    std::string stamp = Today(s);
    // Both formats are streamed row by row (chunked): memory stays bounded whatever the export's size.
    if (format == "csv") {
      auto hits = std::make_shared<std::vector<search::SearchHit>>(std::move(result.hits));
      ctx.res.set_header("Content-Disposition", fmt::format("attachment; filename=\"cobuy-contracts-{}.csv\"", stamp));
      ctx.res.set_stream("text/csv; charset=utf-8", [hits](const ChunkWriter& write) -> Status {
        COBUY_RETURN_IF_ERROR(write(kCsvHeader));
        for (const search::SearchHit& h : *hits) COBUY_RETURN_IF_ERROR(write(CsvRow(h)));
        return Status::Ok();
      });
      ctx.res.status = 200;
      return Status::Ok();
    }
    auto ocids = std::make_shared<std::vector<std::string>>();
    for (const search::SearchHit& h : result.hits) ocids->push_back(h.ocid);
    ctx.res.set_header("Content-Disposition", fmt::format("attachment; filename=\"cobuy-contracts-{}.json\"", stamp));
    ctx.res.set_stream("application/json",
                       [&s, ocids, published = FormatTimestamp(s.clock.Now())](const ChunkWriter& write) -> Status {
                         return ingest::WriteRecordPackage(
                             s.reg, *ocids, "https://cobuy.eu/api/v1/contracts/search/export", published, write);
                       });
    ctx.res.status = 200;
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/saved-searches", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(int offset, QueryInt(ctx, "offset", 0, 0, 100000000));
    COBUY_ASSIGN_OR_RETURN(int limit, QueryInt(ctx, "limit", 50, 1, 100));
    COBUY_ASSIGN_OR_RETURN(auto page, s.reg.ListSavedSearchesPage(ctx.actor->user.id.value, offset, limit));
    nlohmann::json items = nlohmann::json::array();
    for (const SavedSearch& ss : page.first) items.push_back(SavedSearchJson(ss));
    ctx.Json(200, {{"total", page.second}, {"offset", offset}, {"limit", limit}, {"items", items}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/saved-searches", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.req));
    JsonFields f(body);
    auto name = f.String("name", true, 200);
    const nlohmann::json* params = f.Raw("params");
    bool alerts = true;
    if (const nlohmann::json* a = f.Raw("alerts")) {
      if (!a->is_boolean())
        f.Fail("alerts", "must be true or false");
      else
        alerts = a->get<bool>();
    }
    if (!params) f.Fail("params", "is required");
    COBUY_RETURN_IF_ERROR(f.Finish({"name", "params", "alerts"}));
    if (name->empty()) return InvalidArgument("name must not be empty", "name");
    std::string params_json = params->dump();
    COBUY_ASSIGN_OR_RETURN(search::Params parsed, search::ParamsFromJson(params_json));
    if (auto q = search::ParseSearchParams(parsed, Today(s)); !q.ok()) {
      return InvalidArgument(std::string(q.status().message()), "params." + q.status().field());
    }
    SavedSearch saved{0, ctx.actor->user.id.value, *name, params_json, alerts, s.clock.Now(), {}};
    COBUY_ASSIGN_OR_RETURN(saved, s.reg.CreateSavedSearch(saved));
    ctx.Json(201, SavedSearchJson(saved));
    return Status::Ok();
  });

  r.Add("DELETE", "/api/v1/saved-searches/{id}", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_RETURN_IF_ERROR(s.reg.DeleteSavedSearch(ctx.actor->user.id.value, id));
    ctx.NoContent();
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/notifications", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(auto page, s.reg.ListNotifications(ctx.actor->user.id.value, 50));
    nlohmann::json items = nlohmann::json::array();
    for (const Notification& n : page.first) {
      items.push_back({{"id", n.id},
                       {"kind", n.kind},
                       {"title", n.title},
                       {"body", n.body},
                       {"link", n.link},
                       {"created_at", FormatTimestamp(n.created_at)},
                       {"read", n.read}});
    }
    ctx.Json(200, {{"unread", page.second}, {"items", items}});
    return Status::Ok();
  });

  r.Add("POST", "/api/v1/notifications/{id}/read", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, ctx.IdParam(0));
    COBUY_RETURN_IF_ERROR(s.reg.MarkNotificationRead(ctx.actor->user.id.value, id, s.clock.Now()));
    ctx.NoContent();
    return Status::Ok();
  });
}

}  // namespace cobuy::http
