#include "market/market.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "community/communities.h"

namespace cobuy::market {
namespace {

using nlohmann::json;

// An opportunity's contracts shown with their details (all of them are in "ocids").
constexpr size_t kContractsShown = 25;

bool IsBuyerSide(Role r) {
  return r != Role::kMarketActor;
}
bool MayPublish(Role r) {
  return r == Role::kOrganisationAdmin || r == Role::kBuyer;
}

json Optional(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}
json Eur(double v) {
  return std::isnan(v) ? json(nullptr) : json(std::round(v * 100) / 100);
}
double Round2(double v) {
  return std::round(v * 100) / 100;
}

PipelineStatus StatusOfProcess(const MarketFact& f) {
  auto has = [&](std::string_view tag) { return HasTag(f.tags, tag); };
  if (f.status == "cancelled" || f.status == "withdrawn" || f.status == "unsuccessful")
    return PipelineStatus::kCancelled;
  if (has("award") || has("contract") || has("awardUpdate") || has("contractUpdate")) return PipelineStatus::kAwarded;
  if (has("tender") || has("tenderUpdate")) return PipelineStatus::kTendering;
  return PipelineStatus::kPlanned;
}

// The field's string, or an error naming it.
Result<std::string> StringField(const json& body, const char* field, size_t max, bool required) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (required) return InvalidArgument("is required", field);
    return std::string();
  }
  if (!it->is_string()) return InvalidArgument("must be a string", field);
  std::string v = it->get<std::string>();
  if (required && v.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("must not be empty", field);
  }
  if (v.size() > max) return InvalidArgument(fmt::format("longer than {} characters", max), field);
  return v;
}

const char* Text(const std::string& lang, const char* en, const char* de, const char* fr) {
  return lang == "de" ? de : lang == "fr" ? fr : en;
}

// A pipeline status in words, for notifications.
std::string StatusLabel(PipelineStatus st, const std::string& lang) {
  switch (st) {
    case PipelineStatus::kPlanned: return Text(lang, "planned", "geplant", "prévu");
    case PipelineStatus::kPreparing: return Text(lang, "in preparation", "in Vorbereitung", "en préparation");
    case PipelineStatus::kTendering: return Text(lang, "out to tender", "ausgeschrieben", "en consultation");
    case PipelineStatus::kAwarded: return Text(lang, "awarded", "vergeben", "attribué");
    case PipelineStatus::kCancelled: return Text(lang, "cancelled", "abgesagt", "annulé");
  }
  return Name(st);
}

}  // namespace

// --- sentences ----------------------------------------------------------------------------------

std::string ActionReason(const std::string& action, int buyers, int span_days, const std::string& framework_title,
                         const std::string& lang) {
  const int months = std::max(1, static_cast<int>(std::lround(span_days / 30.4)));
  if (action == "use_framework") {
    return fmt::format(
        fmt::runtime(
            Text(lang,
                 "A framework agreement open to other buyers runs beyond the next six months: \"{}\". Check whether "
                 "the {} buyers may call off from it before tendering.",
                 "Eine für andere Auftraggeber offene Rahmenvereinbarung läuft über die nächsten sechs Monate hinaus: "
                 "„{}“. Prüfen Sie, ob die {} Auftraggeber daraus abrufen können, bevor sie ausschreiben.",
                 "Un accord-cadre ouvert à d'autres acheteurs court au-delà des six prochains mois : « {} ». Vérifiez "
                 "si les {} acheteurs peuvent s'en servir avant de lancer une procédure.")),
        framework_title, buyers);
  }
  if (action == "joint_procurement") {
    return fmt::format(fmt::runtime(Text(lang,
                                         "The needs of {} buyers fall within {} months of each other: they can align "
                                         "their dates and tender together.",
                                         "Der Bedarf von {} Auftraggebern fällt in {} Monate: Sie können ihre Termine "
                                         "abstimmen und gemeinsam ausschreiben.",
                                         "Les besoins de {} acheteurs tombent dans un intervalle de {} mois : ils "
                                         "peuvent aligner leurs dates et passer un marché conjoint.")),
                       buyers, months);
  }
  return fmt::format(
      fmt::runtime(Text(
          lang,
          "The needs of {} buyers are spread over {} months: meet the market together first and share what you learn.",
          "Der Bedarf von {} Auftraggebern verteilt sich auf {} Monate: Führen Sie zuerst gemeinsam eine "
          "Markterkundung durch.",
          "Les besoins de {} acheteurs s'étalent sur {} mois : consultez d'abord le marché ensemble et partagez ce que "
          "vous apprenez.")),
      buyers, months);
}

std::string WarningAdvice(const EarlyWarning& w, const std::string& lang) {
  if (w.code == "single_bid") {
    return fmt::format(
        fmt::runtime(Text(lang,
                          "{} of your {} {} procedures received a single tender. Consider engaging the market before "
                          "publishing, lots, or longer submission periods.",
                          "{} von {} Verfahren ({}) erhielten nur ein Angebot. Erwägen Sie eine Markterkundung vor der "
                          "Veröffentlichung, Lose oder längere Angebotsfristen.",
                          "{} de vos {} procédures ({}) n'ont reçu qu'une offre. Envisagez une consultation du marché "
                          "avant publication, des lots ou des délais de remise plus longs.")),
        w.count, w.of, w.procedure);
  }
  return fmt::format(
      fmt::runtime(Text(lang,
                        "{} of your {} {} procedures gave suppliers less than {} days to submit. Short periods keep "
                        "bidders away; plan longer ones where you can.",
                        "{} von {} Verfahren ({}) ließen weniger als {} Tage für Angebote. Kurze Fristen halten Bieter "
                        "fern; planen Sie längere, wo möglich.",
                        "{} de vos {} procédures ({}) ont laissé moins de {} jours pour soumettre. Les délais courts "
                        "écartent les soumissionnaires ; prévoyez-les plus longs si possible.")),
      w.count, w.of, w.procedure, w.threshold_days);
}

// --- set-up ----------------------------------------------------------------------------------------

Result<std::unique_ptr<Market>> Market::Create(MarketDeps deps) {
  std::unique_ptr<Market> m(new Market(std::move(deps)));
  COBUY_ASSIGN_OR_RETURN(auto rates, m->deps_.accounts.ListFxRates());
  std::map<std::string, std::string> dates;  // the newest rate of each currency is kept
  for (const FxRate& r : rates) {
    std::string& date = dates[r.currency];
    if (date.empty() || r.date > date) {
      date = r.date;
      m->rates_[r.currency] = r.rate;
    }
  }
  m->rates_["EUR"] = 1;
  return m;
}

