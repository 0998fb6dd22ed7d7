// The demo's needs assessment, as the Big Buyers secretariat ran it: candidate areas, answers
// from twelve demo organisations, closed ten days ago, the groups the optimiser formed from it
// and their communities, where some organisations have committed and one declined.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "demo/demo.h"
#include "needs/needs.h"

namespace cobuy {
namespace {

struct DemoAnswer {
  const char* email;                     // the respondent
  std::map<std::string, int> interests;  // area key -> 0..3
  std::vector<std::string> leads;
  const char* challenges;
  bool observer_only = false;
};

const std::vector<DemoAnswer>& Answers() {
  static const std::vector<DemoAnswer> answers = {
      {"buyer@lyon.example",
       {{"ev-buses", 3}, {"heat-pumps", 1}},
       {"ev-buses"},
       "Charging infrastructure at depots is the bottleneck."},
      {"admin@wien.example",
       {{"ev-buses", 3}, {"heat-pumps", 2}, {"circular-furniture", 1}},
       {},
       "Grid connection lead times."},
      {"buyer@muenchen.example",
       {{"ev-buses", 2}, {"heat-pumps", 3}},
       {"heat-pumps"},
       "Few suppliers answer for large heat pumps."},
      {"buyer@milano.example",
       {{"ev-buses", 2}, {"circular-furniture", 3}},
       {"circular-furniture"},
       "Proving recycled content."},
      {"buyer@barcelona.example", {{"ev-buses", 3}, {"circular-furniture", 2}}, {}, "Budget cycles."},
      {"buyer@kk.example", {{"heat-pumps", 3}, {"circular-furniture", 2}}, {}, "Noise limits in dense areas."},
      {"buyer@hel.example", {{"heat-pumps", 3}, {"ev-buses", 1}}, {}, "Cold-climate performance."},
      {"buyer@regionstockholm.example",
       {{"heat-pumps", 2}, {"circular-furniture", 3}},
       {},
       "Framework agreements expire."},
      {"buyer@oslo.example", {{"ev-buses", 3}, {"heat-pumps", 2}}, {}, "Winter range."},
      {"admin@ski.example",
       {{"circular-furniture", 3}, {"ev-buses", 1}},
       {"circular-furniture"},
       "Central purchasing needs volume commitments."},
      {"buyer@aphp.example", {{"circular-furniture", 2}}, {}, "Hygiene requirements for reused furniture."},
      {"buyer@utrecht.example", {}, {}, "We follow the groups before committing.", true},
  };
  return answers;
}

}  // namespace

Result<int> LoadDemoAssessment(Store& store, AssessmentStore& assessments, needs::Needs& needs, UnixSeconds now) {
  const std::string title = "Joint procurement needs 2027";
  COBUY_ASSIGN_OR_RETURN(auto existing, assessments.ListAssessments());
  for (const Assessment& a : existing) {
    if (a.title == title) return 0;
  }
  COBUY_ASSIGN_OR_RETURN(User secretariat, store.FindUserByEmail("secretariat@cobuy.example"));
  UnixSeconds today = now - now % kSecondsPerDay;
  nlohmann::json body = {
      {"title", title},
      {"description", "Which areas will you procure in the next 18 months, and where would working together help?"},
      {"months_ahead", 18},
      {"opens_on", FormatDay(today - 45 * kSecondsPerDay)},
      {"closes_on", FormatDay(today + 30 * kSecondsPerDay)},
      {"areas",
       {{{"key", "ev-buses"},
         {"name", "Electric buses"},
         {"description", "Battery-electric city buses and their charging."},
         {"cpv", {"34144900", "31158100"}}},
        {{"key", "heat-pumps"},
         {"name", "Large heat pumps"},
         {"description", "Heat pumps for public buildings and district heating."},
         {"cpv", {"42511110"}}},
        {{"key", "circular-furniture"},
         {"name", "Circular office furniture"},
         {"description", "Refurbished and remanufactured office furniture."},
         {"cpv", {"39130000"}}}}}};
  COBUY_ASSIGN_OR_RETURN(std::int64_t id, needs.Create(secretariat, body));
  COBUY_RETURN_IF_ERROR(needs.Invite(secretariat, id, {{"all_eligible", true}}).status());
  COBUY_ASSIGN_OR_RETURN(Assessment a, assessments.GetAssessment(id));
  std::map<std::string, std::int64_t> area_ids;
  for (const AssessmentArea& area : a.areas) area_ids[area.key] = area.id;
  int answered = 0;
  for (const DemoAnswer& d : Answers()) {
    COBUY_ASSIGN_OR_RETURN(User respondent, store.FindUserByEmail(d.email));
    nlohmann::json areas = nlohmann::json::array();
    for (const auto& [key, interest] : d.interests) {
      bool lead = std::find(d.leads.begin(), d.leads.end(), key) != d.leads.end();
      nlohmann::json planned = nlohmann::json::array();
      if (interest >= 2) {
        const std::map<std::string, std::string> cpv = {
            {"ev-buses", "34144900"}, {"heat-pumps", "42511110"}, {"circular-furniture", "39130000"}};
        planned.push_back({{"cpv", cpv.at(key)},
                           {"estimated_value_eur", 1.5e6 * interest},
                           {"timing", FormatDay(today + 200 * kSecondsPerDay).substr(0, 7)},
                           {"description", "Planned tender"}});
      }
      areas.push_back({{"area_id", area_ids[key]},
                       {"interest", interest},
                       {"role", lead            ? "lead"
                                : interest >= 2 ? "buyer"
                                                : "follower"},
                       {"planned", planned}});
    }
    nlohmann::json answer = {
        {"observer_only", d.observer_only}, {"challenges", d.challenges}, {"areas", areas}, {"submit", true}};
    COBUY_RETURN_IF_ERROR(needs.Answer(respondent, id, answer).status());
    ++answered;
  }
  // The assessment closed ten days ago (the demo back-dates it; the rules only extend).
  a.closes_on = FormatDay(today - 10 * kSecondsPerDay);
  COBUY_RETURN_IF_ERROR(assessments.UpdateAssessment(a));
  COBUY_ASSIGN_OR_RETURN(Formation formation, needs.Form(secretariat, id,
                                                         {{"max_open_areas", 3},
                                                          {"min_size", 3},
                                                          {"max_size", 6},
                                                          {"max_groups_per_organisation", 2},
                                                          {"require_lead", true},
                                                          {"max_per_country", 2}}));
  COBUY_ASSIGN_OR_RETURN(nlohmann::json groups, needs.CreateGroups(secretariat, id, formation.id));
  // Lyon commits to its group; Vienna declines hers and observes.
  for (const auto& [email, decision] : {std::pair{"buyer@lyon.example", "commit"}, {"admin@wien.example", "decline"}}) {
    COBUY_ASSIGN_OR_RETURN(User person, store.FindUserByEmail(email));
    for (const auto& g : groups["groups"]) {
      auto done = needs.Commit(person, g["community_id"].get<std::int64_t>(), decision);
      if (done.ok()) break;
    }
  }
  return answered;
}

}  // namespace cobuy
