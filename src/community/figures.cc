#include "community/figures.h"

#include <cmath>
#include <cstdint>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace cobuy::community {
namespace {

bool Held(const CommunityActivity::HeldEvent& e, UnixSeconds now) {
  return !e.cancelled && e.starts_at < now;
}

// "12,500" with `separator` between groups of three digits.
std::string Grouped(std::int64_t v, std::string_view separator) {
  std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

// Tenths of a unit as "41.2" (or "41" when the tenth is 0) with `decimal` and `separator`.
std::string Tenths(std::int64_t tenths, std::string_view decimal, std::string_view separator) {
  std::string out = Grouped(tenths / 10, separator);
  if (tenths % 10 != 0) out += fmt::format("{}{}", decimal, tenths % 10);
  return out;
}

struct ReportText {
  const char* language;
  // A money amount: {amount}.
  const char* billions;
  const char* millions;
  const char* euros;
  const char* decimal;
  const char* separator;
  // {working groups} {companies} {sessions}; {online}, {site}, {factory}; {entities} {money}
  const char* sentence;
  const char* working_group[2];  // singular, plural: "{n} working group"
  const char* company[2];
  const char* session[2];
  const char* online_meeting[2];
  const char* site_visit[2];
  const char* factory_visit[2];
  const char* entity[2];
  bool zero_is_singular;  // French: "0 entreprise"
};

constexpr ReportText kReportTexts[] = {
    {"en",
     "€{} billion",
     "€{} million",
     "€{}",
     ".",
     ",",
     "{} engaged {} in {}; {}, {}, {}; {} with a combined budget of {}.",
     {"{} working group", "{} working groups"},
     {"{} company", "{} companies"},
     {"{} market engagement session", "{} market engagement sessions"},
     {"{} online meeting", "{} online meetings"},
     {"{} site visit", "{} site visits"},
     {"{} factory visit", "{} factory visits"},
     {"{} purchasing entity", "{} purchasing entities"},
     false},
    {"de",
     "{} Mrd. €",
     "{} Mio. €",
     "{} €",
     ",",
     ".",
     "{} {} in {} eingebunden; {}, {}, {}; {} mit einem Gesamtbudget von {}.",
     {"{} Arbeitsgruppe hat", "{} Arbeitsgruppen haben"},
     {"{} Unternehmen", "{} Unternehmen"},
     {"{} Marktdialog", "{} Marktdialogen"},
     {"{} Online-Sitzung", "{} Online-Sitzungen"},
     {"{} Ortsbesichtigung", "{} Ortsbesichtigungen"},
     {"{} Werksbesichtigung", "{} Werksbesichtigungen"},
     {"{} Beschaffungsstelle", "{} Beschaffungsstellen"},
     false},
    {"fr",
     "{} Md€",
     "{} M€",
     "{} €",
     ",",
     " ",
     "{} {} lors de {} ; {}, {}, {} ; {} avec un budget cumulé de {}.",
     {"{} groupe de travail a mobilisé", "{} groupes de travail ont mobilisé"},
     {"{} entreprise", "{} entreprises"},
     {"{} session de dialogue avec le marché", "{} sessions de dialogue avec le marché"},
     {"{} réunion en ligne", "{} réunions en ligne"},
     {"{} visite de site", "{} visites de site"},
     {"{} visite d’usine", "{} visites d’usine"},
     {"{} acheteur public", "{} acheteurs publics"},
     true},
};

const ReportText& ReportTextFor(std::string_view lang) {
  for (const ReportText& t : kReportTexts) {
    if (lang == t.language) return t;
  }
  return kReportTexts[0];
}

std::string Count(const ReportText& t, const char* const (&forms)[2], int n) {
  bool singular = n == 1 || (n == 0 && t.zero_is_singular);
  return fmt::format(fmt::runtime(forms[singular ? 0 : 1]), n);
}

// Billions (from 1,000 million) and millions (from 1,000,000 euros) with one decimal, dropped
// when it is 0, rounded half away from zero; smaller amounts in whole euros with grouped digits.
std::string Money(const ReportText& t, double eur) {
  if (!std::isfinite(eur) || eur < 0) eur = 0;
  auto euros = static_cast<std::int64_t>(std::llround(eur));
  auto millions = static_cast<std::int64_t>(std::llround(eur / 1e5));  // in tenths
  if (millions >= 10'000) {
    return fmt::format(fmt::runtime(t.billions), Tenths(std::llround(eur / 1e8), t.decimal, t.separator));
  }
  if (euros >= 1'000'000) return fmt::format(fmt::runtime(t.millions), Tenths(millions, t.decimal, t.separator));
  return fmt::format(fmt::runtime(t.euros), Grouped(euros, t.separator));
}

// RFC 4180 cell; a text that a spreadsheet would read as a formula gets a leading '.
std::string Cell(std::string_view s) {
  std::string v(s);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
    v.insert(v.begin(), '\'');
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string Euros(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:.2f}", v);
}

void AppendRow(std::string& out, std::string_view name, std::string_view kind, const OutcomeFigures& f) {
  std::vector<std::string> cells = {Cell(name),
                                    Cell(kind),
                                    std::to_string(f.communities),
                                    std::to_string(f.working_groups),
                                    std::to_string(f.member_organisations),
                                    Euros(f.combined_budget_eur)};
  for (EventKind k : AllValues<EventKind>()) {
    if (!IsMeeting(k)) continue;
    auto it = f.meetings.find(k);
    cells.push_back(std::to_string(it == f.meetings.end() ? 0 : it->second));
  }
  for (int v : {f.meetings_total, f.online_meetings, f.market_engagement_sessions, f.companies_engaged, f.site_visits,
                f.factory_visits, f.study_visits, f.staff_exchanges, f.documents_shared, f.posts}) {
    cells.push_back(std::to_string(v));
  }
  out += fmt::format("{}\r\n", fmt::join(cells, ","));
}

}  // namespace

OutcomeFigures ComputeFigures(const std::vector<CommunityActivity>& activities, UnixSeconds now) {
  OutcomeFigures f;
  for (EventKind k : AllValues<EventKind>()) {
    if (IsMeeting(k)) f.meetings[k] = 0;
  }
  std::map<std::int64_t, double> organisations;  // id -> annual budget (0 when none is known)
  std::set<std::int64_t> companies;
  for (const CommunityActivity& a : activities) {
    ++f.communities;
    if (a.kind == CommunityKind::kWorkingGroup) ++f.working_groups;
    for (const auto& o : a.member_organisations) {
      double& budget = organisations[o.id];
      // Each organisation once; a community that knows its budget fills it in.
      if (budget == 0 && o.annual_budget_eur && std::isfinite(*o.annual_budget_eur) && *o.annual_budget_eur > 0) {
        budget = *o.annual_budget_eur;
      }
    }
    for (const auto& e : a.events) {
      if (!Held(e, now)) continue;
      companies.insert(e.attending_market_organisations.begin(), e.attending_market_organisations.end());
      switch (e.kind) {
        case EventKind::kStaffExchange: ++f.staff_exchanges; break;
        case EventKind::kOnlineMeeting: ++f.online_meetings; break;
        case EventKind::kMarketEngagement:
        case EventKind::kPitchingSession:
        case EventKind::kIndustryMeeting: ++f.market_engagement_sessions; break;
        case EventKind::kSiteVisit: ++f.site_visits; break;
        case EventKind::kFactoryVisit: ++f.factory_visits; break;
        case EventKind::kStudyVisit: ++f.study_visits; break;
        case EventKind::kInPersonMeeting: break;
      }
      if (IsMeeting(e.kind)) {
        ++f.meetings[e.kind];
        ++f.meetings_total;
      }
    }
    f.documents_shared += a.documents;
    f.posts += a.posts;
  }
  f.member_organisations = static_cast<int>(organisations.size());
  for (const auto& [id, budget] : organisations) f.combined_budget_eur += budget;
  f.companies_engaged = static_cast<int>(companies.size());
  return f;
}

std::string PlatformReport(const OutcomeFigures& f, std::string_view lang) {
  const ReportText& t = ReportTextFor(lang);
  return fmt::format(fmt::runtime(t.sentence), Count(t, t.working_group, f.working_groups),
                     Count(t, t.company, f.companies_engaged), Count(t, t.session, f.market_engagement_sessions),
                     Count(t, t.online_meeting, f.online_meetings), Count(t, t.site_visit, f.site_visits),
                     Count(t, t.factory_visit, f.factory_visits), Count(t, t.entity, f.member_organisations),
                     Money(t, f.combined_budget_eur));
}

std::string FiguresCsv(const std::vector<CommunityActivity>& activities, UnixSeconds now) {
  std::vector<std::string> header = {
      "name", "kind", "communities", "working_groups", "member_organisations", "combined_budget_eur"};
  for (EventKind k : AllValues<EventKind>()) {
    if (IsMeeting(k)) header.push_back(fmt::format("meetings_{}", Name(k)));
  }
  for (const char* h :
       {"meetings_total", "online_meetings", "market_engagement_sessions", "companies_engaged", "site_visits",
        "factory_visits", "study_visits", "staff_exchanges", "documents_shared", "posts"}) {
    header.push_back(h);
  }
  std::string out = fmt::format("{}\r\n", fmt::join(header, ","));
  for (const CommunityActivity& a : activities) AppendRow(out, a.name, Name(a.kind), ComputeFigures({a}, now));
  AppendRow(out, "platform", "", ComputeFigures(activities, now));
  return out;
}

}  // namespace cobuy::community