Status Market::EnsureLoaded() {
  {
    std::shared_lock lock(mu_);
    if (snapshot_) return Status::Ok();
  }
  std::unique_lock lock(mu_);
  if (snapshot_) return Status::Ok();
  return LoadFresh(lock);
}

Status Market::LoadFresh(std::unique_lock<std::shared_mutex>& lock) {
  // Changes logged while loading are taken again by the next Update (taking one twice is
  // harmless); so is a link made while loading (the next Update builds afresh once more).
  COBUY_ASSIGN_OR_RETURN(auto range, deps_.store.ChangeRange());
  COBUY_ASSIGN_OR_RETURN(auto links, deps_.store.OrganisationLinks());
  COBUY_ASSIGN_OR_RETURN(Snapshot s, Snapshot::Load(deps_.store));
  if (!lock.owns_lock()) lock.lock();
  snapshot_ = std::make_unique<Snapshot>(std::move(s));
  snapshot_seq_ = range.second;
  links_ = std::move(links);
  return Status::Ok();
}

Status Market::Load() {
  return EnsureLoaded();
}

Status Market::Read(const std::function<Status(const Snapshot&)>& fn) {
  return WithSnapshot([&](const Snapshot& s) { return fn(s); });
}

template <typename Fn>
auto Market::WithSnapshot(Fn&& fn) -> decltype(fn(std::declval<const Snapshot&>())) {
  // Update may drop the snapshot (when the change log was pruned past it) between the load and
  // the lock: then load again.
  while (true) {
    {
      std::shared_lock lock(mu_);
      if (snapshot_) return fn(*snapshot_);
    }
    COBUY_RETURN_IF_ERROR(EnsureLoaded());
  }
}

Status Market::RequireBuyerSide(const User& caller) const {
  if (!IsBuyerSide(caller.role)) {
    return PermissionDenied("pipelines, opportunities and prices are for public buyers; market actors cannot see them");
  }
  // The organisation decides, not the role alone: a supplier's or an industry association's own
  // organisation admin is on the market's side too (Step 7, H4).
  if (caller.role != Role::kPlatformAdmin) {
    COBUY_ASSIGN_OR_RETURN(Organisation org, deps_.accounts.GetOrganisation(caller.organisation));
    if (IsMarketOrganisation(org.type)) {
      return PermissionDenied(
          "pipelines, opportunities and prices are for public buyers; suppliers and their associations cannot see them");
    }
  }
  return Status::Ok();
}

Status Market::RequireOwnOrganisation(const User& caller, std::int64_t organisation_id) const {
  COBUY_RETURN_IF_ERROR(RequireBuyerSide(caller));
  if (caller.role == Role::kPlatformAdmin || caller.organisation.value == organisation_id) return Status::Ok();
  return PermissionDenied("only the organisation's own people and the secretariat can see this");
}

std::optional<double> Market::ToEur(std::optional<double> amount, const std::string& currency) const {
  if (!amount) return std::nullopt;
  auto it = rates_.find(currency);
  if (it == rates_.end() || it->second <= 0) return std::nullopt;
  return Round2(*amount / it->second);
}

std::string Market::CpvLabel(std::uint32_t cpv8, const std::string& lang) const {
  // The code itself, else the nearest ancestor the vocabulary has.
  for (int digits = 8; digits >= 2; --digits) {
    std::string code = ClassCode(ClassOf(cpv8, digits), digits);
    if (const CpvCode* c = deps_.cpv.Find(code)) {
      auto it = c->labels.find(lang);
      if (it == c->labels.end()) it = c->labels.find("en");
      return it == c->labels.end() ? "" : it->second;
    }
  }
  return "";
}

// --- pipeline ----------------------------------------------------------------------------------------

