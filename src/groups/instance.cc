// Reading and writing instances (docs/GROUPS.md).
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "groups/groups.h"

namespace cobuy::groups {
namespace {

using json = nlohmann::json;

Status Err(const std::string& path, std::string_view what) {
  return InvalidArgument(fmt::format("{}: {}", path, what), path);
}

Status OnlyFields(const json& obj, const std::string& path, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : obj.items()) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || key == k;
    if (!ok) return Err(path.empty() ? key : path + "." + key, "unknown field");
  }
  return Status::Ok();
}

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

Result<int> Int(const json& v, const std::string& path, int lo, int hi) {
  if (!v.is_number_integer()) return Err(path, fmt::format("expected an integer {}..{}", lo, hi));
  if (v.is_number_unsigned() ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)
                             : (v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi)) {
    return Err(path, fmt::format("expected an integer {}..{}", lo, hi));
  }
  return static_cast<int>(v.get<std::int64_t>());
}

Result<std::string> Id(const json& v, const std::string& path) {
  if (!v.is_string()) return Err(path, "expected a string");
  std::string s = v.get<std::string>();
  if (s.empty()) return Err(path, "must not be empty");
  return s;
}

constexpr int kBig = 1000000;

// Reads [[organisation, area], ...].
Result<std::vector<std::pair<int, int>>> Pairs(const json& v, const std::string& path,
                                               const std::map<std::string, int>& orgs,
                                               const std::map<std::string, int>& areas) {
  if (!v.is_array()) return Err(path, "expected an array of [organisation, area] pairs");
  std::vector<std::pair<int, int>> out;
  for (size_t i = 0; i < v.size(); ++i) {
    std::string p = fmt::format("{}[{}]", path, i);
    if (!v[i].is_array() || v[i].size() != 2) return Err(p, "expected an [organisation, area] pair");
    COBUY_ASSIGN_OR_RETURN(std::string org, Id(v[i][0], p + "[0]"));
    COBUY_ASSIGN_OR_RETURN(std::string area, Id(v[i][1], p + "[1]"));
    auto o = orgs.find(org);
    if (o == orgs.end()) return Err(p + "[0]", fmt::format("no such organisation '{}'", org));
    auto a = areas.find(area);
    if (a == areas.end()) return Err(p + "[1]", fmt::format("no such area '{}'", area));
    out.emplace_back(o->second, a->second);
  }
  return out;
}

}  // namespace

