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
  std::map<EventKind, int> meetings;  // held (started before `now`, not cancelled), by kind
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
std::string PlatformReport(const OutcomeFigures& f, std::string_view lang);

// One CSV row per community (name, kind, then every figure) and a last row "platform".
// RFC 4180, CRLF, a header row; cells that would start a formula get a leading '.
std::string FiguresCsv(const std::vector<CommunityActivity>& activities, UnixSeconds now);

}  // namespace cobuy::community