Result<PipelineEntry> Market::ReadBody(const json& body, PipelineEntry e, bool create, bool imported) {
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object");
  static const std::set<std::string> kFields = {
      "title",          "description",     "cpv",    "estimated_value",       "planned_tender_date",
      "contract_start", "duration_months", "region", "open_to_collaboration", "contact_name",
      "contact_email",  "status"};
  static const std::set<std::string> kImportedFields = {"open_to_collaboration", "contact_name", "contact_email"};
  for (const auto& [k, v] : body.items()) {
    if (!kFields.count(k)) return InvalidArgument("unknown field", k);
    if (k == "status" && create) return InvalidArgument("a new entry is planned", "status");
    if (imported && !kImportedFields.count(k)) {
      return FailedPrecondition(
          fmt::format("{}: this entry comes from the publisher's data and follows it; only the collaboration flag "
                      "and the contact can be changed",
                      k));
    }
  }
  auto has = [&](const char* f) { return body.contains(f); };
  if (create || has("title")) {
    COBUY_ASSIGN_OR_RETURN(e.title, StringField(body, "title", 200, true));
  }
  if (has("description")) {
    COBUY_ASSIGN_OR_RETURN(e.description, StringField(body, "description", 5000, false));
  }
  if (create || has("cpv")) {
    COBUY_ASSIGN_OR_RETURN(std::string cpv, StringField(body, "cpv", 20, true));
    const CpvCode* code = deps_.cpv.Find(cpv);
    if (!code) return InvalidArgument(fmt::format("no such CPV code '{}'", cpv), "cpv");
    e.cpv = code->code;
  }
  if (has("estimated_value")) {
    const json& v = body["estimated_value"];
    if (v.is_null()) {
      e.value_amount.reset();
      e.value_currency.clear();
    } else {
      if (!v.is_object()) return InvalidArgument("must be an object {amount, currency}", "estimated_value");
      for (const auto& [k, x] : v.items()) {
        if (k != "amount" && k != "currency") {
          return InvalidArgument("unknown field", "estimated_value." + k);
        }
      }
      if (!v.contains("amount") || !v["amount"].is_number() || v["amount"].get<double>() < 0) {
        return InvalidArgument("must be a number of at least 0", "estimated_value.amount");
      }
      if (!v.contains("currency") || !v["currency"].is_string()) {
        return InvalidArgument("is required", "estimated_value.currency");
      }
      std::string cur = v["currency"].get<std::string>();
      if (!rates_.count(cur)) {
        return InvalidArgument(fmt::format("unknown currency '{}' (no ECB rate)", cur), "estimated_value.currency");
      }
      e.value_amount = v["amount"].get<double>();
      e.value_currency = cur;
    }
    e.value_eur = ToEur(e.value_amount, e.value_currency);
  }
  for (const char* f : {"planned_tender_date", "contract_start"}) {
    const bool required = create && std::string_view(f) == "planned_tender_date";
    if (!required && !has(f)) continue;
    COBUY_ASSIGN_OR_RETURN(std::string day, StringField(body, f, 10, required));
    if (!day.empty() && !IsDay(day)) return InvalidArgument("not a date (YYYY-MM-DD)", f);
    (std::string_view(f) == "planned_tender_date" ? e.planned_tender_date : e.contract_start) = day;
  }
  if (!e.contract_start.empty() && e.contract_start < e.planned_tender_date) {
    return InvalidArgument("before the planned tender date", "contract_start");
  }
  if (has("duration_months")) {
    const json& v = body["duration_months"];
    if (v.is_null()) {
      e.duration_months.reset();
    } else if (!v.is_number_integer() || v.get<int>() < 1 || v.get<int>() > 240) {
      return InvalidArgument("must be a whole number of months from 1 to 240", "duration_months");
    } else {
      e.duration_months = v.get<int>();
    }
  }
  if (has("region")) {
    COBUY_ASSIGN_OR_RETURN(e.region, StringField(body, "region", 64, false));
  }
  if (has("open_to_collaboration")) {
    if (!body["open_to_collaboration"].is_boolean()) {
      return InvalidArgument("must be true or false", "open_to_collaboration");
    }
    e.open_to_collaboration = body["open_to_collaboration"].get<bool>();
  }
  if (has("contact_name")) {
    COBUY_ASSIGN_OR_RETURN(e.contact_name, StringField(body, "contact_name", 200, false));
  }
  if (has("contact_email")) {
    COBUY_ASSIGN_OR_RETURN(e.contact_email, StringField(body, "contact_email", 254, false));
    if (!e.contact_email.empty() &&
        (e.contact_email.find('@') == std::string::npos || e.contact_email.find(' ') != std::string::npos)) {
      return InvalidArgument("not an e-mail address", "contact_email");
    }
  }
  if (has("status")) {
    if (!body["status"].is_string() || !ParsePipelineStatus(body["status"].get<std::string>())) {
      return InvalidArgument("must be one of planned, preparing, tendering, awarded, cancelled", "status");
    }
    e.status = *ParsePipelineStatus(body["status"].get<std::string>());
  }
  return e;
}

Result<json> Market::EntryJson(const User& caller, const PipelineEntry& e) {
  COBUY_ASSIGN_OR_RETURN(auto interests, deps_.store.Interests(e.id));
  COBUY_ASSIGN_OR_RETURN(auto watchers, deps_.store.Watchers(e.id));
  json list = json::array();
  bool interested = false;
  for (const PipelineInterest& i : interests) {
    interested = interested || i.organisation_id == caller.organisation.value;
    list.push_back({{"organisation", {{"id", i.organisation_id}, {"name", i.organisation_name}}},
                    {"user", i.user_id ? json{{"id", i.user_id}, {"name", i.user_name}} : json(nullptr)},
                    {"note", i.note},
                    {"at", FormatTimestamp(i.created_at)}});
  }
  const bool own = e.organisation_id != 0 && e.organisation_id == caller.organisation.value;
  std::string lang = caller.language;
  std::uint32_t cpv = CpvDigits(e.cpv);
  return json{
      {"id", e.id},
      {"source", e.source},
      {"ocid", e.ocid.empty() ? json(nullptr) : json(e.ocid)},
      {"organisation",
       {{"id", e.organisation_id ? json(e.organisation_id) : json(nullptr)},
        {"name", e.organisation_id ? e.organisation_name : e.buyer_org_name},
        {"country", e.organisation_id ? e.organisation_country : e.buyer_org_country}}},
      {"buyer", e.buyer_org
                    ? json{{"id", e.buyer_org_key}, {"name", e.buyer_org_name}, {"country", e.buyer_org_country}}
                    : json{{"id", fmt::format("cobuy-{}", e.organisation_id)},
                           {"name", e.organisation_name},
                           {"country", e.organisation_country}}},
      {"title", e.title},
      {"description", e.description},
      {"cpv", e.cpv},
      {"cpv_label", cpv ? CpvLabel(cpv, lang) : ""},
      {"estimated_value",
       e.value_amount ? json{{"amount", *e.value_amount}, {"currency", e.value_currency}} : json(nullptr)},
      {"value_eur", Optional(e.value_eur)},
      {"planned_tender_date", e.planned_tender_date},
      {"contract_start", e.contract_start.empty() ? json(nullptr) : json(e.contract_start)},
      {"duration_months", e.duration_months ? json(*e.duration_months) : json(nullptr)},
      {"region", e.region},
      {"open_to_collaboration", e.open_to_collaboration},
      {"contact", {{"name", e.contact_name}, {"email", e.contact_email}}},
      {"status", Name(e.status)},
      {"status_changed_at", FormatTimestamp(e.status_changed_at)},
      {"status_changed_by",
       e.status_changed_by ? json{{"id", e.status_changed_by}, {"name", e.status_changed_by_name}} : json(nullptr)},
      {"interests", list},
      {"watchers", watchers.size()},
      {"watching", std::find(watchers.begin(), watchers.end(), caller.id.value) != watchers.end()},
      {"interested", interested},
      {"editable", own && MayPublish(caller.role)},
      {"updated_at", FormatTimestamp(e.updated_at)}};
}

Result<json> Market::ListPipeline(const User& caller, const PipelineFilter& filter) {
  COBUY_RETURN_IF_ERROR(RequireBuyerSide(caller));
  if ((!filter.from.empty() && !IsDay(filter.from)) || (!filter.to.empty() && !IsDay(filter.to))) {
    return InvalidArgument("not a date (YYYY-MM-DD)", !filter.from.empty() && !IsDay(filter.from) ? "from" : "to");
  }
  if (!filter.status.empty() && !ParsePipelineStatus(filter.status)) {
    return InvalidArgument("must be one of planned, preparing, tendering, awarded, cancelled", "status");
  }
  if (filter.cpv_prefix.find_first_not_of("0123456789") != std::string::npos || filter.cpv_prefix.size() > 8) {
    return InvalidArgument("must be 1 to 8 digits", "cpv");
  }
  COBUY_ASSIGN_OR_RETURN(auto entries, deps_.store.ListEntries(filter));
  json out = json::array();
  for (const PipelineEntry& e : entries) {
    COBUY_ASSIGN_OR_RETURN(json j, EntryJson(caller, e));
    out.push_back(std::move(j));
  }
  return json{{"entries", out}};
}

