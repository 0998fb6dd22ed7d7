// Outcome figures: computed from what communities recorded, never typed in.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/community_model.h"

namespace cobuy::community {

struct OutcomeFigures {
  int communities = 0;
  int working_groups = 0;
  int member_organisations = 0;       // distinct organisations of active members
  double combined_budget_eur = 0;     // their annual budgets, each organisation once
  // Held (started before `now`, not cancelled), by kind: every meeting kind (IsMeeting), zeros included.
  std::map<EventKind, int> meetings;
  int meetings_total = 0;             // all held events but staff exchanges
  int online_meetings = 0;
  int market_engagement_sessions = 0;  // market_engagement + pitching_session + industry_meeting
  int companies_engaged = 0;           // distinct market organisations that attended a held event
  int site_visits = 0;
  int factory_visits = 0;
  int study_visits = 0;
  int staff_exchanges = 0;
  int documents_shared = 0;
  int posts = 0;
};

// Figures of one community (a vector of one) or of many (organisations and companies counted once).
OutcomeFigures ComputeFigures(const std::vector<CommunityActivity>& activities, UnixSeconds now);

// The platform report in the shape the Big Buyers project used, in en, de or fr (else en):
// "4 working groups engaged 37 companies in 12 market engagement sessions; 20 online meetings,
// 3 site visits, 2 factory visits; 28 purchasing entities with a combined budget of €41.2 billion."
// de: "4 Arbeitsgruppen haben 37 Unternehmen in 12 Marktdialogen eingebunden; 20 Online-Sitzungen,
// 3 Ortsbesichtigungen, 2 Werksbesichtigungen; 28 Beschaffungsstellen mit einem Gesamtbudget von
// 41,2 Mrd. €." fr: "4 groupes de travail ont mobilisé 37 entreprises lors de 12 sessions de dialogue
// avec le marché ; 20 réunions en ligne, 3 visites de site, 2 visites d’usine ; 28 acheteurs publics
// avec un budget cumulé de 41,2 Md€." Singular forms for 1 (and for 0 in fr).
// Money: from 1,000 million in billions, from 1 million in millions, with one decimal (left out
// when 0, rounded half away from zero): en "€41.2 billion", "€850 million"; de "41,2 Mrd. €",
// "850 Mio. €"; fr "41,2 Md€", "850 M€". Below a million whole euros: "€12,500", "12.500 €",
// "12 500 €".
std::string PlatformReport(const OutcomeFigures& f, std::string_view lang);

// One CSV row per community (name, kind, then every figure) and a last row "platform".
// RFC 4180, CRLF, a header row; cells that would start a formula get a leading '.
// Columns: name, kind, communities, working_groups, member_organisations, combined_budget_eur,
// meetings_<kind> for each meeting kind in declaration order, meetings_total, online_meetings,
// market_engagement_sessions, companies_engaged, site_visits, factory_visits, study_visits,
// staff_exchanges, documents_shared, posts. The platform row's kind is empty.
std::string FiguresCsv(const std::vector<CommunityActivity>& activities, UnixSeconds now);

}  // namespace cobuy::community
