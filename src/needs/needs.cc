#include "needs/needs.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "groups/groups.h"

namespace cobuy::needs {
namespace {

using nlohmann::json;

bool IsMonth(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  return month >= 1 && month <= 12;
}

// A CPV code as buyers write it: 2 to 8 digits, optionally with its check digit ("34144511-3").
bool IsCpv(std::string_view s) {
  size_t dash = s.find('-');
  std::string_view digits = s.substr(0, dash);
  if (digits.size() < 2 || digits.size() > 8) return false;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  if (dash == std::string_view::npos) return true;
  return digits.size() == 8 && s.size() == 10 && s[9] >= '0' && s[9] <= '9';
}

// Strict readers of JSON members: the error names the path.
class Fields {
 public:
  Fields(const json& obj, std::string path) : obj_(obj), path_(std::move(path)) {}
  std::string Path(std::string_view name) const {
    return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
  }
  bool Has(std::string_view name) const {
    return obj_.is_object() && obj_.contains(name) && !obj_.at(std::string(name)).is_null();
  }

  Result<std::string> String(std::string_view name, bool required, size_t max) const {
    if (!Has(name)) return required ? Result<std::string>(InvalidArgument("is required", Path(name))) : std::string();
    const json& v = obj_.at(std::string(name));
    if (!v.is_string()) return InvalidArgument("must be text", Path(name));
    std::string s = v.get<std::string>();
    if (!IsValidUtf8(s)) return InvalidArgument("must be UTF-8 text", Path(name));
    if (s.size() > max) return InvalidArgument(fmt::format("must be at most {} bytes", max), Path(name));
    if (required && Trim(s).empty()) return InvalidArgument("must not be empty", Path(name));
    return s;
  }
  Result<std::optional<std::int64_t>> Int(std::string_view name, std::int64_t min, std::int64_t max) const {
    if (!Has(name)) return std::optional<std::int64_t>();
    const json& v = obj_.at(std::string(name));
    if (!v.is_number_integer() || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max) {
      return InvalidArgument(fmt::format("must be a whole number from {} to {}", min, max), Path(name));
    }
    return std::optional<std::int64_t>(v.get<std::int64_t>());
  }
  Result<bool> Bool(std::string_view name, bool fallback) const {
    if (!Has(name)) return fallback;
    const json& v = obj_.at(std::string(name));
    if (!v.is_boolean()) return InvalidArgument("must be true or false", Path(name));
    return v.get<bool>();
  }
  Status Only(std::initializer_list<std::string_view> allowed) const {
    if (!obj_.is_object()) return InvalidArgument("must be an object", path_.empty() ? "body" : path_);
    for (auto& [k, v] : obj_.items()) {
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
        return InvalidArgument("is not a known field", Path(k));
      }
    }
    return Status::Ok();
  }

 private:
  const json& obj_;
  std::string path_;
};

std::string OrgKey(std::int64_t id) {
  return fmt::format("org-{}", id);
}

Status CheckDay(const std::string& value, std::string_view field) {
  if (IsDay(value)) return Status::Ok();
  return InvalidArgument(fmt::format("must be a date YYYY-MM-DD, not '{}'", value), std::string(field));
}

}  // namespace

std::string CommitmentNote(std::string_view lang) {
  if (lang == "de") {
    return "Ihre Antwort verpflichtet niemanden: Sie hilft dem Sekretariat, Arbeitsgruppen zu bilden. Ob Ihre "
           "Organisation einer Gruppe beitritt, entscheiden Sie später ausdrücklich.";
  }
  if (lang == "fr") {
    return "Votre réponse n'engage personne : elle aide le secrétariat à former des groupes de travail. Votre "
           "organisation décidera plus tard, expressément, de rejoindre ou non un groupe.";
  }
  return "Answering commits nobody: it helps the secretariat form working groups. Whether your organisation joins a "
         "group is decided later, expressly, by you.";
}