Result<json> Market::GetEntry(const User& caller, std::int64_t id) {
  COBUY_RETURN_IF_ERROR(RequireBuyerSide(caller));
  COBUY_ASSIGN_OR_RETURN(PipelineEntry e, deps_.store.GetEntry(id));
  return EntryJson(caller, e);
}

Result<json> Market::CreateEntry(const User& caller, const json& body) {
  COBUY_RETURN_IF_ERROR(RequireBuyerSide(caller));
  if (!MayPublish(caller.role)) {
    return PermissionDenied("only organisation admins and buyers publish their organisation's pipeline");
  }
  PipelineEntry e;
  e.organisation_id = caller.organisation.value;
  COBUY_ASSIGN_OR_RETURN(e, ReadBody(body, std::move(e), true, false));
  const UnixSeconds now = deps_.clock.Now();
  e.source = "cobuy";
  e.status = PipelineStatus::kPlanned;
  e.status_changed_at = e.created_at = e.updated_at = now;
  e.status_changed_by = e.created_by = caller.id.value;
  COBUY_ASSIGN_OR_RETURN(std::int64_t id, deps_.store.CreateEntry(e));
  COBUY_RETURN_IF_ERROR(RefreshEntries({id}));
  return GetEntry(caller, id);
}

Result<json> Market::UpdateEntry(const User& caller, std::int64_t id, const json& body) {
  COBUY_RETURN_IF_ERROR(RequireBuyerSide(caller));
  COBUY_ASSIGN_OR_RETURN(PipelineEntry before, deps_.store.GetEntry(id));
  if (before.organisation_id != caller.organisation.value || !MayPublish(caller.role)) {
    return PermissionDenied("only the organisation's admins and buyers edit its pipeline entries");
  }
  COBUY_ASSIGN_OR_RETURN(PipelineEntry e, ReadBody(body, before, false, before.source == "ocds"));
  const UnixSeconds now = deps_.clock.Now();
  e.updated_at = now;
  const bool status_changed = e.status != before.status;
  if (status_changed) {
    e.status_changed_at = now;
    e.status_changed_by = caller.id.value;
  }
  COBUY_RETURN_IF_ERROR(deps_.store.UpdateEntry(e));
  COBUY_RETURN_IF_ERROR(RefreshEntries({id}));
  if (status_changed) {
    COBUY_ASSIGN_OR_RETURN(PipelineEntry after, deps_.store.GetEntry(id));
    COBUY_RETURN_IF_ERROR(NotifyEntry(after, caller.id.value));
  }
  return GetEntry(caller, id);
}

Result<json> Market::SetInterest(const User& caller, std::int64_t id, std::optional<std::string> note) {
  COBUY_RETURN_IF_ERROR(RequireBuyerSide(caller));
  COBUY_ASSIGN_OR_RETURN(PipelineEntry e, deps_.store.GetEntry(id));
  if (!MayPublish(caller.role)) return PermissionDenied("only organisation admins and buyers express interest");
  if (e.organisation_id == caller.organisation.value) {
    return FailedPrecondition("this is your organisation's own entry");
  }
  if (note) {
    if (note->size() > 2000) return InvalidArgument("longer than 2000 characters", "note");
    // The publisher hears of an organisation's interest once; a changed note is not news (L6).
    COBUY_ASSIGN_OR_RETURN(auto interests, deps_.store.Interests(id));
    const bool already = std::any_of(interests.begin(), interests.end(), [&](const PipelineInterest& i) {
      return i.organisation_id == caller.organisation.value;
    });
    COBUY_RETURN_IF_ERROR(deps_.store.PutInterest(
        {id, caller.organisation.value, "", caller.id.value, caller.name, *note, deps_.clock.Now()}));
    COBUY_RETURN_IF_ERROR(deps_.store.SetWatching(id, caller.id.value, true));
    // The entry's publisher hears of it.
    if (!already && e.created_by != 0 && deps_.notifications) {
      COBUY_ASSIGN_OR_RETURN(User owner, deps_.accounts.GetUser(UserId{e.created_by}));
      const std::string& lang = owner.language;
      COBUY_ASSIGN_OR_RETURN(Organisation org, deps_.accounts.GetOrganisation(caller.organisation));
      Notification n;
      n.user_id = owner.id.value;
      n.kind = "pipeline";
      n.title = fmt::format(fmt::runtime(Text(lang, "{} is interested in “{}”", "{} interessiert sich für „{}“",
                                              "{} est intéressé par « {} »")),
                            org.name, e.title);
      n.body = *note;
      n.link = fmt::format("/pipeline/{}", id);
      n.created_at = deps_.clock.Now();
      COBUY_RETURN_IF_ERROR(deps_.notifications->AddNotifications({n}));
    }
  } else {
    COBUY_RETURN_IF_ERROR(deps_.store.RemoveInterest(id, caller.organisation.value));
  }
  return GetEntry(caller, id);
}

Result<json> Market::SetWatching(const User& caller, std::int64_t id, bool watching) {
  COBUY_RETURN_IF_ERROR(RequireBuyerSide(caller));
  COBUY_RETURN_IF_ERROR(deps_.store.GetEntry(id).status());
  COBUY_RETURN_IF_ERROR(deps_.store.SetWatching(id, caller.id.value, watching));
  return GetEntry(caller, id);
}