Result<Instance> ParseInstance(std::string_view text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (size_t at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
    return InvalidArgument(fmt::format("malformed JSON: {}", what));
  }
  if (!j.is_object()) return InvalidArgument("the instance must be a JSON object");
  COBUY_RETURN_IF_ERROR(
      OnlyFields(j, "",
                 {"areas", "max_open_areas", "open_areas", "max_groups_per_organisation", "require_lead",
                  "max_per_country", "organisations", "pinned", "forbidden", "time_limit_seconds"}));
  for (const char* required :
       {"areas", "max_open_areas", "max_groups_per_organisation", "require_lead", "organisations"}) {
    if (!j.contains(required)) return Err(required, "missing");
  }
  Instance in;
  std::map<std::string, int> area_index;
  const json& areas = j["areas"];
  if (!areas.is_array()) return Err("areas", "expected an array");
  for (size_t i = 0; i < areas.size(); ++i) {
    std::string p = fmt::format("areas[{}]", i);
    const json& a = areas[i];
    if (!a.is_object()) return Err(p, "expected an object");
    COBUY_RETURN_IF_ERROR(OnlyFields(a, p, {"id", "min_size", "max_size"}));
    if (!a.contains("id")) return Err(p + ".id", "missing");
    Area area;
    COBUY_ASSIGN_OR_RETURN(area.id, Id(a["id"], p + ".id"));
    if (a.contains("min_size")) {
      COBUY_ASSIGN_OR_RETURN(area.min_size, Int(a["min_size"], p + ".min_size", 1, kBig));
    }
    if (a.contains("max_size")) {
      COBUY_ASSIGN_OR_RETURN(area.max_size, Int(a["max_size"], p + ".max_size", 1, kBig));
    }
    if (area.min_size > area.max_size) {
      return Err(p, fmt::format("min_size {} exceeds max_size {}", area.min_size, area.max_size));
    }
    if (!area_index.emplace(area.id, static_cast<int>(i)).second) {
      return Err(p + ".id", fmt::format("duplicate id '{}'", area.id));
    }
    in.areas.push_back(std::move(area));
  }
  const int n_areas = static_cast<int>(in.areas.size());
  COBUY_ASSIGN_OR_RETURN(in.max_open_areas, Int(j["max_open_areas"], "max_open_areas", 0, kBig));
  COBUY_ASSIGN_OR_RETURN(in.max_groups_per_organisation,
                         Int(j["max_groups_per_organisation"], "max_groups_per_organisation", 0, kBig));
  if (!j["require_lead"].is_boolean()) return Err("require_lead", "expected true or false");
  in.require_lead = j["require_lead"].get<bool>();
  if (j.contains("max_per_country")) {
    COBUY_ASSIGN_OR_RETURN(in.max_per_country, Int(j["max_per_country"], "max_per_country", 0, kBig));
  }
  if (j.contains("time_limit_seconds")) {
    const json& t = j["time_limit_seconds"];
    if (!t.is_number() || !(t.get<double>() > 0) || !std::isfinite(t.get<double>()) || t.get<double>() > 1e6) {
      return Err("time_limit_seconds", "expected a number of seconds > 0");
    }
    in.time_limit_seconds = t.get<double>();
  }
  if (j.contains("open_areas")) {
    const json& o = j["open_areas"];
    if (!o.is_array()) return Err("open_areas", "expected an array of area ids");
    std::vector<int> open;
    for (size_t i = 0; i < o.size(); ++i) {
      std::string p = fmt::format("open_areas[{}]", i);
      COBUY_ASSIGN_OR_RETURN(std::string id, Id(o[i], p));
      auto it = area_index.find(id);
      if (it == area_index.end()) return Err(p, fmt::format("no such area '{}'", id));
      for (int prev : open) {
        if (prev == it->second) return Err(p, fmt::format("'{}' is listed twice", id));
      }
      open.push_back(it->second);
    }
    in.open_areas = std::move(open);
  }

  std::map<std::string, int> org_index;
  const json& orgs = j["organisations"];
  if (!orgs.is_array()) return Err("organisations", "expected an array");
  for (size_t i = 0; i < orgs.size(); ++i) {
    std::string p = fmt::format("organisations[{}]", i);
    const json& o = orgs[i];
    if (!o.is_object()) return Err(p, "expected an object");
    COBUY_RETURN_IF_ERROR(OnlyFields(o, p, {"id", "country", "interests", "leads"}));
    for (const char* required : {"id", "country"}) {
      if (!o.contains(required)) return Err(Join(p, required), "missing");
    }
    Organisation org;
    COBUY_ASSIGN_OR_RETURN(org.id, Id(o["id"], p + ".id"));
    COBUY_ASSIGN_OR_RETURN(org.country, Id(o["country"], p + ".country"));
    org.interest.assign(n_areas, 0);
    org.leads.assign(n_areas, false);
    if (o.contains("interests")) {
      const json& ints = o["interests"];
      if (!ints.is_object()) return Err(p + ".interests", "expected an object of area: level");
      for (const auto& [area, level] : ints.items()) {
        std::string ip = fmt::format("{}.interests.{}", p, area);
        auto it = area_index.find(area);
        if (it == area_index.end()) return Err(ip, "no such area");
        COBUY_ASSIGN_OR_RETURN(org.interest[it->second], Int(level, ip, 0, 3));
      }
    }
    if (o.contains("leads")) {
      const json& leads = o["leads"];
      if (!leads.is_array()) return Err(p + ".leads", "expected an array of area ids");
      for (size_t k = 0; k < leads.size(); ++k) {
        std::string lp = fmt::format("{}.leads[{}]", p, k);
        COBUY_ASSIGN_OR_RETURN(std::string id, Id(leads[k], lp));
        auto it = area_index.find(id);
        if (it == area_index.end()) return Err(lp, fmt::format("no such area '{}'", id));
        org.leads[it->second] = true;
      }
    }
    if (!org_index.emplace(org.id, static_cast<int>(i)).second) {
      return Err(p + ".id", fmt::format("duplicate id '{}'", org.id));
    }
    in.organisations.push_back(std::move(org));
  }
  if (j.contains("pinned")) {
    COBUY_ASSIGN_OR_RETURN(in.pinned, Pairs(j["pinned"], "pinned", org_index, area_index));
  }
  if (j.contains("forbidden")) {
    COBUY_ASSIGN_OR_RETURN(in.forbidden, Pairs(j["forbidden"], "forbidden", org_index, area_index));
  }
  return in;
}

nlohmann::ordered_json InstanceToJson(const Instance& in) {
  nlohmann::ordered_json j;
  j["areas"] = nlohmann::ordered_json::array();
  for (const Area& a : in.areas) {
    j["areas"].push_back({{"id", a.id}, {"min_size", a.min_size}, {"max_size", a.max_size}});
  }
  j["max_open_areas"] = in.max_open_areas;
  if (in.open_areas) {
    j["open_areas"] = nlohmann::ordered_json::array();
    for (int a : *in.open_areas) j["open_areas"].push_back(in.areas[a].id);
  }
  j["max_groups_per_organisation"] = in.max_groups_per_organisation;
  j["require_lead"] = in.require_lead;
  if (in.max_per_country) j["max_per_country"] = *in.max_per_country;
  j["organisations"] = nlohmann::ordered_json::array();
  for (const Organisation& o : in.organisations) {
    nlohmann::ordered_json org{{"id", o.id}, {"country", o.country}};
    org["interests"] = nlohmann::ordered_json::object();
    org["leads"] = nlohmann::ordered_json::array();
    for (size_t a = 0; a < in.areas.size(); ++a) {
      if (o.interest[a] > 0) org["interests"][in.areas[a].id] = o.interest[a];
      if (o.leads[a]) org["leads"].push_back(in.areas[a].id);
    }
    j["organisations"].push_back(std::move(org));
  }
  auto pairs = [&](const std::vector<std::pair<int, int>>& v) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (auto [o, a] : v) arr.push_back({in.organisations[o].id, in.areas[a].id});
    return arr;
  };
  if (!in.pinned.empty()) j["pinned"] = pairs(in.pinned);
  if (!in.forbidden.empty()) j["forbidden"] = pairs(in.forbidden);
  if (in.time_limit_seconds) j["time_limit_seconds"] = *in.time_limit_seconds;
  return j;
}

std::string_view SolveStatusName(SolveStatus s) {
  switch (s) {
    case SolveStatus::kOptimal: return "optimal";
    case SolveStatus::kInfeasible: return "infeasible";
    case SolveStatus::kTimeLimit: return "time_limit";
  }
  return "?";
}

}  // namespace cobuy::groups