Status Needs::CheckEligible(const User& caller) {
  COBUY_ASSIGN_OR_RETURN(Organisation org, accounts_store_.GetOrganisation(caller.organisation));
  if (accounts_.IsEligible(org)) return Status::Ok();
  const Country* c = accounts_.FindCountry(org.country);
  return PermissionDenied(fmt::format("only organisations in EU, EEA or EFTA countries can answer; {} is in {}",
                                      org.name, c ? c->name_en : org.country));
}

Status Needs::RequireSecretariat(const User& caller) const {
  if (caller.role != Role::kPlatformAdmin) return PermissionDenied("only the secretariat runs needs assessments");
  return Status::Ok();
}

std::string Needs::StatusOf(const Assessment& a) const {
  std::string today = Today();
  if (today < a.opens_on) return "draft";
  if (today > a.closes_on) return "closed";
  return "open";
}

Result<std::int64_t> Needs::Create(const User& caller, const json& body) {
  COBUY_RETURN_IF_ERROR(RequireSecretariat(caller));
  Fields f(body, "");
  COBUY_RETURN_IF_ERROR(f.Only({"title", "description", "months_ahead", "opens_on", "closes_on", "areas"}));
  Assessment a;
  COBUY_ASSIGN_OR_RETURN(a.title, f.String("title", true, 200));
  a.title = std::string(Trim(a.title));
  COBUY_ASSIGN_OR_RETURN(a.description, f.String("description", false, 4000));
  COBUY_ASSIGN_OR_RETURN(auto months, f.Int("months_ahead", 1, 60));
  a.months_ahead = static_cast<int>(months.value_or(12));
  COBUY_ASSIGN_OR_RETURN(a.opens_on, f.String("opens_on", true, 10));
  COBUY_ASSIGN_OR_RETURN(a.closes_on, f.String("closes_on", true, 10));
  COBUY_RETURN_IF_ERROR(CheckDay(a.opens_on, "opens_on"));
  COBUY_RETURN_IF_ERROR(CheckDay(a.closes_on, "closes_on"));
  if (a.closes_on < a.opens_on) return InvalidArgument("must not be before opens_on", "closes_on");
  if (!body.contains("areas") || !body["areas"].is_array() || body["areas"].empty()) {
    return InvalidArgument("must list at least one candidate area", "areas");
  }
  std::set<std::string> keys;
  for (size_t i = 0; i < body["areas"].size(); ++i) {
    Fields af(body["areas"][i], fmt::format("areas[{}]", i));
    COBUY_RETURN_IF_ERROR(af.Only({"key", "name", "description", "cpv"}));
    AssessmentArea area;
    COBUY_ASSIGN_OR_RETURN(area.key, af.String("key", true, 40));
    bool slug = std::all_of(area.key.begin(), area.key.end(),
                            [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
    if (!slug) return InvalidArgument("must be lower-case letters, digits and hyphens", af.Path("key"));
    if (!keys.insert(area.key).second) return InvalidArgument("is used by another area", af.Path("key"));
    COBUY_ASSIGN_OR_RETURN(area.name, af.String("name", true, 200));
    COBUY_ASSIGN_OR_RETURN(area.description, af.String("description", false, 4000));
    if (af.Has("cpv")) {
      const json& cpv = body["areas"][i]["cpv"];
      if (!cpv.is_array()) return InvalidArgument("must be a list of CPV codes", af.Path("cpv"));
      for (const json& c : cpv) {
        if (!c.is_string() || !IsCpv(c.get<std::string>())) {
          return InvalidArgument(fmt::format("must be a list of CPV codes, not {}", c.dump()), af.Path("cpv"));
        }
        area.cpv.push_back(c.get<std::string>());
      }
    }
    a.areas.push_back(std::move(area));
  }
  a.created_by = caller.id.value;
  a.created_at = clock_.Now();
  return store_.CreateAssessment(a);
}

Status Needs::Update(const User& caller, std::int64_t id, const json& body) {
  COBUY_RETURN_IF_ERROR(RequireSecretariat(caller));
  COBUY_ASSIGN_OR_RETURN(Assessment a, store_.GetAssessment(id));
  Fields f(body, "");
  COBUY_RETURN_IF_ERROR(f.Only({"title", "description", "months_ahead", "opens_on", "closes_on"}));
  bool started = StatusOf(a) != "draft";
  for (const char* field : {"title", "description", "months_ahead", "opens_on"}) {
    if (started && f.Has(field)) {
      return FailedPrecondition(
          fmt::format("the assessment has opened: only its closing date can change, not {}", field));
    }
  }
  if (f.Has("title")) {
    COBUY_ASSIGN_OR_RETURN(a.title, f.String("title", true, 200));
  }
  if (f.Has("description")) {
    COBUY_ASSIGN_OR_RETURN(a.description, f.String("description", false, 4000));
  }
  COBUY_ASSIGN_OR_RETURN(auto months, f.Int("months_ahead", 1, 60));
  if (months) a.months_ahead = static_cast<int>(*months);
  if (f.Has("opens_on")) {
    COBUY_ASSIGN_OR_RETURN(a.opens_on, f.String("opens_on", true, 10));
    COBUY_RETURN_IF_ERROR(CheckDay(a.opens_on, "opens_on"));
  }
  if (f.Has("closes_on")) {
    COBUY_ASSIGN_OR_RETURN(std::string closes, f.String("closes_on", true, 10));
    COBUY_RETURN_IF_ERROR(CheckDay(closes, "closes_on"));
    if (started && closes < a.closes_on) {
      return InvalidArgument("can only be extended once the assessment has opened", "closes_on");
    }
    a.closes_on = closes;
  }
  if (a.closes_on < a.opens_on) return InvalidArgument("must not be before opens_on", "closes_on");
  return store_.UpdateAssessment(a);
}

Result<AssessmentView> Needs::Get(const User& caller, std::int64_t id) {
  COBUY_ASSIGN_OR_RETURN(Assessment a, store_.GetAssessment(id));
  AssessmentView view;
  view.status = StatusOf(a);
  if (caller.role != Role::kPlatformAdmin) {
    COBUY_RETURN_IF_ERROR(CheckEligible(caller));
    COBUY_ASSIGN_OR_RETURN(bool invited, store_.IsInvited(id, caller.organisation.value));
    if (!invited || view.status == "draft") return NotFound("no such assessment for your organisation");
    COBUY_ASSIGN_OR_RETURN(view.my_response, store_.GetResponse(id, caller.organisation.value));
  }
  COBUY_ASSIGN_OR_RETURN(auto participants, store_.Participants(id));
  view.invited = static_cast<int>(participants.size());
  for (const auto& p : participants) {
    view.started += p.has_response && !p.submitted;
    view.submitted += p.submitted;
  }
  view.assessment = std::move(a);
  return view;
}

Result<std::vector<AssessmentView>> Needs::List(const User& caller) {
  COBUY_ASSIGN_OR_RETURN(auto all, store_.ListAssessments());
  std::set<std::int64_t> mine;
  if (caller.role != Role::kPlatformAdmin) {
    COBUY_ASSIGN_OR_RETURN(auto ids, store_.InvitedTo(caller.organisation.value));
    mine.insert(ids.begin(), ids.end());
  }
  std::vector<AssessmentView> out;
  for (const Assessment& a : all) {
    if (caller.role != Role::kPlatformAdmin && (!mine.contains(a.id) || StatusOf(a) == "draft")) continue;
    COBUY_ASSIGN_OR_RETURN(AssessmentView v, Get(caller, a.id));
    out.push_back(std::move(v));
  }
  return out;
}

Result<int> Needs::Invite(const User& caller, std::int64_t id, const json& body) {
  COBUY_RETURN_IF_ERROR(RequireSecretariat(caller));
  COBUY_RETURN_IF_ERROR(store_.GetAssessment(id).status());
  Fields f(body, "");
  COBUY_RETURN_IF_ERROR(f.Only({"organisation_ids", "all_eligible"}));
  COBUY_ASSIGN_OR_RETURN(bool all, f.Bool("all_eligible", false));
  std::vector<std::int64_t> ids;
  if (all) {
    COBUY_ASSIGN_OR_RETURN(auto orgs, accounts_store_.ListOrganisations());
    for (const Organisation& o : orgs) {
      if (!IsMarketOrganisation(o.type) && o.type != OrganisationType::kOther && accounts_.IsEligible(o)) {
        ids.push_back(o.id.value);
      }
    }
  } else {
    if (!body.contains("organisation_ids") || !body["organisation_ids"].is_array()) {
      return InvalidArgument("must be a list of organisation ids", "organisation_ids");
    }
    for (const json& v : body["organisation_ids"]) {
      if (!v.is_number_integer()) return InvalidArgument("must be a list of organisation ids", "organisation_ids");
      auto org = accounts_store_.GetOrganisation(OrganisationId(v.get<std::int64_t>()));
      if (!org.ok()) return InvalidArgument(fmt::format("no organisation has the id {}", v.dump()), "organisation_ids");
      if (IsMarketOrganisation(org->type)) {
        return InvalidArgument(fmt::format("{} is a market actor, not a buyer", org->name), "organisation_ids");
      }
      if (!accounts_.IsEligible(*org)) {
        return InvalidArgument(fmt::format("{} is not in an EU, EEA or EFTA country", org->name), "organisation_ids");
      }
      ids.push_back(org->id.value);
    }
  }
  return store_.Invite(id, ids);
}

Result<std::vector<AssessmentParticipant>> Needs::Progress(const User& caller, std::int64_t id) {
  COBUY_RETURN_IF_ERROR(RequireSecretariat(caller));
  COBUY_RETURN_IF_ERROR(store_.GetAssessment(id).status());
  return store_.Participants(id);
}

Result<AssessmentResponse> Needs::Answer(const User& caller, std::int64_t id, const json& body) {
  if (caller.role != Role::kBuyer && caller.role != Role::kOrganisationAdmin) {
    return PermissionDenied("only buyers and organisation administrators answer for their organisation");
  }
  COBUY_ASSIGN_OR_RETURN(Assessment a, store_.GetAssessment(id));
  COBUY_RETURN_IF_ERROR(CheckEligible(caller));
  COBUY_ASSIGN_OR_RETURN(Organisation org, accounts_store_.GetOrganisation(caller.organisation));
  COBUY_ASSIGN_OR_RETURN(bool invited, store_.IsInvited(id, org.id.value));
  std::string status = StatusOf(a);
  if (!invited || status == "draft") return NotFound("no such assessment for your organisation");
  if (status == "closed") return FailedPrecondition(fmt::format("the assessment closed on {}", a.closes_on));

  Fields f(body, "");
  COBUY_RETURN_IF_ERROR(f.Only({"observer_only", "challenges", "areas", "submit"}));
  AssessmentResponse r;
  r.assessment_id = id;
  r.organisation_id = org.id.value;
  COBUY_ASSIGN_OR_RETURN(r.observer_only, f.Bool("observer_only", false));
  COBUY_ASSIGN_OR_RETURN(r.challenges, f.String("challenges", false, 8000));
  COBUY_ASSIGN_OR_RETURN(bool submit, f.Bool("submit", false));
  json answers = json::array();
  std::set<std::int64_t> seen;
  if (f.Has("areas")) {
    if (!body["areas"].is_array()) return InvalidArgument("must be a list of answers per area", "areas");
    for (size_t i = 0; i < body["areas"].size(); ++i) {
      const json& in = body["areas"][i];
      Fields af(in, fmt::format("areas[{}]", i));
      COBUY_RETURN_IF_ERROR(af.Only({"area_id", "interest", "role", "planned"}));
      COBUY_ASSIGN_OR_RETURN(auto area_id, af.Int("area_id", 1, INT64_MAX));
      if (!area_id) return InvalidArgument("is required", af.Path("area_id"));
      bool known =
          std::any_of(a.areas.begin(), a.areas.end(), [&](const AssessmentArea& x) { return x.id == *area_id; });
      if (!known) return InvalidArgument("is not an area of this assessment", af.Path("area_id"));
      if (!seen.insert(*area_id).second) return InvalidArgument("is answered twice", af.Path("area_id"));
      COBUY_ASSIGN_OR_RETURN(auto interest, af.Int("interest", 0, 3));
      COBUY_ASSIGN_OR_RETURN(std::string role, af.String("role", false, 20));
      if (!role.empty() && role != "lead" && role != "buyer" && role != "follower") {
        return InvalidArgument(fmt::format("must be lead, buyer or follower, not '{}'", role), af.Path("role"));
      }
      json planned = json::array();
      if (af.Has("planned")) {
        if (!in["planned"].is_array())
          return InvalidArgument("must be a list of planned procurements", af.Path("planned"));
        for (size_t j = 0; j < in["planned"].size(); ++j) {
          const json& p = in["planned"][j];
          Fields pf(p, af.Path(fmt::format("planned[{}]", j)));
          COBUY_RETURN_IF_ERROR(pf.Only({"cpv", "estimated_value_eur", "timing", "description"}));
          COBUY_ASSIGN_OR_RETURN(std::string cpv, pf.String("cpv", false, 10));
          if (!cpv.empty() && !IsCpv(cpv))
            return InvalidArgument(fmt::format("must be a CPV code, not '{}'", cpv), pf.Path("cpv"));
          std::optional<double> value;
          if (pf.Has("estimated_value_eur")) {
            const json& v = p["estimated_value_eur"];
            if (!v.is_number() || v.get<double>() < 0) {
              return InvalidArgument("must be an amount in euro, 0 or more", pf.Path("estimated_value_eur"));
            }
            value = v.get<double>();
          }
          COBUY_ASSIGN_OR_RETURN(std::string timing, pf.String("timing", false, 7));
          if (!timing.empty() && !IsMonth(timing)) {
            return InvalidArgument(fmt::format("must be a month YYYY-MM, not '{}'", timing), pf.Path("timing"));
          }
          COBUY_ASSIGN_OR_RETURN(std::string description, pf.String("description", false, 1000));
          planned.push_back({{"cpv", cpv},
                             {"estimated_value_eur", value ? json(*value) : json(nullptr)},
                             {"timing", timing},
                             {"description", description}});
        }
      }
      answers.push_back({{"area_id", *area_id},
                         {"interest", interest.value_or(0)},
                         {"role", role.empty() ? json(nullptr) : json(role)},
                         {"planned", planned}});
    }
  }
  r.answers = answers.dump();
  r.updated_by = caller.id.value;
  r.updated_at = clock_.Now();
  COBUY_ASSIGN_OR_RETURN(auto before, store_.GetResponse(id, org.id.value));
  if (submit)
    r.submitted_at = clock_.Now();
  else if (before)
    r.submitted_at = before->submitted_at;  // saving again keeps it submitted
  COBUY_RETURN_IF_ERROR(store_.PutResponse(r));
  COBUY_ASSIGN_OR_RETURN(auto after, store_.GetResponse(id, org.id.value));
  return *after;
}

Result<json> Needs::Analysis(const User& caller, std::int64_t id) {
  COBUY_RETURN_IF_ERROR(RequireSecretariat(caller));
  COBUY_ASSIGN_OR_RETURN(Assessment a, store_.GetAssessment(id));
  COBUY_ASSIGN_OR_RETURN(auto responses, store_.ListResponses(id));
  struct Tally {
    int interested = 0, leads = 0, planned = 0;
    std::map<int, int> by_interest;
    double value = 0;
    std::map<std::string, int> countries;
    std::vector<std::string> challenges;
  };
  std::map<std::int64_t, Tally> tally;
  int respondents = 0, observers = 0;
  for (const AssessmentResponse& r : responses) {
    if (!r.submitted_at) continue;
    ++respondents;
    if (r.observer_only) {
      ++observers;
      continue;
    }
    json answers = json::parse(r.answers, nullptr, false);
    if (!answers.is_array()) continue;
    for (const json& ans : answers) {
      int interest = ans.value("interest", 0);
      if (interest < 1) continue;
      Tally& t = tally[ans.value("area_id", std::int64_t{0})];
      ++t.interested;
      ++t.by_interest[interest];
      t.leads += ans["role"] == "lead";
      ++t.countries[r.country];
      for (const json& p : ans["planned"]) {
        ++t.planned;
        if (p["estimated_value_eur"].is_number()) t.value += p["estimated_value_eur"].get<double>();
      }
      if (!r.challenges.empty()) t.challenges.push_back(r.challenges);
    }
  }
  json areas = json::array();
  for (const AssessmentArea& area : a.areas) {
    Tally& t = tally[area.id];
    json countries = json::array();
    std::vector<std::pair<std::string, int>> by_country(t.countries.begin(), t.countries.end());
    std::stable_sort(by_country.begin(), by_country.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    for (const auto& [code, n] : by_country) countries.push_back({{"code", code}, {"count", n}});
    areas.push_back({{"area_id", area.id},
                     {"key", area.key},
                     {"name", area.name},
                     {"interested", t.interested},
                     {"by_interest", {{"1", t.by_interest[1]}, {"2", t.by_interest[2]}, {"3", t.by_interest[3]}}},
                     {"leads", t.leads},
                     {"planned_value_eur", t.value},
                     {"planned", t.planned},
                     {"countries", countries},
                     {"challenges", t.challenges}});
  }
  return json{{"areas", areas}, {"respondents", respondents}, {"observer_only", observers}};
}

Result<json> Needs::Instance(const User& caller, std::int64_t id, const json& parameters) {
  COBUY_RETURN_IF_ERROR(RequireSecretariat(caller));
  COBUY_ASSIGN_OR_RETURN(Assessment a, store_.GetAssessment(id));
  Fields f(parameters, "");
  COBUY_RETURN_IF_ERROR(f.Only({"max_open_areas", "open_areas", "min_size", "max_size", "max_groups_per_organisation",
                                "require_lead", "max_per_country", "pinned", "forbidden", "time_limit_seconds"}));
  COBUY_ASSIGN_OR_RETURN(auto k, f.Int("max_open_areas", 1, 1000));
  COBUY_ASSIGN_OR_RETURN(auto min_size, f.Int("min_size", 1, 10000));
  COBUY_ASSIGN_OR_RETURN(auto max_size, f.Int("max_size", 1, 10000));
  COBUY_ASSIGN_OR_RETURN(auto m, f.Int("max_groups_per_organisation", 1, 1000));
  COBUY_ASSIGN_OR_RETURN(bool require_lead, f.Bool("require_lead", false));
  COBUY_ASSIGN_OR_RETURN(auto per_country, f.Int("max_per_country", 1, 10000));
  COBUY_ASSIGN_OR_RETURN(auto time_limit, f.Int("time_limit_seconds", 1, 600));
  json areas = json::array();
  for (const AssessmentArea& area : a.areas) {
    areas.push_back({{"id", area.key}, {"min_size", min_size.value_or(5)}, {"max_size", max_size.value_or(10)}});
  }
  COBUY_ASSIGN_OR_RETURN(auto responses, store_.ListResponses(id));
  json orgs = json::array();
  for (const AssessmentResponse& r : responses) {
    if (!r.submitted_at || r.observer_only) continue;
    json answers = json::parse(r.answers, nullptr, false);
    json interests = json::object();
    json leads = json::array();
    for (const json& ans : answers) {
      auto area = std::find_if(a.areas.begin(), a.areas.end(),
                               [&](const AssessmentArea& x) { return x.id == ans.value("area_id", std::int64_t{0}); });
      if (area == a.areas.end() || ans.value("interest", 0) < 1) continue;
      interests[area->key] = ans["interest"];
      if (ans["role"] == "lead") leads.push_back(area->key);
    }
    if (interests.empty()) continue;
    orgs.push_back(
        {{"id", OrgKey(r.organisation_id)}, {"country", r.country}, {"interests", interests}, {"leads", leads}});
  }
  json instance = {{"areas", areas},
                   {"max_open_areas", k.value_or(static_cast<std::int64_t>(a.areas.size()))},
                   {"max_groups_per_organisation", m.value_or(1)},
                   {"require_lead", require_lead},
                   {"organisations", orgs},
                   {"time_limit_seconds", time_limit.value_or(30)}};
  if (per_country) instance["max_per_country"] = *per_country;
  if (f.Has("open_areas")) instance["open_areas"] = parameters["open_areas"];
  // Pairs as [organisation, area] or {"organisation", "area"}; the optimiser checks them.
  for (const char* list : {"pinned", "forbidden"}) {
    if (!f.Has(list)) continue;
    const json& in = parameters[list];
    if (!in.is_array()) return InvalidArgument("must be a list of [organisation, area] pairs", list);
    json pairs = json::array();
    for (const json& p : in) {
      if (p.is_object() && p.contains("organisation") && p.contains("area")) {
        pairs.push_back(json::array({p["organisation"], p["area"]}));
      } else {
        pairs.push_back(p);
      }
    }
    instance[list] = pairs;
  }
  return instance;
}

Result<Formation> Needs::Form(const User& caller, std::int64_t id, const json& parameters) {
  COBUY_ASSIGN_OR_RETURN(json instance, Instance(caller, id, parameters));
  COBUY_ASSIGN_OR_RETURN(groups::Instance parsed, groups::ParseInstance(instance.dump()));
  COBUY_ASSIGN_OR_RETURN(groups::Solution solution, groups::Solve(parsed));
  Formation f;
  f.assessment_id = id;
  f.parameters = parameters.dump();
  f.result = groups::SolutionToJson(solution).dump();
  f.created_by = caller.id.value;
  f.created_at = clock_.Now();
  COBUY_ASSIGN_OR_RETURN(f.id, store_.AddFormation(f));
  return f;
}

Result<std::vector<Formation>> Needs::Formations(const User& caller, std::int64_t id) {
  COBUY_RETURN_IF_ERROR(RequireSecretariat(caller));
  COBUY_RETURN_IF_ERROR(store_.GetAssessment(id).status());
  return store_.ListFormations(id);
}

Result<std::optional<std::int64_t>> Needs::AssessmentOf(std::int64_t community_id) {
  COBUY_ASSIGN_OR_RETURN(auto formed, store_.FormedGroupOf(community_id));
  if (!formed) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(formed->assessment_id);
}

Result<json> Needs::OrganisationNames(const Formation& f) {
  COBUY_ASSIGN_OR_RETURN(auto responses, store_.ListResponses(f.assessment_id));
  json out = json::object();
  for (const AssessmentResponse& r : responses) {
    out[OrgKey(r.organisation_id)] = {{"id", r.organisation_id}, {"name", r.organisation_name}, {"country", r.country}};
  }
  return out;
}

Result<json> Needs::CreateGroups(const User& caller, std::int64_t id, std::int64_t formation_id) {
  COBUY_RETURN_IF_ERROR(RequireSecretariat(caller));
  COBUY_ASSIGN_OR_RETURN(Assessment a, store_.GetAssessment(id));
  COBUY_ASSIGN_OR_RETURN(Formation formation, store_.GetFormation(id, formation_id));
  COBUY_ASSIGN_OR_RETURN(auto existing, store_.FormedGroups(formation_id));
  if (!existing.empty()) return AlreadyExists("the groups of this formation exist already");
  json result = json::parse(formation.result, nullptr, false);
  if (!result.is_object() || (result["status"] != "optimal" && result["status"] != "time_limit") ||
      !result["groups"].is_object() || result["groups"].empty()) {
    return FailedPrecondition("this formation proposes no groups");
  }
  COBUY_ASSIGN_OR_RETURN(auto responses, store_.ListResponses(id));
  std::map<std::string, const AssessmentResponse*> by_key;
  for (const AssessmentResponse& r : responses) by_key[OrgKey(r.organisation_id)] = &r;
  COBUY_ASSIGN_OR_RETURN(community::Caller secretariat, communities_.CallerOf(&caller));

  // Creates a community led (for now) by the secretariat, who then steps out so that only the
  // invited organisations' people remain; the secretariat manages every community anyway.
  auto make = [&](community::CommunityInput in) -> Result<std::int64_t> {
    COBUY_ASSIGN_OR_RETURN(std::int64_t cid, communities_.Create(secretariat, in));
    COBUY_RETURN_IF_ERROR(communities_store_.RemoveMember(cid, caller.id.value));
    return cid;
  };
  auto invite = [&](std::int64_t cid, const AssessmentResponse& r, const std::string& role) -> Status {
    COBUY_ASSIGN_OR_RETURN(User respondent, accounts_store_.GetUser(UserId(r.updated_by)));
    COBUY_ASSIGN_OR_RETURN(community::Workspace ws,
                           communities_.Enter(secretariat, cid, community::Capability::kManage));
    return communities_.Invite(ws, respondent.email, role).status();
  };

  json created = json::array();
  for (const AssessmentArea& area : a.areas) {
    if (!result["groups"].contains(area.key)) continue;
    community::CommunityInput in;
    in.name = fmt::format("{} ({})", area.name, a.title);
    in.kind = "working_group";
    in.openness = "closed";
    in.aim = area.description.empty() ? area.name : area.description;
    in.entry_requirements = fmt::format("Formed from the needs assessment \u201c{}\u201d.", a.title);
    in.topic = area.cpv.empty() ? "" : area.cpv.front();
    COBUY_ASSIGN_OR_RETURN(std::int64_t cid, make(in));
    COBUY_RETURN_IF_ERROR(store_.RecordFormedGroup({cid, formation_id, id, area.key, false}));
    bool leader_named = false;
    for (const json& member : result["groups"][area.key]) {
      auto it = by_key.find(member.get<std::string>());
      if (it == by_key.end()) continue;
      json answers = json::parse(it->second->answers, nullptr, false);
      bool lead = std::any_of(answers.begin(), answers.end(), [&](const json& x) {
        return x.value("area_id", std::int64_t{0}) == area.id && x["role"] == "lead";
      });
      std::string role = lead && !leader_named ? "leader" : "member";
      leader_named |= role == "leader";
      COBUY_RETURN_IF_ERROR(invite(cid, *it->second, role));
    }
    created.push_back({{"area", area.key}, {"community_id", cid}});
  }
  community::CommunityInput observers;
  observers.name = fmt::format("Observers ({})", a.title);
  observers.kind = "observer_group";
  observers.openness = "closed";
  observers.aim = "Organisations that follow the working groups of this needs assessment without joining one.";
  COBUY_ASSIGN_OR_RETURN(std::int64_t observer_group, make(observers));
  COBUY_RETURN_IF_ERROR(store_.RecordFormedGroup({observer_group, formation_id, id, "", true}));
  for (const AssessmentResponse& r : responses) {
    if (r.submitted_at && r.observer_only) COBUY_RETURN_IF_ERROR(invite(observer_group, r, "member"));
  }
  return json{{"groups", created}, {"observer_group", observer_group}};
}

Result<Membership> Needs::Commit(const User& caller, std::int64_t community_id, const std::string& decision) {
  if (decision != "commit" && decision != "decline") {
    return InvalidArgument(fmt::format("must be commit or decline, not '{}'", decision), "decision");
  }
  COBUY_ASSIGN_OR_RETURN(auto formed, store_.FormedGroupOf(community_id));
  if (!formed || formed->observer_group) return NotFound("this community was not formed from a needs assessment");
  COBUY_ASSIGN_OR_RETURN(auto membership, communities_store_.GetMembership(community_id, caller.id.value));
  if (!membership || membership->status != MemberStatus::kInvited) {
    return FailedPrecondition("you have no pending invitation to this group");
  }
  COBUY_ASSIGN_OR_RETURN(community::Caller who, communities_.CallerOf(&caller));
  if (decision == "commit") return communities_.Join(who, community_id, "committed formally");
  COBUY_RETURN_IF_ERROR(communities_store_.RemoveMember(community_id, caller.id.value));
  COBUY_ASSIGN_OR_RETURN(auto groups, store_.FormedGroups(formed->formation_id));
  for (const FormedGroup& g : groups) {
    if (!g.observer_group) continue;
    COBUY_RETURN_IF_ERROR(communities_store_.PutMember(g.community_id, caller.id.value, community::JoiningRole(caller),
                                                       MemberStatus::kActive, "declined the working group",
                                                       clock_.Now()));
    COBUY_ASSIGN_OR_RETURN(auto joined, communities_store_.GetMembership(g.community_id, caller.id.value));
    return *joined;
  }
  return Internal("the formation has no observer group");
}

}  // namespace cobuy::needs