Status Market::NotifyEntry(const PipelineEntry& e, std::int64_t except_user) {
  if (!deps_.notifications) return Status::Ok();
  COBUY_ASSIGN_OR_RETURN(auto watchers, deps_.store.Watchers(e.id));
  COBUY_ASSIGN_OR_RETURN(auto interests, deps_.store.Interests(e.id));
  std::set<std::int64_t> to(watchers.begin(), watchers.end());
  for (const PipelineInterest& i : interests) {
    if (i.user_id) to.insert(i.user_id);
  }
  to.erase(except_user);
  std::vector<Notification> out;
  for (std::int64_t uid : to) {
    auto user = deps_.accounts.GetUser(UserId{uid});
    if (!user.ok() || user->status != UserStatus::kActive) continue;
    const std::string& lang = user->language;
    Notification n;
    n.user_id = uid;
    n.kind = "pipeline";
    n.title = fmt::format(fmt::runtime(Text(lang, "“{}” is now {}", "„{}“ ist jetzt {}", "« {} » est maintenant {}")),
                          e.title, StatusLabel(e.status, lang));
    n.body = fmt::format("{} · {}", e.organisation_id ? e.organisation_name : e.buyer_org_name, e.planned_tender_date);
    n.link = fmt::format("/pipeline/{}", e.id);
    n.created_at = deps_.clock.Now();
    out.push_back(std::move(n));
  }
  if (out.empty()) return Status::Ok();
  return deps_.notifications->AddNotifications(out);
}

Status Market::RefreshEntries(const std::vector<std::int64_t>& ids) {
  std::unique_lock lock(mu_);
  if (!snapshot_) return Status::Ok();
  return snapshot_->ApplyPipeline(deps_.store, ids);
}

// --- opportunities --------------------------------------------------------------------------------

json Market::OpportunityJson(const Snapshot& s, const Opportunity& o, const std::map<std::string, std::string>& titles,
                             std::int64_t my_org, const std::string& lang) const {
  auto buyer_id = [&](int b) { return s.buyers[static_cast<size_t>(b)].id; };
  json buyers = json::array();
  bool mine = false;
  for (int b : o.buyers) {
    const Buyer& x = s.buyers[static_cast<size_t>(b)];
    mine = mine || (my_org != 0 && x.organisation_id == my_org);
    buyers.push_back({{"id", x.id},
                      {"name", x.name},
                      {"country", x.country},
                      {"organisation_id", x.organisation_id ? json(x.organisation_id) : json(nullptr)}});
  }
  json ocids = json::array(), contracts = json::array();
  for (int ci : o.contracts) {
    const Contract& c = s.contracts[static_cast<size_t>(ci)];
    ocids.push_back(c.ocid);
    if (contracts.size() >= kContractsShown) continue;
    json sups = json::array();
    for (int sup : c.suppliers) sups.push_back(s.suppliers[static_cast<size_t>(sup)].name);
    auto t = titles.find(c.ocid);
    contracts.push_back({{"ocid", c.ocid},
                         {"title", t == titles.end() ? "" : t->second},
                         {"buyer_id", buyer_id(c.buyer)},
                         {"end_date", DayString(c.end_day)},
                         {"value_eur", Eur(c.value_eur)},
                         {"suppliers", sups},
                         {"is_framework", c.framework}});
  }
  json pipeline = json::array();
  for (int ei : o.pipeline) {
    const Planned& e = s.pipeline[static_cast<size_t>(ei)];
    pipeline.push_back({{"id", e.id},
                        {"title", e.title},
                        {"buyer_id", buyer_id(e.buyer)},
                        {"planned_tender_date", DayString(e.day)},
                        {"value_eur", Eur(e.value_eur)},
                        {"open_to_collaboration", e.open_to_collaboration}});
  }
  json suppliers = json::array();
  for (const auto& [sup, bs] : o.suppliers) {
    json ids = json::array();
    for (int b : bs) ids.push_back(buyer_id(b));
    suppliers.push_back({{"id", s.suppliers[static_cast<size_t>(sup)].id},
                         {"name", s.suppliers[static_cast<size_t>(sup)].name},
                         {"buyers", ids},
                         {"shared", bs.size() >= 2}});
  }
  json framework = nullptr;
  std::string framework_title;
  if (o.framework >= 0) {
    const Contract& f = s.contracts[static_cast<size_t>(o.framework)];
    auto t = titles.find(f.ocid);
    framework_title = t == titles.end() ? f.ocid : t->second;
    framework = {{"ocid", f.ocid},
                 {"title", framework_title},
                 {"buyer", f.buyer >= 0 ? s.buyers[static_cast<size_t>(f.buyer)].name : ""},
                 {"end_date", DayString(f.end_day)}};
  }
  const int span = o.to_day - o.from_day;
  std::uint32_t cpv8 = CpvDigits(o.cpv);
  return json{{"key", o.key},
              {"cpv", o.cpv},
              {"cpv_label", CpvLabel(cpv8, lang)},
              {"buyers", buyers},
              {"ocids", ocids},
              {"contracts", contracts},
              {"contracts_total", o.contracts.size()},
              {"pipeline", pipeline},
              {"suppliers", suppliers},
              {"combined_value_eur", Round2(o.combined_value_eur)},
              {"timing", {{"from", DayString(o.from_day)}, {"to", DayString(o.to_day)}, {"span_days", span}}},
              {"score", o.score},
              {"score_parts",
               {{"buyers", Round2(o.score_buyers)},
                {"value", Round2(o.score_value)},
                {"timing", Round2(o.score_timing)},
                {"shared_suppliers", o.score_shared},
                {"pipeline", o.score_pipeline}}},
              {"action",
               {{"code", o.action},
                {"framework", framework},
                {"reason", ActionReason(o.action, static_cast<int>(o.buyers.size()), span, framework_title, lang)}}},
              {"mine", mine}};
}

Result<json> Market::Opportunities(const User* caller, OpportunityParams params, const std::string& country,
                                   bool mine_only, const std::string& lang) {
  if (caller) COBUY_RETURN_IF_ERROR(RequireBuyerSide(*caller));
  if (params.as_of.empty()) params.as_of = Today();
  COBUY_RETURN_IF_ERROR(Check(params));
  const std::int64_t my_org = caller ? caller->organisation.value : 0;
  return WithSnapshot([&](const Snapshot& s) -> Result<json> {
    std::vector<Opportunity> found = FindOpportunities(s, params);
    // Those asked for (a buyer of `country`; with `mine_only`, the caller's organisation's).
    std::erase_if(found, [&](const Opportunity& o) {
      auto any = [&](auto&& pred) {
        return std::any_of(o.buyers.begin(), o.buyers.end(),
                           [&](int b) { return pred(s.buyers[static_cast<size_t>(b)]); });
      };
      return (!country.empty() && !any([&](const Buyer& x) { return x.country == country; })) ||
             (mine_only && !any([&](const Buyer& x) { return my_org != 0 && x.organisation_id == my_org; }));
    });
    std::vector<std::string> ocids;
    for (const Opportunity& o : found) {
      for (size_t i = 0; i < o.contracts.size() && i < kContractsShown; ++i) {
        ocids.push_back(s.contracts[static_cast<size_t>(o.contracts[i])].ocid);
      }
      if (o.framework >= 0) ocids.push_back(s.contracts[static_cast<size_t>(o.framework)].ocid);
    }
    COBUY_ASSIGN_OR_RETURN(auto title_rows, deps_.store.Titles(ocids));
    std::map<std::string, std::string> titles(title_rows.begin(), title_rows.end());
    json list = json::array();
    for (const Opportunity& o : found) list.push_back(OpportunityJson(s, o, titles, my_org, lang));
    return json{{"as_of", params.as_of},
                {"parameters",
                 {{"cpv_digits", params.cpv_digits},
                  {"min_buyers", params.min_buyers},
                  {"window_months", params.window_months}}},
                {"opportunities", list}};
  });
}

