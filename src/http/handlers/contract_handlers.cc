// GET /api/v1/contracts?offset=0&limit=20     processes of the contract register, latest first
// GET /api/v1/contracts/{ocid}?lang=en         one process: the contract page's data, with its
//                                              timeline and the eligibility panel
//
// The register is drawn from open data, but it is read by signed-in people only, like the
// rest of the platform. Search and facets come with the register step.
#include <fmt/format.h>

#include "http/router.h"
#include "ocds/merge_rules.h"
#include "register/eligibility.h"
#include "register/timeline.h"

namespace cobuy::http {
namespace {

nlohmann::json OrNull(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

template <typename T>
nlohmann::json OrNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// A string member of a JSON object, or "".
std::string Member(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

nlohmann::json MoneyJson(const Money& m) {
  if (!m.amount) return nullptr;
  return {{"amount", *m.amount}, {"currency", OrNull(m.currency)}, {"eur", OrNull(m.eur)}};
}

std::string CpvLabel(const CpvIndex& cpv, const std::string& code, const std::string& lang) {
  const CpvCode* c = code.empty() ? nullptr : cpv.Find(code);
  if (!c) return {};
  auto it = c->labels.find(lang);
  if (it == c->labels.end()) it = c->labels.find("en");
  return it == c->labels.end() ? std::string() : it->second;
}

std::string OrganisationKey(const std::optional<RegisterOrganisation>& org) {
  return org ? org->scheme + "-" + org->identifier : std::string();
}

// The buyer: the projection's fields, with address and contact point from the compiled release.
nlohmann::json BuyerJson(const ProcessRecord& p, const nlohmann::json& compiled) {
  std::string id;
  for (const PartyRecord& party : p.parties) {
    if (party.id == p.buyer_party_id && !p.buyer_party_id.empty()) id = OrganisationKey(party.organisation);
  }
  nlohmann::json party;
  if (auto parties = compiled.find("parties"); parties != compiled.end() && parties->is_array()) {
    for (const auto& x : *parties) {
      if (x.is_object() && x.contains("id") && !p.buyer_party_id.empty() &&
          (x["id"] == p.buyer_party_id || (x["id"].is_number() && x["id"].dump() == p.buyer_party_id))) {
        party = x;
      }
    }
  }
  // OCDS 1.0 data describes the buyer in `buyer` itself, without parties.
  if (!party.is_object()) {
    if (auto buyer = compiled.find("buyer"); buyer != compiled.end() && buyer->is_object()) party = *buyer;
  }
  std::string address;
  if (party.is_object() && party.contains("address")) {
    const nlohmann::json& a = party["address"];
    std::string town = Member(a, "postalCode");
    std::string locality = Member(a, "locality");
    if (!locality.empty()) town = town.empty() ? locality : town + " " + locality;
    for (const std::string& part : {Member(a, "streetAddress"), town, Member(a, "countryName")}) {
      if (part.empty()) continue;
      if (!address.empty()) address += ", ";
      address += part;
    }
  }
  nlohmann::json contact = nullptr;
  if (party.is_object() && party.contains("contactPoint") && party["contactPoint"].is_object()) {
    const nlohmann::json& c = party["contactPoint"];
    contact = {{"name", OrNull(Member(c, "name"))},
               {"email", OrNull(Member(c, "email"))},
               {"telephone", OrNull(Member(c, "telephone"))},
               {"url", OrNull(Member(c, "url"))}};
    if (std::all_of(contact.begin(), contact.end(), [](const nlohmann::json& v) { return v.is_null(); })) {
      contact = nullptr;
    }
  }
  return {{"name", p.buyer_name},       {"id", OrNull(id)},           {"country", OrNull(p.country)},
          {"region", OrNull(p.region)}, {"address", OrNull(address)}, {"contact", contact}};
}

// Documents of planning, tender, awards and contracts, in that order.
nlohmann::json DocumentsJson(const nlohmann::json& compiled) {
  nlohmann::json out = nlohmann::json::array();
  auto add = [&](const nlohmann::json& holder, const char* source) {
    if (!holder.is_object()) return;
    auto docs = holder.find("documents");
    if (docs == holder.end() || !docs->is_array()) return;
    for (const auto& d : *docs) {
      if (!d.is_object()) continue;
      out.push_back({{"title", OrNull(Member(d, "title"))},
                     {"url", OrNull(Member(d, "url"))},
                     {"type", OrNull(Member(d, "documentType"))},
                     {"format", OrNull(Member(d, "format"))},
                     {"date", OrNull(Member(d, "datePublished"))},
                     {"source", source}});
    }
  };
  // The documents of each object of an array member of `holder`.
  auto add_each = [&](const nlohmann::json& holder, const char* list, const char* source) {
    if (!holder.is_object()) return;
    auto it = holder.find(list);
    if (it == holder.end() || !it->is_array()) return;
    for (const auto& x : *it) add(x, source);
  };
  if (compiled.contains("planning")) add(compiled["planning"], "planning");
  if (compiled.contains("tender")) {
    add(compiled["tender"], "tender");
    add_each(compiled["tender"], "amendments", "tender");  // OCDS 1.0 amendments carry documents
  }
  add_each(compiled, "awards", "award");
  add_each(compiled, "contracts", "contract");
  if (auto contracts = compiled.find("contracts"); contracts != compiled.end() && contracts->is_array()) {
    for (const auto& c : *contracts) {
      if (c.is_object() && c.contains("implementation")) add(c["implementation"], "contract");
    }
  }
  return out;
}

nlohmann::json EligibilityJson(const ProcessRecord& p, const reg::Eligibility& e) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const reg::EligibilityReason& r : e.reasons) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [k, v] : r.params) params[k] = v;
    reasons.push_back({{"code", r.code}, {"params", params}});
  }
  return {{"framework", p.is_framework},
          {"dps", p.is_dps},
          {"cpb", p.is_cpb},
          {"buyer_categories", OrNull(p.buyer_categories)},
          {"max_participants", OrNull(p.max_participants)},
          {"end_date", OrNull(p.contract_end.substr(0, std::min<size_t>(10, p.contract_end.size())))},
          {"verdict", reg::VerdictName(e.verdict)},
          {"reasons", reasons}};
}

