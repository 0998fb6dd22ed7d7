// SolutionToJson (docs/GROUPS.md, "Output").
#include "groups/groups.h"

namespace cobuy::groups {
namespace {

using ojson = nlohmann::ordered_json;

// {"constraint", then "area", "country", "organisation" when set, then "detail"}.
template <typename T>
ojson About(const T& b) {
  ojson j{{"constraint", b.constraint}};
  if (!b.area.empty()) j["area"] = b.area;
  if (!b.country.empty()) j["country"] = b.country;
  if (!b.organisation.empty()) j["organisation"] = b.organisation;
  j["detail"] = b.detail;
  return j;
}

}  // namespace

nlohmann::ordered_json SolutionToJson(const Solution& s, bool with_seconds) {
  ojson j;
  j["status"] = SolveStatusName(s.status);
  j["objective"] = s.objective ? ojson(*s.objective) : ojson(nullptr);
  j["gap"] = s.gap ? ojson(*s.gap) : ojson(nullptr);
  if (with_seconds) j["seconds"] = s.seconds;
  j["groups"] = ojson::object();
  for (const auto& [area, members] : s.groups) j["groups"][area] = members;
  ojson e = ojson::object();
  if (s.infeasible) {
    e["infeasible"] = About(*s.infeasible);
  } else if (!s.objective) {
    e["time_limit"] = {{"detail", "the solver found no assignment within its time limit"}};
  } else {
    e["binding"] = ojson::array();
    for (const Binding& b : s.binding) e["binding"].push_back(About(b));
    e["areas"] = ojson::object();
    for (const AreaVerdict& a : s.areas) {
      e["areas"][a.area] = {{"open", a.open}, {"code", a.code}, {"reason", a.reason}};
    }
    e["organisations"] = ojson::object();
    for (const auto& [org, entries] : s.organisations) {
      ojson list = ojson::array();
      for (const Membership& m : entries) {
        list.push_back(
            {{"area", m.area}, {"interest", m.interest}, {"in", m.in}, {"code", m.code}, {"reason", m.reason}});
      }
      e["organisations"][org] = std::move(list);
    }
  }
  j["explanation"] = std::move(e);
  return j;
}

}  // namespace cobuy::groups