Result<std::int64_t> Market::Propose(const User& caller, const std::string& key, OpportunityParams params) {
  COBUY_RETURN_IF_ERROR(RequireBuyerSide(caller));
  if (!deps_.communities) return Unavailable("working groups are not set up");
  if (params.as_of.empty()) params.as_of = Today();
  COBUY_RETURN_IF_ERROR(Check(params));
  struct Plan {
    std::string name, aim, topic;
    std::vector<std::int64_t> organisations;
  };
  COBUY_ASSIGN_OR_RETURN(
      Plan plan, WithSnapshot([&](const Snapshot& s) -> Result<Plan> {
        for (const Opportunity& o : FindOpportunities(s, params)) {
          if (o.key != key) continue;
          Plan p;
          const std::string label = CpvLabel(CpvDigits(o.cpv), caller.language);
          p.topic = label;
          p.name = fmt::format("Joint procurement: {} ({})", label, o.cpv);
          std::vector<std::string> names;
          for (int b : o.buyers) {
            const Buyer& x = s.buyers[static_cast<size_t>(b)];
            names.push_back(x.name);
            if (x.organisation_id) p.organisations.push_back(x.organisation_id);
          }
          std::string who;
          for (size_t i = 0; i < names.size(); ++i) who += (i ? ", " : "") + names[i];
          p.aim =
              fmt::format("Proposed from a collaboration opportunity: {} buyers ({}) need {} between {} and {}. {}",
                          o.buyers.size(), who, label, DayString(o.from_day), DayString(o.to_day),
                          ActionReason(o.action, static_cast<int>(o.buyers.size()), o.to_day - o.from_day, "", "en"));
          if (p.aim.size() > 2000) p.aim.resize(2000);
          return p;
        }
        return NotFound(fmt::format("no collaboration opportunity '{}' on {}", key, params.as_of));
      }));
  const bool involved = std::find(plan.organisations.begin(), plan.organisations.end(), caller.organisation.value) !=
                        plan.organisations.end();
  if (caller.role != Role::kPlatformAdmin && !(involved && MayPublish(caller.role))) {
    return PermissionDenied("only the secretariat or a buyer of one of the opportunity's organisations can propose it");
  }
  community::Communities& communities = *deps_.communities;
  COBUY_ASSIGN_OR_RETURN(community::Caller who, communities.CallerOf(&caller));
  community::CommunityInput in;
  in.name = plan.name;
  in.kind = "working_group";
  in.openness = "closed";
  in.aim = plan.aim;
  in.topic = plan.topic;
  COBUY_ASSIGN_OR_RETURN(std::int64_t id, communities.Create(who, in));
  COBUY_ASSIGN_OR_RETURN(community::Workspace ws, communities.Enter(who, id, community::Capability::kManage));
  for (std::int64_t org : plan.organisations) {
    COBUY_ASSIGN_OR_RETURN(auto people, deps_.accounts.ListUsers(OrganisationId{org}));
    for (const User& u : people) {
      if (u.id.value == caller.id.value || u.status != UserStatus::kActive || !MayPublish(u.role)) continue;
      COBUY_RETURN_IF_ERROR(communities.Invite(ws, u.email, "member").status());
    }
  }
  return id;
}

Result<int> Market::NotifyOpportunities(const Snapshot& s, const std::vector<Opportunity>& found,
                                        const OpportunityParams& p) {
  if (!deps_.notifications) return 0;
  const int today = *DayNumber(p.as_of);
  std::vector<Notification> out;
  for (const Opportunity& o : found) {
    for (int b : o.buyers) {
      const Buyer& x = s.buyers[static_cast<size_t>(b)];
      if (!x.organisation_id) continue;
      COBUY_ASSIGN_OR_RETURN(auto noticed, deps_.store.NoticedOn(o.key, x.organisation_id));
      if (noticed && DayNumber(*noticed) && AddMonths(*DayNumber(*noticed), p.window_months) > today) continue;
      COBUY_ASSIGN_OR_RETURN(auto people, deps_.accounts.ListUsers(OrganisationId{x.organisation_id}));
      for (const User& u : people) {
        if (u.status != UserStatus::kActive || !MayPublish(u.role)) continue;
        const std::string& lang = u.language;
        Notification n;
        n.user_id = u.id.value;
        n.kind = "opportunity";
        n.title = fmt::format(fmt::runtime(Text(lang, "Collaboration opportunity: {} ({} buyers)",
                                                "Kooperationsmöglichkeit: {} ({} Auftraggeber)",
                                                "Occasion de coopération : {} ({} acheteurs)")),
                              CpvLabel(CpvDigits(o.cpv), lang), o.buyers.size());
        n.body = ActionReason(o.action, static_cast<int>(o.buyers.size()), o.to_day - o.from_day, "", lang);
        n.link = fmt::format("/opportunities?cpv_digits={}#{}", p.cpv_digits, o.key);
        n.created_at = deps_.clock.Now();
        out.push_back(std::move(n));
      }
      COBUY_RETURN_IF_ERROR(deps_.store.RecordNotice(o.key, x.organisation_id, p.as_of));
    }
  }
  if (!out.empty()) COBUY_RETURN_IF_ERROR(deps_.notifications->AddNotifications(out));
  return static_cast<int>(out.size());
}

namespace {

// The distinct ocids of a batch of changes, in order of their first change.
std::vector<std::string> OcidsOf(const std::vector<std::pair<std::int64_t, std::string>>& changes) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& [seq, ocid] : changes) {
    if (seen.insert(ocid).second) out.push_back(ocid);
  }
  return out;
}