Result<nlohmann::json> ContractJson(Services& s, const RequestContext& ctx, const std::string& ocid,
                                    const std::string& lang) {
  COBUY_ASSIGN_OR_RETURN(ProcessRecord p, s.reg.GetProcess(ocid));
  nlohmann::json compiled = nlohmann::json::parse(p.compiled, nullptr, false);
  if (!compiled.is_object()) compiled = nlohmann::json::object();

  // The timeline. The release schema's rules are not at hand in the server: without them an
  // array the schema replaces whole is merged by id, so a release that only drops items of
  // such an array shows no change for it. Releases that cannot be merged (malformed data
  // the ingest kept) still get their entry, without changes.
  static const ocds::MergeRules kRules;
  COBUY_ASSIGN_OR_RETURN(auto releases, s.reg.ReleasesOf({ocid}));
  nlohmann::json timeline_json = nlohmann::json::array();
  if (auto timeline = reg::BuildTimeline(releases, kRules); timeline.ok()) {
    for (const reg::TimelineEntry& e : *timeline) {
      timeline_json.push_back(
          {{"date", e.date}, {"release_id", e.release_id}, {"tags", e.tags}, {"changes", e.changes}});
    }
  } else {
    for (const StoredRelease& r : releases) {
      nlohmann::json release = nlohmann::json::parse(r.json, nullptr, false);
      nlohmann::json tags = nlohmann::json::array();
      if (release.is_object() && release.contains("tag") && release["tag"].is_array()) {
        for (const auto& t : release["tag"]) {
          if (t.is_string()) tags.push_back(t);
        }
      }
      timeline_json.push_back(
          {{"date", r.date}, {"release_id", r.id}, {"tags", tags}, {"changes", nlohmann::json::array()}});
    }
  }

  nlohmann::json lots = nlohmann::json::array();
  for (const LotRecord& l : p.lots) {
    lots.push_back(
        {{"id", l.id}, {"title", l.title}, {"status", OrNull(l.status)}, {"value_eur", OrNull(l.value.eur)}});
  }
  nlohmann::json items = nlohmann::json::array();
  for (const ItemRecord& i : p.items) {
    std::string unit = i.unit_name.empty() ? i.unit_id : i.unit_name;
    items.push_back({{"source", i.source},
                     {"description", i.description},
                     {"cpv", OrNull(i.cpv)},
                     {"cpv_label", OrNull(CpvLabel(s.cpv, i.cpv, lang))},
                     {"quantity", OrNull(i.quantity)},
                     {"unit", OrNull(unit)},
                     {"unit_price", MoneyJson(i.unit_price)}});
  }
  nlohmann::json suppliers = nlohmann::json::array();
  std::vector<std::pair<std::string, std::string>> seen;
  for (const SupplierRecord& x : p.suppliers) {
    std::string id = OrganisationKey(x.organisation);
    if (std::find(seen.begin(), seen.end(), std::make_pair(x.name, id)) != seen.end()) continue;
    seen.emplace_back(x.name, id);
    std::string country = x.organisation ? x.organisation->country : std::string();
    for (const PartyRecord& party : p.parties) {
      if (party.id == x.party_id && country.empty()) country = party.country;
    }
    suppliers.push_back({{"name", x.name}, {"id", OrNull(id)}, {"country", OrNull(country)}});
  }
  nlohmann::json main_cpv = nullptr;
  if (!p.main_cpv.empty()) main_cpv = {{"code", p.main_cpv}, {"label", OrNull(CpvLabel(s.cpv, p.main_cpv, lang))}};

  // The organisation asking.
  COBUY_ASSIGN_OR_RETURN(Organisation org, s.store.GetOrganisation(ctx.actor->user.organisation));
  reg::EligibilityOrganisation asking{org.name, org.country, org.nuts, org.type, {}};
  for (const Identifier& i : org.identifiers) asking.identifiers.push_back(i.scheme + "-" + i.id);
  std::string today = FormatDay(s.clock.Now());
  reg::Eligibility eligibility = reg::AssessEligibility(p, asking, today);

  return nlohmann::json{{"ocid", p.ocid},
                        {"title", p.title},
                        {"description", p.description},
                        {"language", OrNull(p.language)},
                        {"status", OrNull(p.status)},
                        {"procurement_method", OrNull(p.procurement_method)},
                        {"procurement_method_details", OrNull(p.procurement_method_details)},
                        {"main_category", OrNull(p.main_category)},
                        {"main_cpv", main_cpv},
                        {"buyer", BuyerJson(p, compiled)},
                        {"procuring_entity", OrNull(p.procuring_entity_name)},
                        {"value", MoneyJson(p.value)},
                        {"awarded_eur", OrNull(p.awarded_eur)},
                        {"contracted_eur", OrNull(p.contracted_eur)},
                        {"tender_period", {{"start", OrNull(p.tender_start)}, {"end", OrNull(p.tender_end)}}},
                        {"award_date", OrNull(p.award_date)},
                        {"contract_period", {{"start", OrNull(p.contract_start)}, {"end", OrNull(p.contract_end)}}},
                        {"timeline", timeline_json},
                        {"lots", lots},
                        {"items", items},
                        {"suppliers", suppliers},
                        {"documents", DocumentsJson(compiled)},
                        {"eligibility", EligibilityJson(p, eligibility)}};
}

}  // namespace