constexpr int kChangeBatch = 5000;
// The change log keeps at least this many changes behind its newest for readers that lag.
constexpr std::int64_t kChangesKept = 1000000;

}  // namespace

Result<UpdateStats> Market::Update() {
  UpdateStats stats;
  // 1. The pipeline import (persistent watermark): planning stages become pipeline entries and
  //    follow their process.
  COBUY_ASSIGN_OR_RETURN(std::int64_t imported, deps_.store.Watermark("pipeline"));
  while (true) {
    COBUY_ASSIGN_OR_RETURN(auto changes, deps_.store.ChangesAfter(imported, kChangeBatch));
    if (changes.empty()) break;
    COBUY_ASSIGN_OR_RETURN(auto facts, deps_.store.FactsOf(OcidsOf(changes)));
    for (const MarketFact& f : facts) {
      COBUY_ASSIGN_OR_RETURN(auto planning, deps_.store.PlanningOf(f.ocid));
      if (!planning) continue;
      planning->status = StatusOfProcess(f);
      planning->updated_at = deps_.clock.Now();
      COBUY_ASSIGN_OR_RETURN(auto upserted, deps_.store.UpsertImported(*planning));
      ++stats.pipeline_imported;
      if (upserted.second) {
        COBUY_ASSIGN_OR_RETURN(PipelineEntry e, deps_.store.GetEntry(upserted.first));
        COBUY_RETURN_IF_ERROR(NotifyEntry(e, 0));
      }
    }
    imported = changes.back().first;
    COBUY_RETURN_IF_ERROR(deps_.store.SetWatermark("pipeline", imported));
    stats.processes = std::max<int>(stats.processes, static_cast<int>(changes.size()));
  }
  // 2. The loaded snapshot (its watermark in memory). When a Cobuy organisation gained or lost
  //    an identifier of the register, register buyers change hands: a new snapshot is built
  //    beside the one in use (readers go on meanwhile) and takes its place.
  COBUY_ASSIGN_OR_RETURN(auto links, deps_.store.OrganisationLinks());
  bool relinked = false;
  {
    std::shared_lock lock(mu_);
    relinked = snapshot_ && links != links_;
  }
  if (relinked) {
    std::unique_lock lock(mu_, std::defer_lock);
    COBUY_RETURN_IF_ERROR(LoadFresh(lock));
    stats.reloaded = true;
  }
  {
    std::unique_lock lock(mu_);
    if (snapshot_) {
      COBUY_ASSIGN_OR_RETURN(auto range, deps_.store.ChangeRange());
      if (range.first > snapshot_seq_ + 1) {
        // The log was pruned past what the snapshot took: load afresh.
        snapshot_.reset();
      } else {
        int taken = 0;
        while (true) {
          COBUY_ASSIGN_OR_RETURN(auto changes, deps_.store.ChangesAfter(snapshot_seq_, kChangeBatch));
          if (changes.empty()) break;
          std::vector<std::string> ocids = OcidsOf(changes);
          COBUY_RETURN_IF_ERROR(snapshot_->Apply(deps_.store, ocids));
          snapshot_seq_ = changes.back().first;
          taken += static_cast<int>(ocids.size());
        }
        stats.processes = std::max(stats.processes, taken);
      }
    }
  }
  // 3. Keep the log bounded.
  COBUY_ASSIGN_OR_RETURN(auto range, deps_.store.ChangeRange());
  if (range.second - range.first > kChangesKept) {
    COBUY_RETURN_IF_ERROR(deps_.store.PruneChanges(std::min(imported, range.second - kChangesKept)));
  }
  return stats;
}

Result<int> Market::NotifyOpportunities() {
  OpportunityParams p;
  p.as_of = Today();
  return WithSnapshot(
      [&](const Snapshot& s) -> Result<int> { return NotifyOpportunities(s, FindOpportunities(s, p), p); });
}

// --- prices and market views ---------------------------------------------------------------------

json Market::BenchmarkJson(const Snapshot& s, const Benchmark& b, const std::string& lang) const {
  const CommonUnit& u = s.units[static_cast<size_t>(b.unit)];
  json j = {{"cpv", ClassCode(b.cpv, 8)},
            {"cpv_label", CpvLabel(b.cpv, lang)},
            {"unit", u.unit},
            {"unit_name", u.name},
            {"count", b.count},
            {"buyers", b.buyers},
            {"withheld", b.withheld}};
  if (b.withheld) return j;
  json histogram = json::array();
  for (size_t i = 0; i < b.histogram.size(); ++i) {
    const double to = i + 1 < b.histogram.size() ? b.histogram[i + 1].first : b.max;
    histogram.push_back({{"from", Round2(b.histogram[i].first)}, {"to", Round2(to)}, {"count", b.histogram[i].second}});
  }
  j.update({{"median_eur", Round2(b.median)},
            {"q1_eur", Round2(b.q1)},
            {"q3_eur", Round2(b.q3)},
            {"min_eur", Round2(b.min)},
            {"max_eur", Round2(b.max)},
            {"outliers", b.outliers},
            {"histogram", histogram}});
  return j;
}

Result<json> Market::Prices(const User* caller, const std::string& cpv_prefix, int min_peers, const std::string& lang) {
  if (caller) COBUY_RETURN_IF_ERROR(RequireBuyerSide(*caller));
  if (cpv_prefix.empty() || cpv_prefix.size() > 8 || cpv_prefix.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument("must be 1 to 8 digits of a CPV code", "cpv");
  }
  if (min_peers < 1 || min_peers > 1000) return InvalidArgument("must be 1 to 1000", "min_peers");
  return WithSnapshot([&](const Snapshot& s) -> Result<json> {
    json list = json::array();
    for (const Benchmark& b : Benchmarks(s, cpv_prefix, min_peers)) list.push_back(BenchmarkJson(s, b, lang));
    return json{{"min_peers", min_peers}, {"benchmarks", list}};
  });
}

namespace {

json ComparisonFields(const Snapshot& s, const Comparison& c) {
  json j = {{"cpv", ClassCode(c.cpv, 8)},
            {"unit", s.units[static_cast<size_t>(c.unit)].unit},
            {"unit_name", s.units[static_cast<size_t>(c.unit)].name},
            {"peers", c.peers},
            {"withheld", c.withheld}};
  if (c.withheld) {
    j.update({{"peer_median_eur", nullptr}, {"percentile", nullptr}, {"flag", nullptr}});
  } else {
    j.update({{"peer_median_eur", Round2(c.peer_median)},
              {"q1_eur", Round2(c.peer_q1)},
              {"q3_eur", Round2(c.peer_q3)},
              {"percentile", c.percentile},
              {"flag", c.flag.empty() ? json(nullptr) : json(c.flag)}});
  }
  return j;
}

}  // namespace