void RegisterContractRoutes(Router& r, Services& s) {
  r.Add("GET", "/api/v1/contracts", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    COBUY_ASSIGN_OR_RETURN(int offset, QueryInt(ctx, "offset", 0, 0, 100000000));
    COBUY_ASSIGN_OR_RETURN(int limit, QueryInt(ctx, "limit", 20, 1, 100));
    COBUY_ASSIGN_OR_RETURN(auto page, s.reg.ListProcesses(offset, limit));
    nlohmann::json items = nlohmann::json::array();
    for (const ProcessSummary& p : page.first) {
      items.push_back({{"ocid", p.ocid},
                       {"title", p.title},
                       {"buyer", p.buyer_name},
                       {"country", OrNull(p.country)},
                       {"status", OrNull(p.status)},
                       {"date", p.last_date},
                       {"end_date", OrNull(p.contract_end)},
                       {"cpv", OrNull(p.main_cpv)},
                       {"framework", p.is_framework},
                       {"value_eur", p.value_eur ? nlohmann::json(*p.value_eur) : nlohmann::json(nullptr)},
                       {"releases", p.release_count}});
    }
    ctx.Json(200, {{"total", page.second}, {"offset", offset}, {"limit", limit}, {"items", items}});
    return Status::Ok();
  });

  r.Add("GET", "/api/v1/contracts/{ocid}", Access::kSignedIn, [&s](RequestContext& ctx) -> Status {
    std::string lang = ctx.Query("lang");
    if (lang.empty()) lang = "en";
    if (lang != "en" && lang != "de" && lang != "fr") return InvalidArgument("must be en, de or fr", "lang");
    COBUY_ASSIGN_OR_RETURN(nlohmann::json body, ContractJson(s, ctx, ctx.Param(0), lang));
    ctx.Json(200, body);
    return Status::Ok();
  });
}

}  // namespace cobuy::http