Result<json> Market::ContractPrices(const User& caller, const std::string& ocid, int min_peers,
                                    const std::string& lang) {
  COBUY_RETURN_IF_ERROR(RequireBuyerSide(caller));
  return WithSnapshot([&](const Snapshot& s) -> Result<json> {
    auto contract = s.ContractOf(ocid);
    if (!contract) return NotFound(fmt::format("no contract {}", ocid));
    json items = json::array();
    for (const Comparison& c : market::ContractPrices(s, *contract, min_peers)) {
      const PricePoint& p = s.prices[static_cast<size_t>(c.point)];
      json j = ComparisonFields(s, c);
      j.update({{"cpv_label", CpvLabel(c.cpv, lang)},
                {"quantity", Optional(p.quantity)},
                {"unit_price_eur", Round2(p.unit_price)},
                {"price_eur", Round2(p.price)}});
      items.push_back(std::move(j));
    }
    return json{{"ocid", ocid}, {"min_peers", min_peers}, {"items", items}};
  });
}

Result<json> Market::OrganisationPrices(const User& caller, std::int64_t organisation_id, int min_peers,
                                        const std::string& lang) {
  COBUY_RETURN_IF_ERROR(RequireOwnOrganisation(caller, organisation_id));
  COBUY_ASSIGN_OR_RETURN(Organisation org, deps_.accounts.GetOrganisation(OrganisationId{organisation_id}));
  return WithSnapshot([&](const Snapshot& s) -> Result<json> {
    json items = json::array();
    for (const Comparison& c : market::OrganisationPrices(s, organisation_id, min_peers)) {
      json j = ComparisonFields(s, c);
      j.update({{"cpv_label", CpvLabel(c.cpv, lang)}, {"you_paid_eur", Round2(c.paid)}, {"count", c.count}});
      items.push_back(std::move(j));
    }
    return json{
        {"organisation", {{"id", organisation_id}, {"name", org.name}}}, {"min_peers", min_peers}, {"items", items}};
  });
}

Result<json> Market::Concentration(const User& caller, const std::string& cpv_prefix, const std::string& country,
                                   const std::string& lang) {
  COBUY_RETURN_IF_ERROR(RequireBuyerSide(caller));
  if (cpv_prefix.size() > 4 || cpv_prefix.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument("must be up to 4 digits (a CPV class or above)", "cpv");
  }
  return WithSnapshot([&](const Snapshot& s) -> Result<json> {
    json list = json::array();
    for (const market::Concentration& m : MarketConcentration(s, cpv_prefix, country)) {
      json top = json::array();
      for (const auto& [sup, share] : m.top) {
        top.push_back({{"id", s.suppliers[static_cast<size_t>(sup)].id},
                       {"name", s.suppliers[static_cast<size_t>(sup)].name},
                       {"share", std::round(share * 10000) / 10000}});
      }
      list.push_back({{"cpv_class", ClassCode(m.cpv_class, 4).substr(0, 4)},
                      {"cpv", ClassCode(m.cpv_class, 4)},
                      {"cpv_label", CpvLabel(m.cpv_class * 10000, lang)},
                      {"country", m.country},
                      {"contracts", m.contracts},
                      {"total_eur", Round2(m.total_eur)},
                      {"suppliers", m.suppliers},
                      {"hhi", m.hhi},
                      {"level", m.level},
                      {"top", top}});
    }
    return json{{"markets", list}};
  });
}

Result<json> Market::Consolidation(const User& caller, const std::string& cpv_prefix, const std::string& lang) {
  COBUY_RETURN_IF_ERROR(RequireBuyerSide(caller));
  if (cpv_prefix.size() > 4 || cpv_prefix.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument("must be up to 4 digits (a CPV class or above)", "cpv");
  }
  return WithSnapshot([&](const Snapshot& s) -> Result<json> {
    json list = json::array();
    for (const market::Consolidation& k : ConsolidationOpportunities(s, cpv_prefix)) {
      json buyers = json::array(), ocids = json::array();
      for (int b : k.buyers) {
        const Buyer& x = s.buyers[static_cast<size_t>(b)];
        buyers.push_back({{"id", x.id}, {"name", x.name}, {"country", x.country}});
      }
      for (int c : k.contracts) ocids.push_back(s.contracts[static_cast<size_t>(c)].ocid);
      list.push_back({{"supplier",
                       {{"id", s.suppliers[static_cast<size_t>(k.supplier)].id},
                        {"name", s.suppliers[static_cast<size_t>(k.supplier)].name}}},
                      {"cpv_class", ClassCode(k.cpv_class, 4).substr(0, 4)},
                      {"cpv", ClassCode(k.cpv_class, 4)},
                      {"cpv_label", CpvLabel(k.cpv_class * 10000, lang)},
                      {"buyers", buyers},
                      {"contracts", k.contracts.size()},
                      {"total_eur", Round2(k.total_eur)},
                      {"ocids", ocids}});
    }
    return json{{"opportunities", list}};
  });
}

Result<json> Market::Warnings(const User& caller, std::int64_t organisation_id, const std::string& lang) {
  COBUY_RETURN_IF_ERROR(RequireOwnOrganisation(caller, organisation_id));
  COBUY_RETURN_IF_ERROR(deps_.accounts.GetOrganisation(OrganisationId{organisation_id}).status());
  return WithSnapshot([&](const Snapshot& s) -> Result<json> {
    json list = json::array();
    for (const EarlyWarning& w : EarlyWarnings(s, organisation_id, deps_.thresholds)) {
      json ocids = json::array();
      for (int c : w.contracts) ocids.push_back(s.contracts[static_cast<size_t>(c)].ocid);
      list.push_back({{"code", w.code},
                      {"procedure", w.procedure},
                      {"count", w.count},
                      {"of", w.of},
                      {"threshold_days", w.threshold_days ? json(w.threshold_days) : json(nullptr)},
                      {"ocids", ocids},
                      {"advice", WarningAdvice(w, lang)}});
    }
    return json{{"warnings", list}};
  });
}

}  // namespace cobuy::market
